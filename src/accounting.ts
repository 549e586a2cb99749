// Nothing read may vanish: every mail found in a source is in a thread, or a problem says it was left
// out and why. This balances the books per source, so a mail lost by a bug in any stage shows up as a
// difference here (and `mlreview check` fails) instead of silently missing from the review.
import type { ArchiveFormat, Review, SourceSummary, Thread } from './model.js';
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
  const books = new Books();
  for (const thread of review.threads) books.add(thread);
  return books.close(review.sources);
}

/**
 * The books kept thread by thread, so `check` can balance an archive streamed one linked thread at a
 * time. A message is known by its place and Message-ID, not by object identity: a streamed thread is
 * read back from the store as new objects.
 */
export class Books {
  private readonly inThreads = new Map<string, number>();
  private readonly placed = new Set<string>();
  private rebuilt = 0;
  private listedTwice = 0;
  private threads = 0;
  private patches = 0;
  private comments = 0;

  add(thread: Thread): void {
    this.threads += 1;
    this.patches += thread.patches.length;
    this.comments += commentsOf(thread).length;
    for (const { message } of thread.messages) {
      const key = `${message.origin.path}\0${message.origin.where}\0${message.id}`;
      if (this.placed.has(key)) {
        this.listedTwice += 1;
        continue;
      }
      this.placed.add(key);
      if (message.reconstructed) this.rebuilt += 1;
      else this.inThreads.set(message.origin.path, (this.inThreads.get(message.origin.path) ?? 0) + 1);
    }
  }

  close(summaries: SourceSummary[]): Accounting {
    const sources = summaries.map((source): SourceAccount => {
      const kept = this.inThreads.get(source.path) ?? 0;
      const leftOut = source.problems.filter((p) => p.leftOut).length;
      return { path: source.path, format: source.format, mails: source.mails, inThreads: kept, leftOut, unaccounted: source.mails - kept - leftOut };
    });
    // A message whose origin names no source (it cannot happen today) would not be counted anywhere.
    const known = new Set(summaries.map((s) => s.path));
    const strays = [...this.inThreads].filter(([path]) => !known.has(path)).reduce((n, [, count]) => n + count, 0);

    const problems = summaries.flatMap((s) => s.problems);
    const byReason = new Map<string, number>();
    for (const problem of problems) {
      const reason = reasonKind(problem.reason);
      byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    }
    return {
      sources,
      rebuilt: this.rebuilt,
      threads: this.threads,
      patches: this.patches,
      comments: this.comments,
      problemsByReason: [...byReason]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      problems: problems.length,
      listedTwice: this.listedTwice,
      balanced: strays === 0 && this.listedTwice === 0 && sources.every((s) => s.unaccounted === 0),
    };
  }
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
