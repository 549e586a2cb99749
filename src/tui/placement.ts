// Where each comment's card goes in the item's rows. The anchor says file, hunk, side and line; the
// patch on screen may not agree exactly (a web archive dropped the leading space of context lines, a
// patch rebuilt from quotes has no line numbers), so each step falls back to the next coarser place —
// after the hunk, after the file header, at the end — and no comment is ever dropped.
import { stripControls } from '../text/control-chars.js';
import type { Anchor, Comment, FileDiff, Hunk } from '../model.js';

/** A place in an item: a line of the commit message/cover letter, of the diffstat, of a hunk, or the end. */
export type Place =
  | { at: 'text'; line: number }
  | { at: 'text-end' }
  | { at: 'diffstat'; line: number }
  | { at: 'diffstat-end' }
  | { at: 'line'; file: number; hunk: number; line: number }
  | { at: 'hunk-end'; file: number; hunk: number }
  | { at: 'file'; file: number }
  | { at: 'end' };

export function placeKey(place: Place): string {
  switch (place.at) {
    case 'text':
    case 'diffstat':
      return `${place.at}:${place.line}`;
    case 'line':
      return `line:${place.file}:${place.hunk}:${place.line}`;
    case 'hunk-end':
      return `hunk-end:${place.file}:${place.hunk}`;
    case 'file':
      return `file:${place.file}`;
    default:
      return place.at;
  }
}

/**
 * Whitespace-insensitive form of a patch or prose line, marker optional, for matching quotes. Hidden
 * characters do not count: the lines placed are drawn stripped of them, the anchors keep them.
 */
function normalise(line: string): string {
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
  const before = anchor.quote.length >= 2 ? normalise(anchor.quote[anchor.quote.length - 2]) : null;
  return candidates.find((i) => i > 0 && before !== null && normalise(lines[i - 1]) === before) ?? candidates[0];
}

function findFile(files: FileDiff[], path: string | null): number {
  if (path === null) return -1;
  const bare = path.replace(/^[ab]\//, '');
  return files.findIndex((f) => f.newPath === bare || f.oldPath === bare);
}

function lineNumberOn(hunk: Hunk, i: number, side: Anchor['side']): number | null {
  const l = hunk.lines[i];
  return side === 'old' ? l.oldLine : l.newLine;
}

function findHunkLine(hunk: Hunk, anchor: Anchor): number | null {
  const text = anchor.text === null ? null : normalise(withoutMarker(anchor.text));
  const sameText = (i: number): boolean => text !== null && normalise(hunk.lines[i].text) === text;
  if (anchor.line !== null) {
    const sides: Anchor['side'][] = anchor.side === null ? ['new', 'old'] : [anchor.side];
    for (const side of sides) {
      const byNumber = hunk.lines.findIndex((_, i) => lineNumberOn(hunk, i, side) === anchor.line);
      if (byNumber >= 0 && (text === null || sameText(byNumber))) return byNumber;
    }
  }
  if (text === null) return null;
  const matches = hunk.lines.map((_, i) => i).filter(sameText);
  if (matches.length <= 1) return matches[0] ?? null;
  // Several identical lines (`}` is everywhere): the quote above the comment picks the right one.
  const quote = anchor.quote.map((q) => normalise(withoutMarker(q)));
  const before = quote.length >= 2 ? quote[quote.length - 2] : null;
  return matches.find((i) => i > 0 && before !== null && normalise(hunk.lines[i - 1].text) === before) ?? matches[0];
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
    const hunks = files[f].hunks;
    const byHeader = hunks.findIndex((h) => anchor.hunk !== null && normalise(h.header) === normalise(anchor.hunk));
    const order = byHeader >= 0 ? [byHeader] : hunks.map((_, i) => i).filter((i) => hunkContains(hunks[i], anchor));
    for (const h of order.length > 0 ? order : hunks.map((_, i) => i)) {
      const line = findHunkLine(hunks[h], anchor);
      if (line !== null) return { at: 'line', file: f, hunk: h, line };
    }
    if (byHeader >= 0) return { at: 'hunk-end', file: f, hunk: byHeader };
  }
  return file >= 0 ? { at: 'file', file } : { at: 'end' };
}

export interface PlaceableText {
  /** Commit message or cover-letter lines, as drawn. */
  text: string[];
  diffstat: string[];
  files: FileDiff[];
}

/** The place of one comment in an item. */
export function placeComment(item: PlaceableText, comment: Comment): Place {
  const anchor = comment.anchor;
  switch (anchor.section) {
    case 'diff':
      return placeInDiff(item.files, anchor);
    case 'diffstat': {
      const line = findTextLine(item.diffstat, anchor);
      return line === null ? { at: 'diffstat-end' } : { at: 'diffstat', line };
    }
    default: {
      const line = findTextLine(item.text, anchor);
      return line === null ? { at: 'text-end' } : { at: 'text', line };
    }
  }
}

/** Comments grouped by the key of their place, each group in date order. */
export function placeComments(item: PlaceableText, comments: Comment[]): Map<string, Comment[]> {
  const byPlace = new Map<string, Comment[]>();
  for (const comment of comments) {
    const key = placeKey(placeComment(item, comment));
    const group = byPlace.get(key);
    if (group) group.push(comment);
    else byPlace.set(key, [comment]);
  }
  for (const group of byPlace.values()) {
    group.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  }
  return byPlace;
}
