// Whole-archive export linked in worker threads (`--jobs`, the default for export and check) must give
// the review linked in-process, byte for byte, cold and warm, and stop at once when asked. The workers
// run the built mlreview (dist/, which `npm test` builds first): the tests' TypeScript sources have no
// worker script to start.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBigMbox } from '../src/bench/big-mbox.js';
import { assertBuilt } from './helpers/archive-runner.js';
import { mlreview } from './helpers/cli.js';
import { repoRoot, sharedPath } from './helpers/shared.js';

type Linked = typeof import('../src/archive/linked.js');

const built = async <T>(module: string): Promise<T> => (await import(pathToFileURL(join(repoRoot, 'dist', module)).href)) as T;

/** OS threads of this process: a worker is one, and is gone once terminated. */
function threadsNow(): number {
  return Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
}

describe('threads linked in a worker pool', () => {
  let mbox: string;

  beforeAll(async () => {
    assertBuilt();
    // The first 1,500 mails of linux-leds: a few hundred threads, enough for the pool to start.
    mbox = join(mkdtempSync(join(tmpdir(), 'mlreview-pool-')), 'leds-start.mbox');
    await writeBigMbox(sharedPath('archives/linux-leds.mbox.gz'), mbox, 1500);
  });

  it('gives the JSON of the in-process export, cold and warm, and check balances its books', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'mlreview-pool-cache-'));
    const inProcess = await mlreview('--no-cache', '--jobs', '1', 'export', '-f', 'json', mbox);
    expect(inProcess.code).toBe(0);
    const cold = await mlreview('--cache-dir', cache, '--jobs', '2', 'export', '-f', 'json', mbox);
    expect(cold.stderr).toBe('');
    expect(cold.stdout).toBe(inProcess.stdout);
    const warm = await mlreview('--cache-dir', cache, 'export', '-f', 'json', mbox);
    expect(warm.stdout).toBe(inProcess.stdout);
    const check = await mlreview('--cache-dir', mkdtempSync(join(tmpdir(), 'mlreview-pool-cache-')), '--jobs', '2', 'check', mbox);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/1,500 mails read: 1,500 in threads/);
    expect(check.stdout).toMatch(/every mail read is in a thread or listed as left out/);
  }, 300_000);

  it('links in worker threads, and a stop ends them at once with nothing linked after it', async () => {
    const { linkArchive } = await built<Linked>('archive/linked.js');
    const before = threadsNow();
    let most = before;
    const controller = new AbortController();
    let after = 0;
    const linking = linkArchive([mbox], {
      cacheDir: null,
      notice: () => undefined,
      jobs: 2,
      signal: controller.signal,
      onLinking: (p) => {
        most = Math.max(most, threadsNow());
        if (controller.signal.aborted) after++;
        if (p.threads >= 20) controller.abort(new Error('interrupted by the test'));
      },
    });
    await expect(linking).rejects.toThrow('interrupted by the test');
    expect(most).toBeGreaterThanOrEqual(before + 2);
    expect(after).toBe(0);
    expect(threadsNow()).toBe(before);
  });
});
