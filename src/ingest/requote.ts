// Rebuilds the quote structure of bodies read from web pages that lost their "> " markers, once
// every source is read (the quoted mails may come from another file), so the review linking reads
// them like any reply. Also drops a page that is a mail already read, and adds the mails a rebuilt
// quote shows (patch, review) when the archive lacks them.
import type { Message, Problem } from '../model.js';
import { candidateSources, matchArchive } from './requote-archive.js';
import { isSameMail } from './requote-duplicate.js';
import { mergeDepths, quoteConfidence, reconstructChain, renderQuoted } from './requote-rebuild.js';
import { quoteStructure } from './requote-structure.js';

/** One page message with its quotes rebuilt, and the messages its quote shows. */
export function recoverQuotesOf(page: Message, archive: Message[]): { message: Message; reconstructed: Message[] } {
  const structure = quoteStructure(page.body);
  const sources = candidateSources(page, archive);
  const match = sources.length > 0 ? matchArchive(page.body, structure, sources) : null;
  const lines = mergeDepths(page.body, structure, match);
  const confidence = quoteConfidence(lines);
  const { messages: reconstructed, ids } = reconstructChain(page, structure, lines, match?.found ?? new Map(), confidence);

  const chainIds = [...ids.entries()].sort((a, b) => b[0] - a[0]).map(([, id]) => id);
  const references = [...page.references];
  for (const id of chainIds) if (!references.includes(id) && id !== page.id) references.push(id);
  const message: Message = {
    ...page,
    body: renderQuoted(lines),
    inReplyTo: page.inReplyTo ?? ids.get(1) ?? null,
    references,
    quoteRecovered: true,
    quoteConfidence: confidence,
  };
  delete message.quotesLost;
  return { message, reconstructed };
}

export interface RecoveredQuotes {
  messages: Message[];
  /** Pages left out because the archive holds the same mail (or an earlier page did). */
  problems: Problem[];
}

/**
 * For the pipeline, after all sources are read: every `quotesLost` message gets its "> " structure
 * back (`quoteRecovered`, `quoteConfidence`), a page that repeats a mail of the archive is left out
 * (and said so), and rebuilt mails (`reconstructed`) are added right after the page that quoted them.
 * Messages without `quotesLost` are returned as they were, in their order.
 */
export function recoverQuotesIn(messages: Message[]): RecoveredQuotes {
  const archive = messages.filter((m) => !m.quotesLost);
  const out: Message[] = [];
  const problems: Problem[] = [];
  const seen = new Set(archive.map((m) => m.id));
  const leaveOut = (page: Message, reason: string): void => {
    problems.push({ where: page.origin.path, reason, leftOut: true }); // a page is one mail: its path names it
  };
  for (const message of messages) {
    if (!message.quotesLost) {
      out.push(message);
      continue;
    }
    // The real mail has the Message-ID, the address and the markers: keep it, drop the page.
    const same = archive.find((mail) => isSameMail(message, mail));
    if (same) {
      leaveOut(message, `page repeats the mail <${same.id}> at ${same.origin.path}:${same.origin.where}, which was kept`);
      continue;
    }
    if (seen.has(message.id)) {
      leaveOut(message, `page repeats the mail <${message.id}>, read earlier, which was kept`);
      continue;
    }
    seen.add(message.id);
    const { message: rebuilt, reconstructed } = recoverQuotesOf(message, archive);
    out.push(rebuilt);
    for (const extra of reconstructed) {
      if (seen.has(extra.id)) continue;
      seen.add(extra.id);
      out.push(extra);
    }
  }
  return { messages: out, problems };
}

/** The messages of `recoverQuotesIn`, for callers that do not account for left-out pages. */
export function recoverQuotes(messages: Message[]): Message[] {
  return recoverQuotesIn(messages).messages;
}
