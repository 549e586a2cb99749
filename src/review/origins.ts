// Where each quoted line of a reply comes from: a line of the patch, or a line some earlier turn
// said. A reply quotes its parent; the parent's own quotes were already traced to their origins,
// so tracing one level is enough at every depth (Alex's 29-Aug mail quotes the patch five levels
// deep through four mails, two of them rebuilt from those very quotes).
import { isSnip } from './boilerplate.js';
import type { MailText, Turn } from './mail.js';
import { alignQuote, matchKey, prepareOriginal, type OriginalLine, type PreparedOriginal, type QuoteItem } from './match.js';
import type { PatchText } from './patch-text.js';
import type { QuoteBlock } from './quotes.js';

export type LineOrigin =
  | { kind: 'patch'; text: PatchText; index: number }
  | { kind: 'turn'; turn: Turn; line: number };

/** What a mail answers: a patch (or cover letter), or another mail already traced. */
export type Quoted = { kind: 'patch'; text: PatchText } | { kind: 'mail'; traced: TracedMail };

export interface TracedMail {
  mail: MailText;
  parent: Quoted | null;
  /** Per body line: own lines point at their turn, quoted lines at what they quote (null: not found). */
  origins: Array<LineOrigin | null>;
  /** Per body line: the index of the parent's line it matched (quoted lines only). */
  parentIndex: Array<number | null>;
  /**
   * First and last line of what the parent itself says (its turns; for a patch, its text up to the
   * end of the diff), to tell a quote of the whole parent from a trimmed one. Null without parent.
   */
  parentSpan: { first: number; last: number; lines: number } | null;
}

interface Original {
  lines: OriginalLine[];
  origins: Array<LineOrigin | null>;
  prepared: PreparedOriginal;
}

// A patch is quoted by every reply to it: index it once.
const originals = new WeakMap<object, Original>();

function originalOf(quoted: Quoted): Original {
  const key = quoted.kind === 'patch' ? quoted.text : quoted.traced;
  const known = originals.get(key);
  if (known) return known;
  const built = buildOriginal(quoted);
  const original = { ...built, prepared: prepareOriginal(built.lines) };
  originals.set(key, original);
  return original;
}

/** The lines of what a mail quotes, as the matcher compares them, with their origins. */
function buildOriginal(quoted: Quoted): { lines: OriginalLine[]; origins: Array<LineOrigin | null> } {
  if (quoted.kind === 'patch') {
    const text = quoted.text;
    return {
      lines: text.lines.map((l) => ({ key: matchKey(l.raw), depth: 0 })),
      origins: text.lines.map((_, index): LineOrigin => ({ kind: 'patch', text, index })),
    };
  }
  const { mail, origins } = quoted.traced;
  return {
    lines: mail.lines.map((l, i) => ({ key: mail.markers.has(i) ? '' : matchKey(l.text), depth: l.depth })),
    origins,
  };
}

/** Traces every line of `mail` against what it answers. */
export function traceMail(mail: MailText, parent: Quoted | null): TracedMail {
  const origins: Array<LineOrigin | null> = mail.ownAt.map((own) => (own ? { kind: 'turn', turn: own.turn, line: own.line } : null));
  const traced: TracedMail = { mail, parent, origins, parentIndex: mail.lines.map(() => null), parentSpan: null };
  if (!parent) return traced;
  const original = originalOf(parent);
  traced.parentSpan = spanOf(parent, original.lines);
  const items: QuoteItem[] = [];
  const at: number[] = [];
  let cut = false;
  mail.lines.forEach((line, i) => {
    if (line.depth === 0) {
      if (mail.markers.has(i) && isSnip(line.text)) cut = true;
      return;
    }
    if (isSnip(line.text)) {
      cut = true;
      return;
    }
    const key = matchKey(line.text);
    if (!key) return;
    items.push({ key, depth: line.depth - 1, ...(cut ? { afterCut: true } : {}) });
    at.push(i);
    cut = false;
  });
  const found = alignQuote(items, original.prepared);
  found.forEach((index, k) => {
    if (index === null) return;
    origins[at[k]!] = original.origins[index] ?? null;
    traced.parentIndex[at[k]!] = index;
  });
  absorbForeignQuotes(traced);
  return traced;
}

/** Where the parent's own words start and end, and how many lines with text lie between. */
function spanOf(parent: Quoted, lines: OriginalLine[]): { first: number; last: number; lines: number } | null {
  let first: number | undefined;
  let last: number | undefined;
  if (parent.kind === 'mail') {
    const turns = parent.traced.mail.turns;
    first = turns[0]?.bodyLines[0];
    last = turns.at(-1)?.bodyLines.at(-1);
  } else {
    first = lines.findIndex((l) => l.key);
    last = lines.length - 1;
    while (last >= 0 && !lines[last]!.key) last--;
  }
  if (first === undefined || last === undefined || first < 0) return null;
  let count = 0;
  for (let i = first; i <= last; i++) if (lines[i]?.key) count++;
  return { first, last, lines: count };
}

/**
 * A `>` block that matches nothing of the parent while the rest of the mail does is text quoted
 * from elsewhere (a snippet of another project's code, a datasheet): part of the turn around it.
 */
function absorbForeignQuotes(traced: TracedMail): void {
  const { mail, origins } = traced;
  const matchedSomewhere = mail.lines.some((l, i) => l.depth > 0 && origins[i] !== null);
  if (!matchedSomewhere) return;
  for (let b = 1; b < mail.blocks.length - 1; b++) {
    const block = mail.blocks[b]!;
    if (!block.quoted || !isForeign(block, origins)) continue;
    const before = mail.turns.find((t) => t.block === b - 1);
    if (!before) continue;
    const after = mail.turns.find((t) => t.block === b + 1);
    const quoted = block.lines.map((l) => l.raw);
    before.lines.push('', ...quoted);
    for (let k = 0; k < block.lines.length; k++) {
      origins[block.start + k] = { kind: 'turn', turn: before, line: before.lines.length - quoted.length + k };
    }
    if (after) {
      const offset = before.lines.length + 1;
      before.lines.push('', ...after.lines);
      origins.forEach((o, i) => {
        if (o?.kind === 'turn' && o.turn === after) origins[i] = { kind: 'turn', turn: before, line: offset + o.line };
      });
      mail.turns.splice(mail.turns.indexOf(after), 1);
    }
  }
}

function isForeign(block: QuoteBlock, origins: Array<LineOrigin | null>): boolean {
  let content = 0;
  for (let k = 0; k < block.lines.length; k++) {
    if (!block.lines[k]!.text.trim()) continue;
    content++;
    if (origins[block.start + k] !== null) return false;
  }
  return content > 0;
}
