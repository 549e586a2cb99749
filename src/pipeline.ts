// The pure core in one call: ingest → thread → patch → review, for every path given.
import type { Message, Problem, Review, SourceSummary, Thread, ThreadMessage } from './model.js';
import { readSources, type ReadProgress, type SourceRead } from './ingest/index.js';
import { readPatch, type PatchRead } from './patch/index.js';
import { trailersInReply } from './patch/trailers.js';
import { threadMessages } from './thread/jwz.js';
import { joinUnthreadedSeries, toThread } from './thread/build.js';
import { linkVersions, seriesOf } from './thread/series.js';
import { parseSubject } from './thread/subject.js';

export interface BuildOptions {
  onProgress?: (progress: ReadProgress) => void;
}

export async function buildReview(paths: string[], options: BuildOptions = {}): Promise<Review> {
  const reads: SourceRead[] = [];
  for (const path of paths) reads.push(...(await readSources(path, { onProgress: options.onProgress })));
  return reviewFromSources(reads);
}

/** Everything after reading: pure, so tests and the bench can feed it messages directly. */
export function reviewFromSources(reads: SourceRead[]): Review {
  const problemsByPath = new Map<string, Problem[]>(reads.map((r) => [r.path, [...r.problems]]));
  const report = (message: Message | null, problem: Problem): void => {
    const list = (message && problemsByPath.get(message.origin.path)) ?? problemsByPath.get(reads[0]?.path ?? '') ?? [];
    list.push(problem);
  };

  const messages = reads.flatMap((r) => r.messages);
  const threading = threadMessages(messages);
  for (const problem of threading.problems) {
    const path = problem.where.slice(0, problem.where.lastIndexOf(':'));
    (problemsByPath.get(path) ?? problemsByPath.get(reads[0]?.path ?? '') ?? []).push(problem);
  }

  const parsed = new Map<Message, PatchRead>();
  for (const r of reads) for (const [message, patch] of r.patchReads ?? []) parsed.set(message, patch);
  const threads = joinUnthreadedSeries(threading.roots.map(toThread));
  for (const thread of threads) {
    for (const { message } of thread.messages) {
      const read = parsed.get(message) ?? readPatch(message);
      if (read.problem) report(message, read.problem);
      if (read.patch) thread.patches.push(read.patch);
    }
    thread.series = seriesOf(thread);
    collectReplyTrailers(thread);
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

/**
 * "Reviewed-by: X" in a reply goes to the nearest patch above it in the thread, or to the whole
 * series when the reply answers the cover letter.
 */
function collectReplyTrailers(thread: Thread): void {
  const byId = new Map<string, ThreadMessage>(thread.messages.map((m) => [m.message.id, m]));
  const patchById = new Map(thread.patches.map((p) => [p.messageId, p]));
  const seriesByCover = new Map(thread.series.filter((s) => s.cover).map((s) => [s.cover!, s]));
  for (const entry of thread.messages) {
    if (!parseSubject(entry.message.subject).isReply) continue;
    const trailers = trailersInReply(entry.message.body, entry.message.id);
    if (trailers.length === 0) continue;
    for (let up = entry.parent ? byId.get(entry.parent) : undefined; up; up = up.parent ? byId.get(up.parent) : undefined) {
      const patch = patchById.get(up.message.id);
      if (patch) {
        patch.trailers.push(...trailers);
        break;
      }
      const series = seriesByCover.get(up.message.id);
      if (series) {
        series.trailers.push(...trailers);
        break;
      }
    }
  }
}
