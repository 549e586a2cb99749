// The versions stage follows a comment on v3 into v4 in another thread: read through the index
// (export thread by thread, the browser linking in the background) it must give the same answers as
// the whole review read at once — the lookup-table series, v3 and v4 in one list mbox with other threads.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { browseArchive } from '../src/archive/browse.js';
import { linkArchive } from '../src/archive/linked.js';
import { renderJson, writeJson } from '../src/export/json.js';
import { renderMarkdown, writeMarkdown } from '../src/export/markdown.js';
import type { Review } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { sharedPath } from './helpers/shared.js';

const MAILS = [
  'archives/leds-threads/leds-lookup-table-int3472-v3.mbox',
  'archives/leds-threads/dt-bindings-add-docs-for-el15203000.mbox',
  'archives/leds-threads/leds-lookup-table-int3472-v4.mbox',
];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mlreview-versions-index-'));
}

const states = (review: Review): string[] =>
  review.threads.flatMap((t) => t.patches.flatMap((p) => p.comments.map((c) => `${p.title}: ${c.nextVersion?.state ?? '-'}`)));

describe('series versions read through the index', () => {
  let mbox: string;
  let whole: Review;

  beforeAll(async () => {
    mbox = join(tempDir(), 'leds.mbox');
    writeFileSync(mbox, MAILS.map((p) => readFileSync(sharedPath(p))).join(''));
    whole = await buildReview([mbox]);
  });

  it('export follows v3 comments into v4 as the whole review does, cold and warm', async () => {
    // The series is followed across threads at all: some v3 comment is changed in v4.
    expect(states(whole).some((s) => s.endsWith(': changed'))).toBe(true);
    const cache = tempDir();
    for (const cacheDir of [cache, cache, null]) {
      const archive = await linkArchive([mbox], { cacheDir, notice: () => undefined });
      let json = '';
      let markdown = '';
      try {
        await writeJson(archive, async (text) => void (json += text));
        await writeMarkdown(archive, async (text) => void (markdown += text));
      } finally {
        archive.close();
      }
      expect(json).toBe(renderJson(whole));
      expect(markdown).toBe(renderMarkdown(whole));
      expect(markdown).toContain('## Since v3');
    }
  });

  it('the browser gives every thread its versions once the background linking is done', async () => {
    const archive = await browseArchive([mbox], { cacheDir: tempDir(), notice: () => undefined });
    try {
      const done = new Promise<Review>((resolve) => {
        const check = (review: Review): void => {
          const { linked, total } = archive.progress();
          if (linked === total) resolve(review);
        };
        archive.subscribe(check);
        check(archive.review());
      });
      const review = await done;
      expect(states(review)).toEqual(states(whole));
      expect(review.threads.map((t) => t.series.map((s) => s.versions?.versions.map((v) => v.version) ?? []))).toEqual(
        whole.threads.map((t) => t.series.map((s) => s.versions?.versions.map((v) => v.version) ?? [])),
      );
    } finally {
      archive.close();
    }
  });
});
