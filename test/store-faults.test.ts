// Faults of the index as they happen to a user: its file damaged at random (fast-check), two mlreview
// processes on one archive at once, a Ctrl-C while it is written. The review is always the one read
// without an index; the damage costs at most one line on stderr.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderJson } from '../src/export/json.js';
import { buildReview } from '../src/pipeline.js';
import { CLI } from './helpers/cli.js';
import { indexedJson } from './helpers/indexed-json.js';
import { sharedPath } from './helpers/shared.js';

const run = promisify(execFile);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mlreview-fault-test-'));
}


function onlyIndex(cache: string): string {
  const names = readdirSync(join(cache, 'index')).filter((n) => n.endsWith('.sqlite'));
  expect(names).toHaveLength(1);
  return join(cache, 'index', names[0]!);
}

/** The CLI's JSON export with the cache in `cache`; stdout and stderr. */
async function cliJson(mbox: string, cache: string): Promise<{ stdout: string; stderr: string }> {
  return run('node', [CLI, 'export', '-f', 'json', mbox], { maxBuffer: 256 << 20, env: { ...process.env, NO_COLOR: '1', MLREVIEW_CACHE_DIR: cache } });
}

describe('a damaged or contested index', () => {
  let mbox: string;
  let expected: string;
  let pristine: string;

  beforeAll(async () => {
    const dir = tempDir();
    mbox = join(dir, 'leds.mbox');
    writeFileSync(
      mbox,
      ['dt-bindings-add-docs-for-el15203000.mbox', 'leds-lookup-table-int3472-v3.mbox'].map((n) => readFileSync(sharedPath(`archives/leds-threads/${n}`))).join(''),
    );
    expected = renderJson(await buildReview([mbox]));
    const cache = tempDir();
    expect((await indexedJson([mbox], cache)).json).toBe(expected);
    pristine = onlyIndex(cache);
  });

  it('gives the same review whatever bytes of the index file are damaged', async () => {
    const size = statSync(pristine).size;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant('bytes' as const), at: fc.array(fc.tuple(fc.nat(size - 1), fc.nat(255)), { minLength: 1, maxLength: 40 }) }),
          fc.record({ kind: fc.constant('truncate' as const), length: fc.nat(size - 1) }),
        ),
        async (damage) => {
          const cache = tempDir();
          mkdirSync(join(cache, 'index'));
          const file = join(cache, 'index', pristine.split('/').at(-1)!);
          copyFileSync(pristine, file);
          if (damage.kind === 'truncate') truncateSync(file, damage.length);
          else {
            const bytes = readFileSync(file);
            for (const [at, value] of damage.at) bytes[at] = value;
            writeFileSync(file, bytes);
          }
          const { json, notices } = await indexedJson([mbox], cache);
          expect(json).toBe(expected);
          expect(notices.length).toBeLessThanOrEqual(1);
          for (const line of notices) expect(line).toMatch(/^mlreview: index (of )?.*leds\.mbox/);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('two processes reading one archive at once both give the review, and leave a good index', async () => {
    const cache = tempDir();
    // Both build the index at once (each renames a whole file into place) …
    const cold = await Promise.all([cliJson(mbox, cache), cliJson(mbox, cache)]);
    for (const { stdout, stderr } of cold) {
      expect(stdout).toBe(expected);
      expect(stderr).toBe('');
    }
    // … then both write linked threads into the same index at once.
    const db = new Database(onlyIndex(cache));
    db.prepare('DELETE FROM linked').run();
    db.close();
    const warm = await Promise.all([cliJson(mbox, cache), cliJson(mbox, cache)]);
    for (const { stdout, stderr } of warm) {
      expect(stdout).toBe(expected);
      expect(stderr).toBe('');
    }
    // The CLI's own code wrote it (the tests' in-process code has another fingerprint): it reads it as is.
    expect(await cliJson(mbox, cache)).toEqual({ stdout: expected, stderr: '' });
  });

  it('a Ctrl-C while the index is written leaves the old index or a new one, and no temporary file', async () => {
    const cache = tempDir();
    for (const delay of [300, 700, 1200]) {
      const child = spawn('node', [CLI, 'export', '-f', 'json', mbox], { env: { ...process.env, MLREVIEW_CACHE_DIR: cache }, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGINT');
      await exited;
      const { stdout, stderr } = await cliJson(mbox, cache);
      expect(stdout).toBe(expected);
      expect(stderr).toBe('');
      expect(readdirSync(join(cache, 'index')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    }
  });
});
