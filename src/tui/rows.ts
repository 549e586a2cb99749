// The review model turned into display rows, once per (item, width, folds, filter). ink has no
// scrolling box, so the review screen keeps an offset and draws rows.slice(offset, offset + height);
// everything it needs to know about a row (file, hunk, comment) is on the row.
//
// A 10,000-line series must not be rewrapped on every fold: the rows of each hunk and of each comment
// card are cached on the model objects themselves (WeakMap), and a rebuild only concatenates them.
import type { Comment, FileDiff, Hunk, HunkLine, Message, Patch, Trailer } from '../model.js';
import { cardRows, personName, shortDate } from './card.js';
import { commentKey } from './comment-key.js';
import { type CommentFilter, matchesFilter } from './filter.js';
import { commentsOf, type ReviewItem } from './items.js';
import { groupByPlace, placeKey, type Place } from './placement.js';
import { textLines } from '../review/place.js';
import { BLANK, type Row, type Segment } from './row.js';
import { codeLine, displayWidth, safeLine, terminalSafe, truncateToWidth, wrapToWidth } from './sanitize.js';
import type { Tone } from './theme.js';

export interface ReviewDocument {
  rows: Row[];
  /** Comments shown, in the order their cards appear. */
  comments: Comment[];
  /** Row index of each shown comment's header, same order as `comments`. */
  commentRows: number[];
  hunkRows: number[];
  fileRows: number[];
  /** Display name of each file (index = Row.file). */
  files: string[];
}

export interface LayoutOptions {
  width: number;
  /** commentKeys of the comments whose conversation is folded. */
  folds: ReadonlySet<string>;
  filter: CommentFilter;
}

const TEXT_INDENT = 2;

function textRows(kind: Row['kind'], text: string, tone: Tone, width: number, mode: 'code' | 'prose', indent = 0): Row[] {
  const pad = ' '.repeat(indent);
  return wrapToWidth(safeLine(text), width - indent, mode).map((part) => ({
    kind,
    segments: [{ text: pad + part, tone }],
  }));
}

/** Rows of a line of the patch itself (diff headers, hunk headers, diffstat): nothing in it hidden. */
function codeRows(kind: Row['kind'], text: string, tone: Tone, width: number, indent = 0): Row[] {
  const pad = ' '.repeat(indent);
  return wrapToWidth(codeLine(text), width - indent, 'code').map((part) => ({ kind, segments: [{ text: pad + part, tone }] }));
}

/** The lines the core numbered places by (src/review/place.ts), each made safe to draw. */
function lines(text: string): string[] {
  return textLines(text).map(terminalSafe);
}

/** The file as the screen names it; a path is code: a hidden character in it is shown (sanitize.ts). */
export function fileName(file: FileDiff): string {
  if (file.status === 'renamed' || file.status === 'copied') return `${codeLine(file.oldPath)} → ${codeLine(file.newPath)}`;
  return codeLine(file.status === 'deleted' ? file.oldPath : file.newPath);
}

function numberWidth(files: FileDiff[]): number {
  let max = 0;
  for (const f of files) for (const h of f.hunks) max = Math.max(max, h.oldStart + h.oldLines, h.newStart + h.newLines);
  return Math.max(3, String(max).length);
}

const LINE_TONE: Record<HunkLine['kind'], Tone> = { add: 'add', del: 'del', context: 'context' };
const MARKER: Record<HunkLine['kind'], string> = { add: '+', del: '-', context: ' ' };

const hunkCache = new WeakMap<Hunk, { key: string; rows: Row[][] }>();

/** The rows of each line of a hunk (a long line wraps to several), cached per width. */
function hunkLineRows(hunk: Hunk, file: number, hunkIndex: number, nw: number, width: number): Row[][] {
  const key = `${width}:${nw}:${file}:${hunkIndex}`;
  const cached = hunkCache.get(hunk);
  if (cached?.key === key) return cached.rows;
  const gutter = 2 * nw + 3;
  const room = Math.max(4, width - gutter - 1);
  const blank = ' '.repeat(2 * nw + 1);
  const rows = hunk.lines.map((line, index) => {
    const tone = LINE_TONE[line.kind];
    const numbers = `${line.oldLine === null ? ''.padStart(nw) : String(line.oldLine).padStart(nw)} ${
      line.newLine === null ? ''.padStart(nw) : String(line.newLine).padStart(nw)
    }`;
    const parts = wrapToWidth(codeLine(line.text), room, 'code');
    return parts.map((part, i): Row => {
      const segments: Segment[] = [
        { text: i === 0 ? numbers : blank, tone: 'lineno' },
        // Plain spaces, not a box-drawing bar: ink measures every row with string-width, whose
        // grapheme segmenter runs on any non-ASCII row and cost 5 ms a frame on hunk lines alone.
        { text: '  ', tone: 'gutter' },
        { text: (i === 0 ? MARKER[line.kind] : ' ') + part, tone },
      ];
      return { kind: 'hunk-line', file, hunk: hunkIndex, line: index, segments };
    });
  });
  hunkCache.set(hunk, { key, rows });
  return rows;
}

const cardCache = new WeakMap<Comment, Map<string, Row[]>>();

/** A comment's card rows, tagged with the file and hunk it sits in, cached per layout. */
function cachedCard(comment: Comment, indent: number, width: number, folded: boolean, where: { file?: number; hunk?: number }): Row[] {
  let byKey = cardCache.get(comment);
  if (!byKey) cardCache.set(comment, (byKey = new Map()));
  const key = `${indent}:${width}:${folded}:${where.file}:${where.hunk}`;
  let rows = byKey.get(key);
  if (!rows) {
    const card = cardRows(comment, indent, width, folded);
    rows = where.file === undefined ? card : card.map((row) => ({ ...row, ...where }));
    byKey.set(key, rows);
  }
  return rows;
}

/** Collects rows and the indexes navigation needs while an item is laid out. */
class DocumentBuilder {
  readonly doc: ReviewDocument = { rows: [], comments: [], commentRows: [], hunkRows: [], fileRows: [], files: [] };
  /** `file:hunk` of every hunk with a comment on one of its lines: the others need no lookup per line. */
  readonly placedHunks = new Set<string>();
  constructor(
    readonly placed: Map<string, Comment[]>,
    private readonly options: LayoutOptions,
  ) {
    for (const key of placed.keys()) {
      const line = /^line:(\d+):(\d+):/.exec(key);
      if (line) this.placedHunks.add(`${line[1]}:${line[2]}`);
    }
  }

  push(...rows: Row[]): void {
    for (const row of rows) this.doc.rows.push(row);
  }

  /** The cards of the comments at a place, tagged with the file/hunk they sit in. */
  cards(place: Place, indent: number, where: { file?: number; hunk?: number } = {}): void {
    const comments = this.placed.get(placeKey(place));
    if (!comments) return;
    for (const comment of comments) {
      this.doc.comments.push(comment);
      this.doc.commentRows.push(this.doc.rows.length);
      const folded = this.options.folds.has(commentKey(comment));
      for (const row of cachedCard(comment, indent, this.options.width, folded, where)) this.doc.rows.push(row);
    }
  }
}

function trailerRows(trailers: Trailer[], fromMessage: string, width: number): Row[] {
  return trailers
    .filter((t) => t.from !== fromMessage)
    .flatMap((t) =>
      textRows('trailer', `${t.name}: ${t.value}  (in a reply${t.condition ? `: ${t.condition}` : ''})`, 'trailer', width, 'prose', TEXT_INDENT),
    );
}

function headerRows(title: string, author: string, date: string | null, id: string | null, width: number): Row[] {
  const meta = [author, shortDate(date), id ? `<${id}>` : ''].filter(Boolean).join(' · ');
  return [...textRows('title', title, 'title', width, 'prose'), ...textRows('meta', meta, 'meta', width, 'prose'), BLANK];
}

/** Commit message (or cover letter) lines with their comments, then the comments placed at its end. */
function textSection(b: DocumentBuilder, text: string[], width: number): void {
  text.forEach((line, i) => {
    b.push(...textRows('commit', line, 'commit', width, 'code', TEXT_INDENT));
    b.cards({ at: 'text', line: i }, TEXT_INDENT + 2);
  });
  b.cards({ at: 'text-end' }, TEXT_INDENT + 2);
}

function diffSection(b: DocumentBuilder, patch: Patch, width: number): void {
  const nw = numberWidth(patch.files);
  const cardIndent = 2 * nw + 4;
  let hunkIndex = 0;
  patch.files.forEach((file, f) => {
    b.doc.files.push(fileName(file));
    b.doc.fileRows.push(b.doc.rows.length);
    const label = `${fileName(file)}${file.status === 'modified' ? '' : ` (${file.status})`}`;
    const head = truncateToWidth(`━━ ${label} `, width);
    const rule = '━'.repeat(Math.max(0, width - displayWidth(head)));
    b.push({ kind: 'file', file: f, segments: [{ text: head + rule, tone: 'file' }] });
    for (const header of file.headers) b.push(...codeRows('file-meta', header, 'file-meta', width).map((r) => ({ ...r, file: f })));
    if (file.binary) b.push({ kind: 'file-meta', file: f, segments: [{ text: 'binary file, no text diff', tone: 'file-meta' }] });
    b.cards({ at: 'file', file: f }, cardIndent, { file: f });
    file.hunks.forEach((hunk, h) => {
      b.doc.hunkRows.push(b.doc.rows.length);
      b.push(...codeRows('hunk-header', hunk.header, 'hunk', width).map((r) => ({ ...r, file: f, hunk: hunkIndex })));
      const commented = b.placedHunks.has(`${f}:${h}`);
      hunkLineRows(hunk, f, hunkIndex, nw, width).forEach((lineRows, l) => {
        b.push(...lineRows);
        if (commented) b.cards({ at: 'line', file: f, hunk: h, line: l }, cardIndent, { file: f, hunk: hunkIndex });
      });
      b.cards({ at: 'hunk-end', file: f, hunk: h }, cardIndent, { file: f, hunk: hunkIndex });
      hunkIndex++;
    });
    b.push(BLANK);
  });
  if (patch.unparsedDiff) {
    b.push({ kind: 'notice', segments: [{ text: 'Diff that could not be parsed (shown as sent):', tone: 'warning' }] });
    for (const line of patch.unparsedDiff.replace(/(?<!\n)\n+$/, '').split('\n')) b.push(...codeRows('unparsed', line, 'plain', width));
  }
}

function endSection(b: DocumentBuilder): void {
  if (!b.placed.has('end')) return;
  b.push(BLANK, { kind: 'notice', segments: [{ text: 'Comments whose line is not in this patch:', tone: 'warning' }] });
  b.cards({ at: 'end' }, TEXT_INDENT);
}

function layoutPatch(patch: Patch, options: LayoutOptions, shown: Comment[]): ReviewDocument {
  const text = lines(patch.commitMessage);
  const diffstat = patch.diffstat;
  const b = new DocumentBuilder(groupByPlace(shown), options);
  const w = options.width;
  b.push(...headerRows(patch.subject, `${personName(patch.author)}`, patch.date, patch.messageId, w));
  if (patch.reconstructed) {
    b.push(...textRows('notice', 'This patch is not in the archive: rebuilt from the lines its reviewers quoted.', 'warning', w, 'prose'), BLANK);
  }
  textSection(b, text, w);
  b.push(...trailerRows(patch.trailers, patch.messageId, w), BLANK);
  if (diffstat.length > 0) {
    diffstat.forEach((line, i) => {
      b.push(...codeRows('diffstat', line, 'diffstat', w, TEXT_INDENT));
      b.cards({ at: 'diffstat', line: i }, TEXT_INDENT + 2);
    });
    b.cards({ at: 'diffstat-end' }, TEXT_INDENT + 2);
    b.push(BLANK);
  }
  diffSection(b, patch, w);
  endSection(b);
  return b.doc;
}

function layoutCover(item: Extract<ReviewItem, { kind: 'cover' }>, options: LayoutOptions, shown: Comment[]): ReviewDocument {
  const message: Message | null = item.message;
  const text = message ? lines(message.body) : [];
  const b = new DocumentBuilder(groupByPlace(shown), options);
  const w = options.width;
  b.push(...headerRows(message?.subject ?? item.series.title, message ? personName(message.from) : '', message?.date ?? null, item.series.cover, w));
  if (!message) b.push(...textRows('notice', 'The cover letter is not in the archive.', 'warning', w, 'prose'));
  textSection(b, text, w);
  b.push(...trailerRows(item.series.trailers, item.series.cover ?? '', w));
  endSection(b);
  return b.doc;
}

function layoutDiscussion(item: Extract<ReviewItem, { kind: 'discussion' }>, options: LayoutOptions): ReviewDocument {
  const b = new DocumentBuilder(new Map(), options);
  const w = options.width;
  b.push(...textRows('title', item.thread.subject, 'title', w, 'prose'), BLANK);
  for (const { message, depth } of item.thread.messages) {
    const indent = Math.min(depth, 8) * 2;
    const meta = `${personName(message.from)} · ${shortDate(message.date)} · ${safeLine(message.subject)}`;
    b.push(...textRows('message', meta, 'author', w, 'prose', indent));
    for (const line of lines(message.body)) {
      b.push(...textRows('commit', line, line.startsWith('>') ? 'meta' : 'commit', w, 'prose', indent + 2));
    }
    b.push(BLANK);
  }
  return b.doc;
}

/** The rows of an item. Pure: the same inputs give the same rows (cached parts are shared). */
export function buildDocument(item: ReviewItem, options: LayoutOptions): ReviewDocument {
  const shown = commentsOf(item).filter((c) => matchesFilter(c, options.filter));
  if (item.kind === 'patch') return layoutPatch(item.patch, options, shown);
  if (item.kind === 'cover') return layoutCover(item, options, shown);
  return layoutDiscussion(item, options);
}
