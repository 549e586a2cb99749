// A comment's anchor resolved once, here, on the patch (or cover letter) it is about: the line of the
// commit message, diffstat or hunk it sits under, and the content key (that line and 3 lines either
// side) that finds the same place in another version. The anchor names file, hunk, side and line; the
// patch as parsed may not agree exactly (a web archive dropped the leading space of context lines, a
// patch rebuilt from quotes has no line numbers), so each step falls back to the next coarser place —
// the end of the hunk, the file header, the end — and no comment is ever lost. The faces read
// `comment.place`; none of them resolves an anchor again.
import type { Anchor, Comment, CommentPlace, ContentKey, FileDiff, Hunk, Place } from '../model.js';
import { stripControls } from '../text/control-chars.js';

/** Lines of context a content key keeps on either side of the anchored line. */
export const KEY_CONTEXT = 3;

/** What a place is resolved against: the patch's (or cover letter's) text as the model holds it. */
export interface PlaceTarget {
  /** Message-ID of the patch or cover letter. */
  id: string;
  /** Commit message or cover-letter lines (`textLines`). */
  text: string[];
  diffstat: string[];
  files: FileDiff[];
}

/** A mail text's lines as faces draw them: split at `\n`, without the blank lines at its end. */
export function textLines(text: string): string[] {
  const all = text.replace(/(?<!\n)\n+$/, '').split('\n');
  return all.length === 1 && all[0] === '' ? [] : all;
}

/**
 * Whitespace-insensitive form of a patch or prose line, marker optional, for matching quotes. Hidden
 * characters do not count: the faces draw lines stripped of them, the anchors keep them.
 */
export function normalise(line: string): string {
  return stripControls(line).replace(/\s+/g, ' ').trim();
}

function withoutMarker(line: string): string {
  return /^[+\- ]/.test(line) ? line.slice(1) : line;
}

/** Index of the line the anchor names in plain text lines, preferring the one the quote leads to. */
function findTextLine(lines: string[], anchor: Anchor): number | null {
  if (anchor.text === null) return null;
  const target = normalise(anchor.text);
  if (target === '') return null;
  const candidates: number[] = [];
  lines.forEach((line, i) => {
    if (normalise(line) === target) candidates.push(i);
  });
  if (candidates.length <= 1) return candidates[0] ?? null;
  const previous = anchor.quote.length >= 2 ? anchor.quote[anchor.quote.length - 2] : undefined;
  const before = previous === undefined ? null : normalise(previous);
  return candidates.find((i) => i > 0 && before !== null && normalise(lines[i - 1]!) === before) ?? candidates[0]!;
}

export function findFile(files: FileDiff[], path: string | null): number {
  if (path === null) return -1;
  const bare = path.replace(/^[ab]\//, '');
  return files.findIndex((f) => f.newPath === bare || f.oldPath === bare);
}

function lineNumberOn(hunk: Hunk, i: number, side: Anchor['side']): number | null {
  const l = hunk.lines[i]!;
  return side === 'old' ? l.oldLine : l.newLine;
}

function findHunkLine(hunk: Hunk, anchor: Anchor): number | null {
  const text = anchor.text === null ? null : normalise(withoutMarker(anchor.text));
  const sameText = (i: number): boolean => text !== null && normalise(hunk.lines[i]!.text) === text;
  if (anchor.line !== null) {
    const sides: Anchor['side'][] = anchor.side === null ? ['new', 'old'] : [anchor.side];
    for (const side of sides) {
      const byNumber = hunk.lines.findIndex((line, i) => lineNumberOn(hunk, i, side) === anchor.line && (side === 'old' ? line.kind !== 'add' : line.kind !== 'del'));
      if (byNumber >= 0 && (text === null || sameText(byNumber))) return byNumber;
    }
  }
  if (text === null) return null;
  const matches = hunk.lines.map((_, i) => i).filter(sameText);
  if (matches.length <= 1) return matches[0] ?? null;
  // Several identical lines (`}` is everywhere): the quote above the comment picks the right one.
  const quote = anchor.quote.map((q) => normalise(withoutMarker(q)));
  const before = quote.length >= 2 ? quote[quote.length - 2]! : null;
  return matches.find((i) => i > 0 && before !== null && normalise(hunk.lines[i - 1]!.text) === before) ?? matches[0]!;
}

function hunkContains(hunk: Hunk, anchor: Anchor): boolean {
  if (anchor.line === null) return false;
  const [start, count] = anchor.side === 'old' ? [hunk.oldStart, hunk.oldLines] : [hunk.newStart, hunk.newLines];
  return anchor.line >= start && anchor.line < start + Math.max(count, 1);
}

function placeInDiff(files: FileDiff[], anchor: Anchor): Place {
  const file = findFile(files, anchor.file);
  const searchFiles = file >= 0 ? [file] : files.map((_, i) => i);
  for (const f of searchFiles) {
    const hunks = files[f]!.hunks;
    const byHeader = hunks.findIndex((h) => anchor.hunk !== null && normalise(h.header) === normalise(anchor.hunk));
    const order = byHeader >= 0 ? [byHeader] : hunks.map((_, i) => i).filter((i) => hunkContains(hunks[i]!, anchor));
    for (const h of order.length > 0 ? order : hunks.map((_, i) => i)) {
      const line = findHunkLine(hunks[h]!, anchor);
      if (line !== null) return { at: 'line', file: f, hunk: h, line };
    }
    if (byHeader >= 0) return { at: 'hunk-end', file: f, hunk: byHeader };
  }
  return file >= 0 ? { at: 'file', file } : { at: 'end' };
}

/** Where the anchor is in the target. */
export function placeOf(target: PlaceTarget, anchor: Anchor): Place {
  switch (anchor.section) {
    case 'diff':
      return placeInDiff(target.files, anchor);
    case 'diffstat': {
      const line = findTextLine(target.diffstat, anchor);
      return line === null ? { at: 'diffstat-end' } : { at: 'diffstat', line };
    }
    default: {
      const line = findTextLine(target.text, anchor);
      return line === null ? { at: 'text-end' } : { at: 'text', line };
    }
  }
}

/** The lines of a place's neighbourhood, as the target has them (hunk lines with their markers). */
export function placeLines(target: PlaceTarget, place: Place): { lines: string[]; at: number; file: string | null } | null {
  switch (place.at) {
    case 'text':
      return { lines: target.text, at: place.line, file: null };
    case 'diffstat':
      return { lines: target.diffstat, at: place.line, file: null };
    case 'line': {
      const file = target.files[place.file]!;
      const hunk = file.hunks[place.hunk]!;
      return { lines: hunk.lines.map((l) => l.raw), at: place.line, file: file.status === 'deleted' ? file.oldPath : file.newPath };
    }
    default:
      return null;
  }
}

/** The content key of a place: the line and up to 3 lines either side, or null when it is no line. */
export function contentKey(target: PlaceTarget, place: Place): ContentKey | null {
  const found = placeLines(target, place);
  if (found === null) return null;
  const { lines, at, file } = found;
  return {
    file,
    line: lines[at]!,
    before: lines.slice(Math.max(0, at - KEY_CONTEXT), at),
    after: lines.slice(at + 1, at + 1 + KEY_CONTEXT),
  };
}

/** The comment's anchor resolved on the target, with its content key. */
export function resolvePlace(target: PlaceTarget, anchor: Anchor): CommentPlace {
  const place = placeOf(target, anchor);
  return { ...place, target: target.id, key: contentKey(target, place) };
}

/** The comments with their places resolved on the target (new objects; the input is left alone). */
export function placeComments(target: PlaceTarget, comments: readonly Comment[]): Comment[] {
  return comments.map((comment) => ({ ...comment, place: resolvePlace(target, comment.anchor) }));
}

/** A patch as a place target. */
export function patchTarget(patch: { messageId: string; commitMessage: string; diffstat: string[]; files: FileDiff[] }): PlaceTarget {
  return { id: patch.messageId, text: textLines(patch.commitMessage), diffstat: patch.diffstat, files: patch.files };
}

/** A cover letter as a place target: its body's lines; it has no diff. */
export function coverTarget(id: string, body: string | null): PlaceTarget {
  return { id, text: body === null ? [] : textLines(body), diffstat: [], files: [] };
}
