// The pure core in one call: ingest → thread → patch → review, for every path given.
import { resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Problem, Review, SourceSummary, Thread } from './model.js';
import { readSources, type ReadProgress, type SourceRead } from './ingest/index.js';
import { readPatch } from './patch/index.js';
import { revisionsIn } from './patch/revision.js';
import { claimWebPage } from './ingest/webpage.js';
import { recoverQuotesIn } from './ingest/requote.js';
import { linkReviews } from './review/index.js';
import { withSeriesStates } from './review/series-state.js';
import { threadMessages } from './thread/jwz.js';
import { joinUnthreadedSeries, toThread } from './thread/build.js';
import { linkVersions, seriesOf } from './thread/series.js';
import { applyMailmap, type Mailmap } from './thread/mailmap.js';
import { namedReads, type SourceName } from './lore/label.js';
import { followVersions, followVersionsSteps } from './versions/index.js';

export interface LinkProgress {
  /** Threads whose patches and review comments are linked so far. */
  threads: number;
  total: number;
}

export interface BuildOptions {
  onProgress?: (progress: ReadProgress) => void;
  /** Called while review comments are linked to their lines, after every source is read. */
  onLinking?: (progress: LinkProgress) => void;
  /** Stops reading and linking at the next mail or thread; `buildReview` then rejects with its reason. */
  signal?: AbortSignal;
  /** The user's .mailmap (`--mailmap FILE`): senders under their proper identity before threading. */
  mailmap?: Mailmap;
  /** Paths that are cached copies of fetched mail, with the URL each is known by (src/lore/). */
  fetched?: ReadonlyMap<string, SourceName>;
}

// Linking a big archive takes seconds of synchronous work: hand the event loop a turn this often so
// a Ctrl-C typed into the browser, a signal or a progress frame is not kept waiting behind it.
const TURN_MS = 50;

/**
 * For a loop that links thread after thread: awaited after each, it reports the progress and hands
 * the event loop a turn every TURN_MS, then throws if the run was stopped meanwhile.
 */
export function linkingTurns(options: { onLinking?: (progress: LinkProgress) => void; signal?: AbortSignal }): (progress: LinkProgress) => Promise<void> {
  let turn = performance.now();
  return async (progress) => {
    if (performance.now() - turn < TURN_MS) return;
    options.onLinking?.(progress);
    await nextTurn();
    options.signal?.throwIfAborted();
    turn = performance.now();
  };
}

export async function buildReview(paths: string[], options: BuildOptions = {}): Promise<Review> {
  const { signal } = options;
  const reads: SourceRead[] = [];
  // The same file named twice would be read twice and every mail of it reported as a duplicate.
  const unique = [...new Map(paths.map((p) => [resolve(p), p])).values()];
  for (const path of unique) {
    signal?.throwIfAborted();
    reads.push(...(await namedReads(path, options.fetched, () => readSources(path, { onProgress: options.onProgress, claim: claimWebPage, signal }))));
  }
  const steps = reviewSteps(reads, options.mailmap);
  const turn = linkingTurns(options);
  let step = steps.next();
  while (!step.done) {
    await turn(step.value);
    step = steps.next();
  }
  options.onLinking?.({ threads: step.value.threads.length, total: step.value.threads.length });
  return step.value;
}

/** Everything after reading: pure, so tests and the bench can feed it messages directly. */
export function reviewFromSources(reads: SourceRead[], mailmap?: Mailmap): Review {
  const steps = reviewSteps(reads, mailmap);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** The work after reading, one thread a step, so `buildReview` can pause between threads. */
function* reviewSteps(reads: SourceRead[], mailmap?: Mailmap): Generator<LinkProgress, Review> {
  const threaded = threadSources(reads, mailmap);
  const { threads } = threaded;
  for (const [index, thread] of threads.entries()) {
    linkThread(thread, threaded.report);
    yield { threads: index + 1, total: threads.length };
  }
  linkVersions(threads);
  const stated = withSeriesStates(threads);
  // Across threads, after each is linked: versions matched patch by patch, comments followed into vN+1.
  const following = followVersionsSteps(stated);
  let followStep = following.next();
  while (!followStep.done) {
    yield { threads: threads.length, total: threads.length };
    followStep = following.next();
  }
  return { sources: threaded.sources(), threads: followStep.value };
}

/** Sources read → threads (messages only, nothing linked), with where each problem goes. */
export interface ThreadedSources {
  threads: Thread[];
  /** Files a problem under the source `path` names (the first source when null or unknown). */
  report: (path: string | null, problem: Problem) => void;
  /** The sources with every problem reported so far. */
  sources: () => SourceSummary[];
}

/** Rebuilds lost quotes and threads every message read; bodies are not looked at unless pages lost their quotes. */
export function threadSources(reads: SourceRead[], mailmap?: Mailmap): ThreadedSources {
  const problemsByPath = new Map<string, Problem[]>(reads.map((r) => [r.path, [...r.problems]]));
  // A problem goes to the source it came from; one whose file is unknown to the first source.
  const report = (path: string | null, problem: Problem): void => {
    const list = (path !== null ? problemsByPath.get(path) : undefined) ?? problemsByPath.get(reads[0]?.path ?? '');
    list?.push(problem);
  };
  // `where` is `path:position`, and Maildir names hold colons too (`cur/1234.host:2,S`): the source
  // is the longest path that `where` starts with.
  const paths = [...problemsByPath.keys()].sort((a, b) => b.length - a.length);
  const reportAt = (problem: Problem): void =>
    report(paths.find((p) => problem.where === p || problem.where.startsWith(`${p}:`)) ?? null, problem);

  // Web pages lost their quote markers: rebuild them once every source is read, since the mails
  // they quote may come from another file; a page that repeats a mail already read is left out.
  const recovered = recoverQuotesIn(applyMailmap(reads.flatMap((r) => r.messages), mailmap));
  recovered.problems.forEach(reportAt);
  const threading = threadMessages(recovered.messages);
  threading.problems.forEach(reportAt);

  const threads = joinUnthreadedSeries(threading.roots.map(toThread));
  const sources = (): SourceSummary[] =>
    reads.map((r) => ({
      path: r.path,
      format: r.format,
      mails: r.mails ?? r.messages.length + r.problems.filter((p) => p.leftOut).length,
      messages: r.messages.length,
      problems: problemsByPath.get(r.path) ?? [],
      ...(r.fetchedAt ? { fetchedAt: r.fetchedAt } : {}),
    }));
  return { threads, report, sources };
}

/** One thread's patches, series and review comments, linked in place. Never throws. */
export function linkThread(thread: Thread, report: (path: string | null, problem: Problem) => void): void {
  for (const { message } of thread.messages) {
    const read = readPatch(message);
    if (read.problem) report(message.origin.path, read.problem);
    if (read.patch) thread.patches.push(read.patch);
  }
  thread.series = seriesOf(thread);
  // Reworked patches posted as replies: revisions of the patch they answer (versions stage).
  thread.patches.push(...revisionsIn(thread));
  try {
    linkReviews(thread);
  } catch (error) {
    // One thread the linker cannot read must not cost the rest of the archive its review.
    const root = thread.messages[0]?.message ?? null;
    report(root?.origin.path ?? null, {
      where: root ? `${root.origin.path}:${root.origin.where}` : thread.root,
      reason: `review of thread <${thread.root}> could not be linked: ${(error as Error).message}`,
    });
  }
}

/**
 * The whole-archive stage applied to one linked thread: the other versions of each series the archive
 * holds (from every thread's keys, see `otherVersionsOf`), then the series' states that depend on them.
 * The streamed faces and the browser apply it thread by thread; `reviewSteps` does the same for all.
 */
export function acrossThreads(thread: Thread, otherVersions: number[][]): Thread {
  thread.series.forEach((series, j) => (series.otherVersions = otherVersions[j] ?? []));
  return withSeriesStates([thread])[0]!;
}

/**
 * The whole-archive stage for one series history (see `historyGroups`): `acrossThreads` on each, then
 * the versions stage over the group. The versions stage never joins series of different authors, so
 * a group holding every thread with a series by its authors gives each thread what the whole archive would.
 */
export function acrossHistory(threads: readonly Thread[], otherVersions: readonly number[][][]): Thread[] {
  return followVersions(threads.map((thread, i) => acrossThreads(thread, otherVersions[i]!)));
}
