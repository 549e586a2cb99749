// The command users run is the bundle (dist/bundle/cli.js, scripts/bundle.mjs); the compiled modules
// (dist/) are the same code. Both must key the index alike, or each would take the other's index for
// one "made by another mlreview version" and rebuild it on every switch.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mlreview } from './helpers/cli.js';
import { repoRoot, sharedPath } from './helpers/shared.js';

type Linked = typeof import('../src/archive/linked.js');

describe('the bundled command', () => {
  it('reads the index the compiled modules wrote, and they read its, without a rebuild', async () => {
    const { linkArchive } = (await import(pathToFileURL(join(repoRoot, 'dist', 'archive', 'linked.js')).href)) as Linked;
    const mbox = sharedPath('archives/vfio-series/lkml-benluo-v4-series-and-review.mbox');
    const compiledNotices = async (cacheDir: string): Promise<string[]> => {
      const notices: string[] = [];
      const archive = await linkArchive([mbox], { cacheDir, notice: (line) => notices.push(line) });
      archive.close();
      return notices;
    };

    const first = mkdtempSync(join(tmpdir(), 'mlreview-bundle-'));
    const bundled = await mlreview('--cache-dir', first, 'export', '-f', 'json', mbox);
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(await compiledNotices(first)).toEqual([]);

    const second = mkdtempSync(join(tmpdir(), 'mlreview-bundle-'));
    expect(await compiledNotices(second)).toEqual([]);
    const again = await mlreview('--cache-dir', second, 'export', '-f', 'json', mbox);
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe(bundled.stdout);
  });
});
