import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBigMbox } from '../src/bench/big-mbox.js';
import { buildReview } from '../src/pipeline.js';

// The memory bench's generated archives: the seed vfio review (7 real mails) written out 3½ times.
const SEED = join(import.meta.dirname, '..', 'archives', 'vfio-irq-update-devid.mbox');

describe('big mbox for the memory bench', () => {
  const dir = mkdtemp(join(tmpdir(), 'mlreview-big-mbox-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it('repeats the real mails with their own Message-IDs, so copies thread apart and none is a duplicate', async () => {
    const seed = await buildReview([SEED]);
    const seedMessages = seed.sources[0]!.messages;
    const file = join(await dir, 'big.mbox');
    const bytes = await writeBigMbox(SEED, file, seedMessages * 3 + 3);
    expect(bytes).toBeGreaterThan(0);

    const big = await buildReview([file]);
    expect(big.sources[0]!.messages).toBe(seedMessages * 3 + 3);
    const ids = big.threads.flatMap((t) => t.messages.map((m) => m.message.id));
    expect(new Set(ids).size).toBe(ids.length);
    // Three whole copies hold three times the seed's threads, patches and comments.
    const comments = (r: typeof seed): number => r.threads.reduce((n, t) => n + t.patches.reduce((m, p) => m + p.comments.length, 0), 0);
    const whole = big.threads.filter((t) => !t.messages.some((m) => m.message.id.endsWith('.copy3')));
    expect(whole).toHaveLength(seed.threads.length * 3);
    expect(comments({ sources: [], threads: whole })).toBe(comments(seed) * 3);
    // A copy's replies point at the copy's patch, not at the original.
    const copy = whole.find((t) => t.root.endsWith('.copy2'))!;
    expect(copy.messages.every((m) => m.message.id.endsWith('.copy2'))).toBe(true);
    expect(copy.messages.flatMap((m) => m.message.references).every((ref) => ref.endsWith('.copy2'))).toBe(true);
  });
});
