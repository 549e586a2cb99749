// lkml.iu.edu message pages: hypermail (1995–2002) and MHonArc (2003–). Both keep the mail's
// headers in HTML comments, and the body between two marker comments:
//   hypermail  <!-- name="…" --> <!-- email="…" --> <!-- sent="…" --> <!-- id="…" --> <!-- inreplyto="…" -->
//              <!-- body="start" --> … <!-- body="end" -->
//   MHonArc    <!--X-Subject: … --> <!--X-From-R13: … --> <!--X-Date: … --> <!--X-Message-Id: … -->
//              <!--X-Reference: … --> (one per id)  <!--X-Body-of-Message--> … <!--X-Body-of-Message-End-->
// Comment values escape "-" as "&#45;" (a comment may not hold "--"), so they are entity-decoded.
import type { Message, Person, Problem } from '../model.js';
import { parseHypermailDate, parseMailDate } from './webpage-date.js';
import {
  attribute, comments, decodeEntities, isElement, parseHtml, renderBody, textOf, walk, type Node,
} from './webpage-html-text.js';
import { maskedAddress, personFromText, syntheticId } from './webpage-person.js';

/** True for a saved hypermail or MHonArc message page. */
export function looksLikeHypermail(text: string): boolean {
  return (
    // "<!-" + "-" is spelled out because "<!--" in a module is read as an HTML comment opener.
    /<!-{2}\s*body="start"\s*-{2}>/.test(text) ||
    /<!-{2}X-Body-of-Message-{2}>/.test(text) ||
    (/<!-{2}\s*X-Message-Id:/.test(text) && /<!-{2}\s*X-Head-End\s*-{2}>/.test(text))
  );
}

interface PageHeaders {
  /** hypermail's key="value" comments. */
  fields: Map<string, string>;
  /** MHonArc's X-Name: value comments (X-Reference repeats). */
  x: Map<string, string[]>;
}

function pageHeaders(root: Node): PageHeaders {
  const fields = new Map<string, string>();
  const x = new Map<string, string[]>();
  for (const data of comments(root)) {
    const field = /^([a-z]+)="([\s\S]*)"$/.exec(data);
    if (field) {
      if (!fields.has(field[1]!)) fields.set(field[1]!, decodeEntities(field[2]!).trim());
      continue;
    }
    const header = /^X-([A-Za-z0-9-]+):\s*([\s\S]*)$/.exec(data);
    if (header) {
      const name = header[1]!.toLowerCase();
      x.set(name, [...(x.get(name) ?? []), decodeEntities(header[2]!).trim()]);
    }
  }
  return { fields, x };
}

/**
 * MHonArc's "R13" spam shield for addresses: ROT13 on letters, and "@A-[" rotated by 14 within
 * itself (so "@" is written "N" and "M" "["). Reversible by design; MHonArc's own `mrot13`.
 */
export function decodeR13(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c >= 0x40 && c <= 0x5b) out += String.fromCharCode(((c - 0x40 + 14) % 28) + 0x40);
    else if (c >= 0x61 && c <= 0x7a) out += String.fromCharCode(((c - 0x61 + 13) % 26) + 0x61);
    else out += ch;
  }
  return out;
}

/** The "From:" / "Date:" line printed above the body (hypermail 2b29 and MHonArc). */
function printedField(root: Node, label: string): string | null {
  for (const node of walk(root)) {
    if (!isElement(node) || !['strong', 'b'].includes(node.tagName)) continue;
    // A label is one text node ("<strong>From: </strong>"); reading whole subtrees of every <b>
    // would be quadratic on a page of nested unclosed tags.
    const only = node.childNodes.length === 1 ? node.childNodes[0]! : null;
    if (!only || only.nodeName !== '#text' || !('value' in only)) continue;
    if (only.value.trim().replace(/:$/, '').trim().toLowerCase() !== label) continue;
    // The value is the text that follows the label, up to the next <br>/<p>.
    const parent = node.parentNode;
    if (!parent) continue;
    const siblings = parent.childNodes;
    let value = '';
    for (let i = siblings.indexOf(node) + 1; i < siblings.length; i++) {
      const sibling = siblings[i]!;
      if (isElement(sibling) && ['br', 'p', 'strong', 'ul'].includes(sibling.tagName)) break;
      value += ` ${textOf(sibling)}`;
    }
    const clean = value.replace(/\s+/g, ' ').trim();
    if (clean) return clean;
  }
  return null;
}

function metaContent(root: Node, name: string): string | null {
  for (const node of walk(root)) {
    if (isElement(node) && node.tagName === 'meta' && (attribute(node, 'name') ?? '').toLowerCase() === name) {
      return attribute(node, 'content');
    }
  }
  return null;
}

function author(root: Node, headers: PageHeaders): Person {
  const r13 = headers.x.get('from-r13')?.[0];
  if (r13) return personFromText(decodeR13(r13));
  const name = headers.fields.get('name');
  const email = headers.fields.get('email');
  if (name !== undefined || email !== undefined) {
    const address = email && !maskedAddress(email) ? email : '';
    // hypermail repeats the address as the name when the From header had no display name.
    return { name: name && name !== email ? name : '', address };
  }
  const meta = metaContent(root, 'author');
  if (meta) return personFromText(meta);
  return personFromText(printedField(root, 'from') ?? '');
}

function subject(root: Node, headers: PageHeaders): string {
  const fromComments = headers.x.get('subject')?.[0] ?? headers.fields.get('subject');
  if (fromComments !== undefined) return fromComments;
  const meta = metaContent(root, 'subject');
  if (meta) return meta;
  for (const node of walk(root)) if (isElement(node) && node.tagName === 'h1') return textOf(node);
  return '';
}

function date(root: Node, headers: PageHeaders): string | null {
  const sent = headers.x.get('date')?.[0] ?? headers.fields.get('sent');
  const fromHeader = sent ? parseMailDate(sent).iso : null;
  if (fromHeader) return fromHeader;
  const printed = printedField(root, 'date');
  return printed ? parseHypermailDate(printed) : null;
}

function messageIdOf(value: string | undefined): string | null {
  const id = value?.replace(/^<|>$/g, '').trim();
  return id && id.includes('@') && !/\s/.test(id) ? id : null;
}

/** One lkml.iu.edu page → its message. `quotesLost` is decided by the caller from the body. */
export function readHypermail(path: string, html: string): { message: Message | null; problems: Problem[] } {
  const root = parseHtml(html);
  const headers = pageHeaders(root);
  const mhonarc = headers.x.has('message-id');
  const body = renderBody(root, {
    startComment: (d) => (mhonarc ? d === 'X-Body-of-Message' : /^body="start"$/.test(d)),
    endComment: (d) => (mhonarc ? d === 'X-Body-of-Message-End' : /^body="end"$/.test(d)),
  });
  const problems: Problem[] = [];
  const from = author(root, headers);
  const subjectText = subject(root, headers);
  const dateIso = date(root, headers);
  const references = (headers.x.get('reference') ?? []).map(messageIdOf).filter((id): id is string => id !== null);
  // hypermail's inreplyto holds the parent's id, or its subject when the mail had no In-Reply-To.
  const inReplyTo = messageIdOf(headers.fields.get('inreplyto')) ?? references.at(-1) ?? null;
  if (inReplyTo && !references.includes(inReplyTo)) references.push(inReplyTo);
  let id = messageIdOf(headers.x.get('message-id')?.[0] ?? headers.fields.get('id'));
  if (!id) {
    id = syntheticId(from, dateIso, subjectText);
    problems.push({ where: path, reason: `page names no Message-ID; using ${id}` });
  }
  if (!body.trim()) problems.push({ where: path, reason: 'page has no message body between its body markers' });
  return {
    message: {
      id,
      subject: subjectText,
      from,
      date: dateIso,
      inReplyTo,
      references: references.filter((r) => r !== id),
      body: indentedYankToQuotes(body),
      origin: { path, where: path },
    },
    problems,
  };
}

/**
 * Emacs mail modes of the 1990s yanked the original indented by three spaces instead of "> "
 * (`mail-indentation-spaces`), headed by its indented Date:/From: lines — David S. Miller's 1997
 * LKML reply (lkml.iu.edu 9704.1/0107) is one. Only a body that opens with such a header is
 * read that way, so indented code in ordinary mail is left alone.
 */
export function indentedYankToQuotes(body: string): string {
  const lines = body.split('\n');
  const head = /^( {2,4})(?:Date|From):\s/.exec(lines[0] ?? '');
  if (!head || !/^ {2,4}(?:Date|From):\s/.test(lines[1] ?? '')) return body;
  const indent = head[1]!;
  const quoted = lines.map((line) => line.startsWith(indent) && line.trim() !== '');
  const out = lines.map((line, i) => (quoted[i] ? `> ${line.slice(indent.length)}` : line));
  // A blank line between two yanked paragraphs belongs to the yank.
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '') continue;
    const before = quoted.lastIndexOf(true, i);
    const after = quoted.indexOf(true, i);
    const gapIsBlank = (a: number, b: number): boolean => lines.slice(a + 1, b).every((l) => l.trim() === '');
    if (before >= 0 && after > i && gapIsBlank(before, after)) out[i] = '>';
  }
  return out.join('\n');
}
