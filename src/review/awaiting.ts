// Which comments still wait for the patch author. Status says whether anyone answered; a comment that
// asks nothing — "Applied, thanks!", "Reviewed-by: …", "LGTM" (kind `ack`) — is left without an answer
// by design, and listing it among the open items buried the real questions: on linux-leds 1,581 of
// 7,928 unanswered comments were such acks.
//
// Across versions: an author who agreed ("will fix in next version") and then sent the next version
// with the commented lines untouched has not done it yet. Such a comment stays open; one the author
// answered with an explanation (`answered`) does not, since the lines staying is then the answer.
import type { Comment } from '../model.js';

/** True when the comment is unanswered and asks for something (a question, a request, a concern…). */
export function awaitsAnswer(comment: Comment): boolean {
  if (comment.kind === 'ack') return false;
  if (comment.status === 'open') return true;
  return comment.status === 'acknowledged' && comment.nextVersion?.state === 'unchanged';
}
