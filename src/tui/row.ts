// The unit the review screen scrolls by: one terminal row, already wrapped to the width, knowing what
// it belongs to (file, hunk, comment) so navigation and the status line need nothing else.
import type { Comment, Reply } from '../model.js';
import type { Tone } from './theme.js';

export type RowKind =
  | 'title'
  | 'meta'
  | 'commit'
  | 'trailer'
  | 'diffstat'
  | 'file'
  | 'file-meta'
  | 'hunk-header'
  | 'hunk-line'
  | 'unparsed'
  | 'comment'
  | 'reply'
  | 'fold'
  | 'message'
  | 'notice'
  | 'blank';

export interface Segment {
  text: string;
  tone: Tone;
}

export interface Row {
  kind: RowKind;
  segments: Segment[];
  /** Index of the file in the patch, on file, hunk and line rows (and comments placed in it). */
  file?: number;
  /** Index of the hunk among all hunks of the item. */
  hunk?: number;
  /** The comment card this row is part of. */
  comment?: Comment;
  /** First row of a comment card: where `n`/`N` land. */
  head?: boolean;
  /** On hunk-line rows: the index of the line in its hunk (what `r` quotes). */
  line?: number;
  /** On the rows of a turn of a conversation: that turn (what `r` answers). */
  turn?: Reply;
}

export function rowText(row: Row): string {
  let text = '';
  for (const s of row.segments) text += s.text;
  return text;
}

export const BLANK: Row = { kind: 'blank', segments: [] };

/**
 * Segments cut to `width` columns (an ellipsis marks the cut): for header lines made of several
 * pieces (author · date · kind · badge) that must stay one row.
 */
export function fitSegments(segments: Segment[], width: number, measure: (s: string) => number, cut: (s: string, w: number) => string): Segment[] {
  const out: Segment[] = [];
  let used = 0;
  for (const s of segments) {
    const w = measure(s.text);
    if (used + w <= width) {
      out.push(s);
      used += w;
      continue;
    }
    if (width - used > 0) out.push({ ...s, text: cut(s.text, width - used) });
    break;
  }
  return out;
}
