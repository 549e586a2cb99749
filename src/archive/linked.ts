// linked review → faces: every thread of the session linked in archive order (from the cache when it
// can), then the whole-archive stage that needs every thread — which other versions of a series the
// archive holds, from each thread's small keys, and the versions stage, over each group of threads
// that share a series author — so `export` and `check` read the threads back a history at a time
// and memory holds the largest history, not the archive.
import type { SourceSummary, Thread } from '../model.js';
import { acrossHistory, acrossThreads, linkingTurns, type LinkProgress } from '../pipeline.js';
import { versionFieldsOf, withVersionFields, type VersionFields } from '../versions/fields.js';
import { historyGroups } from '../versions/index.js';
import { otherVersionsOf, type SeriesKeys } from '../thread/series.js';
import type { ThreadCounts, ThreadFacts } from '../store/linked-cache.js';
import { listThread, type ListedThread } from '../review/thread-listing.js';
import { factsPooled, poolPays } from './link-pool.js';
import { withFreshIndexOnRetry, type ArchiveSession, type SessionOptions } from './session.js';

export interface LinkOptions extends SessionOptions {
  onLinking?: (progress: LinkProgress) => void;
  /** Threads linked at once, in worker threads (link-pool.ts); 1 (the default) links them in this thread. */
  jobs?: number;
}

/** The linked review, held in the store: sources whole, threads read back one at a time. */
export interface LinkedArchive {
  sources: SourceSummary[];
  /** Threads, in the order the whole-archive review lists them. */
  size: number;
  /** True when thread `index` holds a message with this id (its root included), without loading it. */
  holds(index: number, messageId: string): boolean;
  /** Thread `index`, linked, with the whole-archive stage applied. */
  thread(index: number): Promise<Thread>;
  counts(index: number): ThreadCounts;
  close(): void;
}

export function linkArchive(paths: string[], options: LinkOptions): Promise<LinkedArchive> {
  return withFreshIndexOnRetry(paths, options, (session) => linkAll(session, options));
}

/** Every thread's facts in archive order, each thread linked here (or taken from the cache). */
async function factsInProcess(session: ArchiveSession, options: LinkOptions): Promise<ThreadFacts[]> {
  const { threads } = session;
  const all: ThreadFacts[] = [];
  const turn = linkingTurns(options);
  for (let index = 0; index < threads.length; index++) {
    all.push(session.known(index) ?? (await session.link(index)).facts);
    await turn({ threads: index + 1, total: threads.length });
  }
  options.onLinking?.({ threads: threads.length, total: threads.length });
  return all;
}

async function linkAll(session: ArchiveSession, options: LinkOptions): Promise<LinkedArchive> {
  {
    const { threads } = session;
    const jobs = options.jobs ?? 1;
    const all = jobs > 1 && poolPays(session) ? await factsPooled(session, { ...options, jobs }) : await factsInProcess(session, options);
    const seriesKeys: SeriesKeys[][] = [];
    const authors: string[][] = [];
    const counts: ThreadCounts[] = [];
    for (const facts of all) {
      // In archive order, whatever order threads were linked in: the same problem list as without an index.
      for (const { path, problem } of facts.problems) session.report(path, problem);
      seriesKeys.push(facts.keys);
      authors.push(facts.authors);
      counts.push(facts.counts);
    }
    const others = otherVersionsOf(seriesKeys);
    const ids = threads.map((t) => new Set([t.root, ...t.messages.map((m) => m.message.id)]));
    // The versions stage follows a comment into another thread: each thread is handed out with the
    // stage run over its group (every thread sharing a series author with it), read back together;
    // the group's other threads wait as the fields the stage gave them (read back from the cache when
    // asked for), so memory holds the largest group once, not every group begun.
    const groupOf: number[][] = [];
    for (const group of historyGroups(authors)) for (const i of group) groupOf[i] = group;
    const waiting = new Map<number, VersionFields>();
    // What a list shows of each thread handed out: kept for the next browser once all were.
    const listed: Array<ListedThread | undefined> = [];
    let handed = 0;
    const handOut = (index: number, thread: Thread): Thread => {
      if (listed[index] === undefined) handed++;
      listed[index] = listThread(thread);
      return thread;
    };
    return {
      sources: session.sources(),
      size: threads.length,
      holds: (index, messageId) => ids[index]!.has(messageId.trim().replace(/^<|>$/g, '')),
      thread: async (index) => {
        const fields = waiting.get(index);
        if (fields) {
          waiting.delete(index);
          return handOut(index, withVersionFields(acrossThreads((await session.link(index)).thread, others[index]!), fields));
        }
        const group = groupOf[index]!;
        const groupOthers = group.map((i) => others[i]!);
        // The same threads with the same other versions as a run before: the stage's fields from then
        // (a warm export skips following every comment into the next version again).
        const before = session.followed?.(group, groupOthers);
        if (before) {
          group.forEach((i, k) => {
            if (i !== index) waiting.set(i, before[k]!);
          });
          return handOut(index, withVersionFields(acrossThreads((await session.link(index)).thread, others[index]!), before[group.indexOf(index)]!));
        }
        const linked: Thread[] = [];
        for (const i of group) linked.push((await session.link(i)).thread);
        const done = acrossHistory(linked, groupOthers);
        const given = done.map(versionFieldsOf);
        session.keepFollowed?.(group, groupOthers, given);
        group.forEach((i, k) => {
          if (i !== index) waiting.set(i, given[k]!);
        });
        return handOut(index, done[group.indexOf(index)]!);
      },
      counts: (index) => counts[index]!,
      close: () => {
        if (handed === threads.length) session.keep(listed as ListedThread[]);
        session.close();
      },
    };
  }
}
