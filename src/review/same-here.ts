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
 * repeats: the nearest earlier comment of the same mail. So does a comment the author answered only
 * with "Same as above" (Dan Murphy on the multicolor framework v4: his answer above was "I will fix it").
 */
export function inheritSameHere(comments: readonly Comment[], side: AuthorSide): Comment[] {
  const answers = (c: Comment) => c.replies.filter((r) => speaksForPatch(side, r.author));
  return comments.map((comment, i) => {
    const own = answers(comment);
    // The repeat itself ("Same here") left unanswered, or answered only "Same as above" by the author.
    const repeatOpen = comment.status === 'open' && own.length === 0 && isSameHere(comment.text);
    const answerRepeats = own.length > 0 && isSameHere(own[own.length - 1]!.text);
    if (!repeatOpen && !answerRepeats) return comment;
    for (let j = i - 1; j >= 0; j--) {
      const earlier = comments[j]!;
      if (earlier.messageId !== comment.messageId || (repeatOpen && isSameHere(earlier.text))) continue;
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
