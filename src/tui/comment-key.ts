// A comment's identity in UI state (selection, folds). Not its Message-ID: one review mail carries
// many comments (Alex Williamson's review of vfio v4 3/3 has four), and folding one must not fold all.
import type { Comment } from '../model.js';

const keys = new WeakMap<Comment, string>();
let next = 0;

/** A key unique to this comment object for the life of the process. */
export function commentKey(comment: Comment): string {
  let key = keys.get(comment);
  if (key === undefined) keys.set(comment, (key = `${comment.messageId}#${next++}`));
  return key;
}
