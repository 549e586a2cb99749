// The pure core in one call: ingest → thread → patch → review, for every path given.
import type { Problem, Review, SourceSummary } from './model.js';
import { readSources, type ReadProgress, type SourceRead } from './ingest/index.js';
import { readPatch } from './patch/index.js';
import { claimWebPage } from './ingest/webpage.js';
import { recoverQuotes } from './ingest/requote.js';
import { linkReviews } from './review/index.js';
import { threadMessages } from './thread/jwz.js';
import { joinUnthreadedSeries, toThread } from './thread/build.js';
import { linkVersions, seriesOf } from './thread/series.js';

export interface BuildOptions {
  onProgress?: (progress: ReadProgress) => void;
}

export async function buildReview(paths: string[], options: BuildOptions = {}): Promise<Review> {
  const reads: SourceRead[] = [];
  for (const path of paths) reads.push(...(await readSources(path, { onProgress: options.onProgress, claim: claimWebPage })));
  return reviewFromSources(reads);
}

/** Everything after reading: pure, so tests and the bench can feed it messages directly. */
export function reviewFromSources(reads: SourceRead[]): Review {
  const problemsByPath = new Map<string, Problem[]>(reads.map((r) => [r.path, [...r.problems]]));
  // A problem goes to the source it came from; one whose file is unknown to the first source.
  const report = (path: string | null, problem: Problem): void => {
    const list = (path !== null ? problemsByPath.get(path) : undefined) ?? problemsByPath.get(reads[0]?.path ?? '');
    list?.push(problem);
  };

  // Web pages lost their quote markers: rebuild them once every source is read, since the mails
  // they quote may come from another file; a page that repeats a mail already read is dropped.
  const messages = recoverQuotes(reads.flatMap((r) => r.messages));
  const threading = threadMessages(messages);
  for (const problem of threading.problems) report(problem.where.slice(0, problem.where.lastIndexOf(':')), problem);

  const threads = joinUnthreadedSeries(threading.roots.map(toThread));
  for (const thread of threads) {
    for (const { message } of thread.messages) {
      const read = readPatch(message);
      if (read.problem) report(message.origin.path, read.problem);
      if (read.patch) thread.patches.push(read.patch);
    }
    thread.series = seriesOf(thread);
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
  linkVersions(threads);

  const sources: SourceSummary[] = reads.map((r) => ({
    path: r.path,
    format: r.format,
    messages: r.messages.length,
    problems: problemsByPath.get(r.path) ?? [],
  }));
  return { sources, threads };
}
