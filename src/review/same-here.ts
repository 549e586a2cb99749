// "Same here.", "Likewise.", "Same problem as above": a comment repeated by reference. Authors answer
// the first one ("Will fix both") and leave the repeats unanswered; the repeat then stands where the
// comment it points to stands.
import type { Comment } from '../model.js';
import type { AuthorSide } from './roles.js';
import { speaksForPatch } from './roles.js';

const SAME_HERE =
  /^\s*(?:same(?: thing| here| problem| issue| comment| question| as (?:above|before|earlier))?|likewise|ditto|here too|also here|and here|ditto here|similar(?:ly)?(?: here| as above)?)\b[^\n]{0,80}$/i;

/** True when the comment only points back at an earlier one. */
export function isSameHere(text: string): boolean {
  return text.length <= 120 && SAME_HERE.test(text.trim());
}

/**
 * The comments of one patch, with each unanswered repeat taking the status of the comment it
 * repeats: the nearest earlier comment of the same mail that the author side answered.
 */
export function inheritSameHere(comments: readonly Comment[], side: AuthorSide): Comment[] {
  const answered = (c: Comment): boolean => c.replies.some((r) => speaksForPatch(side, r.author));
  return comments.map((comment, i) => {
    if (comment.status !== 'open' || answered(comment) || !isSameHere(comment.text)) return comment;
    for (let j = i - 1; j >= 0; j--) {
      const earlier = comments[j]!;
      if (earlier.messageId !== comment.messageId || isSameHere(earlier.text)) continue;
      if (earlier.status === 'open') return comment;
      return {
        ...comment,
        status: earlier.status,
        statusReason: { ...earlier.statusReason, why: `${earlier.statusReason.why} (on the comment it repeats)` },
      };
    }
    return comment;
  });
}
