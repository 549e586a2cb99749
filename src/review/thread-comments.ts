// A thread's review comments, wherever the linker put them: on a cover letter (kept on its series)
// and on each patch. Counting only `patch.comments` once left linux-leds' 810 cover-letter comments
// out of `check` and the bench.
import type { Comment, Thread } from '../model.js';

/** The cover letters' comments first, then each patch's, in thread order. */
export function commentsOf(thread: Thread): Comment[] {
  return [...thread.series.flatMap((s) => s.comments), ...thread.patches.flatMap((p) => p.comments)];
}
