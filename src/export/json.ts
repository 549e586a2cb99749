// The review as JSON, schema "mlreview/1" (documented in README.md). Field names are a contract
// with other tools: add fields freely, never rename or drop one.
import type { Comment, Patch, Person, Reply, Review, Thread } from '../model.js';

export const SCHEMA = 'mlreview/1';

export interface JsonOptions {
  /** Only the thread that holds this Message-ID (angle brackets optional). */
  thread?: string;
}

export function toJson(review: Review, options: JsonOptions = {}): unknown {
  const threads = options.thread ? review.threads.filter((t) => holds(t, options.thread!)) : review.threads;
  return {
    schema: SCHEMA,
    sources: review.sources.map((s) => ({
      path: s.path,
      format: s.format,
      messages: s.messages,
      problems: s.problems.map((p) => ({ where: p.where, reason: p.reason })),
    })),
    threads: threads.map(threadJson),
  };
}

export function renderJson(review: Review, options: JsonOptions = {}): string {
  return `${JSON.stringify(toJson(review, options), null, 2)}\n`;
}

/** True when the thread holds a message with this id (its root included). */
export function holds(thread: Thread, messageId: string): boolean {
  const id = messageId.trim().replace(/^<|>$/g, '');
  return thread.root === id || thread.messages.some((m) => m.message.id === id);
}

function threadJson(thread: Thread): unknown {
  return {
    subject: thread.subject,
    root: thread.root,
    messages: thread.messages.map(({ message, parent, children, depth }) => ({
      id: message.id,
      subject: message.subject,
      from: person(message.from),
      date: message.date,
      inReplyTo: message.inReplyTo,
      parent,
      depth,
      children,
      references: message.references,
      source: { path: message.origin.path, where: message.origin.where },
      ...(message.quoteRecovered ? { quoteRecovered: true } : {}),
      ...(message.reconstructed ? { reconstructed: true } : {}),
    })),
    series: thread.series.map((s) => ({
      title: s.title,
      version: s.version,
      cover: s.cover,
      patches: s.patches,
      total: s.total,
      otherVersions: s.otherVersions,
      trailers: s.trailers,
      comments: s.comments.map(commentJson),
    })),
    patches: thread.patches.map(patchJson),
  };
}

function patchJson(patch: Patch): unknown {
  return {
    messageId: patch.messageId,
    subject: patch.subject,
    title: patch.title,
    author: person(patch.author),
    date: patch.date,
    version: patch.version,
    part: patch.part,
    total: patch.total,
    commitMessage: patch.commitMessage,
    trailers: patch.trailers.map((t) => ({ name: t.name, value: t.value, from: t.from, ...(t.condition ? { condition: t.condition } : {}) })),
    diffstat: patch.diffstat,
    files: patch.files.map((f) => ({
      oldPath: f.oldPath,
      newPath: f.newPath,
      status: f.status,
      binary: f.binary,
      hunks: f.hunks.map((h) => ({
        header: h.header,
        oldStart: h.oldStart,
        oldLines: h.oldLines,
        newStart: h.newStart,
        newLines: h.newLines,
        lines: h.lines.map((l) => l.raw),
        lineNumbers: h.lines.map((l) => [l.oldLine, l.newLine]),
      })),
    })),
    ...(patch.unparsedDiff !== undefined ? { unparsedDiff: patch.unparsedDiff } : {}),
    ...(patch.reconstructed ? { reconstructed: true } : {}),
    comments: patch.comments.map(commentJson),
  };
}

function commentJson(comment: Comment): unknown {
  return {
    messageId: comment.messageId,
    author: person(comment.author),
    date: comment.date,
    text: comment.text,
    kind: comment.kind,
    status: comment.status,
    anchor: comment.anchor,
    replies: comment.replies.map(replyJson),
    ...(comment.quoteRecovered ? { quoteRecovered: true } : {}),
    ...(comment.confidence !== undefined ? { confidence: comment.confidence } : {}),
  };
}

function replyJson(reply: Reply): unknown {
  return {
    messageId: reply.messageId,
    author: person(reply.author),
    date: reply.date,
    text: reply.text,
    kind: reply.kind,
    replies: reply.replies.map(replyJson),
    ...(reply.quoteRecovered ? { quoteRecovered: true } : {}),
  };
}

function person(p: Person): { name: string; address: string } {
  return { name: p.name, address: p.address };
}
