// linked review → the browser: the threads as the header pass gives them at once, then each thread
// linked in the background — the one the user opens first, the rest in list order — and a new Review
// handed to the browser as they come, so the counts fill in while the list is already usable.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Review, Thread } from '../model.js';
import { otherVersionsOf, type SeriesKeys } from '../thread/series.js';
import { acrossThreads } from '../pipeline.js';
import { openSession, type SessionOptions } from './session.js';

export interface BrowseArchive {
  /** The review as far as it is linked: every thread is there, unlinked ones with their messages only. */
  review(): Review;
  /** True while the thread has not been linked yet (its counts are not known). */
  pending(thread: Thread): boolean;
  /** Threads linked so far, of all. */
  progress(): { linked: number; total: number };
  /** Called with each newer review; returns the unsubscribe. */
  subscribe(listener: (review: Review) => void): () => void;
  /** Link these threads (by root) before the others: the one opened, then the list's order. */
  prioritise(roots: string[]): void;
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
  const listeners = new Set<(review: Review) => void>();
  let queue: number[] = [];
  let closed = false;
  let current: Review = { sources: session.sources(), threads: [...threads] };

  const publish = (): void => {
    // Other versions are known from the threads linked so far; a full pass knows them all.
    const others = otherVersionsOf(keys.map((k) => k ?? []));
    current = { sources: session.sources(), threads: threads.map((thread, i) => (unlinked.has(thread) ? thread : acrossThreads(thread, others[i]!))) };
    for (const listener of listeners) listener(current);
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
      } catch (error) {
        // The thread stays as its messages; the browser goes on with the others.
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
      session.close();
    }
  };
  const prioritised = new Set<number>();
  void run();

  return {
    review: () => current,
    pending: (thread) => headerOnly.has(thread),
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
    close: () => {
      if (closed) return;
      closed = true;
      session.close();
    },
  };
}
