// Finding quoted lines in what they quote: trimmed, re-wrapped, whitespace-mangled, repeated lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignQuote, matchKey, type OriginalLine, type QuoteItem } from '../src/review/match.js';

const original = (lines: string[]): OriginalLine[] => lines.map((l) => ({ key: matchKey(l), depth: 0 }));
const items = (lines: string[]): QuoteItem[] => lines.map((l) => ({ key: matchKey(l), depth: 0 }));

// Three places hold the same call, as in the vfio patch; the quote decides which one is meant.
const PATCH = [
  ' \tif (vdev->ctx[vector].trigger) {',
  '-\t\tfree_irq(irq, vdev->ctx[vector].trigger);',
  '-\t\tirq_bypass_unregister_producer(&vdev->ctx[vector].producer);',
  '+\t\tif (vdev->ctx[vector].trigger == trigger) {',
  '+\t\t\t/* switch back to remap mode */',
  '+\t\t\tirq_bypass_unregister_producer(&vdev->ctx[vector].producer);',
  '+\t\t} else if (trigger) {',
  '+\t\t\tret = irq_update_devid(irq,',
  '+\t\t\t}',
  '+\t\t\tirq_bypass_unregister_producer(&vdev->ctx[vector].producer);',
  '+\t\t} else {',
  '+\t\t\tfree_irq(irq, vdev->ctx[vector].trigger);',
  '+\t\t\tirq_bypass_unregister_producer(&vdev->ctx[vector].producer);',
  '+\t\t}',
];

describe('aligning a quote with its original', () => {
  it('chooses a repeated line by the lines quoted with it, not the first or nearest one', () => {
    const quote = ['+\t\t\tret = irq_update_devid(irq,', '+\t\t\t}', '+\t\t\tirq_bypass_unregister_producer(&vdev->ctx[vector].producer);'];
    expect(alignQuote(items(quote), original(PATCH))).toEqual([7, 8, 9]);
    const other = ['+\t\t} else {', '+\t\t\tfree_irq(irq, vdev->ctx[vector].trigger);', '+\t\t\tirq_bypass_unregister_producer(&vdev->ctx[vector].producer);'];
    expect(alignQuote(items(other), original(PATCH))).toEqual([10, 11, 12]);
  });

  it('reads forward through trimmed quotes: a lone repeated line goes after the previous quote', () => {
    const quote = ['+\t\t} else if (trigger) {', '+\t\t\tirq_bypass_unregister_producer(&vdev->ctx[vector].producer);'];
    expect(alignQuote(items(quote), original(PATCH))).toEqual([6, 9]);
  });

  it('matches through tabs turned to spaces and collapsed runs', () => {
    const quote = ['+      if (vdev->ctx[vector].trigger == trigger) {', '+ /* switch back to remap mode */'];
    expect(alignQuote(items(quote), original(PATCH))).toEqual([3, 4]);
  });

  it('matches a long line a mail client re-wrapped into two quoted lines', () => {
    const text = ['+\t * to do irq_update_devid() before irq_bypass_unregister_producer() which', '+\t * switches interrupt process to remap mode.'];
    const quote = ['+\t * to do irq_update_devid() before', 'irq_bypass_unregister_producer() which', '+\t * switches interrupt process to remap mode.'];
    expect(alignQuote(items(quote), original(text))).toEqual([0, 0, 1]);
  });

  it('matches short quoted lines against a format=flowed original whose lines were joined', () => {
    const text = ['Thanks for your comments, this reminds me to think more about the effects to users.', '', 'After I reviewed the related code.'];
    const quote = ['Thanks for your comments, this reminds me to think more about the', 'effects to users.', '', 'After I reviewed the related code.'];
    expect(alignQuote(items(quote), original(text))).toEqual([0, 0, null, 2]);
  });

  it('leaves text that is not in the original unmatched', () => {
    expect(alignQuote(items(['something else entirely']), original(PATCH))).toEqual([null]);
  });

  it('never crashes, never matches outside the original, and finds verbatim slices (property)', () => {
    const line = fc.stringMatching(/^[a-z{}();+ -]{0,20}$/);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), fc.nat(), fc.nat(), (lines, a, b) => {
        const start = a % lines.length;
        const end = start + (b % (lines.length - start)) + 1;
        const slice = lines.slice(start, end);
        const result = alignQuote(items(slice), original(lines));
        result.forEach((index, k) => {
          if (index === null) return;
          expect(index).toBeGreaterThanOrEqual(0);
          expect(index).toBeLessThan(lines.length);
          // A matched line holds the quoted text (as a whole line or, re-wrapped, in the stream).
          expect(original(lines).map((l) => l.key).join('')).toContain(matchKey(slice[k]!));
        });
        // Every quoted line with enough text is found somewhere.
        slice.forEach((l, k) => {
          if (matchKey(l).length >= 4) expect(result[k]).not.toBeNull();
        });
      }),
    );
  });
});
