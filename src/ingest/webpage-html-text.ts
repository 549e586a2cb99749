// The text of a message body as an archive page shows it, read with parse5 (a real HTML parser:
// entities, unclosed <p>, stray </ul> and the like are its job, not ours).
//
// Archive generators write plain-text mail as HTML in their own ways, and the text must come back
// line for line, leading spaces included (diff context lines start with one):
//  - hypermail 1995–1999: "line<br>\n", a blank line as "<p>\n", signatures in <pre>;
//  - hypermail 2b29 (2000–2002): "line\n<BR>\n", a blank line as "<P>" glued to the next line,
//    leading blanks as &nbsp; and quotes as "<EM>&gt; …\n</EM><BR>";
//  - MHonArc (2003–): "line<br>\n", a blank line as "<br>", quotes as "&gt;<i> …</i><br>";
//  - marc.info: one <pre> with real newlines.
// So outside <pre> a source newline is only formatting (the <br> is the line break), inside <pre> it
// is the line break. <blockquote> (pipermail, mail-archive.com) is a quote level and becomes "> ".
import { parse, type DefaultTreeAdapterTypes } from 'parse5';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

export type { Node, Element };

export function parseHtml(html: string): DefaultTreeAdapterTypes.Document {
  return parse(html);
}

export function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

export function childrenOf(node: Node): Node[] {
  if ('content' in node && node.nodeName === 'template') return node.content.childNodes;
  return 'childNodes' in node ? node.childNodes : [];
}

/** Every node in document order (iterative: a 1 MB page of nested tags must not overflow the stack). */
export function* walk(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** HTML comments in document order, their text trimmed. hypermail and MHonArc keep headers there. */
export function comments(root: Node): string[] {
  const out: string[] = [];
  for (const node of walk(root)) if (node.nodeName === '#comment' && 'data' in node) out.push(node.data.trim());
  return out;
}

export function attribute(element: Element, name: string): string | null {
  return element.attrs.find((a) => a.name === name)?.value ?? null;
}

/** Plain text of a subtree with whitespace collapsed, for one-line fields (a subject, a name). */
export function textOf(node: Node): string {
  let out = '';
  for (const n of walk(node)) if (n.nodeName === '#text' && 'value' in n) out += n.value;
  return out.replace(/\s+/g, ' ').trim();
}

/** Decodes the entities of a comment value ("&#45;", "&quot;") the way an HTML parser would. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return textOf(parse(`<p>${text.replace(/</g, '&lt;')}</p>`));
}

const SKIPPED = new Set(['script', 'style', 'head', 'title']);
const BLOCKS = new Set(['div', 'table', 'tr', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'center']);

export interface BodyRange {
  /** Render only between these two comments (hypermail `body="start"`), or the whole root when absent. */
  startComment?: (data: string) => boolean;
  endComment?: (data: string) => boolean;
}

/** The message text under `root` (or between two marker comments), lines joined with "\n". */
export function renderBody(root: Node, range: BodyRange = {}): string {
  const r = new Renderer();
  let inside = !range.startComment;
  // Iterative, with explicit close events: a hostile page nests 50,000 unclosed <b> tags.
  const stack: Array<{ node: Node; close?: string }> = [{ node: root }];
  while (stack.length) {
    const { node, close } = stack.pop()!;
    if (close !== undefined) {
      if (inside) r.close(close);
      continue;
    }
    if (node.nodeName === '#comment' && 'data' in node) {
      const data = node.data.trim();
      if (!inside && range.startComment?.(data)) inside = true;
      else if (inside && range.endComment?.(data)) break;
      continue;
    }
    if (node.nodeName === '#text' && 'value' in node) {
      if (inside) r.text(node.value);
      continue;
    }
    const children = childrenOf(node);
    if (isElement(node)) {
      const tag = node.tagName.toLowerCase();
      if (SKIPPED.has(tag)) continue;
      if (inside) r.open(tag);
      stack.push({ node, close: tag });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]! });
  }
  return r.finish();
}

/** Turns open/close/text events into lines. */
class Renderer {
  private lines: string[] = [];
  private line = '';
  private lineDepth = 0;
  private lineStarted = false;
  private pre = 0;
  private quote = 0;
  // A <p>/<br> inside <pre> that the next text node already ends with its own "\n".
  private pendingPreBreak = false;

  text(value: string): void {
    let text = value.replace(/\r\n?/g, '\n');
    if (this.pre > 0) {
      if (this.pendingPreBreak) {
        this.pendingPreBreak = false;
        if (!text.startsWith('\n')) this.newline();
      }
    } else {
      text = text.replace(/\n/g, '');
    }
    // hypermail writes leading blanks as &nbsp; so HTML keeps them: they were spaces in the mail.
    text = text.replace(/\u00a0/g, ' ');
    for (const [i, part] of text.split('\n').entries()) {
      if (i > 0) this.newline();
      if (part) this.append(part);
    }
  }

  open(tag: string): void {
    if (tag === 'br') this.lineBreak();
    else if (tag === 'p') this.paragraph();
    else if (tag === 'pre') {
      this.endLine();
      this.pre++;
    } else if (tag === 'blockquote') {
      this.endLine();
      this.quote++;
    } else if (BLOCKS.has(tag)) this.endLine();
  }

  close(tag: string): void {
    if (tag === 'pre') {
      this.flushPending();
      this.endLine();
      this.pre = Math.max(0, this.pre - 1);
    } else if (tag === 'blockquote') {
      this.endLine();
      this.quote = Math.max(0, this.quote - 1);
    } else if (BLOCKS.has(tag)) this.endLine();
  }

  finish(): string {
    this.flushPending();
    this.endLine();
    const lines = this.lines;
    while (lines.length && lines[0]!.trim() === '') lines.shift();
    while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
    return lines.join('\n');
  }

  private append(text: string): void {
    if (!this.lineStarted) {
      this.lineDepth = this.quote;
      this.lineStarted = true;
    }
    this.line += text;
  }

  private newline(): void {
    const prefix = this.lineStarted ? this.lineDepth : this.quote;
    const marked = prefix > 0 ? '> '.repeat(prefix) + this.line : this.line;
    this.lines.push(this.line ? marked : marked.trimEnd());
    this.line = '';
    this.lineStarted = false;
  }

  private endLine(): void {
    if (this.lineStarted || this.line) this.newline();
  }

  private lineBreak(): void {
    if (this.pre > 0) {
      this.flushPending();
      this.pendingPreBreak = true;
      return;
    }
    this.newline();
  }

  private paragraph(): void {
    if (this.pre > 0) {
      this.flushPending();
      this.pendingPreBreak = true;
      return;
    }
    this.endLine();
    this.newline();
  }

  private flushPending(): void {
    if (this.pendingPreBreak) {
      this.pendingPreBreak = false;
      this.newline();
    }
  }
}
