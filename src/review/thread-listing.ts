// linked review → what a list of threads shows of each: resolved once, here, so the browser's threads
// screen and the listing the store keeps between runs (src/store/listing.ts) say the same thing.
import type { Series, SeriesState, Thread, Trailer } from '../model.js';
import { awaitsAnswer } from './awaiting.js';
import { commentsOf } from './thread-comments.js';
import { parseSubject } from '../thread/subject.js';

export interface TrailerCounts {
  reviewed: number;
  acked: number;
  tested: number;
}

/** One thread as a list of threads shows it: plain data, kept in the index between runs. */
export interface ListedThread {
  root: string;
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
  /** Mails in the thread. */
  messages: number;
}

function countTrailers(trailers: Trailer[], into: TrailerCounts): void {
  for (const t of trailers) {
    const name = t.name.toLowerCase();
    if (name === 'reviewed-by') into.reviewed++;
    else if (name === 'acked-by') into.acked++;
    else if (name === 'tested-by') into.tested++;
  }
}

/** The thread as a list shows it; `headerOnly` when it is not linked yet (its root's subject gives the version). */
export function listThread(thread: Thread, headerOnly = false): ListedThread {
  const comments = commentsOf(thread);
  const trailers: TrailerCounts = { reviewed: 0, acked: 0, tested: 0 };
  for (const s of thread.series) countTrailers(s.trailers, trailers);
  for (const p of thread.patches) countTrailers(p.trailers, trailers);

  const own = new Set<number>([...thread.series.map((s) => s.version), ...thread.patches.map((p) => p.version)]);
  if (headerOnly && thread.messages[0]) own.add(parseSubject(thread.messages[0].message.subject).version);
  const version = own.size > 0 ? Math.max(...own) : 1;
  const others = new Set<number>(thread.series.flatMap((s) => s.otherVersions));
  for (const v of own) others.add(v);
  others.delete(version);

  let date: string | null = null;
  for (const m of thread.messages) {
    const d = m.message.date;
    if (d !== null && (date === null || d > date)) date = d;
  }
  const root = thread.messages[0]?.message;
  const firstPatch = thread.patches[0];
  const newest = [...thread.series].sort((a, b) => a.version - b.version).at(-1)?.state;
  return {
    root: thread.root,
    subject: thread.subject,
    author: firstPatch?.author.name || firstPatch?.author.address || root?.from.name || root?.from.address || '',
    version,
    otherVersions: [...others].sort((a, b) => a - b),
    state: newest?.state ?? null,
    partial: newest?.partial === true,
    patches: thread.patches.length,
    comments: comments.length,
    open: comments.filter(awaitsAnswer).length,
    trailers,
    date,
    superseded: thread.series.length > 0 && thread.series.every((s) => supersededElsewhere(s, thread.root)),
    messages: thread.messages.length,
  };
}

function supersededElsewhere(series: Series, root: string): boolean {
  const newest = series.versions?.versions.filter((v) => v.revisionOf === undefined).at(-1);
  return newest !== undefined && newest.version > series.version && newest.thread !== root;
}
