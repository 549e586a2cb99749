// "Applied, thanks!" and "Nice!" ask nothing: unanswered, they are not open items anywhere — not in
// the browser's open count and `f` filter, not in the Markdown list (see markdown-golden.test.ts).
import { describe, expect, it } from 'vitest';
import { awaitsAnswer } from '../src/review/awaiting.js';
import { buildReview } from '../src/pipeline.js';
import { matchesFilter } from '../src/tui/filter.js';
import { summariseAll } from '../src/tui/threads.js';
import { sharedPath } from './helpers/shared.js';

describe('comments that wait for an answer', () => {
  it("leaves Jacek's unanswered \"Nice!\" out of the EL15203000 review's open items, and keeps his open requests", async () => {
    const review = await buildReview([sharedPath('archives/leds-threads/dt-bindings-add-docs-for-el15203000.mbox')]);
    const thread = review.threads.find((t) => t.patches.length > 0)!;
    const comments = [...thread.patches.flatMap((p) => p.comments), ...thread.series.flatMap((s) => s.comments)];
    const nice = comments.find((c) => c.text === 'Nice!')!;
    expect(nice).toMatchObject({ kind: 'ack', status: 'open' });
    expect(awaitsAnswer(nice)).toBe(false);
    expect(matchesFilter(nice, { by: 'open' })).toBe(false);
    const open = comments.filter((c) => matchesFilter(c, { by: 'open' }));
    expect(open.map((c) => c.text.split('\n')[0])).toEqual(['Thank you for the updated set.', 'Either way this needs to be covered in the ABI documentation too.']);
    expect(summariseAll(review.threads).find((s) => s.thread === thread)?.open).toBe(2);
  });

  it('on linux-leds, no "Applied" note is an open item', async () => {
    const review = await buildReview([sharedPath('archives/leds-threads')]);
    const comments = review.threads.flatMap((t) => [...t.patches.flatMap((p) => p.comments), ...t.series.flatMap((s) => s.comments)]);
    const applied = comments.filter((c) => /^applied\b/i.test(c.text.trim()));
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((c) => !awaitsAnswer(c))).toBe(true);
    expect(comments.filter(awaitsAnswer).length).toBeGreaterThan(0);
  });
});
