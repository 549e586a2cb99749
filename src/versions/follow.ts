// A comment followed into the next version of what it was about: its place (the core's `comment.place`)
// looked up in the next version's patch — the same file, the lines aligned — or cover letter, and
// judged changed, unchanged or dropped.
import type { Comment, CommentPlace, FileDiff, NextVersion, Place } from '../model.js';
import { contentKey, findFile, type PlaceTarget } from '../review/place.js';
import { alignment, locate, type Located } from './locate.js';

/** The next version of a comment's target, as the stage found it. */
export interface NextTarget {
  version: number;
  revision: boolean;
  /** The patch(es) or cover letter the target became (several when the patch was split). */
  targets: PlaceTarget[];
  changelog: string[];
}

type Judged = Pick<NextVersion, 'state' | 'before' | 'after' | 'messageId' | 'place'>;

/** A file's hunk lines end to end, with where each hunk starts. */
interface FileLines {
  lines: string[];
  starts: number[];
}

const fileLinesCache = new WeakMap<FileDiff, FileLines>();
// Every comment on a file is followed through the same pair of versions: align them once.
const alignments = new WeakMap<FileDiff, WeakMap<FileDiff, number[]>>();

function alignedFiles(a: FileDiff, b: FileDiff): number[] {
  let byNext = alignments.get(a);
  if (!byNext) alignments.set(a, (byNext = new WeakMap()));
  let map = byNext.get(b);
  if (!map) byNext.set(b, (map = alignment(fileLines(a).lines, fileLines(b).lines)));
  return map;
}

function fileLines(file: FileDiff): FileLines {
  let cached = fileLinesCache.get(file);
  if (!cached) {
    const lines: string[] = [];
    const starts: number[] = [];
    for (const hunk of file.hunks) {
      starts.push(lines.length);
      for (const line of hunk.lines) lines.push(line.raw);
    }
    fileLinesCache.set(file, (cached = { lines, starts }));
  }
  return cached;
}

function hunkAt(fl: FileLines, index: number): { hunk: number; line: number } {
  let hunk = 0;
  while (hunk + 1 < fl.starts.length && fl.starts[hunk + 1]! <= index) hunk++;
  return { hunk, line: index - fl.starts[hunk]! };
}

function placed(target: PlaceTarget, place: Place): CommentPlace {
  return { ...place, target: target.id, key: contentKey(target, place) };
}

function judgeDiff(old: PlaceTarget, place: Extract<Place, { at: 'line' }>, next: PlaceTarget): Judged | null {
  const oldFile = old.files[place.file]!;
  const path = oldFile.status === 'deleted' ? oldFile.oldPath : oldFile.newPath;
  let f = findFile(next.files, path);
  if (f < 0 && oldFile.oldPath !== path) f = findFile(next.files, oldFile.oldPath);
  if (f < 0) return null;
  const from = fileLines(oldFile);
  const to = fileLines(next.files[f]!);
  const at = from.starts[place.hunk]! + place.line;
  const lo = from.starts[place.hunk]!;
  const hi = lo + oldFile.hunks[place.hunk]!.lines.length;
  const found = locate(from.lines, at, lo, hi, to.lines, alignedFiles(oldFile, next.files[f]!));
  if (found.state === 'gone') return overlapping(oldFile, place.hunk, next, f, found);
  const { hunk, line } = hunkAt(to, found.at);
  return { state: found.state, before: found.before, after: found.after, messageId: next.id, place: placed(next, { at: 'line', file: f, hunk, line }) };
}

/**
 * Nothing near the place was kept: the lines were rewritten, or the hunk is gone. A hunk of the next
 * version over the same lines of the old file means rewritten; none means the hunk was dropped.
 */
function overlapping(oldFile: FileDiff, h: number, next: PlaceTarget, f: number, found: Located): Judged | null {
  const old = oldFile.hunks[h]!;
  const file = next.files[f]!;
  const k = file.hunks.findIndex((n) => n.oldStart < old.oldStart + Math.max(old.oldLines, 1) && old.oldStart < n.oldStart + Math.max(n.oldLines, 1));
  if (k < 0) return null;
  const lines = file.hunks[k]!.lines.map((l) => l.raw);
  return { state: 'changed', before: found.before, after: lines.slice(0, 20), messageId: next.id, place: placed(next, { at: 'line', file: f, hunk: k, line: 0 }) };
}

function judgeText(lines: readonly string[], at: number, nextLines: readonly string[], next: PlaceTarget, section: 'text' | 'diffstat'): Judged {
  const found = locate(lines, at, 0, lines.length, nextLines, alignment(lines, nextLines));
  if (found.state === 'gone') {
    // The whole neighbourhood rewritten: the text is still there, changed; show where it would be.
    const middle = Math.min(nextLines.length - 1, Math.round((at / Math.max(1, lines.length)) * nextLines.length));
    const after = nextLines.slice(Math.max(0, middle - 3), middle + 4);
    return { state: 'changed', before: found.before, after, messageId: next.id, place: middle >= 0 ? placed(next, { at: section, line: middle }) : null };
  }
  return { state: found.state, before: found.before, after: found.after, messageId: next.id, place: placed(next, { at: section, line: found.at }) };
}

function sameFile(a: FileDiff | undefined, b: FileDiff | undefined): boolean {
  if (!a || !b) return false;
  const x = fileLines(a).lines;
  const y = fileLines(b).lines;
  return x.length === y.length && x.every((l, i) => l.trimEnd() === y[i]!.trimEnd());
}

/** A comment on no particular line (the whole patch, a file): changed when what it covers changed. */
function judgeWhole(old: PlaceTarget, place: Place, next: PlaceTarget): Judged | null {
  if (place.at === 'file' || place.at === 'hunk-end') {
    const file = old.files[place.file]!;
    const f = findFile(next.files, file.status === 'deleted' ? file.oldPath : file.newPath);
    if (f < 0) return null;
    const state = sameFile(file, next.files[f]) ? 'unchanged' : 'changed';
    return { state, before: [], after: [], messageId: next.id, place: placed(next, { at: 'file', file: f }) };
  }
  const unchanged =
    old.text.join('\n') === next.text.join('\n') &&
    old.files.length === next.files.length &&
    old.files.every((file, i) => sameFile(file, next.files[i]));
  return { state: unchanged ? 'unchanged' : 'changed', before: [], after: [], messageId: next.id, place: placed(next, { at: place.at === 'diffstat-end' ? 'diffstat-end' : 'text-end' }) };
}

/** Judges one next-version target for the comment; null when the place is gone from it. */
function judgeOne(old: PlaceTarget, place: Place, next: PlaceTarget): Judged | null {
  switch (place.at) {
    case 'line':
      return judgeDiff(old, place, next);
    case 'text':
      return judgeText(old.text, place.line, next.text, next, 'text');
    case 'diffstat':
      return judgeText(old.diffstat, place.line, next.diffstat, next, 'diffstat');
    default:
      return judgeWhole(old, place, next);
  }
}

/** The comment followed into the next version (`next` null: no later version in the archives). */
export function follow(comment: Comment, old: PlaceTarget, next: NextTarget | null, evidence: (c: Comment, changelog: string[]) => Pick<NextVersion, 'changelog' | 'promise'>): NextVersion {
  const place: Place = comment.place ?? { at: 'end' };
  const before = comment.place?.key ? [...comment.place.key.before, comment.place.key.line, ...comment.place.key.after] : [];
  if (next === null) {
    return { version: null, messageId: null, state: 'no-next', before, after: [], changelog: [], promise: evidence(comment, []).promise, place: null };
  }
  // A split patch: the piece that still holds the place; a changed place over an unchanged one elsewhere.
  const judged = next.targets.map((t) => judgeOne(old, place, t)).filter((j): j is Judged => j !== null);
  const best = judged.find((j) => j.state === 'unchanged') ?? judged[0] ?? null;
  const { changelog, promise } = evidence(comment, next.changelog);
  const base = { version: next.version, ...(next.revision ? { revision: true } : {}), changelog, promise };
  if (best === null) return { ...base, messageId: next.targets[0]?.id ?? null, state: 'dropped', before, after: [], place: null };
  return { ...base, ...best, before: best.before.length ? best.before : before };
}
