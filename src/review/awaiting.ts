// Which comments still wait for the patch author. Status says whether anyone answered; a comment that
// asks nothing — "Applied, thanks!", "Reviewed-by: …", "LGTM" (kind `ack`) — is left without an answer
// by design, and listing it among the open items buried the real questions: on linux-leds 1,581 of
// 7,928 unanswered comments were such acks.
import type { Comment } from '../model.js';

/** True when the comment is unanswered and asks for something (a question, a request, a concern…). */
export function awaitsAnswer(comment: Comment): boolean {
  return comment.status === 'open' && comment.kind !== 'ack';
}
