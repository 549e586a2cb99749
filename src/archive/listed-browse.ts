// store → the browser, before the archive is read: the threads screen is drawn from the list the last
// run that linked all of the archive kept (src/store/listing.ts) — counts, states and versions
// included — while the archive itself is opened behind it. Each line is replaced as its thread comes;
// a thread opened before that waits for it as it would for linking. When mail was appended to the
// archive since that run, the list is drawn all the same and the status line says the new mail is
// being read; once it is, a kept line stands only for a thread that holds the same mails as then and
// shares no title with a thread that got new mail (a new version changes an old one's state).
import type { Review, Thread } from '../model.js';
import type { ListedThread } from '../review/thread-listing.js';
import { normalisedTitle } from '../thread/subject.js';
import { membersOf, readListing, type Listing } from '../store/listing.js';
import type { BrowseArchive } from './browse.js';
import type { SessionOptions } from './session.js';
import { subjectsOnly } from './thread-search.js';

/** Time for the first frame to be drawn when nothing asks for the list's order. */
const FIRST_FRAME_MS = 100;

/**
 * The archive as its last whole run listed it, or null when there is no such list for it as it is
 * now (more than one source, fetched mail, no index, an archive that changed, another mlreview).
 * `open` starts reading the archive itself; its result takes over as soon as it is ready.
 */
export function listedArchive(paths: string[], options: SessionOptions, open: () => Promise<BrowseArchive>): BrowseArchive | null {
  if (paths.length !== 1 || options.cacheDir === null || (options.fetched?.size ?? 0) > 0) return null;
  const read = readListing(options.cacheDir, paths[0]!, options.mailmap ?? null);
  if (!read) return null;
  const { listing, grown } = read;
  const byRoot = new Map<string, ListedThread>(listing.threads.map((t) => [t.root, t]));
  // For an archive that grew: the kept lines that still stand once the archive is read.
  let standing: Map<Thread, ListedThread> | null = null;
  // Stand-ins until the archive is read: a root and a subject, nothing linked (the list line says the rest).
  const placeholders = new Set<Thread>(listing.threads.map((t) => ({ subject: t.subject, root: t.root, messages: [], series: [], patches: [] })));
  const listeners = new Set<(review: Review) => void>();
  const failures = new Set<(error: Error) => void>();
  let real: BrowseArchive | null = null;
  let failed: Error | null = null;
  let closed = false;
  let wanted: string[] = [];
  // Until the archive is read, `/` has the listed subjects only: which mails a thread holds is not known yet.
  const reading = subjectsOnly('the archive is still being read');
  const early: Review = { sources: listing.sources, threads: [...placeholders] };

  // The archive is read once the list is on screen (the browser asks for its order, or subscribes):
  // reading it takes the main thread for a moment, which the first frame must not wait behind.
  // The sources' problems grow as threads are linked again: until all are, the title keeps the
  // whole count the last run found rather than counting up from the reading problems alone.
  const shown = (review: Review): Review => {
    const { linked, total } = real?.progress() ?? { linked: 0, total: 1 };
    // The sources of an archive that grew are the ones read now: the kept ones count fewer mails.
    return linked < total && !grown ? { ...review, sources: listing.sources } : review;
  };
  let started = false;
  const start = (): void => {
    if (started || closed) return;
    started = true;
    open().then(
      (archive) => {
        if (closed) return archive.close();
        if (grown) standing = standingLines(listing, archive.review().threads);
        real = archive;
        if (wanted.length > 0) archive.prioritise(wanted);
        archive.subscribe((review) => listeners.forEach((l) => l(shown(review))));
        const review = shown(archive.review());
        listeners.forEach((l) => l(review));
      },
      (error: unknown) => {
        failed = error instanceof Error ? error : new Error(String(error));
        failures.forEach((f) => f(failed!));
      },
    );
  };

  return {
    review: () => (real ? shown(real.review()) : early),
    pending: (thread) => placeholders.has(thread) || (real?.pending(thread) ?? false),
    listed: (thread) => (standing ? (standing.get(thread) ?? null) : (byRoot.get(thread.root) ?? null)),
    progress: () => real?.progress() ?? { linked: 0, total: listing.threads.length, ...(grown ? { appended: read.added } : {}) },
    subscribe: (listener, onError) => {
      listeners.add(listener);
      setTimeout(start, FIRST_FRAME_MS).unref();
      if (onError) {
        failures.add(onError);
        if (failed) onError(failed);
      }
      return () => {
        listeners.delete(listener);
        if (onError) failures.delete(onError);
      };
    },
    prioritise: (roots) => {
      if (real) real.prioritise(roots);
      else wanted = roots;
      setImmediate(start);
    },
    search: (query) => (real?.search ?? reading.find)(query),
    close: () => {
      closed = true;
      real?.close();
    },
  };
}

/**
 * The kept lines that still describe the archive as read now: a thread whose mails are the ones it
 * had, unless it shares a title with a thread that is new or got new mail — a v5 posted since makes
 * the v4 thread superseded, though not a mail of it changed. Those wait for their linking.
 */
function standingLines(listing: Listing, threads: readonly Thread[]): Map<Thread, ListedThread> {
  const kept = new Map<string, { line: ListedThread; members: string }>(listing.threads.map((line, i) => [line.root, { line, members: listing.members[i]! }]));
  const same = new Map<Thread, ListedThread>();
  const touched = new Set<string>();
  // Replies repeat their thread's subject: each one is normalised once.
  const titleOf = new Map<string, string>();
  const titles = (thread: Thread): Set<string> =>
    new Set(
      thread.messages.map(({ message: { subject } }) => {
        let title = titleOf.get(subject);
        if (title === undefined) titleOf.set(subject, (title = normalisedTitle(subject)));
        return title;
      }),
    );
  for (const thread of threads) {
    const was = kept.get(thread.root);
    if (was && was.members === membersOf(thread)) same.set(thread, was.line);
    else for (const title of titles(thread)) touched.add(title);
  }
  if (touched.size === 0) return same;
  for (const thread of same.keys()) {
    if ([...titles(thread)].some((title) => touched.has(title))) same.delete(thread);
  }
  return same;
}
