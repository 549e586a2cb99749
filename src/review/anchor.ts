// The Anchor of a comment: the last quoted patch line above it, and the quoted excerpt it closes.
import type { Anchor } from '../model.js';
import type { PatchLine, PatchText } from './patch-text.js';

/**
 * Anchor on `text.lines[at]`. `quoted` are the indexes of the patch lines the reviewer quoted above
 * the comment (in order); the excerpt keeps those of the same section and file, up to the anchor.
 */
export function anchorAt(text: PatchText, at: number, quoted: readonly number[]): Anchor {
  const line = text.lines[at]!;
  const excerpt = excerptAbove(text, at, quoted);
  if (line.section !== 'diff') {
    return {
      section: line.section,
      file: null,
      hunk: null,
      side: null,
      line: line.sectionLine,
      text: line.raw,
      quote: excerpt,
    };
  }
  const hunkLine = line.hunkLine;
  const marker = line.raw[0];
  // Outside a hunk (file header, a hunk whose header was trimmed away): only the side is known.
  const header = /^(?:\+\+\+ |--- |diff |index |@@ )/.test(line.raw);
  const side = hunkLine
    ? hunkLine.kind === 'del'
      ? 'old'
      : 'new'
    : !header && (marker === '-' || marker === '+' || marker === ' ')
      ? marker === '-'
        ? 'old'
        : 'new'
      : null;
  const number = hunkLine ? (hunkLine.kind === 'del' ? hunkLine.oldLine : hunkLine.newLine) : null;
  return {
    section: 'diff',
    file: line.file,
    hunk: line.hunk,
    side,
    line: number,
    text: line.raw,
    quote: excerpt,
  };
}

/** An anchor for a comment on the patch as a whole (a top-posted review, a bot's summary). */
export function wholePatchAnchor(text: PatchText): Anchor {
  const section = text.series ? 'cover-letter' : 'commit-message';
  return { section, file: null, hunk: null, side: null, line: null, text: null, quote: [] };
}

function excerptAbove(text: PatchText, at: number, quoted: readonly number[]): string[] {
  const anchor = text.lines[at]!;
  const out: string[] = [];
  for (let k = quoted.length - 1; k >= 0; k--) {
    const index = quoted[k]!;
    if (index > at) continue;
    const line = text.lines[index]!;
    if (!sameRegion(line, anchor)) break;
    out.unshift(line.raw);
  }
  if (!out.length || out[out.length - 1] !== anchor.raw) out.push(anchor.raw);
  return out;
}

function sameRegion(a: PatchLine, b: PatchLine): boolean {
  if (a.section !== b.section) return false;
  if (a.section !== 'diff') return true;
  return a.file === b.file && a.hunk === b.hunk;
}
