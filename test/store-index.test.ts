// The on-disk index must never change the review: the same JSON with and without it, cold and warm,
// after mail is appended, after the mbox is cut short, after the file is swapped for another of the
// same size and mtime, with the index made of another version, and with the cache somewhere it cannot
// be written — each time with at most one line on stderr saying why.
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { linkArchive } from '../src/archive/linked.js';
import { renderJson } from '../src/export/json.js';
import { renderMarkdown, writeMarkdown } from '../src/export/markdown.js';
import { buildReview } from '../src/pipeline.js';
import { indexedJson } from './helpers/indexed-json.js';
import { sharedPath } from './helpers/shared.js';

const LEDS = [
  'archives/leds-threads/dt-bindings-add-docs-for-el15203000.mbox',
  'archives/leds-threads/leds-lookup-table-int3472-v3.mbox',
  'archives/leds-threads/leds-class-protect-brightness-show-with-led-cdev-led-access-.mbox',
];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mlreview-index-test-'));
}


async function plainJson(paths: string[]): Promise<string> {
  return renderJson(await buildReview(paths));
}

function indexFiles(cacheDir: string): string[] {
  return readdirSync(join(cacheDir, 'index')).filter((n) => n.endsWith('.sqlite'));
}

describe('an archive read through its index', () => {
  let dir: string;
  let mbox: string;
  let expected: string;

  beforeAll(async () => {
    dir = tempDir();
    // Real threads of linux-leds, one mbox as a list archive holds them.
    mbox = join(dir, 'leds.mbox');
    writeFileSync(mbox, LEDS.map((p) => readFileSync(sharedPath(p))).join(''));
    expected = await plainJson([mbox]);
  });

  it('gives the same JSON and Markdown cold, warm and without an index', async () => {
    const cache = tempDir();
    const cold = await indexedJson([mbox], cache);
    expect(cold.json).toBe(expected);
    expect(cold.notices).toEqual([]);
    expect(indexFiles(cache)).toHaveLength(1);
    const warm = await indexedJson([mbox], cache);
    expect(warm.json).toBe(expected);
    expect(warm.notices).toEqual([]);
    expect((await indexedJson([mbox], null)).json).toBe(expected);

    const archive = await linkArchive([mbox], { cacheDir: cache, notice: () => undefined });
    let markdown = '';
    await writeMarkdown(archive, async (text) => void (markdown += text));
    archive.close();
    expect(markdown).toBe(renderMarkdown(await buildReview([mbox])));
  });

  it('the index is a small fraction of the mbox it describes', async () => {
    const cache = tempDir();
    await indexedJson([mbox], cache);
    const size = statSync(join(cache, 'index', indexFiles(cache)[0]!)).size;
    expect(size).toBeLessThan(statSync(mbox).size * 0.5);
  });

  it('reads the mails appended to the mbox and keeps the rows before them', async () => {
    const cache = tempDir();
    const grown = join(tempDir(), 'grown.mbox');
    copyFileSync(mbox, grown);
    await indexedJson([grown], cache);
    const before = rowsOf(cache);
    appendFileSync(grown, readFileSync(sharedPath('archives/vfio-irq-update-devid.mbox')));
    const after = await indexedJson([grown], cache);
    expect(after.json).toBe(await plainJson([grown]));
    // No rebuild: the mails indexed before are the same rows, not read again from nothing.
    expect(after.notices).toEqual([]);
    const rows = rowsOf(cache);
    expect(rows.length).toBeGreaterThan(before.length);
    expect(rows.slice(0, before.length - 1)).toEqual(before.slice(0, -1));
  });

  it('indexes again, and says so, when the mbox was cut short', async () => {
    const cache = tempDir();
    const cut = join(tempDir(), 'cut.mbox');
    copyFileSync(mbox, cut);
    await indexedJson([cut], cache);
    truncateSync(cut, Math.floor(statSync(cut).size * 0.6));
    const after = await indexedJson([cut], cache);
    expect(after.json).toBe(await plainJson([cut]));
    expect(after.notices).toHaveLength(1);
    expect(after.notices[0]).toMatch(/cut\.mbox: the file changed since it was indexed; indexing it again/);
  });

  it('notices a file swapped for another of the same size, mtime, first and last bytes', async () => {
    const cache = tempDir();
    const swapped = join(tempDir(), 'swapped.mbox');
    copyFileSync(mbox, swapped);
    const mtime = new Date('2024-05-01T12:00:00Z');
    utimesSync(swapped, mtime, mtime);
    await indexedJson([swapped], cache);
    // Same length, one Subject changed in the middle of the file, far from both ends.
    const bytes = readFileSync(swapped);
    const at = bytes.indexOf('\nSubject: Re: ', Math.floor(bytes.length / 2));
    bytes.write('\nSubject: RE: ', at, 'latin1');
    writeFileSync(swapped, bytes);
    utimesSync(swapped, mtime, mtime);
    const after = await indexedJson([swapped], cache);
    expect(after.json).toBe(await plainJson([swapped]));
    expect(after.notices).toHaveLength(1);
    expect(after.notices[0]).toMatch(/is not the one indexed\); indexing again/);
  });

  it('rebuilds an index written by another mlreview version', async () => {
    const cache = tempDir();
    await indexedJson([mbox], cache);
    const db = new Database(join(cache, 'index', indexFiles(cache)[0]!));
    db.prepare("UPDATE meta SET value = 'another-build' WHERE key = 'code'").run();
    db.close();
    const after = await indexedJson([mbox], cache);
    expect(after.json).toBe(expected);
    expect(after.notices).toEqual([expect.stringMatching(/index of .*leds\.mbox is made by another mlreview version; indexing it again/)]);
    expect((await indexedJson([mbox], cache)).notices).toEqual([]);
  });

  it('reads without an index when the cache directory cannot be made', async () => {
    // A cache path under a regular file cannot be created, whoever runs the test (root ignores modes).
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, '');
    const after = await indexedJson([mbox], join(file, 'cache'));
    expect(after.json).toBe(expected);
    expect(after.notices).toEqual([expect.stringMatching(/index of .*leds\.mbox cannot be written \(.*\); reading without it/)]);
  });

  it('takes a mail that gets a thread of its own from the index like any other', async () => {
    const cache = tempDir();
    const vfio = sharedPath('archives/vfio-irq-update-devid.mbox');
    const both = [mbox, vfio];
    await indexedJson(both, cache);
    expect((await indexedJson(both, cache)).json).toBe(await plainJson(both));
    expect(indexFiles(cache)).toHaveLength(2);
  });

  it('indexes each list archive of a folder (and of its subfolders) on its own, and reads its other files whole', async () => {
    const cache = tempDir();
    const folder = tempDir();
    copyFileSync(sharedPath(LEDS[0]!), join(folder, 'el15203000.mbox'));
    copyFileSync(sharedPath(LEDS[1]!), join(folder, 'lookup-table.mbox'));
    mkdirSync(join(folder, 'vfio'));
    copyFileSync(sharedPath('archives/vfio-irq-update-devid.mbox'), join(folder, 'vfio', 'thread.mbox'));
    // Not mail: listed as a file skipped, with or without an index.
    writeFileSync(join(folder, 'NOTES.txt'), 'what these threads are\n');
    const expectedFolder = await plainJson([folder]);
    const cold = await indexedJson([folder], cache);
    expect(cold.json).toBe(expectedFolder);
    expect(indexFiles(cache)).toHaveLength(3);
    const warm = await indexedJson([folder], cache);
    expect(warm.json).toBe(expectedFolder);
    expect(warm.notices).toEqual([]);
    // Warm, no mail is read again: the reading progress counts none.
    expect(warm.progress.reduce((most, p) => Math.max(most, p.messages), 0)).toBe(0);
  });

  function rowsOf(cache: string): Array<{ num: number; offset: number; hash: string }> {
    const db = new Database(join(cache, 'index', indexFiles(cache)[0]!), { readonly: true });
    try {
      return db.prepare('SELECT num, offset, hash FROM mails ORDER BY num').all() as Array<{ num: number; offset: number; hash: string }>;
    } finally {
      db.close();
    }
  }
});
