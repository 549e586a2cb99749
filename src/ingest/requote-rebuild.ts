// The rebuilt body ("> " markers put back) and the mails a rebuilt quote shows, as Messages of their
// own when the archive lacks them: the seed holds Ben Luo's patch of 22 Aug (depth 2) and Alex
// Williamson's review of 28 Aug (depth 1) inside Ben's reply.
import { createHash } from 'node:crypto';
import type { Message } from '../model.js';
import { attributionDate } from './requote-attribution.js';
import type { ArchiveMatch } from './requote-archive.js';
import { fillBlanks, type LineGuess, type QuoteStructure } from './requote-structure.js';

export interface QuotedLine extends LineGuess {
  /** The line without markers, as it is put back (from the archive when it held the line). */
  text: string;
}

const STRUCTURE_ONLY = 0.85;

/** Structure and archive together: the archive wins where it holds the line. */
export function mergeDepths(body: string, structure: QuoteStructure, match: ArchiveMatch | null): QuotedLine[] {
  const lines = body.split('\n');
  const out: QuotedLine[] = structure.lines.map((guess, i) => {
    const raw = lines[i]!;
    const restored = (guess.context || (guess.kind === 'diffstat' && guess.depth > 0)) && !/^\s/.test(raw) ? ` ${raw}` : raw;
    // Depths the structure alone gave are a guess until a mail of the archive confirms the text.
    return { ...guess, text: restored, confidence: guess.confidence * STRUCTURE_ONLY };
  });
  if (!match) return out;
  for (const [i, line] of out.entries()) {
    const hit = match.lines[i];
    if (hit) {
      Object.assign(line, { depth: hit.depth, text: hit.text, confidence: 1 });
    } else if ((line.kind === 'prose' || (line.kind === 'code' && !line.context)) && line.attribution === undefined && line.depth > 0 && match.found.has(line.depth)) {
      // The mail at that depth is in the archive and does not hold this line: the page author wrote it.
      Object.assign(line, { depth: 0, text: lines[i]!, context: false, confidence: 0.85 });
    }
  }
  fillBlanks(out);
  return out;
}

export function renderQuoted(lines: QuotedLine[]): string {
  return lines.map((l) => (l.depth > 0 ? `${'>'.repeat(l.depth)}${l.text ? ` ${l.text}` : ''}` : l.text)).join('\n');
}

/** Mean confidence of the lines that carry text. */
export function quoteConfidence(lines: QuotedLine[]): number {
  const scored = lines.filter((l) => l.kind !== 'blank');
  if (scored.length === 0) return 0;
  return Math.round((scored.reduce((s, l) => s + l.confidence, 0) / scored.length) * 100) / 100;
}

/** The body of the mail quoted at depth `k`: its lines, `k` levels of markers taken off. */
export function bodyAtDepth(lines: QuotedLine[], k: number, isPatch: boolean): string {
  const out: string[] = [];
  let gap = false;
  for (const line of lines) {
    if (line.depth < k) {
      gap = out.length > 0;
      continue;
    }
    // Text the quoting writer cut out sits between two excerpts: a paragraph break in a mail, nothing
    // in a patch (an empty line in a hunk would read as a context line).
    if (gap && !isPatch && out[out.length - 1] !== '') out.push('');
    gap = false;
    const d = line.depth - k;
    out.push(d > 0 ? `${'>'.repeat(d)}${line.text ? ` ${line.text}` : ''}` : line.text);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  if (isPatch) {
    // git format-patch puts "---" between the commit message and the diffstat; quotes often drop it.
    const stat = lines.findIndex((l) => l.depth >= k && l.kind === 'diffstat');
    const first = stat >= 0 ? out.indexOf(lines[stat]!.text) : -1;
    if (first > 0 && !out.slice(0, first).some((l) => /^---\s*$/.test(l))) out.splice(first, 0, '---');
  }
  return out.join('\n');
}

function syntheticId(parts: string[]): string {
  return `reconstructed-${createHash('sha1').update(parts.join('\n')).digest('hex').slice(0, 16)}@mlreview`;
}

function stripReplyPrefix(subject: string): string {
  return subject.replace(/^(?:\s*(?:re|aw|sv)\s*:\s*)+/i, '').trim();
}

/**
 * Messages for every depth of the chain the archive does not hold, chained page → depth 1 → … →
 * deepest by In-Reply-To/References, so threading joins them. Returns them deepest first, and the
 * ids of all depths (found or rebuilt) by depth.
 */
export function reconstructChain(
  page: Message,
  structure: QuoteStructure,
  lines: QuotedLine[],
  found: Map<number, Message>,
  confidence: number,
): { messages: Message[]; ids: Map<number, string> } {
  const deepest = structure.deepest;
  const hasPatch = lines.some((l) => l.kind === 'hunk' || l.kind === 'diff');
  const ids = new Map<number, string>();
  const built = new Map<number, Message>();
  // A writer's clock: the zone an attribution gives for a mail by that person.
  const zoneOf = (name: string): number | null => structure.chain.find((a) => a.name === name && a.offset !== null)?.offset ?? null;
  const speakerAt = (depth: number): string => (depth === 0 ? page.from.name : structure.chain[depth - 1]?.name ?? '');

  for (let k = deepest; k >= 1; k--) {
    const existing = found.get(k);
    if (existing) {
      ids.set(k, existing.id);
      continue;
    }
    const attribution = structure.chain[k - 1];
    const isPatch = hasPatch && k === deepest;
    const date = attribution ? attributionDate(attribution, zoneOf(speakerAt(k - 1))) : null;
    const subject = isPatch ? stripReplyPrefix(page.subject) : page.subject;
    const name = attribution?.name ?? '';
    const id = k === 1 && page.inReplyTo ? page.inReplyTo : syntheticId([name, date ?? '', subject, String(isPatch)]);
    ids.set(k, id);
    built.set(k, {
      id,
      subject,
      from: { name, address: attribution?.address ?? '' },
      date,
      inReplyTo: null,
      references: [],
      body: bodyAtDepth(lines, k, isPatch),
      // Problems print "path:where": "seed.txt:quote depth 2" says where the mail came from.
      origin: { path: page.origin.path, where: `quote depth ${k}` },
      reconstructed: true,
      quoteRecovered: true,
      quoteConfidence: confidence,
    });
  }
  for (const [k, message] of built) {
    const deeper = [...ids.entries()].filter(([d]) => d > k).sort((a, b) => b[0] - a[0]).map(([, id]) => id);
    message.references = deeper;
    message.inReplyTo = deeper.at(-1) ?? null;
  }
  return { messages: [...built.entries()].sort((a, b) => b[0] - a[0]).map(([, m]) => m), ids };
}
