// Text from mail is hostile: a patch or a reply can carry escape sequences that recolour, move the
// cursor, retitle the window (OSC 0), write the clipboard (OSC 52) or reorder what the reader sees
// (Trojan Source bidi overrides). Nothing from a mail reaches the terminal before `terminalSafe`
// (prose) or `codeLine` (diff lines, paths); the policy and the patterns are shared by every face
// (src/text/control-chars.ts).
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { proseLine, revealedLine, stripControls } from '../text/control-chars.js';

/**
 * Prose with every terminal sequence, control, bidi and invisible character removed; `\n` and tabs
 * kept. U+2028/U+2029 are spaces (some terminals start a new line on them; the rows own every break).
 */
export function terminalSafe(text: string): string {
  return stripControls(text);
}

// One column each, no combining marks, no emoji: ASCII, Latin-1 (but the soft hyphen), general
// punctuation (quotes, dashes, …), arrows, box drawing and the two triangles the cards use. Most text
// on screen is only these, and string-width's grapheme segmentation costs ~100× more.
const SINGLE_COLUMN = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u00FF\u2010-\u2027\u2190-\u21FF\u2500-\u257F\u25B8\u25BE]*$/;

/** Columns the text takes on a terminal (CJK and emoji count two). */
export function displayWidth(text: string): number {
  return SINGLE_COLUMN.test(text) ? text.length : measureInPieces(text);
}

// V8's Intl.Segmenter (inside string-width) copies the whole input into every segment it hands out, so
// one 80,000-character line of U+FFFD (a mangled charset) took minutes and 4 GB to measure. Long text
// is measured in pieces, cut before an ASCII character (always a grapheme boundary) when one is near,
// else between code points (a cluster cut there is off by a column at worst, in text that is garbage).
const PIECE = 512;

function measureInPieces(text: string): number {
  if (text.length <= PIECE * 2) return stringWidth(text);
  let width = 0;
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + PIECE);
    let cut = end;
    while (cut < text.length && cut < end + PIECE && text.charCodeAt(cut) >= 0x80) cut++;
    if (cut < text.length && text.charCodeAt(cut) >= 0x80) {
      cut = end;
      if (/[\udc00-\udfff]/.test(text[cut] ?? '')) cut++; // never between the halves of a surrogate pair
    }
    end = cut;
    width += stringWidth(text.slice(start, end));
    start = end;
  }
  return width;
}

/** Tabs expanded to the next multiple of `tabWidth`, counting wide characters as the terminal does. */
export function expandTabs(text: string, tabWidth = 8): string {
  if (!text.includes('\t')) return text;
  const parts = text.split('\t');
  let out = parts[0];
  let column = displayWidth(out);
  for (let i = 1; i < parts.length; i++) {
    const pad = tabWidth - (column % tabWidth);
    out += ' '.repeat(pad) + parts[i];
    column += pad + displayWidth(parts[i]);
  }
  return out;
}

/** One line of prose made safe to draw: sequences and hidden characters stripped, tabs expanded. */
export function safeLine(line: string): string {
  return expandTabs(proseLine(line));
}

/**
 * One line of code (a diff line, a hunk header, a path) made safe to draw with nothing hidden: every
 * control, bidi and invisible character shown as `<U+XXXX>`, tabs expanded.
 */
export function codeLine(line: string): string {
  return expandTabs(revealedLine(line));
}

/**
 * Greedy word wrap of single-column text (see SINGLE_COLUMN), the common case: wrap-ansi measures
 * every word with string-width, which made opening a 500-comment thread take seconds. Indentation is
 * kept on every line, so code quoted in a comment stays readable when it wraps.
 */
function wrapWords(line: string, width: number): string[] {
  const indent = /^ */.exec(line)![0].slice(0, Math.floor(width / 2));
  const room = width - indent.length;
  const out: string[] = [];
  let current = '';
  for (let word of line.slice(indent.length).split(' ')) {
    while (word.length > room) {
      if (current !== '') out.push(current);
      current = '';
      out.push(word.slice(0, room));
      word = word.slice(room);
    }
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= room) current = candidate;
    else {
      out.push(current.trimEnd());
      current = word;
    }
  }
  out.push(current.trimEnd());
  return out.map((l) => indent + l);
}

// Nobody reads a 1 MB line (a pasted log, a base64 blob, a mangled charset), and wrapping one into
// 12,000 rows froze the review screen for seconds: past this many characters a line is drawn cut, with
// a row saying how much is left out. The exports keep every line whole.
const MAX_DRAWN = 16_384;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Code lines cut at exactly `width` columns (a wide character never straddles the edge); prose is
 * wrapped at word boundaries. Always at least one line, none wider than `width`; a line longer than
 * MAX_DRAWN characters is drawn cut, its last row saying how much was left out.
 */
export function wrapToWidth(line: string, width: number, mode: 'code' | 'prose'): string[] {
  const w = Math.max(1, width);
  if (line.length > MAX_DRAWN) {
    // Never between the two halves of a surrogate pair.
    const cut = MAX_DRAWN - (isHighSurrogate(line.charCodeAt(MAX_DRAWN - 1)) ? 1 : 0);
    const more = `… ${(line.length - cut).toLocaleString('en')} more characters of this line not drawn (mlreview export has it whole)`;
    return [...wrapToWidth(line.slice(0, cut), w, mode), truncateToWidth(more, w)];
  }
  if (displayWidth(line) <= w) return [line];
  if (SINGLE_COLUMN.test(line)) {
    if (mode === 'prose') return wrapWords(line, w);
    const out: string[] = [];
    for (let i = 0; i < line.length; i += w) out.push(line.slice(i, i + w));
    return out;
  }
  if (line.length > LONG_LINE) return wrapLong(line, w, mode);
  const wrapped = wrapAnsi(line, w, { hard: true, trim: mode === 'prose', wordWrap: mode === 'prose' });
  return wrapped.split('\n');
}

// wrap-ansi measures each word whole with string-width (see measureInPieces): a long line of wide
// text, or one long word of it, is wrapped here instead, a code point at a time where a word is cut.
const LONG_LINE = 4096;

function wrapLong(line: string, width: number, mode: 'code' | 'prose'): string[] {
  const out: string[] = [];
  let current = '';
  let used = 0;
  // string-width costs ~20 µs a call whatever the length; a long line repeats its short words and
  // characters, so each is measured once.
  const widths = new Map<string, number>();
  const widthOf = (text: string): number => {
    if (text.length > 32) return displayWidth(text);
    let w = widths.get(text);
    if (w === undefined) widths.set(text, (w = displayWidth(text)));
    return w;
  };
  const cut = (text: string): void => {
    for (const char of text) {
      const w = widthOf(char);
      if (used + w > width && current !== '') {
        out.push(current);
        current = '';
        used = 0;
      }
      current += char;
      used += w;
    }
  };
  if (mode === 'code') cut(line);
  else {
    for (const word of line.split(' ')) {
      const w = widthOf(word);
      const need = current === '' ? w : used + 1 + w;
      if (need <= width) {
        current = current === '' ? word : `${current} ${word}`;
        used = need;
        continue;
      }
      if (current.trim() !== '') out.push(current.trimEnd());
      current = '';
      used = 0;
      if (w <= width) {
        current = word;
        used = w;
      } else cut(word);
    }
  }
  out.push(mode === 'prose' ? current.trimEnd() : current);
  return out;
}

/** The text cut to `width` columns, with an ellipsis when it was longer. */
export function truncateToWidth(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = displayWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return out + '…';
}

/** Text padded with spaces to exactly `width` columns (cut with an ellipsis when longer). */
export function padToWidth(text: string, width: number): string {
  const cut = truncateToWidth(text, width);
  return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}
