// One line per thread on the threads screen: what a maintainer scans a list for before opening one.
import type { Thread } from '../model.js';
import { listThread, type ListedThread, type TrailerCounts } from '../review/thread-listing.js';

export type { TrailerCounts };

/** A thread's line on the threads screen: what the core lists of it, and what the screen adds. */
export interface ThreadSummary extends ListedThread {
  thread: Thread;
  /** Lower-cased text the filter matches against. */
  haystack: string;
  /** False while the thread waits to be linked in the background: its counts are not known yet. */
  linked: boolean;
}

/**
 * The thread's line; a thread not linked yet shows what the last run listed of it (`listed`, from the
 * index) when there is one, else what its headers say.
 */
export function summarise(thread: Thread, pending = false, listed: ListedThread | null = null): ThreadSummary {
  // The list is summarised again each time the background linking hands out a review (a few times a
  // second, thousands of threads); a thread object is immutable, so its line is made once per state.
  const known = summaries.get(thread);
  if (known && known.pending === pending && known.listed === listed) return known.summary;
  const line = pending && listed ? listed : listThread(thread, pending);
  const summary: ThreadSummary = {
    ...line,
    thread,
    haystack: `${line.subject} ${line.author} v${line.version} ${line.date ?? ''} ${line.state ?? ''}`.toLowerCase(),
    linked: !pending || listed !== null,
  };
  summaries.set(thread, { pending, listed, summary });
  return summary;
}

const summaries = new WeakMap<Thread, { pending: boolean; listed: ListedThread | null; summary: ThreadSummary }>();

/** Every thread, newest activity first (undated threads last). */
export function summariseAll(
  threads: Thread[],
  pending: (thread: Thread) => boolean = () => false,
  listed: (thread: Thread) => ListedThread | null = () => null,
): ThreadSummary[] {
  return threads.map((thread) => summarise(thread, pending(thread), pending(thread) ? listed(thread) : null)).sort((a, b) => {
    if (a.date === b.date) return a.subject.localeCompare(b.subject);
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? 1 : -1;
  });
}

/** Threads whose subject, author, version or date contain every word typed (case-insensitive). */
export function filterThreads(all: ThreadSummary[], filter: string): ThreadSummary[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return all;
  return all.filter((s) => words.every((w) => s.haystack.includes(w)));
}
