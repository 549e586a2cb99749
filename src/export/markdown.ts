// The review as a Markdown document people paste into a changelog, an issue or a cover letter:
// per series a title, a summary, the open items first, then per patch, per file, per anchored line
// the diff excerpt and the conversation under it. A pure function of the Review: same input, same bytes.
import type { Anchor, Comment, FileDiff, Message, Patch, Review, Thread } from '../model.js';
import { hunkExcerpt } from './hunk-excerpt.js';
import { codeSpan, escapeHeading, escapeInline, fencedBlock } from './markdown-escape.js';
import {
  byline,
  commentAnchorId,
  commentMarkdown,
  type ConversationContext,
} from './markdown-conversation.js';
import {
  compareText,
  diffPlace,
  type OpenItem,
  openItemsMarkdown,
  patchNumber,
  type SeriesView,
  summaryMarkdown,
} from './markdown-summary.js';
import { DEFAULT_LINK_BASE } from './message-link.js';
import { sinceMarkdown } from './markdown-versions.js';
import { bareMessageId, selectThreads, seriesViews, ThreadNotFoundError } from './review-selection.js';
import type { LinkedArchive } from '../archive/linked.js';
import { awaitsAnswer } from '../review/awaiting.js';

export { ThreadNotFoundError } from './review-selection.js';

export interface MarkdownOptions {
  /** A Message-ID (angle brackets optional) of the root or any message of the thread to export. */
  thread?: string;
  /** Only comments still open. */
  openOnly?: boolean;
  /** Archive URL prefix for message links; default `https://lore.kernel.org/r/`. */
  linkBase?: string;
}

/** Lines of the reviewer's quote shown for comments that have no hunk line to point at. */
const QUOTE_EXCERPT = 8;

/** Renders the review; throws ThreadNotFoundError when `thread` names no message of the review. */
export function renderMarkdown(review: Review, opts: MarkdownOptions = {}): string {
  const threads = selectThreads(review, opts.thread);
  const messages = new Map<string, Message>();
  for (const thread of review.threads) {
    for (const { message } of thread.messages) if (!messages.has(message.id)) messages.set(message.id, message);
  }
  const doc = new DocumentWriter({ linkBase: opts.linkBase ?? DEFAULT_LINK_BASE, messages }, opts.openOnly === true);
  const sections = threads.flatMap((thread: Thread) => seriesViews(thread)).map((view) => doc.series(view));
  if (sections.length === 0) return NO_PATCHES;
  return sections.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}

const NO_PATCHES = '# Review\n\nNo patches in the archives.\n';

/**
 * The same bytes as `renderMarkdown`, written a thread at a time from the store. A thread's links
 * only name its own messages, so each thread brings its own message table.
 */
export async function writeMarkdown(archive: LinkedArchive, write: (text: string) => Promise<void>, opts: MarkdownOptions = {}): Promise<void> {
  const messages = new Map<string, Message>();
  const doc = new DocumentWriter({ linkBase: opts.linkBase ?? DEFAULT_LINK_BASE, messages }, opts.openOnly === true);
  const wanted = opts.thread === undefined ? null : bareMessageId(opts.thread);
  let first = true;
  for (let index = 0; index < archive.size; index++) {
    if (wanted !== null && !archive.holds(index, wanted)) continue;
    const thread = await archive.thread(index);
    if (wanted === null && thread.patches.length === 0) continue;
    messages.clear();
    for (const { message } of thread.messages) if (!messages.has(message.id)) messages.set(message.id, message);
    for (const view of seriesViews(thread)) {
      await write(`${first ? '' : '\n\n'}${doc.series(view).join('\n')}`);
      first = false;
    }
    // `--thread` names one thread: the first that holds the id, as selectThreads picks it.
    if (wanted !== null) break;
  }
  if (wanted !== null && first) throw new ThreadNotFoundError(wanted);
  await write(first ? NO_PATCHES : '\n');
}

/** Comment anchors are numbered through the whole document, so every link target is unique. */
class DocumentWriter {
  private nextComment = 1;
  private open: OpenItem[] = [];

  constructor(
    private readonly ctx: ConversationContext,
    private readonly openOnly: boolean,
  ) {}

  series(view: SeriesView): string[] {
    this.open = [];
    const body: string[] = [];
    const coverComments = this.shown(view.coverComments);
    if (coverComments.length > 0) {
      body.push('## Cover letter', '', ...this.quotedSection(coverComments, 'cover letter'));
    }
    for (const patch of view.patches) body.push(...this.patch(patch));

    const version = view.version > 1 ? ` (v${view.version})` : '';
    const head = [`# ${escapeHeading(view.title)}${version}`, ''];
    const cover = view.cover === null ? undefined : this.ctx.messages.get(view.cover);
    if (cover !== undefined) {
      head.push(`Cover letter: ${byline(cover.from, cover.date, cover.id, this.ctx)}`, '');
    }
    if (view.otherVersions.length > 0) {
      head.push(`Other versions in the archives: ${view.otherVersions.map((v) => `v${v}`).join(', ')}.`, '');
    }
    if (this.openOnly) head.push('*Only the comments still open are shown.*', '');
    head.push(...summaryMarkdown(view, this.ctx), '', '## Open items', '', ...openItemsMarkdown(this.open));
    const since = sinceMarkdown(view.version, view.coverComments, view.patches);
    if (since.length > 0) head.push('', ...trimBlankEnd(since));
    return trimBlankEnd(body.length > 0 ? [...head, '', ...body] : head);
  }

  /** The patch's section; every block ends with a blank line, trimmed at the end of the series. */
  private patch(patch: Patch): string[] {
    const comments = this.shown(patch.comments);
    if (this.openOnly && comments.length === 0) return [];
    const title = `Patch ${patchNumber(patch)}: ${patch.title}`;
    const out = [`## ${escapeHeading(title)}`, ''];
    const facts = [byline(patch.author, patch.date, patch.messageId, this.ctx, patch.reconstructed === true)];
    const stat = patch.diffstat.find((line) => /(?<!\d)\d+ files? changed/.test(line));
    if (stat !== undefined) facts.push(escapeInline(stat));
    out.push(facts.join(' · '), '');
    if (comments.length === 0) return [...out, 'No review comments.', ''];

    const bySection = (section: Anchor['section']) => comments.filter((c) => c.anchor.section === section);
    for (const [section, heading] of [
      ['cover-letter', 'Cover letter'],
      ['commit-message', 'Commit message'],
      ['diffstat', 'Diffstat'],
    ] as const) {
      const these = bySection(section);
      const where = `${patchNumber(patch)} ${heading.toLowerCase()}`;
      if (these.length > 0) out.push(`### ${heading}`, '', ...this.quotedSection(these, where));
    }
    out.push(...this.diffSections(patch, bySection('diff')));
    return out;
  }

  /** Comments outside the diff: each under the lines it quotes. */
  private quotedSection(comments: Comment[], where: string): string[] {
    const out: string[] = [];
    let shown = '';
    for (const comment of sortByTime(comments)) {
      const quote = quoteExcerpt(comment.anchor);
      // Two comments under the same quoted lines (one reviewer's paragraphs, split by the answers
      // between them) share one excerpt.
      if (quote.length > 0 && quote.join('\n') !== shown) out.push(...fencedBlock(quote, 'text'), '');
      shown = quote.join('\n');
      out.push(...this.comment(comment, where), '');
    }
    return out;
  }

  private diffSections(patch: Patch, comments: Comment[]): string[] {
    const out: string[] = [];
    const byFile = new Map<string, Comment[]>();
    for (const comment of comments) {
      const key = placedPath(patch, comment) ?? comment.anchor.file ?? '';
      const these = byFile.get(key) ?? [];
      these.push(comment);
      byFile.set(key, these);
    }
    const fileOrder = (path: string) => {
      const at = patch.files.findIndex((f) => f.newPath === path || f.oldPath === path);
      return at < 0 ? patch.files.length : at;
    };
    const paths = [...byFile.keys()].sort((a, b) => fileOrder(a) - fileOrder(b) || compareText(a, b));
    for (const path of paths) {
      const file = patch.files.find((f) => f.newPath === path || f.oldPath === path);
      out.push(`### ${path === '' ? 'Diff (file not known)' : codeSpan(path)}`, '');
      for (const group of lineGroups(file, byFile.get(path) ?? [])) {
        const location = group.line === null ? path : `${path}:${group.line}`;
        const note = lineNote(group);
        if (path !== '') out.push(`#### ${codeSpan(location)}${note}`, '');
        const excerpt = group.excerpt ?? quoteExcerpt(group.comments[0].anchor);
        if (excerpt.length > 0) out.push(...fencedBlock(excerpt, 'diff'), '');
        for (const comment of group.comments) out.push(...this.comment(comment, diffPlace(patch, location) + note), '');
      }
    }
    return out;
  }

  private comment(comment: Comment, where: string): string[] {
    const anchorId = commentAnchorId(this.nextComment++);
    if (awaitsAnswer(comment)) this.open.push({ anchorId, where, comment });
    return commentMarkdown(comment, anchorId, this.ctx);
  }

  private shown(comments: Comment[]): Comment[] {
    return this.openOnly ? comments.filter(awaitsAnswer) : comments;
  }
}

interface LineGroup {
  side: 'old' | 'new' | null;
  line: number | null;
  /** False when the anchor names no line of this file's hunks: the reviewer's quote stands in. */
  found: boolean;
  excerpt: string[] | null;
  comments: Comment[];
}

function lineNote(group: LineGroup): string {
  if (group.line === null) return ' (line number unknown)';
  if (!group.found) return ' (not in the patch as archived)';
  return group.side === 'old' ? ' (before the patch)' : '';
}

/**
 * Comments on the same line share one heading and one excerpt; groups in hunk then line order. The
 * line is where the core placed the comment (`comment.place`). Comments it could not put on a line
 * (a patch rebuilt from quotes has no line numbers) are grouped by the lines they quote, after the others.
 */
function lineGroups(file: FileDiff | undefined, comments: Comment[]): LineGroup[] {
  const groups = new Map<string, LineGroup & { order: [number, number] }>();
  for (const comment of sortByTime(comments)) {
    const { anchor, place } = comment;
    const hunk = file && place?.at === 'line' ? file.hunks[place.hunk] : undefined;
    const hunkLine = hunk && place?.at === 'line' ? hunk.lines[place.line] : undefined;
    const side = hunkLine ? (hunkLine.kind === 'del' ? 'old' : anchor.side ?? 'new') : anchor.side;
    const number = hunkLine ? (side === 'old' ? hunkLine.oldLine : hunkLine.newLine) : null;
    // A patch rebuilt from quotes has no line numbers: its hunks are excerpts, the quote shows more.
    const found = hunk !== undefined && hunkLine !== undefined && number !== null && place?.at === 'line';
    const line = found ? number : anchor.line;
    const key = found ? `${place.hunk}:${place.line}` : `?:${anchor.side}:${anchor.line}:${quoteExcerpt(anchor).join('\n')}`;
    let group = groups.get(key);
    if (group === undefined) {
      const excerpt = found ? hunkExcerpt(hunk, place.line, anchor.quote.length) : null;
      group = {
        side,
        line,
        found,
        excerpt: excerpt ? [excerpt.header, ...excerpt.lines] : null,
        comments: [],
        order: found ? [place.hunk, place.line] : [Number.MAX_SAFE_INTEGER, groups.size],
      };
      groups.set(key, group);
    }
    group.comments.push(comment);
  }
  return [...groups.values()].sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
}

/** The path of the file the core placed the comment in, or null when it placed it in none. */
function placedPath(patch: Patch, comment: Comment): string | null {
  const place = comment.place;
  if (!place || !(place.at === 'line' || place.at === 'hunk-end' || place.at === 'file')) return null;
  const file = patch.files[place.file];
  if (!file) return null;
  // The anchor's own spelling when it names this file, so a comment keeps the heading it had.
  if (comment.anchor.file === file.newPath || comment.anchor.file === file.oldPath) return comment.anchor.file;
  return file.status === 'deleted' ? file.oldPath : file.newPath;
}

/** The last lines the reviewer quoted, or the anchored line alone. */
function quoteExcerpt(anchor: Anchor): string[] {
  if (anchor.quote.length > 0) return anchor.quote.slice(-QUOTE_EXCERPT);
  return anchor.text !== null ? [anchor.text] : [];
}

function trimBlankEnd(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1] === '') end--;
  return lines.slice(0, end);
}

/** Oldest first; the Message-ID breaks ties so the order never depends on the input's order. */
function sortByTime(comments: Comment[]): Comment[] {
  return [...comments].sort(
    (a, b) => compareText(a.date ?? '\uffff', b.date ?? '\uffff') || compareText(a.messageId, b.messageId),
  );
}
