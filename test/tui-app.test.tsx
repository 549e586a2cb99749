// The browser as a user meets it, through ink-testing-library: frames after key presses.
import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../src/tui/app.js';
import type { Thread } from '../src/model.js';
import { smallSeries } from './helpers/tui-review.js';

const SIZE = { columns: 90, rows: 24 };
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
});

function start(props: Partial<Parameters<typeof App>[0]> = {}) {
  const app = render(<App review={smallSeries()} colour={false} size={SIZE} {...props} />);
  unmount = app.unmount;
  const frame = () => stripAnsi(app.lastFrame() ?? '');
  // React may commit a key's update a tick later (after pending passive effects), so wait for the
  // frame to change; every key these tests press changes something on screen.
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      const before = app.lastFrame();
      app.stdin.write(k);
      await vi.waitFor(() => expect(app.lastFrame()).not.toBe(before), { timeout: 2000, interval: 2 });
    }
  };
  return { app, frame, press };
}

const ENTER = '\r';
const TAB = '\t';
const SHIFT_TAB = '\u001B[Z';
const DOWN = '\u001B[B';

describe('review browser', () => {
  it('opens on the threads, newest first, one screen tall', async () => {
    const { frame } = start();
    const lines = frame().split('\n');
    expect(lines[0]).toContain('mlreview — 2 threads');
    // date, version, patches, comments, open, R-b/A-b/T-b, subject; no room for the author at 90 columns
    expect(lines[2]).toMatch(/^› 2020-01-02 v2 +2 +3 +2 +0\/0\/0 \[PATCH v2 0\/2\] small series/);
    expect(lines[3]).toContain('older unrelated change');
    expect(lines).toHaveLength(SIZE.rows - 1);
  });

  it('says on the title line how many mails were read, left out and had problems', async () => {
    const base = smallSeries();
    const clean = start({ review: base });
    expect(clean.frame().split('\n')[0]).toContain('mlreview — 2 threads · 0 mails');
    unmount?.();
    const withProblems = {
      ...base,
      sources: [
        {
          path: 'list.mbox',
          format: 'mbox' as const,
          mails: 1204,
          messages: 1203,
          problems: [
            { where: 'list.mbox:0', reason: 'not a mail: no header block', leftOut: true },
            { where: 'list.mbox:9', reason: 'duplicate Message-ID <a@b>', leftOut: true },
            { where: 'list.mbox:77', reason: 'hunk line counts were recounted' },
          ],
        },
      ],
    };
    const { frame } = start({ review: withProblems, size: { columns: 120, rows: 24 } });
    expect(frame().split('\n')[0]).toContain('mlreview — 2 threads · 1,204 mails · 2 left out · 3 problems (mlreview check --list)');
  });

  it('shows the author when the terminal is wide enough', async () => {
    const { frame } = start({ size: { columns: 130, rows: 10 } });
    expect(frame().split('\n')[2]).toMatch(/0\/0\/0 Bob Author +\[PATCH v2 0\/2\] small series/);
  });

  it('narrows the threads as you type and opens the match with Enter', async () => {
    const { frame, press } = start();
    await press('o', 'l', 'd');
    expect(frame()).toContain('1 of 2 threads');
    expect(frame()).toContain('filter: old');
    await press(ENTER);
    expect(frame().split('\n')[0]).toMatch(/^1\/1 older unrelated change/);
  });

  it('shows a comment under its line with the answer nested, and walks comments with n', async () => {
    const { frame, press } = start();
    await press(ENTER, 'n');
    const lines = frame().split('\n');
    expect(lines[0]).toMatch(/^2\/3 \[v2 1\/2\] first: initialise b/);
    const at = lines.findIndex((l) => l.includes('  +int b = 1;'));
    expect(lines[at + 1]).toMatch(/Alice Reviewer · 2020-01-02 · question\s+ANSWERED/);
    expect(lines[at + 2]).toContain('Why is b initialised here?');
    expect(lines[at + 3]).toContain('why answered: the author explained');
    expect(lines[at + 4]).toContain('↳ Bob Author (author)');
    expect(lines[at + 5]).toContain('Because first() reads it before the loop.');
    expect(lines.at(-1)).toContain('patch 2/3 · a.c · hunk 1/2 · comment 1/2');
    await press('n');
    expect(frame().split('\n').at(-1), frame()).toContain('comment 2/2');
    await press('n');
    expect(frame().split('\n')[0]).toMatch(/^3\/3 \[v2 2\/2\] second: add two/);
    expect(frame()).toContain('Is two needed at all?');
  });

  it('folds the conversation with Enter and unfolds it again', async () => {
    const { frame, press } = start();
    await press(ENTER, 'n', ENTER);
    expect(frame()).toContain('1 reply hidden');
    expect(frame()).not.toContain('Because first() reads it');
    await press(ENTER);
    expect(frame()).toContain('Because first() reads it');
  });

  it('switches patches with Tab and Shift-Tab and scrolls with arrows', async () => {
    const { frame, press } = start();
    await press(ENTER, TAB, TAB, SHIFT_TAB);
    expect(frame().split('\n')[0]).toMatch(/^2\/3 /);
    const before = frame().split('\n')[1];
    await press(DOWN);
    expect(frame().split('\n')[1]).not.toBe(before);
    expect(frame().split('\n')[1]).toBe(frame().split('\n')[1]);
  });

  it('shows every key in the help overlay and closes it with any key', async () => {
    const { frame, press } = start();
    await press(ENTER, '?');
    for (const text of ['next comment', 'next open question', 'next hunk', 'next file', 'fold / unfold', 'export thread to Markdown', 'Shift-Tab']) {
      expect(frame()).toContain(text);
    }
    await press('x');
    expect(frame()).not.toContain('any key closes');
  });

  it('exports the thread with e and shows where it went', async () => {
    const exportThread = vi.fn(async (thread: Thread) => `/tmp/out/${thread.root}.md`);
    const { frame, press } = start({ exportThread });
    await press(ENTER, 'e');
    await vi.waitFor(() => expect(frame()).toContain('exported to /tmp/out/cover.md'));
    expect(exportThread).toHaveBeenCalledTimes(1);
    expect(exportThread.mock.calls[0][0].subject).toBe('[PATCH v2 0/2] small series');
  });

  it('draws diff colours, and none under NO_COLOR', async () => {
    const colour = start({ colour: true });
    await colour.press(ENTER, TAB);
    expect(colour.app.lastFrame()).toContain('\u001B[32m+int b = 1;');
    expect(colour.app.lastFrame()).toContain('\u001B[31m-int b;');
    colour.app.unmount();
    const plain = start({ colour: false });
    await plain.press(ENTER, TAB);
    expect(plain.app.lastFrame()).not.toMatch(/\u001B\[(3\d|9\d)(;|m)/);
    expect(plain.frame()).toContain('+int b = 1;');
  });

  it('redraws to the new size', async () => {
    const { app, frame, press } = start();
    await press(ENTER, TAB);
    app.rerender(<App review={smallSeries()} colour={false} size={{ columns: 50, rows: 12 }} />);
    await tick();
    const lines = frame().split('\n');
    expect(lines).toHaveLength(11);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
  });

  it('quits from the threads screen with q', async () => {
    const onQuit = vi.fn();
    const { app } = start({ onQuit });
    app.stdin.write('q');
    await vi.waitFor(() => expect(onQuit).toHaveBeenCalledTimes(1));
  });
});
