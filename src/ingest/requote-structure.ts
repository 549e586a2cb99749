// Quote depth of a marker-less body from its structure alone (no quoted mail in the archive):
//  - the attribution lines at the top say who speaks at which depth: the page's author at 0, the
//    first attribution's author at 1, the next (nested) one at 2 …;
//  - the patch (commit message, diffstat, diff lines and the context lines that lost their space)
//    is the deepest level;
//  - prose between patch excerpts alternates reviewer / patch author; a reviewer hard-wraps at a
//    fixed width, so a line break the wrap would not have made is a change of speaker, and lines
//    longer than that width are the other speaker's (Ben Luo's Thunderbird sent format=flowed).
import { attributionAt, type Attribution } from './requote-attribution.js';
import { isPatchMarker, lineKinds, opensAnswer, startsDiffPart, type LineKind } from './requote-lines.js';

export interface LineGuess {
  depth: number;
  /** 0..1: how sure the depth is. */
  confidence: number;
  kind: LineKind;
  /** A diff context line that lost its leading space: the space goes back when it is rebuilt. */
  context: boolean;
  /** The attribution this line belongs to, by its index in `chain`. */
  attribution?: number;
}

export interface QuoteStructure {
  lines: LineGuess[];
  /** The nested attributions at the top, outermost first: chain[k] introduces depth k + 1. */
  chain: Attribution[];
  /** The deepest depth (the patch's), 0 when nothing is quoted. */
  deepest: number;
}

interface Unit {
  start: number;
  end: number;
}

const plain = (line: string): string => line.replace(/\u00a0/g, ' ').trimEnd();
const firstWord = (line: string): string => plain(line).trim().split(/\s+/)[0] ?? '';

/** The wrap width of hard-wrapped prose: the longest line up to 80 that another line follows. */
function wrapWidth(lines: string[], kinds: LineKind[]): number {
  let width = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    if (kinds[i] !== 'prose' || kinds[i + 1] !== 'prose') continue;
    const length = plain(lines[i]!).length;
    if (length <= 80) width = Math.max(width, length);
  }
  return width >= 50 ? width : 72;
}

/** The attributions at the top of the body, each nested in the previous one. */
function attributionChain(lines: string[]): { chain: Attribution[]; after: number } {
  const chain: Attribution[] = [];
  let i = 0;
  // A greeting or a whole answer may come first ("Hi Oleh,\n\nThank you for…"): the chain starts at
  // the first attribution, wherever it is.
  for (; i < lines.length && chain.length === 0; i++) {
    const a = attributionAt(lines, i);
    if (a) {
      chain.push(a);
      i = a.end;
    }
  }
  if (chain.length === 0) return { chain, after: 0 };
  i = chain[0]!.end + 1;
  for (;;) {
    let j = i;
    while (j < lines.length && !lines[j]!.trim()) j++;
    // The quoted writer's greeting may sit between two attributions ("Hi Anish and Mukesh,").
    if (j < lines.length && /^(?:hi|hello|hey|dear)\b.{0,40}[,!]?$/i.test(lines[j]!.trim()) && !attributionAt(lines, j)) {
      j++;
      while (j < lines.length && !lines[j]!.trim()) j++;
    }
    const a = j < lines.length ? attributionAt(lines, j) : null;
    if (!a) break;
    chain.push(a);
    i = a.end + 1;
  }
  return { chain, after: i };
}

/** Splits a prose run into units: at blank lines and at breaks a hard wrap would not have made. */
function units(lines: string[], kinds: LineKind[], start: number, end: number, width: number): Unit[] {
  const out: Unit[] = [];
  let unitStart = -1;
  for (let i = start; i < end; i++) {
    if (kinds[i] === 'blank') {
      if (unitStart >= 0) out.push({ start: unitStart, end: i - 1 });
      unitStart = -1;
      continue;
    }
    if (unitStart < 0) {
      unitStart = i;
      continue;
    }
    const previous = plain(lines[i - 1]!);
    const sentenceEnd = /[.?!:]$/.test(previous);
    const wouldHaveFit = previous.length <= width && previous.length + 1 + firstWord(lines[i]!).length <= width;
    const code = kinds[i] === 'code' || kinds[i - 1] === 'code';
    if (!code && sentenceEnd && (wouldHaveFit || opensAnswer(lines[i]!))) {
      out.push({ start: unitStart, end: i - 1 });
      unitStart = i;
    }
  }
  if (unitStart >= 0) out.push({ start: unitStart, end: end - 1 });
  return out;
}

/** > 0: the reviewer's (quoted one level above the patch); ≤ 0: the page author's answer. */
function reviewerScore(lines: string[], kinds: LineKind[], unit: Unit, first: boolean, width: number): number {
  const text = lines.slice(unit.start, unit.end + 1).map(plain);
  let score = first ? 3 : 0;
  if (text.some((l) => l.length > width + 8)) score -= 4;
  if (opensAnswer(text[0]!)) score -= 3;
  if (/\?$/.test(text[text.length - 1]!)) score += 1;
  if (/^(?:why|can you|could you|shouldn't|should|please|nit|what|how|is there|do we|does)\b/i.test(text[0]!.trim())) score += 1;
  if (text.some((l) => /\b(?:I will|I'll|next version|in v\d)\b/i.test(l))) score -= 1;
  // A hard-wrapped paragraph of the reviewer's fills its lines to near the width.
  if (text.length >= 2 && text.slice(0, -1).every((l) => l.length >= width - 20 && l.length <= width)) score += 1;
  // Code pasted in prose with no-break-space indentation is Thunderbird's, the page author's client.
  if (lines.slice(unit.start, unit.end + 1).some((l, k) => kinds[unit.start + k] === 'code' && /^\u00a0/.test(l))) score -= 2;
  return score;
}

export function quoteStructure(body: string): QuoteStructure {
  const lines = body.split('\n');
  const kinds = lineKinds(lines);
  const guesses: LineGuess[] = kinds.map((kind) => ({ depth: 0, confidence: 0.5, kind, context: false }));
  const { chain, after } = attributionChain(lines);
  // A quote of a patch mail may stop before the diff: commit message, "---", notes, diffstat.
  const hasDiff = kinds.some((k) => isPatchMarker(k) || k === 'diffstat');
  const deepest = chain.length > 0 ? chain.length : hasDiff ? 1 : 0;
  if (deepest === 0) return { lines: guesses, chain, deepest };

  for (const [k, a] of chain.entries()) {
    for (let i = a.start; i <= a.end; i++) Object.assign(guesses[i]!, { depth: k, confidence: 0.9, attribution: k });
    // A greeting between two attributions is the quoted writer's, at the inner one's depth.
    const next = chain[k + 1];
    if (next) for (let i = a.end + 1; i < next.start; i++) Object.assign(guesses[i]!, { depth: k + 1, confidence: 0.7 });
  }
  const width = wrapWidth(lines, kinds);
  const reviewer = Math.max(0, deepest - 1);

  // Patch lines: the commit message up to the diff part, then every excerpt (diff lines and the code
  // lines touching them).
  const patch = new Array<boolean>(lines.length).fill(false);
  const diffStart = hasDiff ? kinds.findIndex((k, i) => i >= after && startsDiffPart(k)) : -1;
  if (diffStart >= 0) for (let i = after; i < diffStart; i++) patch[i] = true;
  for (let i = Math.max(after, diffStart); diffStart >= 0 && i < lines.length; i++) {
    if (isPatchMarker(kinds[i]!) || kinds[i] === 'diffstat' || kinds[i] === 'separator' || kinds[i] === 'trailer') patch[i] = true;
  }
  // git format-patch notes ("v18: - Rename …") sit between the "---" and the diffstat.
  for (let i = Math.max(after, diffStart); diffStart >= 0 && i < lines.length; i++) {
    if (kinds[i] !== 'separator') continue;
    let j = i + 1;
    while (j < lines.length && !isPatchMarker(kinds[j]!) && kinds[j] !== 'diffstat' && kinds[j] !== 'separator') j++;
    if (kinds[j] === 'diffstat') for (let k = i + 1; k < j; k++) patch[k] = true;
  }
  // Grow excerpts over adjacent code lines and blank lines inside them: a forward and a backward
  // sweep spread through whole runs, a few rounds let blanks join (linear, not one line per round).
  const grow = (i: number): boolean => {
    if (patch[i]) return false;
    const touches = (patch[i - 1] ?? false) || (patch[i + 1] ?? false);
    const inside = kinds[i] === 'blank' && (patch[i - 1] ?? false) && (patch[i + 1] ?? false);
    return (kinds[i] === 'code' && touches && !/^\u00a0/.test(lines[i]!)) || inside;
  };
  const from = Math.max(after, diffStart);
  for (let round = 0, changed = diffStart >= 0; round < 4 && changed; round++) {
    changed = false;
    for (let i = from; i < lines.length; i++) if (grow(i)) changed = patch[i] = true;
    for (let i = lines.length - 1; i >= from; i--) if (grow(i)) changed = patch[i] = true;
  }
  for (let i = 0; i < lines.length; i++) {
    if (!patch[i] || guesses[i]!.attribution !== undefined) continue;
    const kind = kinds[i]!;
    Object.assign(guesses[i]!, { depth: deepest, confidence: isPatchMarker(kind) ? 0.95 : 0.8, context: kind === 'code' && i >= diffStart });
  }

  // Prose runs after the attributions: between excerpts, or the whole rest when nothing is a patch.
  let runStart = -1;
  const flush = (end: number): void => {
    if (runStart < 0) return;
    const runUnits = units(lines, kinds, runStart, end, width);
    for (const [n, unit] of runUnits.entries()) {
      const score = deepest === 1 && hasDiff ? -4 : reviewerScore(lines, kinds, unit, n === 0, width);
      const depth = score > 0 ? (hasDiff ? reviewer : deepest) : 0;
      const confidence = 0.5 + 0.1 * Math.min(4, Math.abs(score));
      for (let i = unit.start; i <= unit.end; i++) Object.assign(guesses[i]!, { depth, confidence });
    }
    runStart = -1;
  };
  for (let i = after; i < lines.length; i++) {
    if (patch[i] || guesses[i]!.attribution !== undefined) flush(i);
    else if (runStart < 0) runStart = i;
  }
  flush(lines.length);
  fillBlanks(guesses);
  return { lines: guesses, chain, deepest };
}

/** A blank line takes the shallower depth of its neighbours (">" between two quoted paragraphs). */
export function fillBlanks(guesses: LineGuess[]): void {
  for (let i = 0; i < guesses.length; i++) {
    if (guesses[i]!.kind !== 'blank') continue;
    let before = i - 1;
    while (before >= 0 && guesses[before]!.kind === 'blank') before--;
    let after = i + 1;
    while (after < guesses.length && guesses[after]!.kind === 'blank') after++;
    const depths = [before >= 0 ? guesses[before]!.depth : null, after < guesses.length ? guesses[after]!.depth : null].filter((d): d is number => d !== null);
    guesses[i]!.depth = depths.length ? Math.min(...depths) : 0;
  }
}
