// The review as JSON, schema "mlreview/1" (documented in README.md). Field names are a contract
// with other tools: add fields freely, never rename or drop one.
import type { AppliedNote, Comment, Patch, Person, Reply, Review, SeriesState, SourceSummary, StatusReason, Thread, Trailer } from '../model.js';
import type { LinkedArchive } from '../archive/linked.js';

export const SCHEMA = 'mlreview/1';

export interface JsonOptions {
  /** Only the thread that holds this Message-ID (angle brackets optional). */
  thread?: string;
}

export function toJson(review: Review, options: JsonOptions = {}): unknown {
  const threads = options.thread ? review.threads.filter((t) => holds(t, options.thread!)) : review.threads;
  return { schema: SCHEMA, sources: sourcesJson(review.sources), threads: threads.map(threadJson) };
}

function sourcesJson(sources: SourceSummary[]): unknown {
  return sources.map((s) => ({
    path: s.path,
    format: s.format,
    mails: s.mails,
    messages: s.messages,
    problems: s.problems.map((p) => ({ where: p.where, reason: p.reason, ...(p.leftOut ? { leftOut: true } : {}) })),
    ...(s.fetchedAt ? { fetchedAt: s.fetchedAt } : {}),
  }));
}

/**
 * The same bytes as `renderJson`, written a thread at a time from the store: memory holds one
 * thread's JSON, not the archive's. Each thread is what JSON.stringify would write at that depth.
 */
export async function writeJson(archive: LinkedArchive, write: (text: string) => Promise<void>, options: JsonOptions = {}): Promise<void> {
  const head = escapeHidden(JSON.stringify({ schema: SCHEMA, sources: sourcesJson(archive.sources), threads: [] }, null, 2));
  const wanted = [...Array(archive.size).keys()].filter((i) => !options.thread || archive.holds(i, options.thread));
  if (wanted.length === 0) return write(`${head}\n`);
  await write(`${head.slice(0, head.length - '[]\n}'.length)}[\n`);
  for (const [n, index] of wanted.entries()) {
    const text = escapeHidden(JSON.stringify(threadJson(await archive.thread(index)), null, 2)).replace(/\n/g, '\n    ');
    await write(`${n === 0 ? '' : ',\n'}    ${text}`);
  }
  await write('\n  ]\n}\n');
}

/**
 * The review as JSON text. Strings keep the mail's text exactly, but the bytes hold no raw terminal
 * control, bidi control, invisible character or U+2028/U+2029: `jq`, `cat` or an editor showing the
 * file cannot be made to run a sequence or reorder a line, and JavaScript that embeds the text as a
 * literal cannot be cut by a line separator. They are written as `\uXXXX` escapes, which every JSON
 * reader turns back into the same character.
 */
export function renderJson(review: Review, options: JsonOptions = {}): string {
  return `${escapeHidden(JSON.stringify(toJson(review, options), null, 2))}\n`;
}

// JSON.stringify escapes C0 (ESC included) but leaves DEL, C1 and every format character raw. These
// occur only inside strings (the JSON syntax is ASCII), where `\uXXXX` means the same code unit; a
// tag character (U+E0000–U+E007F) is its two surrogates, escaped one by one. The set is that of
// src/text/control-chars.ts, ZWJ and ZWNJ included: escaping loses nothing.
const HIDDEN_IN_JSON =
  /[\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/g;

/** `json` with every character a terminal or an editor would act on or hide written as `\uXXXX`. */
export function escapeHidden(json: string): string {
  return json.replace(HIDDEN_IN_JSON, (found) => {
    let out = '';
    for (let i = 0; i < found.length; i++) out += `\\u${found.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
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
      ...(s.state ? { state: stateJson(s.state) } : {}),
      ...(s.versions ? { versions: s.versions } : {}),
      trailers: s.trailers.map(trailerJson),
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
    trailers: patch.trailers.map(trailerJson),
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
    ...(patch.applied ? { applied: appliedJson(patch.applied) } : {}),
    ...(patch.revisionOf ? { revisionOf: patch.revisionOf } : {}),
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
    statusReason: reasonJson(comment.statusReason),
    anchor: comment.anchor,
    replies: comment.replies.map(replyJson),
    ...(comment.quoteRecovered ? { quoteRecovered: true } : {}),
    ...(comment.confidence !== undefined ? { confidence: comment.confidence } : {}),
    ...(comment.conditionalTrailer ? { conditionalTrailer: trailerJson(comment.conditionalTrailer) } : {}),
    ...(comment.place ? { place: comment.place } : {}),
    ...(comment.nextVersion ? { nextVersion: comment.nextVersion } : {}),
  };
}

function reasonJson(reason: StatusReason): unknown {
  return {
    why: reason.why,
    ...(reason.sentence !== undefined ? { sentence: reason.sentence } : {}),
    ...(reason.by ? { by: person(reason.by) } : {}),
    ...(reason.role ? { role: reason.role } : {}),
    ...(reason.messageId ? { messageId: reason.messageId } : {}),
  };
}

function trailerJson(t: Trailer): unknown {
  return {
    name: t.name,
    value: t.value,
    from: t.from,
    ...(t.condition ? { condition: t.condition } : {}),
    ...(t.by ? { by: person(t.by) } : {}),
    ...(t.date !== undefined ? { date: t.date } : {}),
  };
}

function appliedJson(note: AppliedNote): unknown {
  return { messageId: note.messageId, by: person(note.by), date: note.date, where: note.where, text: note.text };
}

function stateJson(state: SeriesState): unknown {
  return {
    state: state.state,
    ...(state.applied ? { applied: appliedJson(state.applied) } : {}),
    ...(state.partial ? { partial: true } : {}),
    ...(state.newerVersion !== undefined ? { newerVersion: state.newerVersion } : {}),
  };
}

function replyJson(reply: Reply): unknown {
  return {
    messageId: reply.messageId,
    author: person(reply.author),
    role: reply.role,
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
