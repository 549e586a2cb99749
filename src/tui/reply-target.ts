// What `r` answers on the review screen: the row of the search match, else the selected comment's
// card, else the first hunk line or comment on screen — the places the screen already highlights,
// read from the row itself (a hunk line knows its line, a card row its comment and turn).
import type { ReplyTarget } from '../reply/compose.js';
import type { ReviewItem } from './items.js';
import { selectedIndex, visible } from './navigation.js';
import type { Row } from './row.js';
import type { ReviewDocument } from './rows.js';
import type { ReviewState } from './state.js';

function targetOfRow(row: Row, item: ReviewItem | undefined): ReplyTarget | null {
  if (row.comment) return row.turn ? { kind: 'turn', comment: row.comment, turn: row.turn } : { kind: 'comment', comment: row.comment };
  if (row.kind === 'hunk-line' && item?.kind === 'patch' && row.file !== undefined && row.hunk !== undefined && row.line !== undefined) {
    const patch = item.patch;
    // row.hunk counts hunks over the whole patch; the target names the hunk within its file.
    const before = patch.files.slice(0, row.file).reduce((n, f) => n + f.hunks.length, 0);
    return { kind: 'line', patch, file: row.file, hunk: row.hunk - before, line: row.line };
  }
  return null;
}

const answerable = (row: Row): boolean => row.comment !== undefined || row.kind === 'hunk-line';

export function replyTargetAt(r: ReviewState, doc: ReviewDocument, item: ReviewItem | undefined, height: number): ReplyTarget | null {
  if (r.match !== null && doc.rows[r.match]) {
    // A match on a wrapped continuation row still names its line: walk up to the row that does.
    for (let i = r.match; i >= 0 && i > r.match - 50; i--) {
      const target = targetOfRow(doc.rows[i], item);
      if (target) return target;
      if (doc.rows[i].kind !== 'hunk-line') break;
    }
  }
  const s = selectedIndex(r, doc);
  if (s >= 0 && visible(doc.commentRows[s], r.offset, height)) return targetOfRow(doc.rows[doc.commentRows[s]], item);
  for (let i = r.offset; i < Math.min(doc.rows.length, r.offset + height); i++) {
    if (answerable(doc.rows[i])) return targetOfRow(doc.rows[i], item);
  }
  return null;
}
