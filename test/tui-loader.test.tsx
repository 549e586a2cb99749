// The browser's first line while mail is fetched from a server, then read: what a user watches
// before the threads screen, and the threads screen's title saying how old a fetched copy is.
import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { describe, expect, it, vi } from 'vitest';
import type { Review } from '../src/model.js';
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
});
