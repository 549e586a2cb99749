// Escaping mail text for CommonMark/GFM so that it renders as the mail said and nothing more: no
// emphasis, links, images, raw HTML, entities, code spans, tables, strikethrough or math that the
// sender did not mean as such, and no line that turns into a heading, quote, list or fence.
// CommonMark lets any ASCII punctuation be backslash-escaped (spec §2.4), so escaping too much is
// harmless to the rendering; we still leave `_` inside words and `>` inside lines alone, because
// identifiers like `vfio_pci_intrs` and `ctx->trigger` are most of what reviewers write.
import { revealControls, stripControls } from '../text/control-chars.js';

// Characters that start inline constructs anywhere in a line: code spans, emphasis, links and
// images, autolinks and HTML, GFM tables, GFM strikethrough, GitHub math, and the escape itself.
const ALWAYS = new Set(['\\', '`', '*', '[', ']', '<', '|', '~', '$']);
const WORD_CHAR = /[\p{L}\p{N}]/u;
// `&amp;`, `&#64;`, `&#x40;`: an entity reference would be decoded (spec §2.5). Named entities are at
// most 31 characters long, numeric ones at most 8 digits.
const ENTITY_AHEAD = /^&(?:#[xX][0-9A-Fa-f]{1,8}|#[0-9]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});/;
// A line that would open a block (spec §4–5): block quote (`>`, no space needed); ATX heading, bullet
// or ordered list item (marker then a space or the end of the line); setext underline or thematic
// break (a line of only `-` or `=`). `*`, `_`, `|`, `~` and `` ` `` are escaped anywhere already, and
// `-EINVAL`, `+foo`, `01.09.19` start no block, so they keep their plain look.
const BLOCK_START = /^(?:>|#{1,6}(?=[ \t]|$)|[-+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)|-+[ \t]*$|=+[ \t]*$)/;

/**
 * One line of mail text as Markdown inline text: controls stripped, syntax characters escaped,
 * leading and trailing whitespace removed (leading spaces would make an indented code block,
 * trailing ones a hard line break).
 */
export function escapeInline(line: string): string {
  const text = stripControls(line).replace(/[\n\r]+/g, ' ').trim();
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ALWAYS.has(ch)) {
      out += '\\' + ch;
    } else if (ch === '_') {
      // An underscore between two letters or digits can neither open nor close emphasis (spec §6.2).
      const intraword = WORD_CHAR.test(text[i - 1] ?? ' ') && WORD_CHAR.test(text[i + 1] ?? ' ');
      out += intraword ? '_' : '\\_';
    } else if (ch === '&' && ENTITY_AHEAD.test(text.slice(i, i + 40))) {
      out += '\\&';
    } else {
      out += ch;
    }
  }
  return escapeBlockStart(out);
}

function escapeBlockStart(escaped: string): string {
  const start = BLOCK_START.exec(escaped);
  if (!start) return escaped;
  const marker = start[0];
  // `12.` → `12\.`: only the character that makes the list marker needs the backslash.
  const at = /^\d/.test(marker) ? marker.length - 1 : 0;
  return escaped.slice(0, at) + '\\' + escaped.slice(at);
}

/** True when the raw line, unescaped, would start a Markdown block of its own. */
export function startsBlock(line: string): boolean {
  return /^(?:[#>+\-=*|~`<]|\d{1,9}[.)])/.test(line.trimStart());
}

/**
 * Heading text: inline text whose trailing `#` run is escaped, since `## Fix #` would lose its
 * last `#` as a closing sequence (spec §4.2).
 */
export function escapeHeading(text: string): string {
  return escapeInline(text).replace(/(\s)(#+)$/, '$1\\$2');
}

/**
 * A code span that holds `text` literally: its backtick run is longer than any inside. Code hides
 * nothing: controls, bidi and invisible characters show as `<U+XXXX>` (src/text/control-chars.ts).
 */
export function codeSpan(text: string): string {
  const content = revealControls(text).replace(/\n+/g, ' ');
  const ticks = '`'.repeat(longestRun(content, '`') + 1);
  // One space is stripped from each side when both are there (spec §6.1), so pad whenever the
  // content would otherwise merge with the delimiters or lose its own outer spaces.
  const pad = /^[` ]|[` ]$/.test(content) && content.trim() !== '' ? ' ' : '';
  return ticks + pad + content + pad + ticks;
}

/**
 * A fenced code block around `lines`. The fence is longer than any backtick run in the content, so
 * no line can close it early (spec §4.5). Nothing in it is hidden: controls, bidi and invisible
 * characters show as `<U+XXXX>`, so a Trojan Source line reads as what it is.
 */
export function fencedBlock(lines: readonly string[], info = ''): string[] {
  const body = lines.map((line) => revealControls(line).replace(/\n+/g, ' ').trimEnd());
  const longest = body.reduce((max, line) => Math.max(max, longestRun(line, '`')), 0);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [fence + info, ...body, fence];
}

function longestRun(text: string, ch: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}
