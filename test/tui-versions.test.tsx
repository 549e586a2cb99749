// The browser's version features on the real vfio series (v4 whole, v5 3/3 re-sent alone): one row per
// series, the badge on each card, `v` for a comment's place in v5 beside v4, `V` for the versions view.
import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Review } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { awaitsAnswer } from '../src/review/awaiting.js';
import { App } from '../src/tui/app.js';
import { helpLines } from '../src/tui/help-overlay.js';
import { sharedPath } from './helpers/shared.js';

// ink-testing-library draws 100 columns.
const SIZE = { columns: 100, rows: 40 };
let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
});

let review: Review;
beforeAll(async () => {
  review = await buildReview([sharedPath('archives/vfio-series')]);
});

function start() {
  const app = render(<App review={review} colour={false} size={SIZE} />);
  unmount = app.unmount;
  const frame = () => stripAnsi(app.lastFrame() ?? '');
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      const before = app.lastFrame();
      app.stdin.write(k);
      await vi.waitFor(() => expect(app.lastFrame()).not.toBe(before), { timeout: 2000, interval: 2 });
    }
  };
  return { frame, press };
}

describe('versions in the browser', () => {
  it('lists one row per series (the newest version) and the older ones on +', async () => {
    const { frame, press } = start();
    const rows = () => frame().split('\n').filter((l) => l.includes('vfio/pci') || l.includes('genirq'));
    // v5 3/3 stands for the vfio series; the v4 thread is a keypress away; v3 2/3 is its own series.
    expect(rows().some((l) => l.includes('v5'))).toBe(true);
    expect(rows().some((l) => l.includes('[PATCH v4 0/3]'))).toBe(false);
    expect(frame().split('\n')[0]).toMatch(/^mlreview — 3 threads · 1 with older versions only \(\+\)/);
    await press('+');
    expect(rows().some((l) => l.includes('[PATCH v4 0/3]'))).toBe(true);
  });

  it('badges each v4 comment with its state in v5, shows its v5 place beside it on v, and the versions on V', async () => {
    const { frame, press } = start();
    await press('+');
    const lines = frame().split('\n');
    const v4row = lines.findIndex((l) => l.includes('[PATCH v4 0/3]'));
    const selected = lines.findIndex((l) => l.startsWith('›'));
    for (let i = selected; i < v4row; i++) await press('j');
    await press('\r');
    // The cover letter, then 1/3, 2/3, 3/3: Tab three times, then n to the first comment.
    await press('\t', '\t', '\t', 'n');
    expect(frame()).toMatch(/Alex Williamson · 2019-08-27 · .* · v5: changed/);
    await press('v');
    const panel = frame();
    expect(panel).toContain('v4 → v5: changed');
    expect(panel).toMatch(/return PTR_ERR\(trigger\);\s+│/);
    expect(panel).toMatch(/│ \+ +\/\* oops, going/);
    await press('V');
    // any key closes the panel first
    await press('V');
    const versions = frame();
    expect(versions).toContain('v3 → v4 → v5');
    const v4 = review.threads.flatMap((t) => t.patches).find((p) => p.subject.includes('[PATCH v4 3/3]'))!;
    const open = v4.comments.filter(awaitsAnswer).length;
    expect(versions).toMatch(new RegExp(`v4 +3 patches · 4 comments · ${open} open · 4 changed · 0 unchanged · 0 dropped`));
    expect(versions).toMatch(/v5 +1 patches · 2 comments/);
  });

  it('lists the new keys in the help, from the keymap table', () => {
    expect(helpLines('review').some((l) => /^v +comment's place in the next version/.test(l))).toBe(true);
    expect(helpLines('review').some((l) => /^V +versions of the series/.test(l))).toBe(true);
    expect(helpLines('threads').some((l) => /^\+ +show \/ hide older versions/.test(l))).toBe(true);
  });
});
