// The browser links the thread the reader opens first, then that thread's other versions, so its
// comments show whether the next version changed their lines (`v5: changed`) without waiting for the
// whole archive — and the review on screen takes the badges in place.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browseArchive } from '../src/archive/browse.js';
import type { Thread } from '../src/model.js';
import { commentsOf } from '../src/review/thread-comments.js';
import { sharedPath } from './helpers/shared.js';

describe('opening a thread in the browser', () => {
  it('links its other versions next, before the rest of the archive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlreview-browse-test-'));
    const mbox = join(dir, 'mixed.mbox');
    // Other real review threads first in the archive, the vfio series (v3, v4, v5) after them.
    const leds = readdirSync(sharedPath('archives/leds-threads')).filter((n) => n.endsWith('.mbox')).sort();
    const files = [...leds.map((n) => `archives/leds-threads/${n}`), ...['v3-2of3-tglx-review', 'v4-series-and-review', 'v5-3of3-and-review'].map((n) => `archives/vfio-series/lkml-benluo-${n}.mbox`)];
    writeFileSync(mbox, files.map((f) => readFileSync(sharedPath(f))).join(''));

    const archive = await browseArchive([mbox], { cacheDir: join(dir, 'cache'), notice: () => undefined });
    const v4 = archive.review().threads.find((t) => t.subject.includes('[PATCH v4 0/3]'));
    expect(v4, 'the vfio v4 thread').toBeDefined();
    const followed = (thread: Thread | undefined): boolean => commentsOf(thread!).some((c) => c.nextVersion?.state === 'changed');
    // The thread being linked when the reader opens v4 finishes first; count the links after it.
    let linkedWhenOpened = 0;
    const linkedWhenFollowed = await new Promise<number>((resolve) => {
      archive.subscribe((review) => {
        if (followed(review.threads.find((t) => t.root === v4!.root))) resolve(archive.progress().linked);
      });
      linkedWhenOpened = archive.progress().linked;
      archive.prioritise([v4!.root]);
    });
    const { total } = archive.progress();
    archive.close();
    expect(total).toBeGreaterThan(10);
    // The one in hand, v4, then the series author's other threads (v3 and v5): not the leds threads before them.
    expect(linkedWhenFollowed - linkedWhenOpened).toBeLessThanOrEqual(4);
  });
});
