// threads → linked review for one thread: its mails decoded whole in place of their header-only
// reading, then its patches, series and comments linked, with the facts the whole-archive pass needs
// of it. The same code runs in the session and in a worker of the link pool (link-worker.ts), so a
// thread linked either way is the same thread.
import type { Message, Problem, Thread, ThreadMessage } from '../model.js';
import type { Decoded } from '../ingest/decode.js';
import { linkThread } from '../pipeline.js';
import { awaitsAnswer } from '../review/awaiting.js';
import { commentsOf } from '../review/thread-comments.js';
import { versionKeysOf } from '../thread/series.js';
import { applyMailmap, type Mailmap } from '../thread/mailmap.js';
import { historyAuthorsOf } from '../versions/index.js';
import type { ThreadCounts, ThreadFacts } from '../store/linked-cache.js';

/** The full decode of one message of the thread, read wherever its mail is. */
export type BodyReader = (message: Message) => Promise<Decoded>;

/** Thread `thread` (as threading gave it, bodies empty) decoded and linked; its facts with the problems linking found. */
export async function linkWithBodies(thread: Thread, body: BodyReader, mailmap: Mailmap | undefined): Promise<{ thread: Thread; facts: ThreadFacts }> {
  const problems: ThreadFacts['problems'] = [];
  const record = (path: string | null, problem: Problem): void => void problems.push({ path, problem });
  const linked = await withBodies(thread, body, record, mailmap);
  linkThread(linked, record);
  return { thread: linked, facts: factsOf(linked, problems) };
}

export function factsOf(thread: Thread, problems: ThreadFacts['problems']): ThreadFacts {
  return { counts: countsOf(thread), problems, keys: versionKeysOf(thread), authors: historyAuthorsOf(thread) };
}

export function countsOf(thread: Thread): ThreadCounts {
  const comments = commentsOf(thread);
  return { patches: thread.patches.length, comments: comments.length, open: comments.filter(awaitsAnswer).length };
}

/** The thread with every message's full decode in place of its header-only one. */
async function withBodies(thread: Thread, body: BodyReader, report: (path: string | null, problem: Problem) => void, mailmap: Mailmap | undefined): Promise<Thread> {
  const messages: ThreadMessage[] = [];
  for (const entry of thread.messages) {
    const decoded = await body(entry.message);
    let message: Message = entry.message;
    // The sender as threading saw it (under the .mailmap's identity), the body as the archive has it.
    if ('message' in decoded) message = applyMailmap([decoded.message], mailmap)[0]!;
    // The headers read, the body did not: the mail stays in its thread, without its text, and says so.
    else report(entry.message.origin.path, { where: decoded.problem.where, reason: `body not read: ${decoded.problem.reason}` });
    messages.push({ ...entry, message });
  }
  return { ...thread, messages, series: [], patches: [] };
}
