// Reopening an archive that has not changed draws its threads screen from the list the last whole run
// kept in the index: the lines must be the ones the linked review gives (counts, states, versions),
// and the list must never be used for an archive, a .mailmap or a code that is not the one it was
// made for — then the browser reads the archive as before.
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { browseArchive, type BrowseArchive } from '../src/archive/browse.js';
import { linkArchive } from '../src/archive/linked.js';
import { listedArchive } from '../src/archive/listed-browse.js';
import type { Review } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { listThread } from '../src/review/thread-listing.js';
import { readListing } from '../src/store/listing.js';
import { summariseAll } from '../src/tui/threads.js';
import { sharedPath } from './helpers/shared.js';

// The vfio series (v3, v4 with its review, v5): threads superseded by a newer version in another one.
const FILES = ['lkml-benluo-v3-2of3-tglx-review.mbox', 'lkml-benluo-v4-series-and-review.mbox', 'lkml-benluo-v5-3of3-and-review.mbox'].map(
  (n) => `archives/vfio-series/${n}`,
);

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'mlreview-listing-test-'));

/** Every thread handed out, as `check` reads them; the archive closed, which keeps the list. */
async function readWhole(mbox: string, cacheDir: string): Promise<void> {
  const archive = await linkArchive([mbox], { cacheDir, notice: () => undefined });
  for (let i = 0; i < archive.size; i++) await archive.thread(i);
  archive.close();
}

/** What the threads screen shows of each thread, without the objects behind it. */
function lines(review: Review, archive?: BrowseArchive) {
  return summariseAll(review.threads, archive?.pending, archive?.listed).map(({ thread: _t, ...line }) => line);
}

describe('the list kept for the next threads screen', () => {
  let mbox: string;
  let whole: Review;

  beforeAll(async () => {
    const dir = tempDir();
    mbox = join(dir, 'vfio.mbox');
    writeFileSync(mbox, FILES.map((f) => readFileSync(sharedPath(f))).join(''));
    whole = await buildReview([mbox]);
  });

  it('holds what the linked review lists of every thread, after a run that read them all', async () => {
    const cache = tempDir();
    expect(readListing(cache, mbox, null)).toBeNull();
    await readWhole(mbox, cache);
    const listing = readListing(cache, mbox, null)?.listing;
    expect(listing?.threads).toEqual(whole.threads.map((t) => listThread(t)));
    expect(listing?.sources).toEqual(whole.sources);
    // The vfio v4 thread is superseded by v5: the list says so before anything is linked again.
    expect(listing?.threads.filter((t) => t.superseded).length).toBeGreaterThan(0);
  });

  it('gives the browser the whole threads screen at once, then the archive behind it', async () => {
    const cache = tempDir();
    await readWhole(mbox, cache);
    let opened = 0;
    const archive = listedArchive([mbox], { cacheDir: cache, notice: () => undefined }, () => {
      opened++;
      return browseArchive([mbox], { cacheDir: cache, notice: () => undefined });
    });
    expect(archive).not.toBeNull();
    const early = archive!.review();
    // Nothing is read before the list is on screen: every thread waits, each line is the linked one.
    expect(opened).toBe(0);
    expect(early.threads.every((t) => archive!.pending(t))).toBe(true);
    expect(lines(early, archive!)).toEqual(lines(whole).map((l) => ({ ...l, linked: true })));
    expect(early.sources).toEqual(whole.sources);

    const done = new Promise<Review>((resolve) =>
      archive!.subscribe((review) => {
        const { linked, total } = archive!.progress();
        if (linked === total) resolve(review);
      }),
    );
    archive!.prioritise(early.threads.map((t) => t.root));
    const linked = await done;
    expect(opened).toBe(1);
    expect(linked.threads.some((t) => archive!.pending(t))).toBe(false);
    expect(lines(linked, archive!)).toEqual(lines(whole));
    archive!.close();
  });

  it('is kept by the browser once its background linking is through', async () => {
    const cache = tempDir();
    const archive = await browseArchive([mbox], { cacheDir: cache, notice: () => undefined });
    await new Promise<void>((resolve) => {
      const check = (): void => {
        const { linked, total } = archive.progress();
        if (linked === total) resolve();
      };
      archive.subscribe(check);
      check();
    });
    // The run closes its session itself when the last thread is linked; the list is then on disk.
    await new Promise((r) => setTimeout(r, 50));
    archive.close();
    expect(readListing(cache, mbox, null)?.listing.threads).toEqual(whole.threads.map((t) => listThread(t)));
  });

  it('is not used for an archive that grew, another .mailmap, or a damaged row or file', async () => {
    const cache = tempDir();
    const dir = tempDir();
    const copy = join(dir, 'vfio.mbox');
    writeFileSync(copy, readFileSync(mbox));
    await readWhole(copy, cache);
    expect(readListing(cache, copy, null)).not.toBeNull();
    expect(readListing(cache, copy, { path: '.mailmap', entries: [] })).toBeNull();
    expect(listedArchive([copy], { cacheDir: cache, mailmap: { path: '.mailmap', entries: [] } }, () => Promise.reject(new Error('unused')))).toBeNull();
    expect(listedArchive([copy], { cacheDir: null }, () => Promise.reject(new Error('unused')))).toBeNull();

    const file = join(cache, 'index', readdirSync(join(cache, 'index')).find((n) => n.endsWith('.sqlite'))!);
    const db = new Database(file);
    const row = db.prepare('SELECT body FROM listing').get() as { body: Buffer };
    const damaged = Buffer.from(row.body);
    damaged[Math.floor(damaged.length / 2)] ^= 0xff;
    db.prepare('UPDATE listing SET body = ?').run(damaged);
    db.close();
    expect(readListing(cache, copy, null)).toBeNull();

    // Read whole again, the list is back; mail appended makes it the list of an earlier state of the
    // archive, a mail changed in place (the same size) or the file cut makes it no list of this one.
    await readWhole(copy, cache);
    expect(readListing(cache, copy, null)?.grown).toBe(false);
    const before = readFileSync(copy);
    appendFileSync(copy, readFileSync(sharedPath('archives/vfio-irq-update-devid.mbox')).subarray(0, 2000));
    expect(readListing(cache, copy, null)).toMatchObject({ grown: true, added: 2000 });
    const changed = Buffer.from(before);
    changed[changed.length - 100] ^= 0x20;
    writeFileSync(copy, Buffer.concat([changed, Buffer.from('\n')]));
    expect(readListing(cache, copy, null)).toBeNull();
    writeFileSync(copy, before.subarray(0, before.length - 10));
    expect(readListing(cache, copy, null)).toBeNull();

    writeFileSync(copy, before);
    writeFileSync(file, Buffer.alloc(4096, 7));
    expect(readListing(cache, copy, null)).toBeNull();
  });

  it('draws an archive that grew from the earlier list, then keeps only the lines that still stand', async () => {
    // v3 and v4 were read and listed; then v5 arrived: the v4 thread got no mail, but it is superseded now.
    const [v3mbox, v4mbox, v5mbox] = FILES.map((f) => readFileSync(sharedPath(f)));
    const dir = tempDir();
    const copy = join(dir, 'vfio.mbox');
    writeFileSync(copy, Buffer.concat([v3mbox!, v4mbox!]));
    const cache = tempDir();
    await readWhole(copy, cache);
    const earlier = readListing(cache, copy, null)!.listing;
    appendFileSync(copy, v5mbox!);
    const grown = await buildReview([copy]);

    let opened = 0;
    const archive = listedArchive([copy], { cacheDir: cache, notice: () => undefined }, () => {
      opened++;
      return browseArchive([copy], { cacheDir: cache, notice: () => undefined });
    })!;
    expect(archive).not.toBeNull();
    // At once: the earlier list, and the status says how much new mail is read.
    expect(lines(archive.review(), archive).map((l) => l.root).sort()).toEqual(earlier.threads.map((t) => t.root).sort());
    expect(archive.progress()).toMatchObject({ linked: 0, appended: v5mbox!.length });

    // The archive is read once the list is on screen; the first review it hands out is of the archive as it is.
    expect(opened).toBe(0);
    const now = await new Promise<Review>((resolve) => archive.subscribe(resolve));
    expect(opened).toBe(1);
    expect(archive.progress().appended).toBeUndefined();
    expect(now.threads.map((t) => t.root).sort()).toEqual(grown.threads.map((t) => t.root).sort());
    const v4Root = earlier.threads.find((t) => t.version === 4 && t.state !== null)!.root;
    const v4 = now.threads.find((t) => t.root === v4Root)!;
    // v4's mails are the ones listed, but v5 shares its title: its kept line ("in review") no longer stands.
    expect(earlier.threads.find((t) => t.root === v4Root)!.superseded).toBe(false);
    expect(archive.listed(v4)).toBeNull();
    // Every line that stands is the one the grown archive links to.
    const truth = new Map(grown.threads.map((t) => [t.root, listThread(t)]));
    const standing = now.threads.filter((t) => archive.listed(t) !== null);
    expect(standing.length).toBeGreaterThan(0);
    for (const thread of standing) expect(archive.listed(thread)).toEqual(truth.get(thread.root));

    const done = new Promise<Review>((resolve) =>
      archive.subscribe((review) => {
        const { linked, total } = archive.progress();
        if (linked === total) resolve(review);
      }),
    );
    archive.prioritise(now.threads.map((t) => t.root));
    const linked = await done;
    expect(lines(linked, archive)).toEqual(lines(grown));
    archive.close();
  });
});
