// The header pass of a big archive decodes its mails' headers in worker threads: every row must be
// the one this thread would have made (header JSON, hash, the deflated mail of a .gz), in mail order,
// whatever the batches and however the work is shared — and a worker that dies leaves its mails to
// this thread, not missing. The pool is the built one (dist/): its worker script is JavaScript.
import { createReadStream, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitMbox } from '../src/ingest/mbox.js';
import { headerRow, type HeaderRow } from '../src/store/header-row.js';
import { repoRoot, sharedPath } from './helpers/shared.js';

type Pool = typeof import('../src/store/header-pool.js');
type SourceIndex = typeof import('../src/store/source-index.js');

interface Mail {
  bytes: Buffer;
  origin: { path: string; where: string };
}

/** The vfio thread and the cut linux-leds review threads (223 mails, real and messy). */
function realFiles(): string[] {
  const dir = sharedPath('archives/leds-threads');
  return [sharedPath('archives/vfio-irq-update-devid.mbox'), ...readdirSync(dir).map((n) => join(dir, n))];
}

async function realMails(): Promise<Mail[]> {
  const files = realFiles();
  const mails: Mail[] = [];
  for (const path of files) {
    for await (const raw of splitMbox(createReadStream(path))) mails.push({ bytes: raw.bytes, origin: { path, where: String(raw.offset) } });
  }
  return mails;
}

const plain = (row: HeaderRow) => ({ head: row.head, hash: row.hash, raw: row.raw ? Buffer.from(row.raw).toString('base64') : null });

describe('the header pool', () => {
  let pool: Pool;
  let mails: Mail[];

  beforeAll(async () => {
    pool = (await import(pathToFileURL(join(repoRoot, 'dist', 'store', 'header-pool.js')).href)) as Pool;
    mails = await realMails();
  });

  for (const gzip of [false, true]) {
    it(`gives every mail the row this thread makes${gzip ? ' (.gz: the mail deflated too)' : ''}, with one worker and with three`, async () => {
      expect(mails.length).toBeGreaterThan(200);
      const here = mails.map((m) => plain(headerRow(m.bytes, m.origin, gzip)));
      for (const workers of [1, 3]) {
        const started = pool.HeaderPool.start('archive', gzip, workers)!;
        expect(started).not.toBeNull();
        const rows = await Promise.all(mails.map((m) => started.row(m.bytes, m.origin)));
        await started.close();
        expect(rows.map(plain)).toEqual(here);
      }
    });
  }

  it('does the mails of a worker that died itself: none is missing or out of place', async () => {
    const started = pool.HeaderPool.start('archive', false, 2)!;
    const first = mails.slice(0, 200).map((m) => started.row(m.bytes, m.origin));
    // A worker killed while it holds batches (as an out-of-memory kill would).
    const slots = (started as unknown as { slots: Array<{ worker: { terminate(): Promise<number> } }> }).slots;
    await slots[0]!.worker.terminate();
    const rest = mails.slice(200).map((m) => started.row(m.bytes, m.origin));
    const rows = await Promise.all([...first, ...rest]);
    await started.close();
    expect(rows.map(plain)).toEqual(mails.map((m) => plain(headerRow(m.bytes, m.origin, false))));
  });

  it('starts no worker on a single core', () => {
    expect(pool.HeaderPool.start('archive', false, 0)).toBeNull();
  });

  for (const format of ['mbox', 'mbox.gz'] as const) {
    it(`indexes an ${format} into the same rows, in the same order, with workers as without`, async () => {
      const { indexSource } = (await import(pathToFileURL(join(repoRoot, 'dist', 'store', 'source-index.js')).href)) as SourceIndex;
      const dir = mkdtempSync(join(tmpdir(), 'mlreview-header-pool-test-'));
      const whole = Buffer.concat(realFiles().map((f) => readFileSync(f)));
      const archive = join(dir, `threads.${format}`);
      writeFileSync(archive, format === 'mbox' ? whole : gzipSync(whole));
      // Each into an index of its own, then each read back from it: what later runs see.
      const rowsOf = async (headerWorkers: number) => {
        const ctx = { cacheDir: join(dir, `cache-${headerWorkers}`), notice: () => undefined, headerWorkers };
        const views = [];
        for (const run of ['built', 'reopened']) {
          const source = await indexSource(archive, format, ctx);
          views.push({
            run,
            mails: source.read.mails,
            problems: source.read.problems,
            messages: source.read.messages.map((m) => ({ message: m, hash: source.hash(m), ref: { ...source.ref(m), raw: source.ref(m).raw?.toString('base64') ?? null } })),
          });
          source.db?.close();
        }
        return views;
      };
      const inProcess = await rowsOf(0);
      expect(inProcess[0]!.messages.length).toBeGreaterThan(200);
      expect(await rowsOf(3)).toEqual(inProcess);
    });
  }
});
