// Mail text is hostile: a body may carry terminal escape sequences (a colour-coded `git diff` pasted
// into a mail, or a sender who wants to retitle the window, write the reader's clipboard with OSC 52
// or hide a link behind OSC 8), stray C0/C1 controls from broken charset conversions, Unicode bidi
// controls that make code read differently from what it is ("Trojan Source", CVE-2021-42574), and
// invisible characters that make two different strings look the same. Every face draws mail text
// only after it went through here; JSON keeps the text as it came and escapes these characters
// instead (src/export/json.ts).
//
// The policy has two modes, because what a reviewer needs differs:
//
// - Prose (subjects, names, addresses, comment and reply bodies, commit messages): `stripControls`.
//   Escape sequences are removed whole (an OSC 8 link keeps its visible text, not its target), other
//   controls, bidi controls and invisible characters are dropped, U+2028/U+2029 become a space (the
//   faces own every line break). Nobody reviews a zero-width space in a sentence; removing it keeps
//   names and subjects searchable and aligned.
// - Code (diff and hunk lines, hunk headers, file paths, whatever a Markdown code block or span
//   holds): `revealControls`. Nothing is removed; every control, bidi and invisible character is
//   shown as `<U+XXXX>`. The code a reviewer approves is the code that gets applied: a Trojan Source
//   patch whose RLO were silently dropped would read as harmless, and a path or identifier with a
//   zero-width space would look like another one. ESC becomes `<U+001B>` and the rest of its sequence
//   stays as plain, inert text, so the reader sees that the patch carries a terminal sequence.
//
// In both modes some invisible characters are text, and are kept where that can be told:
// - ZWJ (U+200D) and ZWNJ (U+200C) between two non-ASCII letters, marks or emoji: emoji sequences
//   (👨‍👩‍👧), Persian and Indic orthography (می‌خواهم, क्‍ष). Next to ASCII or at an edge they are
//   hidden characters in a word (`ad\u200Dmin`) and treated as such.
// - Tag characters (U+E0020–U+E007F) only inside an emoji tag sequence (🏴 + tag letters + CANCEL TAG,
//   the flags of England, Scotland, Wales); elsewhere they carry invisible ASCII ("ASCII smuggling").
// Variation selectors are left alone: they only pick a glyph of the character before them.
// Tabs and line feeds are text, not controls: diff lines and code in comments need them.

// ECMA-48 control sequences. Each pattern is a plain run of character classes (no nested quantifiers),
// so it stays linear on a 1 MB line.
const CSI = /(?:\u001B\[|\u009B)[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?/g;
// OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \ or U+009C); unterminated ones run to the
// end of the line, which is what a terminal would have swallowed too.
const CONTROL_STRING =
  /(?:\u001B[\]PX^_]|[\u009D\u0090\u0098\u009E\u009F])[^\u0007\u001B\u009C\n]*(?:\u0007|\u001B\\|\u009C)?/g;
// Any other two-byte escape (ESC followed by one character: charset selection, keypad modes, ESC c
// full reset...): the character after ESC belongs to the sequence, a terminal would not show it.
const SHORT_ESCAPE = /\u001B[\u0020-\u007E]?/g;
// What is left of C0 (except TAB and LF), DEL and C1.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Bidi and invisible characters, each one match: the emoji tag sequence comes first so its tag
// characters are taken whole. U+00AD soft hyphen; U+061C ALM; U+180E Mongolian vowel separator;
// U+200B–U+200F ZWSP, ZWNJ, ZWJ, LRM, RLM; U+2028/U+2029 line and paragraph separators; U+202A–U+202E
// embeddings and overrides; U+2060–U+206F word joiner, invisible operators, isolates, deprecated format
// characters; U+3164 and U+FFA0 Hangul fillers (blank letters, used for invisible identifiers); U+FEFF
// BOM / zero-width no-break space; U+FFF9–U+FFFB interlinear annotation; U+E0000–U+E007F tags.
const HIDDEN =
  /\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{2,6}\u{E007F}|[\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/gu;
// Any character either function acts on (U+DB40 leads every tag character): most lines hold none, and
// one test is cheaper than five replacements.
const ACTED_ON =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\uDB40]/;
// What ZWJ/ZWNJ may join: letters, combining marks (a virama), emoji and their modifiers.
const JOINABLE = /^[\p{L}\p{M}\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F]$/u;

/**
 * Prose as safe to draw: terminal escape sequences, C0/C1 controls (TAB and LF kept), bidi controls
 * and invisible characters removed (see the policy above), U+2028/U+2029 turned into spaces.
 */
export function stripControls(text: string): string {
  if (!ACTED_ON.test(text)) return text;
  return text
    .replace(CONTROL_STRING, '')
    .replace(CSI, '')
    .replace(SHORT_ESCAPE, '')
    .replace(CONTROL, '')
    .replace(HIDDEN, (found: string, at: number, whole: string) => {
      if (keptAsText(found, at, whole)) return found;
      return found === '\u2028' || found === '\u2029' ? ' ' : '';
    });
}

/**
 * Code as safe to draw with nothing hidden: every control (but TAB and LF), bidi control and invisible
 * character shown as `<U+XXXX>` (see the policy above). A CR at a line end is dropped.
 */
export function revealControls(text: string): string {
  if (!ACTED_ON.test(text)) return text;
  return withoutLineEndCR(text)
    .replace(CONTROL, marker)
    .replace(HIDDEN, (found: string, at: number, whole: string) => (keptAsText(found, at, whole) ? found : marker(found)));
}

/**
 * A CR before a line end is a CRLF mail line that was not normalised, not a character of the text.
 * (A loop, not `/\r+$/m`: that regex backtracks over every CR of a long run that ends elsewhere.)
 */
function withoutLineEndCR(text: string): string {
  if (!text.includes('\r')) return text;
  return text
    .split('\n')
    .map((line) => {
      let end = line.length;
      while (end > 0 && line.charCodeAt(end - 1) === 13) end--;
      return line.slice(0, end);
    })
    .join('\n');
}

/** `<U+202E>`: how a hidden character is spelled out in code. */
function marker(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** An emoji tag sequence, or a ZWJ/ZWNJ joining two non-ASCII letters or emoji. */
function keptAsText(found: string, at: number, whole: string): boolean {
  if (found.length > 2) return true;
  if (found !== '\u200C' && found !== '\u200D') return false;
  return joinable(codePointBefore(whole, at)) && joinable(whole.codePointAt(at + 1));
}

function joinable(code: number | undefined): boolean {
  return code !== undefined && code > 0x7f && JOINABLE.test(String.fromCodePoint(code));
}

function codePointBefore(text: string, at: number): number | undefined {
  if (at === 0) return undefined;
  const low = text.charCodeAt(at - 1);
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) {
    const high = text.charCodeAt(at - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(at - 2);
  }
  return low;
}

/** A subject, a name, a trailer as one line of prose: `stripControls`, line breaks as spaces. */
export function proseLine(text: string): string {
  return stripControls(text).replace(/\n/g, ' ');
}

/** A diff line or a path as one line of code: `revealControls`, line breaks as spaces. */
export function revealedLine(text: string): string {
  return revealControls(text).replace(/\n/g, ' ');
}

/**
 * Prose for a one-line report (an error, a `check` line): stripped as `stripControls` does, every run
 * of whitespace (line breaks too) one space, so a file name or a reason cannot forge a second line.
 */
export function oneLine(text: string): string {
  return stripControls(text).replace(/\s+/g, ' ');
}
