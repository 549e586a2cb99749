// Reading can be stopped: buildReview takes an AbortSignal and rejects with its reason at the next
// mail, leaving nothing half-read behind. (The browser's Ctrl-C in both stages is in e2e-tmux.test.ts.)
import { describe, expect, it } from 'vitest';
import { buildReview } from '../src/pipeline.js';
import { sharedPath } from './helpers/shared.js';

describe('an interrupted read', () => {
  it('stops reading the linux-leds archive at the next mail after the signal', async () => {
    const controller = new AbortController();
    let seen = 0;
    let after = 0;
    const reading = buildReview([sharedPath('archives/linux-leds.mbox.gz')], {
      signal: controller.signal,
      onProgress: (p) => {
        if (controller.signal.aborted) after += 1;
        seen = p.messages;
        if (p.messages >= 400) controller.abort(new Error('interrupted by the test'));
      },
    });
    await expect(reading).rejects.toThrow('interrupted by the test');
    expect(seen).toBeGreaterThanOrEqual(400);
    expect(seen).toBeLessThan(23_200);
    expect(after).toBe(0); // no progress reported once stopped
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped before'));
    await expect(buildReview([sharedPath('archives/vfio-irq-update-devid.mbox')], { signal: controller.signal })).rejects.toThrow('stopped before');
  });
});
