// Which part of a review an export shows: one thread named by any of its Message-IDs, or every thread
// with patches; and each thread cut into its series (a thread can hold a v1 and a v2 when the v2 was
// sent in reply to the v1, and patches that no series claims).
import type { Review, Thread } from '../model.js';
import type { SeriesView } from './markdown-summary.js';

/** `--thread` named a Message-ID that no thread of the review holds. */
export class ThreadNotFoundError extends Error {
  constructor(readonly messageId: string) {
    super(`no thread in the archives has a message with Message-ID <${messageId}>`);
    this.name = 'ThreadNotFoundError';
  }
}

/** `<id@host>` or `id@host` → `id@host`. */
export function bareMessageId(id: string): string {
  return id.trim().replace(/^<+/, '').replace(/(?<!>)>+$/, '').trim();
}

/** The thread holding `messageId` (as root or any message), or every thread that has patches. */
export function selectThreads(review: Review, messageId?: string): Thread[] {
  if (messageId === undefined) return review.threads.filter((thread) => thread.patches.length > 0);
  const wanted = bareMessageId(messageId);
  const thread = review.threads.find(
    (t) => t.root === wanted || t.messages.some(({ message }) => message.id === wanted),
  );
  if (thread === undefined) throw new ThreadNotFoundError(wanted);
  return [thread];
}

/** The thread's series in version order, then one more for patches no series lists. */
export function seriesViews(thread: Thread): SeriesView[] {
  const byId = new Map(thread.patches.map((patch) => [patch.messageId, patch]));
  const claimed = new Set<string>();
  const views: SeriesView[] = [...thread.series]
    .sort((a, b) => a.version - b.version)
    .map((series) => {
      const patches = series.patches.flatMap((id) => {
        const patch = byId.get(id);
        if (patch === undefined || claimed.has(id)) return [];
        claimed.add(id);
        return [patch];
      });
      return {
        title: series.title,
        version: series.version,
        otherVersions: series.otherVersions,
        total: series.total,
        cover: series.cover,
        coverComments: series.comments,
        trailers: series.trailers,
        patches,
        ...(series.state ? { state: series.state } : {}),
      };
    });
  const unclaimed = thread.patches.filter((patch) => !claimed.has(patch.messageId));
  if (unclaimed.length > 0) {
    views.push({
      title: unclaimed[0].title,
      version: unclaimed[0].version,
      otherVersions: [],
      total: unclaimed[0].total,
      cover: null,
      coverComments: [],
      trailers: [],
      patches: unclaimed,
    });
  }
  if (views.length === 0) {
    // A thread asked for by id that has no patch: still say what it is.
    views.push({ title: thread.subject, version: 1, otherVersions: [], total: null, cover: null, coverComments: [], trailers: [], patches: [] });
  }
  return views;
}
