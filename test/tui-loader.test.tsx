// The browser's first line while mail is fetched from a server, then read: what a user watches
// before the threads screen, and the threads screen's title saying how old a fetched copy is, or
// that the list on screen is the last run's while the mail appended since is read.
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { describe, expect, it, vi } from 'vitest';
import { browseArchive } from '../src/archive/browse.js';
import { linkArchive } from '../src/archive/linked.js';
import { listedArchive } from '../src/archive/listed-browse.js';
import type { Review } from '../src/model.js';
import { sharedPath } from './helpers/shared.js';
import { Loader, type ProgressFeed } from '../src/tui/loader.js';
import type { LoadProgress } from '../src/tui/run.js';
import { smallSeries } from './helpers/tui-review.js';

function feed(): ProgressFeed & { send(p: LoadProgress): void } {
  let listener: ((p: LoadProgress) => void) | null = null;
  const f = {
    latest: { messages: 0 } as LoadProgress,
    listen(on: (p: LoadProgress) => void) {
      listener = on;
      return () => {
        listener = null;
      };
    },
    send(p: LoadProgress) {
      f.latest = p;
      listener?.(p);
    },
  };
  return f;
}

describe('the loader', () => {
  it('shows the URL being fetched with mails and bytes, then the threads with the age of the copy', async () => {
    let resolve: (r: Review) => void = () => undefined;
    const loading = new Promise<Review>((r) => (resolve = r));
    const progress = feed();
    const app = render(
      <Loader loading={loading} progress={progress} exportDir="/tmp" colour={false} exportThread={async () => ''} onInterrupt={() => undefined} />,
    );
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    const url = 'https://lore.kernel.org/all/20190827143305.1ac826e1@x1.home/t.mbox.gz';
    progress.send({ messages: 0, fetching: { url, mails: 4, bytes: 34_000 } });
    await vi.waitFor(() => expect(frame()).toContain(`mlreview: fetching… 4 mails · 34 kB · ${url.slice(0, 40)}`));
    progress.send({ messages: 0, fetching: { url, mails: 1200, bytes: 4_500_000 } });
    await vi.waitFor(() => expect(frame()).toContain('1,200 mails · 4.5 MB'));

    const review = smallSeries();
    const fetched: Review = { ...review, sources: review.sources.map((s) => ({ ...s, path: url, fetchedAt: new Date(Date.now() - 3 * 3600_000).toISOString() })) };
    resolve(fetched);
    await vi.waitFor(() => expect(frame()).toMatch(/^mlreview — .* · fetched 3 h ago/));
    app.unmount();
  });

  it('draws the last run\'s list of an mbox that grew, saying the new mail is read, then the archive as it is', async () => {
    const [v3, v4, v5] = ['lkml-benluo-v3-2of3-tglx-review.mbox', 'lkml-benluo-v4-series-and-review.mbox', 'lkml-benluo-v5-3of3-and-review.mbox'].map((n) =>
      readFileSync(sharedPath(`archives/vfio-series/${n}`)),
    );
    const dir = mkdtempSync(join(tmpdir(), 'mlreview-loader-test-'));
    const mbox = join(dir, 'vfio.mbox');
    const cacheDir = join(dir, 'cache');
    writeFileSync(mbox, Buffer.concat([v3!, v4!]));
    const whole = await linkArchive([mbox], { cacheDir, notice: () => undefined });
    for (let i = 0; i < whole.size; i++) await whole.thread(i);
    whole.close();
    appendFileSync(mbox, v5!);

    const options = { cacheDir, notice: () => undefined };
    // The archive behind the list is read when the test lets it: the list must be on screen before.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const archive = listedArchive([mbox], options, () => gate.then(() => browseArchive([mbox], options)))!;
    const app = render(<Loader loading={Promise.resolve(archive)} progress={feed()} exportDir="/tmp" colour={false} exportThread={async () => ''} onInterrupt={() => undefined} />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    const title = () => frame().split('\n')[0]!;
    await vi.waitFor(() => expect(title()).toMatch(/^mlreview — 2 threads · reading the \d+ kB of mail added since the last run · 10 mails/));
    expect(frame()).not.toContain('[PATCH v5');
    release();
    // Once the mail added is read: the v5 thread, and the v4 thread behind it (`+`).
    await vi.waitFor(() => expect(title()).toMatch(/^mlreview — 3 threads · 1 with older versions only \(\+\) · 13 mails/));
    expect(frame()).toContain('[PATCH v5 3/3]');
    app.unmount();
    archive.close();
  });
});
