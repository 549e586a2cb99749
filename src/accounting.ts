// Nothing read may vanish: every mail found in a source is in a thread, or a problem says it was left
// out and why. This balances the books per source, so a mail lost by a bug in any stage shows up as a
// difference here (and `mlreview check` fails) instead of silently missing from the review.
import type { ArchiveFormat, Message, Review } from './model.js';
import { commentsOf } from './review/thread-comments.js';

export interface SourceAccount {
  path: string;
  format: ArchiveFormat;
  /** Mails found in the source before decoding. */
  mails: number;
  /** Of those, the ones in a thread of the model. */
  inThreads: number;
  /** Of those, the ones a problem says were left out (undecodable, a repeat of a mail already read). */
  leftOut: number;
  /** mails − inThreads − leftOut: 0 when the books balance; anything else is a bug in mlreview. */
  unaccounted: number;
}

export interface Accounting {
  sources: SourceAccount[];
  /** Mails rebuilt from quotes in later mails (the archive lacks them); in threads, read from no source. */
  rebuilt: number;
  threads: number;
  patches: number;
  comments: number;
  /** Every problem, grouped by its reason with ids and numbers folded, most frequent first. */
  problemsByReason: Array<{ reason: string; count: number }>;
  problems: number;
  /** Messages listed in more than one place of the threads (each should be in exactly one). */
  listedTwice: number;
  /** True when every source balances and no message is listed twice. */
  balanced: boolean;
}

export function accountFor(review: Review): Accounting {
  const inThreads = new Map<string, number>();
  const placed = new Set<Message>();
  let rebuilt = 0;
  let listedTwice = 0;
  for (const thread of review.threads) {
    for (const { message } of thread.messages) {
      if (placed.has(message)) {
        listedTwice += 1;
        continue;
      }
      placed.add(message);
      if (message.reconstructed) rebuilt += 1;
      else inThreads.set(message.origin.path, (inThreads.get(message.origin.path) ?? 0) + 1);
    }
  }

  const sources = review.sources.map((source): SourceAccount => {
    const kept = inThreads.get(source.path) ?? 0;
    const leftOut = source.problems.filter((p) => p.leftOut).length;
    return { path: source.path, format: source.format, mails: source.mails, inThreads: kept, leftOut, unaccounted: source.mails - kept - leftOut };
  });
  // A message whose origin names no source (it cannot happen today) would not be counted anywhere.
  const known = new Set(review.sources.map((s) => s.path));
  const strays = [...inThreads].filter(([path]) => !known.has(path)).reduce((n, [, count]) => n + count, 0);

  const problems = review.sources.flatMap((s) => s.problems);
  const byReason = new Map<string, number>();
  for (const problem of problems) {
    const reason = reasonKind(problem.reason);
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  return {
    sources,
    rebuilt,
    threads: review.threads.length,
    patches: review.threads.reduce((n, t) => n + t.patches.length, 0),
    comments: review.threads.reduce((n, t) => n + commentsOf(t).length, 0),
    problemsByReason: [...byReason]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    problems: problems.length,
    listedTwice,
    balanced: strays === 0 && listedTwice === 0 && sources.every((s) => s.unaccounted === 0),
  };
}

/**
 * A problem's reason with its details after the first ": " dropped (a library's message, the line it
 * choked on) and Message-IDs, paths and numbers folded, so alike problems count as one kind.
 */
function reasonKind(reason: string): string {
  const colon = reason.indexOf(': ');
  return (colon > 0 ? reason.slice(0, colon) : reason)
    .replace(/<[^<>\s]*>/g, '<id>')
    .replace(/ at \S+/g, ' at …')
    .replace(/\d+/g, 'N')
    .slice(0, 120);
}
