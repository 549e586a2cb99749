// Moving through a review: scrolling, jumping to the next comment (across patches), searching rows.
// Pure helpers of the reducer (state.ts), apart because they are the part with the arithmetic.
import { commentKey } from './comment-key.js';
import { matchesFilter } from './filter.js';
import { commentsOf } from './items.js';
import { rowText } from './row.js';
import type { ReviewDocument } from './rows.js';
import type { ReviewState, View } from './state.js';

export const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

export function maxOffset(doc: ReviewDocument, height: number): number {
  return Math.max(0, doc.rows.length - height);
}

/** Scroll so a row is in the upper part of the screen, unless it already is. */
export function reveal(r: ReviewState, row: number, doc: ReviewDocument, height: number): number {
  if (row >= r.offset && row < r.offset + Math.max(1, Math.floor((height * 2) / 3))) return r.offset;
  return clamp(row - Math.floor(height / 3), 0, maxOffset(doc, height));
}

export function visible(row: number, offset: number, height: number): boolean {
  return row >= offset && row < offset + height;
}

/** A scroll: the selection and search match stay only while they are on screen. */
export function scrollTo(r: ReviewState, offset: number, doc: ReviewDocument, height: number): ReviewState {
  const o = clamp(offset, 0, maxOffset(doc, height));
  const selectedRow = selectedIndex(r, doc);
  return {
    ...r,
    offset: o,
    selected: selectedRow >= 0 && visible(doc.commentRows[selectedRow], o, height) ? r.selected : null,
    match: r.match !== null && visible(r.match, o, height) ? r.match : null,
  };
}

export function selectedIndex(r: ReviewState, doc: ReviewDocument): number {
  return r.selected === null ? -1 : doc.comments.findIndex((c) => commentKey(c) === r.selected);
}

export function openItem(r: ReviewState, item: number): ReviewState {
  return { ...r, item, offset: 0, selected: null, match: null, list: null };
}

export type Found = { review: ReviewState; message?: string } | { message: string };

/** The next (dir 1) or previous (dir -1) comment matching `pred`, crossing into other patches. */
export function jumpComment(
  r: ReviewState,
  view: View,
  dir: 1 | -1,
  pred: (i: number, doc: ReviewDocument) => boolean,
  none: string,
): Found {
  const doc = view.docFor(r);
  const s = selectedIndex(r, doc);
  let i: number;
  if (s >= 0) i = s + dir;
  else if (dir > 0) i = doc.commentRows.findIndex((row) => row >= r.offset);
  else i = doc.commentRows.findLastIndex((row) => row < r.offset);
  for (; i >= 0 && i < doc.comments.length; i += dir) {
    if (pred(i, doc)) {
      const selected = commentKey(doc.comments[i]);
      return { review: { ...r, selected, offset: reveal(r, doc.commentRows[i], doc, view.height) } };
    }
  }
  for (let item = r.item + dir; item >= 0 && item < view.itemsFor(r.thread).length; item += dir) {
    const shown = commentsOf(view.itemsFor(r.thread)[item]).filter((c) => matchesFilter(c, r.filter));
    if (shown.length === 0) continue;
    const other = view.docFor(r, item);
    const order = other.comments.map((_, k) => k);
    if (dir < 0) order.reverse();
    const k = order.find((k) => pred(k, other));
    if (k === undefined) continue;
    const next = openItem(r, item);
    const offset = clamp(other.commentRows[k] - Math.floor(view.height / 3), 0, maxOffset(other, view.height));
    return { review: { ...next, selected: commentKey(other.comments[k]), offset } };
  }
  return { message: none };
}

const lowered = new WeakMap<object, string>();

function rowMatches(doc: ReviewDocument, i: number, query: string): boolean {
  const row = doc.rows[i];
  let text = lowered.get(row);
  if (text === undefined) lowered.set(row, (text = rowText(row).toLowerCase()));
  return text.includes(query);
}

/** Next row containing the search, wrapping around the item like less and vim do. */
export function searchStep(r: ReviewState, view: View, dir: 1 | -1, fromTop: boolean): Found {
  const doc = view.docFor(r);
  const query = (r.search ?? '').toLowerCase();
  const n = doc.rows.length;
  if (!query || n === 0) return { message: 'no search' };
  const start = fromTop ? r.offset : (r.match ?? (dir > 0 ? r.offset - 1 : r.offset)) + dir;
  for (let k = 0; k < n; k++) {
    const i = (((start + dir * k) % n) + n) % n;
    if (rowMatches(doc, i, query)) {
      const wrapped = dir > 0 ? i < start : i > start;
      const review = { ...r, match: i, offset: reveal(r, i, doc, view.height) };
      return wrapped ? { review, message: 'search wrapped around' } : { review };
    }
  }
  return { message: `not found: ${r.search}` };
}

/** The comment Enter folds: the selected one when on screen, else the first one on screen. */
export function foldTarget(r: ReviewState, doc: ReviewDocument, height: number): string | null {
  const s = selectedIndex(r, doc);
  if (s >= 0) return r.selected;
  for (let i = r.offset; i < Math.min(doc.rows.length, r.offset + height); i++) {
    const c = doc.rows[i].comment;
    if (c) return commentKey(c);
  }
  return null;
}

