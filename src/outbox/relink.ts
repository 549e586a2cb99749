// Drafts shown where they will land: each draft of the outbox is read as the mail it will be, and
// the thread it answers is linked again with it, by the same linker that reads the list — so the
// card appears on the line (or in the conversation) the sent mail will be read back on.
import { decodeMail } from '../ingest/decode.js';
import type { Comment, Message, Reply, Review, Thread } from '../model.js';
import { reviewFromSources } from '../pipeline.js';
import type { OutboxEntry } from './outbox.js';

/** The outbox's drafts as messages; a draft that cannot be read is left out (it stays in the outbox). */
export async function draftMessages(entries: OutboxEntry[], path: string): Promise<Message[]> {
  const out: Message[] = [];
  for (const [i, entry] of entries.entries()) {
    const decoded = await decodeMail(Buffer.from(entry.raw, 'utf8'), { path, where: `draft ${i + 1}` });
    if ('message' in decoded) out.push(decoded.message);
  }
  return out;
}

function markReplies(replies: Reply[], ids: ReadonlySet<string>): Reply[] {
  return replies.map((r) => ({ ...r, replies: markReplies(r.replies, ids), ...(ids.has(r.messageId) ? { draft: true } : {}) }));
}

function markComments(comments: Comment[], ids: ReadonlySet<string>): Comment[] {
  return comments.map((c) => ({ ...c, replies: markReplies(c.replies, ids), ...(ids.has(c.messageId) ? { draft: true } : {}) }));
}

function relink(thread: Thread, messages: Message[], ids: ReadonlySet<string>): Thread {
  const path = messages[0]?.origin.path ?? 'outbox';
  const linked = reviewFromSources([{ path, format: 'mbox', messages, problems: [] }]).threads;
  const again = linked.find((t) => t.root === thread.root) ?? linked[0] ?? thread;
  return {
    ...again,
    patches: again.patches.map((p) => ({ ...p, comments: markComments(p.comments, ids) })),
    series: again.series.map((s) => ({ ...s, comments: markComments(s.comments, ids) })),
  };
}

export interface WithDrafts {
  review: Review;
  /** Threads linked again, old → new, so an open thread can follow. */
  replaced: [Thread, Thread][];
}

/**
 * The review with the drafts in their threads. `previous` are the Message-IDs of drafts shown
 * before (now sent or discarded): their threads are linked again without them.
 */
export function withDrafts(review: Review, drafts: Message[], previous: ReadonlySet<string> = new Set()): WithDrafts {
  // No draft now or before (the usual case): nothing to place, and no 23,000-mail map to build at every refresh.
  if (drafts.length === 0 && previous.size === 0) return { review: { ...review }, replaced: [] };
  const ids = new Set(drafts.map((d) => d.id));
  const threadOf = new Map<string, number>();
  review.threads.forEach((t, i) => t.messages.forEach((m) => threadOf.set(m.message.id, i)));
  const added = new Map<number, Message[]>();
  for (const draft of drafts) {
    const parent = [draft.inReplyTo, ...[...draft.references].reverse()].find((id) => id !== null && threadOf.has(id) && !ids.has(id));
    if (parent === undefined || parent === null) continue;
    const i = threadOf.get(parent)!;
    added.set(i, [...(added.get(i) ?? []), draft]);
  }
  const replaced: [Thread, Thread][] = [];
  const threads = review.threads.map((thread, i) => {
    const stale = thread.messages.some((m) => previous.has(m.message.id) || ids.has(m.message.id));
    const mine = added.get(i) ?? [];
    if (!stale && mine.length === 0) return thread;
    const base = thread.messages.map((m) => m.message).filter((m) => !m.reconstructed && !previous.has(m.id) && !ids.has(m.id));
    const next = relink(thread, [...base, ...mine], ids);
    replaced.push([thread, next]);
    return next;
  });
  return { review: { ...review, threads }, replaced };
}
