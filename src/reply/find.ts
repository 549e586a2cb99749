// From a Message-ID and an optional `FILE:N` (a line of the patch's new side) to what a reply
// answers, as `mlreview reply` is asked: a patch line, a comment, a turn, or a whole mail.
import type { Comment, Patch, Reply, Thread } from '../model.js';
import { type ReplyTarget, ReplyError } from './compose.js';

export interface LineRef {
  file: string;
  line: number;
}

export function parseLineRef(text: string): LineRef {
  const m = /^(.+):(\d+)$/.exec(text);
  if (!m) throw new ReplyError(`--line wants FILE:N (a line number of the patch's new side), not ${text}`);
  return { file: m[1], line: Number(m[2]) };
}

const samePath = (path: string, wanted: string): boolean => path === wanted || path.endsWith(`/${wanted}`);

function patchLine(patch: Patch, ref: LineRef): ReplyTarget {
  const files = patch.files.map((f, i) => ({ f, i })).filter(({ f }) => samePath(f.newPath, ref.file) || samePath(f.oldPath, ref.file));
  if (files.length === 0) {
    throw new ReplyError(`${ref.file} is not a file of <${patch.messageId}> (it changes ${patch.files.map((f) => f.newPath).join(', ') || 'no file'})`);
  }
  for (const { f, i } of files) {
    for (const [h, hunk] of f.hunks.entries()) {
      const l = hunk.lines.findIndex((x) => x.newLine === ref.line);
      if (l >= 0) return { kind: 'line', patch, file: i, hunk: h, line: l };
    }
  }
  const ranges = files.flatMap(({ f }) => f.hunks.map((h) => `${h.newStart}-${h.newStart + Math.max(h.newLines, 1) - 1}`));
  throw new ReplyError(`${ref.file}:${ref.line} is not in the patch's hunks (new-side lines ${ranges.join(', ')})`);
}

function allComments(thread: Thread): Comment[] {
  return [...thread.patches.flatMap((p) => p.comments), ...thread.series.flatMap((s) => s.comments)];
}

function turnsOf(replies: Reply[]): Reply[] {
  return replies.flatMap((r) => [r, ...turnsOf(r.replies)]);
}

const onLine = (c: Comment, ref: LineRef): boolean =>
  c.anchor.file !== null && samePath(c.anchor.file, ref.file) && c.anchor.line === ref.line && c.anchor.side !== 'old';

/** What a reply to `id` (at `ref`, when given) answers. */
export function findTarget(thread: Thread, id: string, ref: LineRef | null): ReplyTarget {
  const patch = thread.patches.find((p) => p.messageId === id);
  if (patch) {
    if (ref === null) throw new ReplyError(`<${id}> is a patch: say which line to answer with --line FILE:N, or give a --trailer`);
    return patchLine(patch, ref);
  }
  const comments = allComments(thread);
  const own = comments.filter((c) => c.messageId === id && (ref === null || onLine(c, ref)));
  const turns = comments.flatMap((c) => turnsOf(c.replies).filter((t) => t.messageId === id).map((turn) => ({ comment: c, turn })));
  const ownTurns = ref === null ? turns : turns.filter(({ comment }) => onLine(comment, ref));
  if (own.length === 1 && ownTurns.length === 0) return { kind: 'comment', comment: own[0] };
  if (own.length === 0 && ownTurns.length === 1) return { kind: 'turn', ...ownTurns[0] };
  if (ref !== null && own.length + ownTurns.length === 0) throw new ReplyError(`<${id}> has no comment on ${ref.file}:${ref.line}`);
  if (ref !== null) return own.length ? { kind: 'comment', comment: own[0] } : { kind: 'turn', ...ownTurns[0] };
  // Several comments in one mail and no line named: answer the mail, quoting it whole.
  return { kind: 'mail', messageId: id };
}

export function threadHolding(threads: Thread[], id: string): Thread {
  const thread = threads.find((t) => t.messages.some((m) => m.message.id === id && !m.message.reconstructed));
  if (!thread) throw new ReplyError(`no mail <${id}> in the archives read`);
  return thread;
}
