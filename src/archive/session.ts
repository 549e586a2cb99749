// threads → linked review, one thread at a time: the archive opened through its index, threaded from
// the header pass alone, and each thread decoded and linked when asked for (or taken from the cache).
// The browser asks for the thread the user opens first and the rest in the background; `export` and
// `check` ask for every thread in order (linked.ts).
import { createHash } from 'node:crypto';
import type { Problem, SourceSummary, Thread } from '../model.js';
import { buildReview, threadSources } from '../pipeline.js';
import type { ReadProgress } from '../ingest/index.js';
import type { Mailmap } from '../thread/mailmap.js';
import type { SourceName } from '../lore/label.js';
import { codeFingerprint } from '../store/fingerprint.js';
import { IndexUnusable, readMeta, removeIndex, type Db } from '../store/index-db.js';
import { LinkedCache, type ThreadFacts } from '../store/linked-cache.js';
import type { MailRef } from '../store/mail-ref.js';
import { decodeThread, encodeThread } from '../store/thread-codec.js';
import { decodeVersionFields, encodeVersionFields, type VersionFields } from '../versions/fields.js';
import { membersOf, putListing } from '../store/listing.js';
import type { ListedThread } from '../review/thread-listing.js';
import { openSources, type OpenedSources } from './open.js';
import { subjectsOnly, threadSearch, type ThreadSearch } from './thread-search.js';
import { countsOf, factsOf, linkWithBodies } from './thread-link.js';

export { countsOf };

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
  /** What the versions stage gave each thread of `group` last time, when its threads and their other versions are the same; else null. */
  followed?(group: number[], others: unknown[]): VersionFields[] | null;
  /** Keeps what the versions stage gave each thread of `group` (whose other versions are `others`). */
  keepFollowed?(group: number[], others: unknown[], fields: VersionFields[]): void;
  /** Thread `index` as a worker of the link pool links it (the caller has found it not known): null unless every mail is in an indexed archive. */
  job?(index: number): LinkJob | null;
  /** Keeps what a worker linked for thread `index` (its encoded thread, compressed, and facts) as `link` would. */
  keepLinked?(index: number, packed: Buffer, facts: ThreadFacts): void;
  close(): void;
}

/** A thread as threading gave it (bodies empty) and where each of its mails is, in message order. */
export interface LinkJob {
  thread: Thread;
  mails: MailRef[];
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
    const why = options.cacheDir === null ? 'no index (--no-cache)' : 'only mbox archives and Maildirs are indexed';
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
  // A group of threads followed by the versions stage: its threads' own keys and their other versions.
  const groupKey = (group: number[], others: unknown[]): string =>
    `versions:${createHash('sha1').update(code).update(group.map(keyOf).join('\0')).update(JSON.stringify(others)).digest('hex')}`;
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
      const { thread: linked, facts: fresh } = await linkWithBodies(thread, (message) => opened.body(message), mailmap);
      cache.put(key, encodeThread(linked), fresh);
      search.add(linked);
      // Every mail was just read and checked against its row.
      verified.add(index);
      return { thread: linked, facts: facts ?? fresh };
    },
    job: (index) => {
      const thread = threads[index]!;
      const mails: MailRef[] = [];
      for (const { message } of thread.messages) {
        const ref = opened.ref(message);
        if (!ref) return null;
        mails.push(ref);
      }
      return { thread, mails };
    },
    followed: (group, others) => {
      const text = cacheFor(threads[group[0]!]!).get(groupKey(group, others));
      return text === null ? null : decodeVersionFields(text);
    },
    keepFollowed: (group, others, fields) => cacheFor(threads[group[0]!]!).putText(groupKey(group, others), encodeVersionFields(fields)),
    keepLinked: (index, packed, facts) => {
      cacheFor(threads[index]!).putPacked(keyOf(index), packed, facts);
      verified.add(index);
    },
    keep: (listed) => {
      const db = opened.listingDb;
      if (!db?.open || listed.length !== threads.length) return;
      // Another mlreview appended to the index since: this list is of the archive as it was.
      if (metaAtOpen === null || metaText(db) !== metaAtOpen) return;
      putListing(db, { sources: threaded.sources(), threads: [...listed], members: threads.map(membersOf) }, mailmap ?? null);
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

/** The thread's mails (place, content, position in the tree) and the code that links them. */
function cacheKey(thread: Thread, opened: OpenedSources, code: string): string {
  const hash = createHash('sha1').update(code).update(`\0${thread.root}\0${thread.subject}\0`);
  for (const { message, parent, depth } of thread.messages) {
    hash.update(`${message.origin.path}\0${message.origin.where}\0${opened.hash(message)}\0${parent ?? ''}\0${depth}\n`);
  }
  return hash.digest('hex');
}

/** A review already linked in memory (pages rebuilt from quotes) served as a session. */
export function linkedInMemory(review: { sources: SourceSummary[]; threads: Thread[] }): ArchiveSession {
  return {
    threads: review.threads,
    sources: () => review.sources,
    report: () => undefined,
    known: (index) => factsOf(review.threads[index]!, []),
    link: async (index) => ({ thread: review.threads[index]!, facts: factsOf(review.threads[index]!, []) }),
    keep: () => undefined,
    search: subjectsOnly('read whole in memory'),
    close: () => undefined,
  };
}
