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
    // "Now it will be September and 5.5": Oleh asked back which date to use, and Jacek's last word
    // ("It should reflect the kernel version …") asks for the change: open again.
    expect(open.map((c) => c.text.split('\n')[0])).toEqual([
      'Thank you for the updated set.',
      'Now it will be September and 5.5. It is late even for 5.4.',
      'Either way this needs to be covered in the ABI documentation too.',
    ]);
    expect(summariseAll(review.threads).find((s) => s.thread === thread)?.open).toBe(3);
  });

  it('on the linux-leds threads, an "Applied" note is the series\' state, never a comment or an open item', async () => {
    const review = await buildReview([sharedPath('archives/leds-threads')]);
    const comments = review.threads.flatMap((t) => [...t.patches.flatMap((p) => p.comments), ...t.series.flatMap((s) => s.comments)]);
    expect(comments.filter((c) => /^(?:thanks, )?applied\b/i.test(c.text.trim()))).toEqual([]);
    // Lee Jones's b4 thank-you on the turris-omnia v3 series: applied, by him, on 18 Aug 2023.
    const omnia = review.threads.flatMap((t) => t.series).find((s) => s.title.startsWith('leds: turris-omnia: updates'))!;
    expect(omnia.state).toMatchObject({ state: 'applied', applied: { by: { name: 'Lee Jones' }, date: '2023-08-18T09:23:42.000Z' } });
    expect(comments.filter(awaitsAnswer).length).toBeGreaterThan(0);
  });
});
