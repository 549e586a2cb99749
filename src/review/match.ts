// Finding quoted lines in the text they quote.
//
// Reviewers trim, mail clients turn tabs into spaces, collapse runs of spaces, space-stuff
// (RFC 3676 §4.4), and re-wrap long lines; format=flowed senders have their short lines joined by
// the decoder while the quoting client kept them short. So a quoted line and its original are
// compared with all whitespace removed, as a stream: a quoted line may be a whole line of the
// original, a piece of one, or span two. When the same text occurs several times (a closing brace,
// `irq_bypass_unregister_producer(...)` three times in the vfio patch) the choice is made by the
// quoted context: consecutive quoted lines prefer consecutive places, and the whole quote prefers
// to read forward through the original. This is one dynamic-programming pass (a chain of best
// placements), not a nearest-match guess.

/** The comparison key of a line: its text without any whitespace. */
export function matchKey(text: string): string {
  return text.replace(/[\s\u00a0\u200b\u200c\u200d\ufeff]+/g, '');
}

export interface QuoteItem {
  key: string;
  /** Depth the line should have in the original (its depth in the reply minus one). */
  depth: number;
  /** True when the quote was cut right before this line ("[...]"): no adjacency with the previous one. */
  afterCut?: boolean;
}

export interface OriginalLine {
  key: string;
  depth: number;
}

interface Candidate {
  start: number;
  end: number;
  line: number;
  score: number;
}

interface State {
  score: number;
  item: number;
  cand: Candidate;
  prev: State | null;
}

// Lines this short ("}", "{", "*/") match by themselves only as whole lines.
const SHORT = 4;
// Most places one quoted line is looked for; beyond that the context decides among the first ones.
const MAX_CANDIDATES = 400;
const MAX_PARTIAL = 60;

/**
 * For each quoted item, the index of the original line it matches (the line holding its last
 * character), or null when it is not found.
 */
/** An original indexed for matching; built once per patch or mail however many replies quote it. */
export interface PreparedOriginal {
  lines: readonly OriginalLine[];
  starts: number[];
  stream: string;
  byKey: Map<string, number[]>;
  /**
   * The chain tree, kept between calls and cleared after each: it is as long as the original's
   * stream, and allocating it anew for every quote block was a fifth of linux-leds' linking time.
   */
  tree?: MaxTree;
}

export function prepareOriginal(original: readonly OriginalLine[]): PreparedOriginal {
  const starts: number[] = [];
  let offset = 0;
  for (const line of original) {
    starts.push(offset);
    offset += line.key.length;
  }
  const byKey = new Map<string, number[]>();
  original.forEach((line, i) => {
    if (!line.key) return;
    const list = byKey.get(line.key);
    if (list) list.push(i);
    else byKey.set(line.key, [i]);
  });
  return { lines: original, starts, stream: original.map((l) => l.key).join(''), byKey };
}

export function alignQuote(items: readonly QuoteItem[], given: readonly OriginalLine[] | PreparedOriginal): (number | null)[] {
  const prepared = 'stream' in given ? given : prepareOriginal(given);
  const { lines: original, starts, stream } = prepared;
  const result: (number | null)[] = items.map(() => null);
  if (!items.length || !original.length) return result;
  // The line holding the character at `pos`: the last line starting at or before it. Empty lines
  // share their offset with the next line, which therefore comes later and wins.
  const lineAt = (pos: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const best = (prepared.tree ??= new MaxTree(stream.length + 1));
  try {
    return chain(items, prepared, best, lineAt, result);
  } finally {
    best.clear();
  }
}

function chain(
  items: readonly QuoteItem[],
  prepared: PreparedOriginal,
  best: MaxTree,
  lineAt: (pos: number) => number,
  result: (number | null)[],
): (number | null)[] {
  let globalBest: State | null = null;
  let previousStates: Map<number, State> | null = null;
  let overall: State | null = null;

  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (!item.key) continue;
    if (item.afterCut) previousStates = null;
    const cands = candidates(item, prepared, lineAt, previousStates);
    if (!cands.length) continue;
    const states = new Map<number, State>();
    const fresh: State[] = [];
    for (const cand of cands) {
      let from: State | null = null;
      let gain = 0;
      const adjacent = previousStates?.get(cand.start);
      if (adjacent) {
        from = adjacent;
        gain = adjacent.score + 2;
      }
      const forward = best.query(cand.start);
      if (forward && forward.score > gain) {
        from = forward;
        gain = forward.score;
      }
      if (globalBest && globalBest.score - 4 > gain) {
        from = globalBest;
        gain = globalBest.score - 4;
      }
      const state: State = { score: gain + cand.score, item: i, cand, prev: from };
      const same = states.get(cand.end);
      if (!same || same.score < state.score) states.set(cand.end, state);
      fresh.push(state);
    }
    for (const state of fresh) {
      best.update(state.cand.end, state);
      if (!globalBest || state.score > globalBest.score) globalBest = state;
      if (!overall || state.score > overall.score) overall = state;
    }
    previousStates = states;
  }

  for (let s: State | null = overall; s; s = s.prev) result[s.item] = s.cand.line;
  return result;
}

function candidates(
  item: QuoteItem,
  prepared: PreparedOriginal,
  lineAt: (pos: number) => number,
  previous: Map<number, State> | null,
): Candidate[] {
  const { byKey, stream, starts, lines: original } = prepared;
  const out: Candidate[] = [];
  const whole = byKey.get(item.key);
  if (whole) {
    for (const line of wholeLinePlaces(whole, starts, lineAt, previous, (l) => original[l]!.key === item.key)) {
      const start = starts[line]!;
      const depthBonus = original[line]!.depth === item.depth ? 1 : 0;
      out.push({ start, end: start + item.key.length, line, score: 3 + depthBonus });
    }
    return out;
  }
  if (item.key.length < SHORT) return out;
  // A piece of a longer line, or a line a client joined: look in the stream.
  let from = 0;
  while (out.length < MAX_PARTIAL) {
    const at = stream.indexOf(item.key, from);
    if (at < 0) break;
    const end = at + item.key.length;
    const line = lineAt(end - 1);
    const depthBonus = original[line]!.depth === item.depth ? 1 : 0;
    out.push({ start: at, end, line, score: (item.key.length >= 20 ? 3 : 2) + depthBonus });
    from = at + 1;
  }
  return out;
}

// A blank "+" line or a lone "}" occurs hundreds of times in a big patch; what decides is whether
// it continues the line quoted before it. Beyond this many places, keep those that do, and the
// first few after where the previous line was found.
const WIDE = 32;

function wholeLinePlaces(
  whole: number[],
  starts: number[],
  lineAt: (pos: number) => number,
  previous: Map<number, State> | null,
  isPlace: (line: number) => boolean,
): number[] {
  if (whole.length <= WIDE) return whole;
  if (!previous?.size) return whole.slice(0, MAX_CANDIDATES);
  const places = new Set<number>();
  let from = Infinity;
  for (const end of previous.keys()) {
    from = Math.min(from, end);
    const line = lineAt(end);
    if (starts[line] === end && isPlace(line)) places.add(line);
  }
  let lo = 0;
  let hi = whole.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[whole[mid]!]! < from) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < whole.length && places.size < WIDE; k++) places.add(whole[k]!);
  return places.size ? [...places] : whole.slice(0, WIDE);
}

/** Prefix maximum over stream offsets (a Fenwick tree keeping the best chain ending at or before). */
class MaxTree {
  private readonly tree: (State | null)[];
  private readonly touched: number[] = [];

  constructor(size: number) {
    this.tree = new Array<State | null>(size + 2).fill(null);
  }

  update(pos: number, state: State): void {
    for (let i = pos + 1; i < this.tree.length; i += i & -i) {
      const cur = this.tree[i];
      if (!cur) this.touched.push(i);
      if (!cur || cur.score < state.score) this.tree[i] = state;
    }
  }

  /** Back to empty, touching only the entries that were set. */
  clear(): void {
    for (const i of this.touched) this.tree[i] = null;
    this.touched.length = 0;
  }

  /** Best state whose chain ends at or before `pos`. */
  query(pos: number): State | null {
    let bestState: State | null = null;
    for (let i = Math.min(pos + 1, this.tree.length - 1); i > 0; i -= i & -i) {
      const cur = this.tree[i];
      if (cur && (!bestState || cur.score > bestState.score)) bestState = cur;
    }
    return bestState;
  }
}
