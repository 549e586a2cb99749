// One line per thread on the threads screen: what a maintainer scans a list for before opening one.
import type { Series, SeriesState, Thread, Trailer } from '../model.js';
import { awaitsAnswer } from '../review/awaiting.js';
import { commentsOf } from '../review/thread-comments.js';
import { parseSubject } from '../thread/subject.js';

export interface TrailerCounts {
  reviewed: number;
  acked: number;
  tested: number;
}

export interface ThreadSummary {
  thread: Thread;
  subject: string;
  author: string;
  /** Highest version in the thread. */
  version: number;
  /** Other versions of the series the archives hold (in this thread or in others), ascending. */
  otherVersions: number[];
  /** Where the thread's newest series stands: applied, superseded, in review, new; null without a series. */
  state: SeriesState['state'] | null;
  /** True when the applied series was applied only in part. */
  partial: boolean;
  patches: number;
  comments: number;
  open: number;
  trailers: TrailerCounts;
  /** Newest message of the thread (ISO), null when no message has a readable date. */
  date: string | null;
  /** True when every series of the thread has a newer version in another thread (listed under `v`). */
  superseded: boolean;
  /** Lower-cased text the filter matches against. */
  haystack: string;
  /** False while the thread waits to be linked in the background: its counts are not known yet. */
  linked: boolean;
}

function countTrailers(trailers: Trailer[], into: TrailerCounts): void {
  for (const t of trailers) {
    const name = t.name.toLowerCase();
    if (name === 'reviewed-by') into.reviewed++;
    else if (name === 'acked-by') into.acked++;
    else if (name === 'tested-by') into.tested++;
  }
}

export function summarise(thread: Thread, pending = false): ThreadSummary {
  const comments = commentsOf(thread);
  const trailers: TrailerCounts = { reviewed: 0, acked: 0, tested: 0 };
  for (const s of thread.series) countTrailers(s.trailers, trailers);
  for (const p of thread.patches) countTrailers(p.trailers, trailers);

  const own = new Set<number>([...thread.series.map((s) => s.version), ...thread.patches.map((p) => p.version)]);
  // Not linked yet: the root's subject says the version until the patches do.
  if (pending && thread.messages[0]) own.add(parseSubject(thread.messages[0].message.subject).version);
  const version = own.size > 0 ? Math.max(...own) : 1;
  const others = new Set<number>(thread.series.flatMap((s) => s.otherVersions));
  for (const v of own) others.add(v);
  others.delete(version);
  const otherVersions = [...others].sort((a, b) => a - b);

  let date: string | null = null;
  for (const m of thread.messages) {
    const d = m.message.date;
    if (d !== null && (date === null || d > date)) date = d;
  }
  const root = thread.messages[0]?.message;
  const firstPatch = thread.patches[0];
  const author = firstPatch?.author.name || firstPatch?.author.address || root?.from.name || root?.from.address || '';
  const subject = thread.subject;
  const newest = [...thread.series].sort((a, b) => a.version - b.version).at(-1)?.state;
  const state = newest?.state ?? null;
  return {
    thread,
    subject,
    author,
    version,
    otherVersions,
    state,
    partial: newest?.partial === true,
    patches: thread.patches.length,
    comments: comments.length,
    open: comments.filter(awaitsAnswer).length,
    trailers,
    superseded: thread.series.length > 0 && thread.series.every((s) => supersededElsewhere(s, thread.root)),
    date,
    haystack: `${subject} ${author} v${version} ${date ?? ''} ${state ?? ''}`.toLowerCase(),
    linked: !pending,
  };
}

function supersededElsewhere(series: Series, root: string): boolean {
  const newest = series.versions?.versions.filter((v) => v.revisionOf === undefined).at(-1);
  return newest !== undefined && newest.version > series.version && newest.thread !== root;
}

/** Every thread, newest activity first (undated threads last). */
export function summariseAll(threads: Thread[], pending: (thread: Thread) => boolean = () => false): ThreadSummary[] {
  return threads.map((thread) => summarise(thread, pending(thread))).sort((a, b) => {
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
