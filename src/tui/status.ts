// "Where am I": the status line's patch k/N, file, hunk i/H and comment i/M, from the top row shown.
import { commentKey } from './comment-key.js';
import type { ReviewDocument } from './rows.js';

export interface Position {
  file: string | null;
  /** 1-based hunk at the top of the screen and the number of hunks, null before the first hunk. */
  hunk: [number, number] | null;
  /** 1-based selected comment (0 when none is selected) and the number of comments shown. */
  comment: [number, number];
}

/** Index of the last entry of an ascending list that is <= row, -1 if none. */
function lastAtOrBefore(list: number[], row: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= row) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Position of the selected comment, or of the top row when none is selected. */
export function positionOf(doc: ReviewDocument, offset: number, selected: string | null): Position {
  const c = selected === null ? -1 : doc.comments.findIndex((x) => commentKey(x) === selected);
  const at = c >= 0 ? doc.commentRows[c] : offset;
  const f = lastAtOrBefore(doc.fileRows, at);
  const h = lastAtOrBefore(doc.hunkRows, at);
  return {
    file: f >= 0 ? doc.files[f] : null,
    hunk: h >= 0 ? [h + 1, doc.hunkRows.length] : null,
    comment: [c + 1, doc.comments.length],
  };
}
