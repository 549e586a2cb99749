// A place of version N found in version N+1, and judged: the lines of both are aligned (jsdiff's
// diffArrays, Myers' LCS), so a line that moved with its neighbours is still itself, and what stands
// where the old lines were is the run between the nearest lines both versions kept.
import { diffArrays } from 'diff';
import { KEY_CONTEXT } from '../review/place.js';

/** The most lines shown of what replaced a place (a rewritten function can be long). */
const AFTER_MAX = 20;
/** How far from the place a kept line may be to bound what replaced it. */
const REACH = 12;

export interface Located {
  state: 'changed' | 'unchanged' | 'gone';
  before: string[];
  after: string[];
  /** Index in `next` of the anchored line (or of the middle of what replaced it); -1 when gone. */
  at: number;
}

/** Trailing blanks and a lost leading space of a blank context line do not make a line different. */
function same(line: string): string {
  return line.trimEnd();
}

// Myers' diff costs (N+M)·D: two rewrites of a 3,000-line driver would take seconds. Past this many
// edits the versions are too far apart for any line to be "the same place": nothing is aligned.
const MAX_EDITS = 1500;

/** For each index of `old`, its index in `next` when both versions kept the line, else -1. */
export function alignment(old: readonly string[], next: readonly string[]): number[] {
  const map = new Array<number>(old.length).fill(-1);
  let i = 0;
  let j = 0;
  const a = old.map(same);
  const b = next.map(same);
  // Two versions with few lines in common have no place to share: skip the diff (Myers would run to
  // its limit, 200 ms on two rewrites of a 3,000-line file, before saying so).
  const inNext = new Set(b);
  let common = 0;
  for (const line of a) if (inNext.has(line)) common++;
  if (common * 5 < Math.min(a.length, b.length)) return map;
  const parts = diffArrays(a, b, { maxEditLength: MAX_EDITS });
  if (parts === undefined) return map;
  for (const part of parts) {
    const n = part.count ?? part.value.length;
    if (part.added) j += n;
    else if (part.removed) i += n;
    else {
      for (let k = 0; k < n; k++) map[i + k] = j + k;
      i += n;
      j += n;
    }
  }
  return map;
}

/**
 * The line `at` of `old` (with `KEY_CONTEXT` lines either side, within [lo, hi) — its hunk) looked
 * up in `next`. `map` is `alignment(old, next)`.
 */
export function locate(old: readonly string[], at: number, lo: number, hi: number, next: readonly string[], map: readonly number[]): Located {
  const first = Math.max(lo, at - KEY_CONTEXT);
  const last = Math.min(hi - 1, at + KEY_CONTEXT);
  const before = old.slice(first, last + 1);
  const window = map.slice(first, last + 1);
  const kept = window.every((j, k) => j >= 0 && (k === 0 || j === window[k - 1]! + 1));
  if (kept) return { state: 'unchanged', before, after: next.slice(window[0]!, window[window.length - 1]! + 1), at: map[at]! };

  // The lines both versions kept nearest the window bound what replaced it.
  let from = -1;
  for (let i = first; i >= Math.max(0, first - REACH); i--) {
    if (map[i]! >= 0) {
      from = map[i]!;
      break;
    }
  }
  let to = -1;
  for (let i = last; i <= Math.min(old.length - 1, last + REACH); i++) {
    if (map[i]! >= 0) {
      to = map[i]!;
      break;
    }
  }
  if (from < 0 && to < 0) return { state: 'gone', before, after: [], at: -1 };
  if (from < 0) from = Math.max(0, to - (at - first));
  if (to < 0) to = Math.min(next.length - 1, from + (last - at) + (at - first));
  if (to < from) [from, to] = [to, from];
  const middle = map[at]! >= 0 ? map[at]! : Math.floor((from + to) / 2);
  if (to - from + 1 > AFTER_MAX) {
    from = Math.max(from, middle - AFTER_MAX / 2);
    to = Math.min(to, from + AFTER_MAX - 1);
  }
  return { state: 'changed', before, after: next.slice(from, to + 1), at: middle };
}
