// linked review → the browser: the threads as the header pass gives them at once, then each thread
// linked in the background — the one the user opens first, the rest in list order — and a new Review
// handed to the browser as they come, so the counts fill in while the list is already usable.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Review, Thread } from '../model.js';
import { otherVersionsOf, type SeriesKeys } from '../thread/series.js';
import { acrossHistory } from '../pipeline.js';
import { historyGroups } from '../versions/index.js';
import { openSession, type SessionOptions } from './session.js';
import { listThread, type ListedThread } from '../review/thread-listing.js';
import type { ThreadsFound } from './thread-search.js';

export interface BrowseArchive {
  /** The review as far as it is linked: every thread is there, unlinked ones with their messages only. */
  review(): Review;
  /** True while the thread has not been linked yet (its counts are not known). */
  pending(thread: Thread): boolean;
  /**
   * Threads linked so far, of all; `appended`: bytes of mail added to the archive since the run whose
   * list is on screen, while they are read (that list's threads that got new mail are not current yet).
   */
  progress(): { linked: number; total: number; appended?: number };
  /** What the last whole run listed of a thread not linked yet (its counts before they are known again), or null. */
  listed(thread: Thread): ListedThread | null;
  /** Called with each newer review, `onError` if reading the archive failed after the threads were shown; returns the unsubscribe. */
  subscribe(listener: (review: Review) => void, onError?: (error: Error) => void): () => void;
  /** Link these threads (by root) before the others: the one opened, then the list's order. */
  prioritise(roots: string[]): void;
  /** `/` on the threads screen: threads whose mails hold the words (text once linked, subjects before). */
  search?(query: string): ThreadsFound | null;
  close(): void;
}

/** How often a newer review is handed out while threads are linked: a frame or two per second is enough to read counts. */
const PUBLISH_MS = 400;

export async function browseArchive(paths: string[], options: SessionOptions): Promise<BrowseArchive> {
  const session = await openSession(paths, options);
  const threads = [...session.threads];
  const unlinked = new Set<Thread>(threads);
  // Header-only thread objects stay header-only: the browser may still hold one after its thread was
  // linked (opened just before), and must see it as waiting, not as a thread without patches.
  const headerOnly = new Set<Thread>(threads);
  const indexOfRoot = new Map(session.threads.map((t, i) => [t.root, i]));
  const keys: Array<SeriesKeys[] | null> = threads.map(() => null);
  const authors: Array<string[] | null> = threads.map(() => null);
  // The versions stage's result per linked thread, run again only for the groups a newly linked thread joined.
  const followed: Array<Thread | null> = threads.map(() => null);
  const changed = new Set<number>();
  const othersBefore: string[] = threads.map(() => '');
  const listeners = new Set<(review: Review) => void>();
  let queue: number[] = [];
  let closed = false;
  let failed = false;
  let current: Review = { sources: session.sources(), threads: [...threads] };

  const publish = (): void => {
    // Other versions are known from the threads linked so far; a full pass knows them all.
    const others = otherVersionsOf(keys.map((k) => k ?? []));
    const linkedIndexes = threads.flatMap((thread, i) => (unlinked.has(thread) ? [] : [i]));
    // A thread whose other versions changed (another version got linked) has new series states too.
    for (const i of linkedIndexes) {
      const now = JSON.stringify(others[i]);
      if (now !== othersBefore[i]) changed.add(i);
      othersBefore[i] = now;
    }
    // The versions stage over each group of linked threads that share a series author (a comment on v4
    // is followed into v5 once both are linked; the badges fill in as their threads are).
    for (const group of historyGroups(linkedIndexes.map((i) => authors[i] ?? []))) {
      const members = group.map((k) => linkedIndexes[k]!);
      if (!members.some((i) => changed.has(i))) continue;
      const done = acrossHistory(
        members.map((i) => threads[i]!),
        members.map((i) => others[i]!),
      );
      members.forEach((i, k) => (followed[i] = done[k]!));
    }
    changed.clear();
    current = { sources: session.sources(), threads: threads.map((thread, i) => (unlinked.has(thread) ? thread : (followed[i] ?? thread))) };
    for (const listener of listeners) listener(current);
  };

  /** Threads not linked yet whose first mail is from one of the thread's series authors. */
  const historyMates = (index: number): number[] => {
    const wanted = new Set(authors[index] ?? []);
    if (wanted.size === 0) return [];
    return threads.flatMap((thread, i) => {
      const from = thread.messages[0]?.message.from;
      return i !== index && unlinked.has(thread) && from && wanted.has((from.address || from.name).toLowerCase()) ? [i] : [];
    });
  };

  const next = (): number | undefined => {
    while (queue.length > 0) {
      const index = queue.shift()!;
      if (unlinked.has(threads[index]!)) return index;
    }
    return threads.findIndex((t) => unlinked.has(t));
  };

  const run = async (): Promise<void> => {
    let published = performance.now();
    for (;;) {
      if (closed) return;
      const index = next();
      if (index === undefined || index < 0) break;
      const urgent = prioritised.has(index);
      try {
        const { thread, facts } = await session.link(index);
        for (const { path, problem } of facts.problems) session.report(path, problem);
        unlinked.delete(threads[index]!);
        // A review already linked in memory hands back the same object: it was never header-only.
        headerOnly.delete(thread);
        threads[index] = thread;
        keys[index] = facts.keys;
        authors[index] = facts.authors;
        changed.add(index);
        // The thread opened is followed into its other versions once they are linked too: those
        // of its series authors go next, so its cards get their `v5: changed` badges soon.
        // They are published as soon as each is linked, as the opened thread is.
        if (urgent) {
          const mates = historyMates(index);
          for (const mate of mates) prioritised.add(mate);
          queue = [...mates, ...queue];
        }
      } catch (error) {
        // The thread stays as its messages; the browser goes on with the others.
        failed = true;
        unlinked.delete(threads[index]!);
        headerOnly.delete(threads[index]!);
        session.report(null, { where: threads[index]!.root, reason: `thread could not be linked: ${error instanceof Error ? error.message : String(error)}` });
      }
      if (urgent || performance.now() - published >= PUBLISH_MS) {
        prioritised.delete(index);
        publish();
        published = performance.now();
      }
      // Keys and frames go first: the next thread waits its turn.
      await nextTurn();
    }
    publish();
    if (!closed) {
      closed = true;
      // Every thread linked and followed: the next run's threads screen starts from this list.
      if (!failed) session.keep(current.threads.map((thread) => listThread(thread)));
      session.close();
    }
  };
  const prioritised = new Set<number>();
  void run();

  return {
    review: () => current,
    pending: (thread) => headerOnly.has(thread),
    listed: () => null,
    progress: () => ({ linked: threads.length - unlinked.size, total: threads.length }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    prioritise: (roots) => {
      const wanted = roots.map((r) => indexOfRoot.get(r)).filter((i): i is number => i !== undefined);
      // The first one asked for is the thread on screen: the browser gets it as soon as it is linked.
      if (wanted[0] !== undefined) prioritised.add(wanted[0]);
      const first = new Set(wanted);
      queue = [...wanted, ...queue.filter((i) => !first.has(i))];
    },
    search: (query) => session.search.find(query),
    close: () => {
      // The search reopens the index when used after the linking closed the session.
      session.search.close();
      if (closed) return;
      closed = true;
      session.close();
    },
  };
}
