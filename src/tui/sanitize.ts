// Text from mail is hostile: a patch or a reply can carry escape sequences that recolour, move the
// cursor, retitle the window (OSC 0), write the clipboard (OSC 52) or reorder what the reader sees
// (Trojan Source bidi overrides). Nothing from a mail reaches the terminal before `terminalSafe`;
// the sequences themselves are removed by the one stripper every face shares (src/text).
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { stripControls } from '../text/control-chars.js';

// Some terminals start a new line on U+2028/U+2029; the row layout must own every line break.
const LINE_SEPARATOR = /[\u2028\u2029]/g;

/** The text with every terminal control sequence and control character removed; `\n` and tabs kept. */
export function terminalSafe(text: string): string {
  return stripControls(text).replace(LINE_SEPARATOR, ' ');
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
