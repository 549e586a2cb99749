// The review as plain text: what `mlreview` prints when stdout is a pipe or a file, and what
// `mlreview export --format text` writes. Each comment under the patch line it talks about, its
// conversation indented below it.
import type { Anchor, Comment, CommentStatus, Patch, Reply, Review, Series, Thread, Trailer } from '../model.js';
import { sgr, statusTone, styleOf, type Tone } from '../tui/theme.js';
import { proseLine, revealedLine, stripControls } from '../text/control-chars.js';
import { holds } from './json.js';
import { commentsOf } from '../review/thread-comments.js';
import type { LinkedArchive } from '../archive/linked.js';

export interface TextOptions {
  color: boolean;
  thread?: string;
  /** Wrap comment text at this width (0: never). */
  width?: number;
}

interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  add(s: string): string;
  del(s: string): string;
  status(s: string, status: CommentStatus): string;
}

const PLAIN: Paint = { bold: (s) => s, dim: (s) => s, add: (s) => s, del: (s) => s, status: (s) => s };

// The browser's colour table (src/tui/theme.ts), so a piped review and the screen never disagree.
const tone = (t: Tone) => (s: string) => sgr(s, styleOf(t, true));
const ANSI: Paint = {
  bold: tone('title'),
  dim: tone('meta'),
  add: tone('add'),
  del: tone('del'),
  status: (s, status) => sgr(s, styleOf(statusTone(status), true)),
};

export function renderPlainText(review: Review, options: TextOptions): string {
  const paint = options.color ? ANSI : PLAIN;
  const threads = review.threads.filter((t) => (options.thread ? holds(t, options.thread) : t.patches.length > 0));
  const out: string[] = [];
  for (const thread of threads) out.push(...threadText(thread, paint));
  const comments = threads.reduce((n, t) => n + commentsOf(t).length, 0);
  out.push(footer({ sources: review.sources, threads: review.threads.length }, threads.length, comments, paint));
  return `${out.join('\n')}\n`;
}

/** The same bytes as `renderPlainText`, written a thread at a time from the store. */
export async function writePlainText(archive: LinkedArchive, write: (text: string) => Promise<void>, options: TextOptions): Promise<void> {
  const paint = options.color ? ANSI : PLAIN;
  let shown = 0;
  let comments = 0;
  for (let index = 0; index < archive.size; index++) {
    if (options.thread && !archive.holds(index, options.thread)) continue;
    const thread = await archive.thread(index);
    if (!options.thread && thread.patches.length === 0) continue;
    shown += 1;
    comments += commentsOf(thread).length;
    await write(`${threadText(thread, paint).join('\n')}\n`);
  }
  await write(`${footer({ sources: archive.sources, threads: archive.size }, shown, comments, paint)}\n`);
}

function footer(review: { sources: Review['sources']; threads: number }, shown: number, comments: number, paint: Paint): string {
  const messages = review.sources.reduce((n, s) => n + s.messages, 0);
  const problems = review.sources.reduce((n, s) => n + s.problems.length, 0);
  return paint.dim(
    `${messages} messages in ${review.sources.length} source${review.sources.length === 1 ? '' : 's'}, ` +
      `${review.threads} threads, ${shown} shown with ${comments} review comments` +
      (problems ? `, ${problems} problems (mlreview export --format json lists them)` : ''),
  );
}

function threadText(thread: Thread, paint: Paint): string[] {
  const out: string[] = [];
  const root = thread.messages[0]?.message;
  out.push(paint.bold(proseLine(thread.subject)));
  if (root) out.push(paint.dim(`  ${proseLine(root.from.name || root.from.address)}, ${day(root.date)}, ${thread.messages.length} messages`));
  for (const series of thread.series) out.push(...seriesText(series, paint));
  for (const patch of thread.patches) out.push(...patchText(patch, paint));
  out.push('');
  return out;
}

function seriesText(series: Series, paint: Paint): string[] {
  const out: string[] = [];
  const versions = series.otherVersions.length ? ` (also v${series.otherVersions.join(', v')} in the archive)` : '';
  out.push(`  series v${series.version}: ${series.patches.length}${series.total ? `/${series.total}` : ''} patches${versions}`);
  for (const t of series.trailers) out.push(paint.dim(trailerLine(t)));
  for (const c of series.comments) out.push(...commentText(c, 4, paint));
  return out;
}

function patchText(patch: Patch, paint: Paint): string[] {
  const out: string[] = ['', `  ${paint.bold(proseLine(patch.subject))}`];
  const given = patch.trailers.filter((t) => t.from !== patch.messageId);
  for (const t of given) out.push(paint.dim(trailerLine(t)));
  const files = patch.files.map((f) => `${revealedLine(f.newPath === '/dev/null' ? f.oldPath : f.newPath)} (${f.hunks.length} hunk${f.hunks.length === 1 ? '' : 's'})`);
  if (files.length) out.push(paint.dim(`    files: ${files.join(', ')}`));
  if (patch.unparsedDiff !== undefined) out.push(paint.dim('    (diff could not be parsed; kept as text)'));
  let lastAnchor = '';
  for (const comment of patch.comments) {
    const where = anchorLabel(comment.anchor);
    if (where !== lastAnchor) {
      out.push('', `    ${paint.bold(where)}`);
      for (const q of comment.anchor.quote.slice(-3)) out.push(`      ${diffLine(q, paint)}`);
      lastAnchor = where;
    }
    out.push(...commentText(comment, 6, paint));
  }
  return out;
}

function commentText(comment: Comment, indent: number, paint: Paint): string[] {
  const pad = ' '.repeat(indent);
  const out = [
    `${pad}${paint.bold(proseLine(comment.author.name || comment.author.address))} ${paint.dim(day(comment.date))} ` +
      paint.status(`[${comment.kind}, ${comment.status}]`, comment.status),
  ];
  for (const text of safe(comment.text).split('\n')) out.push(`${pad}  ${text}`);
  for (const reply of comment.replies) out.push(...replyText(reply, indent + 2, paint));
  return out;
}

function replyText(reply: Reply, indent: number, paint: Paint): string[] {
  const pad = ' '.repeat(indent);
  const out = [`${pad}↳ ${paint.bold(proseLine(reply.author.name || reply.author.address))} ${paint.dim(day(reply.date))}`];
  for (const text of safe(reply.text).split('\n')) out.push(`${pad}  ${text}`);
  for (const r of reply.replies) out.push(...replyText(r, indent + 2, paint));
  return out;
}

function trailerLine(t: Trailer): string {
  return `    ${proseLine(t.name)}: ${proseLine(t.value)}${t.condition ? ` (if: ${proseLine(t.condition)})` : ''}`;
}

/** `path:line` of a diff comment (the path as code), or the section it is in. */
export function anchorLabel(anchor: Anchor): string {
  if (anchor.section !== 'diff') return anchor.section;
  const at = anchor.line === null ? '' : `:${anchor.line}`;
  return `${anchor.file === null ? '?' : revealedLine(anchor.file)}${at}`;
}

function diffLine(quoted: string, paint: Paint): string {
  const s = revealedLine(quoted);
  if (s.startsWith('+')) return paint.add(s);
  if (s.startsWith('-')) return paint.del(s);
  return s;
}

function day(date: string | null): string {
  return date ? date.slice(0, 10) : 'undated';
}

// Mail text never reaches the terminal raw (the policy: src/text/control-chars.ts). Prose loses its
// hidden characters; code (quoted diff lines, paths) shows them as <U+XXXX>; a subject, a name or a
// path is one line whatever it holds (proseLine, revealedLine), so it cannot forge a line below it.

/** A comment's or an answer's text: its lines kept. */
function safe(text: string): string {
  return stripControls(text);
}
