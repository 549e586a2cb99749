// threads → linked review, one thread at a time: the archive opened through its index, threaded from
// the header pass alone, and each thread decoded and linked when asked for (or taken from the cache).
// The browser asks for the thread the user opens first and the rest in the background; `export` and
// `check` ask for every thread in order (linked.ts).
import { createHash } from 'node:crypto';
import type { Message, Problem, SourceSummary, Thread, ThreadMessage } from '../model.js';
import { buildReview, linkThread, threadSources } from '../pipeline.js';
import type { ReadProgress } from '../ingest/index.js';
import { awaitsAnswer } from '../review/awaiting.js';
import { commentsOf } from '../review/thread-comments.js';
import { versionKeysOf } from '../thread/series.js';
import { historyAuthorsOf } from '../versions/index.js';
import { applyMailmap, type Mailmap } from '../thread/mailmap.js';
import type { SourceName } from '../lore/label.js';
import { codeFingerprint } from '../store/fingerprint.js';
import { IndexUnusable, readMeta, removeIndex, type Db } from '../store/index-db.js';
import { LinkedCache, type ThreadCounts, type ThreadFacts } from '../store/linked-cache.js';
import { decodeThread, encodeThread } from '../store/thread-codec.js';
import { putListing } from '../store/listing.js';
import type { ListedThread } from '../review/thread-listing.js';
import { openSources, type OpenedSources } from './open.js';
import { subjectsOnly, threadSearch, type ThreadSearch } from './thread-search.js';

export interface SessionOptions {
  /** Where indexes live; null reads without one (`--no-cache`). */
  cacheDir: string | null;
  /** One line for stderr; process.stderr by default. */
  notice?: (line: string) => void;
  onProgress?: (progress: ReadProgress) => void;
  signal?: AbortSignal;
  /** The user's .mailmap (`--mailmap FILE`): senders under their proper identity before threading. */
  mailmap?: Mailmap;
  /** Paths that are cached copies of fetched mail, with the URL each is known by (src/lore/). */
  fetched?: ReadonlyMap<string, SourceName>;
}

export interface ArchiveSession {
  /** The threads as the header pass threads them: messages with their headers, nothing linked yet. */
  threads: Thread[];
  /** The sources with every problem reported so far (reading, threading, then what `report` adds). */
  sources(): SourceSummary[];
  /** Files a thread's linking problem under its source (the session does not: callers decide the order). */
  report(path: string | null, problem: Problem): void;
  /** What is known of thread `index` without linking it: its cached facts, or null. */
  known(index: number): ThreadFacts | null;
  /** Thread `index` linked (from the cache when it is there), and its facts. */
  link(index: number): Promise<{ thread: Thread; facts: ThreadFacts }>;
  /**
   * Keeps what a list shows of every thread, once all are linked and followed, for the next run's
   * threads screen (src/store/listing.ts); nothing when the sources are not one indexed archive.
   */
  keep(listed: readonly ListedThread[]): void;
  /** `/` on the threads screen: the text of every mail linked so far, the subjects of the rest. */
  search: ThreadSearch;
  close(): void;
}

export async function openSession(paths: string[], options: SessionOptions): Promise<ArchiveSession> {
  const notice = options.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
  return openOnce(paths, { ...options, notice });
}

/**
 * Runs `work` on a session; when an archive turns out to have been rewritten under an index that
 * still looked right (same size, mtime and ends — caught when a mail's bytes do not match its row),
 * says so, drops the indexes and runs it once more on fresh ones.
 */
export async function withFreshIndexOnRetry<T>(paths: string[], options: SessionOptions, work: (session: ArchiveSession) => Promise<T>): Promise<T> {
  const notice = options.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
  const attempt = async (): Promise<T> => {
    const session = await openSession(paths, { ...options, notice });
    try {
      return await work(session);
    } catch (error) {
      session.close();
      throw error;
    }
  };
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof IndexUnusable) || options.cacheDir === null) throw error;
    notice(`mlreview: index ${error.message}; indexing again`);
    const probe = await openSources(paths, { ...options, notice: () => undefined });
    probe.close();
    probe.indexFiles.forEach(removeIndex);
    return attempt();
  }
}

async function openOnce(paths: string[], options: SessionOptions & { notice: (line: string) => void }): Promise<ArchiveSession> {
  const opened = await openSources(paths, options);
  // Pages that lost their quote markers are rebuilt from the bodies of every other mail: that needs
  // the whole archive in memory, as before the index.
  if (opened.reads.some((r) => r.messages.some((m) => m.quotesLost))) {
    opened.close();
    return linkedInMemory(await buildReview(paths, options));
  }
  try {
    // A cached thread stands for the mails it was linked from: every one is checked against the
    // archive before its facts are used, so an archive rewritten under its index is noticed here.
    const why = options.cacheDir === null ? 'no index (--no-cache)' : 'only mbox archives are indexed';
    return indexedSession(opened, options.notice, options.mailmap, why);
  } catch (error) {
    opened.close();
    throw error;
  }
}

function indexedSession(opened: OpenedSources, notice: (line: string) => void, mailmap: Mailmap | undefined, why: string): ArchiveSession {
  const threaded = threadSources(opened.reads, mailmap);
  const { threads } = threaded;
  const search = threadSearch(threads, opened, notice, why);
  const memory = new LinkedCache(null, '', notice);
  const caches = new Map<unknown, LinkedCache>();
  const cacheFor = (thread: Thread): LinkedCache => {
    const first = thread.messages[0]?.message;
    const owner = first ? opened.dbOf(first) : null;
    if (!owner) return memory;
    let cache = caches.get(owner.db);
    if (!cache) caches.set(owner.db, (cache = new LinkedCache(owner.db, owner.path, notice)));
    return cache;
  };
  // The mailmap changes who wrote what, so a thread linked under another one is another thread.
  const code = createHash('sha1').update(codeFingerprint()).update(JSON.stringify(mailmap ?? null)).digest('hex');
  const keys = new Map<number, string>();
  const keyOf = (index: number): string => {
    let key = keys.get(index);
    if (!key) keys.set(index, (key = cacheKey(threads[index]!, opened, code)));
    return key;
  };
  // The archive as the index saw it when the threads were read: a listing is kept only for that state.
  const metaAtOpen = metaText(opened.listingDb);
  const verified = new Set<number>();
  const known = (index: number): ThreadFacts | null => {
    const key = keyOf(index);
    const facts = cacheFor(threads[index]!).facts(key) ?? memory.facts(key);
    if (facts && !verified.has(index)) {
      for (const { message } of threads[index]!.messages) opened.verify(message);
      verified.add(index);
    }
    return facts;
  };
  return {
    threads,
    sources: threaded.sources,
    report: threaded.report,
    known,
    link: async (index) => {
      const thread = threads[index]!;
      const key = keyOf(index);
      const cache = cacheFor(thread);
      const facts = known(index);
      const json = facts ? (cache.get(key) ?? memory.get(key)) : null;
      if (facts && json !== null) {
        const cached = decodeThread(json);
        search.add(cached);
        return { thread: cached, facts };
      }
      // Not cached, or its facts were but its row is gone or damaged: link it (again).
      const problems: ThreadFacts['problems'] = [];
      const record = (path: string | null, problem: Problem): void => void problems.push({ path, problem });
      const linked = await withBodies(thread, opened, record, mailmap);
      linkThread(linked, record);
      const fresh = { counts: countsOf(linked), problems, keys: versionKeysOf(linked), authors: historyAuthorsOf(linked) };
      cache.put(key, encodeThread(linked), fresh);
      search.add(linked);
      return { thread: linked, facts: facts ?? fresh };
    },
    keep: (listed) => {
      const db = opened.listingDb;
      if (!db?.open || listed.length !== threads.length) return;
      // Another mlreview appended to the index since: this list is of the archive as it was.
      if (metaAtOpen === null || metaText(db) !== metaAtOpen) return;
      putListing(db, { sources: threaded.sources(), threads: [...listed] }, mailmap ?? null);
    },
    search,
    close: () => {
      for (const cache of caches.values()) cache.flush();
      search.close();
      opened.close();
    },
  };
}

/** The index's meta as text, null when there is no index or it cannot be read. */
function metaText(db: Db | null): string | null {
  try {
    return db?.open ? JSON.stringify(readMeta(db)) : null;
  } catch {
    return null;
  }
}

/** The thread with every message's full decode in place of its header-only one. */
async function withBodies(thread: Thread, opened: OpenedSources, report: (path: string | null, problem: Problem) => void, mailmap: Mailmap | undefined): Promise<Thread> {
  const messages: ThreadMessage[] = [];
  for (const entry of thread.messages) {
    const decoded = await opened.body(entry.message);
    let message: Message = entry.message;
    // The sender as threading saw it (under the .mailmap's identity), the body as the archive has it.
    if ('message' in decoded) message = applyMailmap([decoded.message], mailmap)[0]!;
    // The headers read, the body did not: the mail stays in its thread, without its text, and says so.
    else report(entry.message.origin.path, { where: decoded.problem.where, reason: `body not read: ${decoded.problem.reason}` });
    messages.push({ ...entry, message });
  }
  return { ...thread, messages, series: [], patches: [] };
}

/** The thread's mails (place, content, position in the tree) and the code that links them. */
function cacheKey(thread: Thread, opened: OpenedSources, code: string): string {
  const hash = createHash('sha1').update(code).update(`\0${thread.root}\0${thread.subject}\0`);
  for (const { message, parent, depth } of thread.messages) {
    hash.update(`${message.origin.path}\0${message.origin.where}\0${opened.hash(message)}\0${parent ?? ''}\0${depth}\n`);
  }
  return hash.digest('hex');
}

export function countsOf(thread: Thread): ThreadCounts {
  const comments = commentsOf(thread);
  return { patches: thread.patches.length, comments: comments.length, open: comments.filter(awaitsAnswer).length };
}

/** A review already linked in memory (pages rebuilt from quotes) served as a session. */
export function linkedInMemory(review: { sources: SourceSummary[]; threads: Thread[] }): ArchiveSession {
  const factsOf = (thread: Thread): ThreadFacts => ({ counts: countsOf(thread), problems: [], keys: versionKeysOf(thread), authors: historyAuthorsOf(thread) });
  return {
    threads: review.threads,
    sources: () => review.sources,
    report: () => undefined,
    known: (index) => factsOf(review.threads[index]!),
    link: async (index) => ({ thread: review.threads[index]!, facts: factsOf(review.threads[index]!) }),
    keep: () => undefined,
    search: subjectsOnly('read whole in memory'),
    close: () => undefined,
  };
}
