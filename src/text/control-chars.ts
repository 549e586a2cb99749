// Mail text is hostile: a body may carry terminal escape sequences (a colour-coded `git diff` pasted
// into a mail, or a sender who wants to rewrite the reader's screen), stray C0/C1 controls from broken
// charset conversions, and Unicode bidi overrides that make code read differently from what it is
// ("Trojan Source", CVE-2021-42574). Every face draws mail text only after it went through here.
//
// Tabs and line feeds are text, not controls: diff lines and code in comments need them.

// ECMA-48 control sequences. Each pattern is a plain run of character classes (no nested quantifiers),
// so it stays linear on a 1 MB line.
const CSI = /(?:\u001B\[|\u009B)[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?/g;
// OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \ or U+009C); unterminated ones run to the
// end of the line, which is what a terminal would have swallowed too.
const CONTROL_STRING =
  /(?:\u001B[\]PX^_]|[\u009D\u0090\u0098\u009E\u009F])[^\u0007\u001B\u009C\n]*(?:\u0007|\u001B\\|\u009C)?/g;
// Any other two-byte escape (ESC followed by one character: charset selection, keypad modes...).
const SHORT_ESCAPE = /\u001B[\u0020-\u007E]?/g;
// What is left of C0 (except TAB and LF), DEL and C1.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
const BIDI_OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * The text with terminal escape sequences, C0/C1 controls (TAB and LF kept) and bidi overrides removed.
 * CR is removed too: model bodies use `\n`, a CR left over would move a terminal's cursor.
 */
export function stripControls(text: string): string {
  return text
    .replace(CONTROL_STRING, '')
    .replace(CSI, '')
    .replace(SHORT_ESCAPE, '')
    .replace(CONTROL, '')
    .replace(BIDI_OVERRIDE, '');
}
