// Text from mail is hostile: a patch or a reply can carry escape sequences that recolour, move the
// cursor, retitle the window (OSC 0), write the clipboard (OSC 52) or reorder what the reader sees
// (Trojan Source bidi controls, CVE-2021-42574). Nothing from a mail reaches the terminal before it went
// through `terminalSafe`; lone control characters stay visible so a reviewer can see they were there.
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

// ECMA-48 sequence shapes. Every quantifier runs over a class the next token cannot match, so the
// scan is linear even on a 1 MB line of parameters.
const CSI = '(?:\\u001B\\[|\\u009B)[\\u0030-\\u003F]*[\\u0020-\\u002F]*[\\u0040-\\u007E]?';
// OSC/DCS/SOS/PM/APC run to BEL or ST; an unterminated one is cut to the end of the text rather than
// let the terminal swallow what follows.
const STRING_SEQUENCE =
  '(?:\\u001B[\\]PX^_]|[\\u0090\\u0098\\u009D\\u009E\\u009F])[^\\u0007\\u001B\\u009C]*(?:\\u0007|\\u001B\\\\|\\u009C)?';
const TWO_CHAR_ESCAPE = '\\u001B[\\u0020-\\u002F]*[\\u0030-\\u007E]';
const ESCAPE_SEQUENCE = new RegExp(`${STRING_SEQUENCE}|${CSI}|${TWO_CHAR_ESCAPE}`, 'g');

// What is left after the sequences are gone: C0 (but tab and newline), DEL, C1.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Bidi embedding, override and isolate controls, and the marks that steer them.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// Some terminals start a new line on U+2028/U+2029; the row layout must own every line break.
const LINE_SEPARATOR = /[\u2028\u2029]/g;

function controlPicture(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␀..␟
  if (code === 0x7f) return '\u2421'; // ␡
  return '\uFFFD';
}

/**
 * The text with every terminal control sequence removed and every other control character shown as
 * a visible symbol (␛, ␍, <U+202E>). Newlines and tabs are kept: the row layout handles them.
 */
export function terminalSafe(text: string): string {
  // CRLF from a mail that escaped normalisation is a plain line end, not a hostile carriage return.
  return text
    .replace(/\r\n/g, '\n')
    .replace(ESCAPE_SEQUENCE, '')
    .replace(CONTROL, controlPicture)
    .replace(BIDI, (char) => `<U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`)
    .replace(LINE_SEPARATOR, ' ');
}

const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/;

/** Columns the text takes on a terminal (CJK and emoji count two). Fast for the ASCII most code is. */
export function displayWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
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

/** One line of mail made safe to draw: sequences stripped, controls visible, tabs expanded. */
export function safeLine(line: string): string {
  return expandTabs(terminalSafe(line).replace(/\n/g, ' '));
}

/**
 * Code lines cut at exactly `width` columns (a wide character never straddles the edge); prose is
 * wrapped at word boundaries. Always at least one line, none wider than `width`.
 */
export function wrapToWidth(line: string, width: number, mode: 'code' | 'prose'): string[] {
  const w = Math.max(1, width);
  if (displayWidth(line) <= w) return [line];
  const wrapped = wrapAnsi(line, w, { hard: true, trim: mode === 'prose', wordWrap: mode === 'prose' });
  const lines = wrapped.split('\n');
  return lines.length > 0 ? lines : [''];
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
