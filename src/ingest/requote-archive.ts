// Quote depth from the archive: when the mails a page quotes were read too (the patch, the
// reviewer's mail), each page line found in one of them is quoted text, at the depth of that mail in
// the attribution chain plus the line's own depth there — and the mail's own text of the line
// (tabs, leading spaces, real addresses) replaces the page's damaged copy.
import type { Message } from '../model.js';
import type { QuoteStructure } from './requote-structure.js';

/** One line of an archived mail, its own quote markers taken off. */
interface SourceLine {
  message: Message;
  /** Quote depth of the line inside `message`. */
  depth: number;
  /** The line without its markers, as the mail has it. */
  text: string;
}

export interface ArchiveMatch {
  /** Per page line: the archive line it matched, with the depth it gets on the page; null if none. */
  lines: Array<{ depth: number; text: string; source: Message } | null>;
  /** chain depth (1..deepest) → the archived mail found at that depth. */
  found: Map<number, Message>;
}

/** Markers off, one optional space after each: ">>  static" keeps " static" (a context line). */
export function stripMarkers(line: string): { depth: number; text: string } {
  const m = /^ {0,3}((?:>[ \t]?)+)/.exec(line);
  if (!m) return { depth: 0, text: line };
  return { depth: [...m[1]!].filter((c) => c === '>').length, text: line.slice(m[0].length) };
}

/**
 * The comparison key of a line: whitespace (tabs, no-break spaces, runs) collapsed, quotes taken
 * off, addresses blanked — pages mask them ("luoben@xxxxxxxxxxxxxxxxx"), mail does not.
 */
export function lineKey(line: string): string {
  return stripMarkers(line)
    .text.replace(/<[^<>\s@]+@[^<>\s]+>/g, '<@>')
    .replace(/(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*/g, '@')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

/** Subject without "Re:"/"Fwd:" prefixes, spacing or case: the thread's title. */
export function threadTitle(subject: string): string {
  return subject
    .replace(/^\s*(?:(?:re|aw|sv|fwd?|antw)\s*(?:\[\d+\]\s*)?:\s*)+/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function sameName(a: string, b: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return norm(a) !== '' && norm(a) === norm(b);
}

/** Mails of the archive the page may quote: same thread title or referenced, and not later than it. */
export function candidateSources(page: Message, archive: Message[]): Message[] {
  const title = threadTitle(page.subject);
  const referenced = new Set(page.references);
  const pageTime = page.date ? Date.parse(page.date) : null;
  return archive.filter((m) => {
    if (m === page || m.quotesLost) return false;
    if (!referenced.has(m.id) && threadTitle(m.subject) !== title) return false;
    // An hour of slack: the page's date is the archive's receipt time.
    return pageTime === null || m.date === null || Date.parse(m.date) <= pageTime + 3_600_000;
  });
}

const MIN_KEY = 4;

export function matchArchive(body: string, structure: QuoteStructure, sources: Message[]): ArchiveMatch {
  const lines = body.split('\n');
  const index = new Map<string, SourceLine[]>();
  for (const message of sources) {
    for (const raw of message.body.split('\n')) {
      const key = lineKey(raw);
      if (!key) continue;
      const { depth, text } = stripMarkers(raw);
      const list = index.get(key) ?? [];
      list.push({ message, depth, text });
      index.set(key, list);
    }
  }

  // Where each source sits in the chain: the depth whose speaker has its name, that agrees best
  // with the structure's guess for the lines it matched.
  const hits = lines.map((line) => (index.get(lineKey(line)) ?? []));
  const place = new Map<Message, number>();
  for (const message of sources) {
    const candidates: number[] = [];
    for (let k = 1; k <= Math.max(1, structure.deepest); k++) {
      const speaker = structure.chain[k - 1];
      if (!speaker || sameName(speaker.name, message.from.name)) candidates.push(k);
    }
    let best = -1;
    let bestAgree = -1;
    for (const k of candidates) {
      let agree = 0;
      hits.forEach((list, i) => {
        for (const h of list) if (h.message === message && k + h.depth === structure.lines[i]!.depth) agree++;
      });
      if (agree > bestAgree) {
        best = k;
        bestAgree = agree;
      }
    }
    if (best > 0 && bestAgree > 0) place.set(message, best);
  }

  const found = new Map<number, Message>();
  const out: ArchiveMatch['lines'] = hits.map((list) => {
    let chosen: { depth: number; text: string; source: Message; k: number } | null = null;
    for (const h of list) {
      const k = place.get(h.message);
      if (k === undefined) continue;
      // The nearest mail in the chain is the one the page really copied the line from.
      if (!chosen || k < chosen.k) chosen = { depth: k + h.depth, text: h.text, source: h.message, k };
    }
    return chosen ? { depth: chosen.depth, text: chosen.text, source: chosen.source } : null;
  });
  // "+ }" or "{" is in every patch: a short line counts only next to a line of the same mail.
  for (let i = 0; i < out.length; i++) {
    const hit = out[i];
    if (!hit || lineKey(lines[i]!).length >= MIN_KEY) continue;
    const near = [out[i - 1], out[i + 1]].some((n) => n && n.source === hit.source && n.depth === hit.depth);
    if (!near) out[i] = null;
  }
  for (const [message, k] of place) {
    const previous = found.get(k);
    if (!previous || (message.date ?? '') > (previous.date ?? '')) found.set(k, message);
  }
  return { lines: out, found };
}
