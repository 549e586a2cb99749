// A full disk under the cache, for real: the cache directory is a tmpfs a few pages big (mounted by
// the test, as root — CI runs as root too), filled up with a file where the case needs it. Where no
// filesystem can be mounted, the index itself is capped (MLREVIEW_INDEX_MAX_PAGES, SQLite's
// max_page_count), and SQLite returns the same SQLITE_FULL. Either way: the review is the one read
// without an index, one line on stderr says why, and the index on disk is the old one or a whole new one.
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderJson } from '../src/export/json.js';
import { buildReview } from '../src/pipeline.js';
import { indexedJson } from './helpers/indexed-json.js';
import { sharedPath } from './helpers/shared.js';

const PAGE = 4096;

/** A cache directory on a disk of `bytes`, which a test can fill up and free again. */
interface SmallDisk {
  dir: string;
  /** Takes every byte left, as another program filling the disk would. */
  fill(): void;
  free(): void;
}

const mounted: string[] = [];
let canMount: boolean | null = null;

function smallDisk(bytes: number): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'mlreview-full-disk-'));
  if (canMount !== false) {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'pipe' });
      mounted.push(dir);
      canMount = true;
    } catch {
      canMount = false;
    }
  }
  const filler = join(dir, 'filler');
  if (canMount) {
    return {
      dir,
      fill: () => {
        const chunk = Buffer.alloc(PAGE);
        try {
          for (;;) appendFileSync(filler, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        }
      },
      free: () => rmSync(filler, { force: true }),
    };
  }
  // No mount here: the index may grow to `bytes` while the disk is "free", and not a page more once full.
  const cap = (pages: number): void => void (process.env.MLREVIEW_INDEX_MAX_PAGES = String(pages));
  cap(Math.floor(bytes / PAGE));
  return {
    dir,
    fill: () => cap(Math.max(1, ...indexFiles(dir).map((f) => pageCount(f)))),
    free: () => cap(Math.floor(bytes / PAGE)),
  };
}

function indexFiles(cache: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(join(cache, 'index'));
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith('.sqlite')).map((n) => join(cache, 'index', n));
}

function pageCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('page_count', { simple: true }) as number;
  } finally {
    db.close();
  }
}

/** The index's mail rows and linked threads, after SQLite checked the whole file. */
function indexState(file: string): { ok: string; mails: number; linked: number } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      ok: db.pragma('integrity_check', { simple: true }) as string,
      mails: (db.prepare('SELECT count(*) AS n FROM mails').get() as { n: number }).n,
      linked: (db.prepare('SELECT count(*) AS n FROM linked').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

function leftovers(cache: string): string[] {
  try {
    return readdirSync(join(cache, 'index')).filter((n) => !n.endsWith('.sqlite'));
  } catch {
    return [];
  }
}

describe('a full disk under the cache', () => {
  let dir: string;
  let mbox: string;
  let expected: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlreview-full-disk-archive-'));
    mbox = join(dir, 'leds.mbox');
    writeFileSync(
      mbox,
      ['dt-bindings-add-docs-for-el15203000.mbox', 'leds-lookup-table-int3472-v3.mbox'].map((n) => readFileSync(sharedPath(`archives/leds-threads/${n}`))).join(''),
    );
    expected = renderJson(await buildReview([mbox]));
  });

  afterAll(() => {
    delete process.env.MLREVIEW_INDEX_MAX_PAGES;
    for (const dir of mounted.splice(0)) execFileSync('umount', [dir]);
  });

  it('reads without an index when the index cannot be written whole, says so once, and leaves no temporary file', async () => {
    // The mail rows alone of these 56 mails take about 80 KB.
    const disk = smallDisk(12 * PAGE);
    const run = await indexedJson([mbox], disk.dir);
    expect(run.json).toBe(expected);
    expect(run.notices).toHaveLength(1);
    expect(run.notices[0]).toMatch(/index of .*leds\.mbox cannot be written \(.*(full|FULL).*\); reading without it/);
    expect(indexFiles(disk.dir)).toEqual([]);
    expect(leftovers(disk.dir)).toEqual([]);
  });

  it('keeps the old index whole when the disk fills while mail appended to the mbox is indexed', async () => {
    const disk = smallDisk(1024 * 1024);
    const grown = join(dir, 'grown.mbox');
    copyFileSync(mbox, grown);
    expect((await indexedJson([grown], disk.dir)).notices).toEqual([]);
    const [file] = indexFiles(disk.dir);
    const before = indexState(file!);
    disk.fill();
    appendFileSync(grown, readFileSync(sharedPath('archives/vfio-irq-update-devid.mbox')));
    const grownExpected = renderJson(await buildReview([grown]));

    const full = await indexedJson([grown], disk.dir);
    expect(full.json).toBe(grownExpected);
    expect(full.notices).toHaveLength(1);
    expect(full.notices[0]).toMatch(/index of .*grown\.mbox cannot be updated \(.*(full|FULL).*\); reading without it/);
    expect(indexState(file!)).toEqual({ ...before, ok: 'ok' });
    expect(leftovers(disk.dir)).toEqual([]);

    // Room again: the old index takes the new mail as any append.
    disk.free();
    const freed = await indexedJson([grown], disk.dir);
    expect(freed.json).toBe(grownExpected);
    expect(freed.notices).toEqual([]);
    expect(indexState(file!).mails).toBeGreaterThan(before.mails);
  });

  it('keeps linked threads in memory when the disk fills while they are cached, and the index stays usable', async () => {
    const disk = smallDisk(1024 * 1024);
    expect((await indexedJson([mbox], disk.dir)).notices).toEqual([]);
    const [file] = indexFiles(disk.dir);
    // The mail rows are there; the linked threads are to be cached again, on a full disk.
    const db = new Database(file!);
    db.prepare('DELETE FROM linked').run();
    db.exec('VACUUM');
    db.close();
    const before = indexState(file!);
    disk.fill();

    const full = await indexedJson([mbox], disk.dir);
    expect(full.json).toBe(expected);
    expect(full.notices).toHaveLength(1);
    expect(full.notices[0]).toMatch(/cannot store linked threads \(.*(full|FULL).*\); keeping them in memory/);
    expect(indexState(file!)).toEqual(before);
    expect(leftovers(disk.dir)).toEqual([]);

    disk.free();
    const freed = await indexedJson([mbox], disk.dir);
    expect(freed.json).toBe(expected);
    expect(freed.notices).toEqual([]);
    expect(indexState(file!).linked).toBeGreaterThan(0);
  });
});
