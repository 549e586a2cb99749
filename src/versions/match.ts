// Which patch of version N became which patch of version N+1, the way a reviewer pairs them: by the
// subject without its `[PATCH vN k/M]` prefix first, then by the files a patch touches and the lines
// its diff adds and removes (a retitled patch keeps most of its lines). What is left is named: split
// (one patch's lines spread over several new ones), squashed (several into one), dropped or added.
import type { Patch, PatchMatch } from '../model.js';
import { normalisedTitle } from '../thread/subject.js';

/** Share of changed lines two diffs must have in common to be the same patch retitled. */
const SAME_PATCH = 0.5;
/** Share of a piece's changed lines that must come from the patch it was split from (or squashed into). */
const PIECE = 0.5;

const changedCache = new WeakMap<Patch, Set<string>>();
const filesCache = new WeakMap<Patch, Set<string>>();

/** The `+`/`-` lines of a patch's diff, whitespace-trimmed: what it changes, wherever it sits. */
export function changedLines(patch: Patch): Set<string> {
  const cached = changedCache.get(patch);
  if (cached) return cached;
  const out = new Set<string>();
  changedCache.set(patch, out);
  for (const file of patch.files) {
    for (const hunk of file.hunks) {
      for (const line of hunk.lines) if (line.kind !== 'context') out.add(`${line.raw[0]}${line.text.trim()}`);
    }
  }
  return out;
}

function filesOf(patch: Patch): Set<string> {
  let files = filesCache.get(patch);
  if (!files) filesCache.set(patch, (files = new Set(patch.files.flatMap((f) => [f.oldPath, f.newPath]).filter((p) => p !== '/dev/null'))));
  return files;
}

function common(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
}

/** 0..1: the changed lines two patches share, over the larger of the two. */
export function similarity(a: Set<string>, b: Set<string>): number {
  const size = Math.max(a.size, b.size);
  return size === 0 ? 0 : common(a, b) / size;
}

/**
 * Lines two patches must share, and the share of the smaller one's telling lines they must be, to be
 * one patch reworked (vfio v3 2/3, rewritten after tglx's review and rebuilt here from his quotes,
 * shares 22 of its 48 telling lines with v4 2/3).
 */
const REWORKED_LINES = 8;
const REWORKED_SHARE = 0.4;

/**
 * 0..1, the share of the smaller patch's telling lines the larger one has too, when it is enough to
 * call them one patch reworked; 0 otherwise. A bare `+}` or `+` is in every patch: only lines with
 * some code in them tell two patches apart.
 */
export function reworked(a: Patch, b: Patch): number {
  const x = changedLines(a);
  const y = changedLines(b);
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  let common = 0;
  let telling = 0;
  for (const line of small) {
    if (line.length <= 6) continue;
    telling++;
    if (large.has(line)) common++;
  }
  return common >= REWORKED_LINES && common >= REWORKED_SHARE * telling ? common / telling : 0;
}

export function touchesSameFile(a: Patch, b: Patch): boolean {
  const files = filesOf(b);
  for (const f of filesOf(a)) if (files.has(f)) return true;
  return false;
}

/**
 * Pairs the patches of two versions (each list in part order) and names what happened to each.
 * `toComplete` false: the later version lacks parts in the archives, so an unmatched patch is `missing`.
 */
export function matchPatches(from: readonly Patch[], to: readonly Patch[], toComplete = true): PatchMatch[] {
  const lines = new Map<Patch, Set<string>>([...from, ...to].map((p) => [p, changedLines(p)]));
  const pairs: Array<{ a: Patch; b: Patch; by: 'subject' | 'diff'; similarity: number }> = [];
  const usedA = new Set<Patch>();
  const usedB = new Set<Patch>();

  // 1. The same subject, once on each side.
  const titles = new Map<Patch, string>([...from, ...to].map((p) => [p, normalisedTitle(p.title)]));
  const count = (list: readonly Patch[]) => {
    const n = new Map<string, number>();
    for (const p of list) n.set(titles.get(p)!, (n.get(titles.get(p)!) ?? 0) + 1);
    return n;
  };
  const fromCount = count(from);
  const toCount = count(to);
  for (const a of from) {
    const title = titles.get(a)!;
    if (!title || fromCount.get(title) !== 1 || toCount.get(title) !== 1) continue;
    const b = to.find((p) => titles.get(p) === title)!;
    pairs.push({ a, b, by: 'subject', similarity: similarity(lines.get(a)!, lines.get(b)!) });
    usedA.add(a);
    usedB.add(b);
  }

  // 2. Retitled: the same files and most of the same changed lines, best pairs first.
  const candidates: Array<{ a: Patch; b: Patch; s: number }> = [];
  for (const a of from) {
    if (usedA.has(a)) continue;
    for (const b of to) {
      if (usedB.has(b) || !touchesSameFile(a, b)) continue;
      const s = similarity(lines.get(a)!, lines.get(b)!);
      if (s >= SAME_PATCH || reworked(a, b) > 0) candidates.push({ a, b, s });
    }
  }
  candidates.sort((x, y) => y.s - x.s);
  for (const { a, b, s } of candidates) {
    if (usedA.has(a) || usedB.has(b)) continue;
    pairs.push({ a, b, by: 'diff', similarity: s });
    usedA.add(a);
    usedB.add(b);
  }

  const matches: PatchMatch[] = [];
  // 3. Split and squashed: a piece holds mostly lines of one patch on the other side.
  const share = (piece: Patch, whole: Patch) => {
    const p = lines.get(piece)!;
    return p.size === 0 ? 0 : common(p, lines.get(whole)!) / p.size;
  };
  for (const a of from) {
    if (usedA.has(a)) continue;
    const pieces = to.filter((b) => !usedB.has(b) && touchesSameFile(a, b) && share(b, a) >= PIECE);
    if (pieces.length >= 2) {
      matches.push({ change: 'split', from: [a.messageId], to: pieces.map((b) => b.messageId), by: 'diff', similarity: null });
      usedA.add(a);
      for (const b of pieces) usedB.add(b);
    }
  }
  for (const b of to) {
    if (usedB.has(b)) continue;
    const pieces = from.filter((a) => !usedA.has(a) && touchesSameFile(a, b) && share(a, b) >= PIECE);
    if (pieces.length >= 2) {
      matches.push({ change: 'squashed', from: pieces.map((a) => a.messageId), to: [b.messageId], by: 'diff', similarity: null });
      usedB.add(b);
      for (const a of pieces) usedA.add(a);
    }
  }

  // 4. Kept, or reordered when the pair's place among the kept patches changed.
  const rankA = new Map(pairs.map((p) => p.a).sort((x, y) => from.indexOf(x) - from.indexOf(y)).map((p, i) => [p, i]));
  const rankB = new Map(pairs.map((p) => p.b).sort((x, y) => to.indexOf(x) - to.indexOf(y)).map((p, i) => [p, i]));
  for (const { a, b, by, similarity: s } of pairs) {
    const change = rankA.get(a) === rankB.get(b) ? 'kept' : 'reordered';
    matches.push({ change, from: [a.messageId], to: [b.messageId], by, similarity: round(s) });
  }

  // 5. The rest.
  for (const a of from) if (!usedA.has(a)) matches.push({ change: toComplete ? 'dropped' : 'missing', from: [a.messageId], to: [], by: null, similarity: null });
  for (const b of to) if (!usedB.has(b)) matches.push({ change: 'added', from: [], to: [b.messageId], by: null, similarity: null });

  // In the later version's order, dropped patches where they were.
  const position = (m: PatchMatch): number => {
    const b = m.to[0];
    if (b !== undefined) return to.findIndex((p) => p.messageId === b) + 0.5;
    return from.findIndex((p) => p.messageId === m.from[0]);
  };
  return matches.sort((x, y) => position(x) - position(y));
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
