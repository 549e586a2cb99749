// `/` on the threads screen over real archives: a word only the mails' bodies hold finds its thread
// once the thread is linked (and at once on the next run, from the index), subjects stand in until
// then, and without an index — or with its text table damaged — the list is filtered by subject,
// author and state, with the screen saying so.
import { closeSync, mkdtempSync, openSync, readdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { browseArchive } from '../src/archive/browse.js';
import { linkArchive } from '../src/archive/linked.js';
import { listedArchive } from '../src/archive/listed-browse.js';
import { openSession, type ArchiveSession } from '../src/archive/session.js';
import type { ThreadsFound } from '../src/archive/thread-search.js';
import { filterStatus } from '../src/tui/threads-screen.js';
import { summariseAll } from '../src/tui/threads.js';
import { createView } from '../src/tui/view.js';
import { sharedPath } from './helpers/shared.js';

const VFIO = sharedPath('archives/vfio-irq-update-devid.mbox');
/** The v4 series: its cover letter is the thread's root. */
const VFIO_V4 = 'cover.1566486156.git.luoben@linux.alibaba.com';
const HOSTILE = ['[PATCH', '"', '-', '*', 'NEAR(', 'AND', 'OR', 'NOT', '"unclosed phrase', 'a OR', '-"x"', 'f:', '\u001b]0;title\u0007', 's:"[PATCH v4"*', '((', 'NEAR(a b, 2)', '^irq', 'col:word', '{subject}:x'];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mlreview-text-search-'));
}

/** Every thread linked, and the text of their mails written (a batch is written when full, and at the end). */
async function linkAll(session: ArchiveSession): Promise<void> {
  for (let i = 0; i < session.threads.length; i++) await session.link(i);
  session.search.close();
}

function textFound(found: ThreadsFound | null): Extract<ThreadsFound, { kind: 'text' }> {
  expect(found?.kind).toBe('text');
  return found as Extract<ThreadsFound, { kind: 'text' }>;
}

function subjects(session: ArchiveSession, roots: ReadonlySet<string>): string[] {
  return session.threads.filter((t) => roots.has(t.root)).map((t) => t.subject);
}

describe('searching every mail’s text', () => {
  it('finds the vfio thread by words only its mails’ bodies hold, from the index on the next run too', async () => {
    const cache = tempDir();
    const notices: string[] = [];
    const first = await openSession([VFIO], { cacheDir: cache, notice: (line) => notices.push(line) });
    try {
      // No subject says it: the words are in Alex's review of v4 3/3.
      expect(first.threads.flatMap((t) => t.messages).some((m) => /leak|eventfd/i.test(m.message.subject))).toBe(false);
      // Before a thread is linked its bodies are not known: its subjects stand in.
      const before = textFound(first.search.find('eventfd leak'));
      expect(before).toMatchObject({ searched: 0, total: 2 });
      expect(before.roots.size).toBe(0);
      const typing = { filter: 'eventfd leak', typing: true, selected: 0, offset: 0, text: true };
      expect(filterStatus(typing, before, 0)).toBe('search: eventfd leak▏   0 threads · text searched in 0 of 2 threads, subjects in the rest   Enter open · Esc clear');
      expect(subjects(first, textFound(first.search.find('genirq')).roots)).toEqual(['[PATCH v4 0/3] genirq/vfio: Introduce irq_update_devid() and optimize VFIO irq ops']);
      await linkAll(first);
      const after = textFound(first.search.find('eventfd leak'));
      expect(after).toMatchObject({ searched: 2, total: 2 });
      expect([...after.roots]).toEqual([VFIO_V4]);
      // A phrase of the review, a function of the patch, a prefix, an exclusion.
      expect([...textFound(first.search.find('"fd context we acquired"')).roots]).toEqual([VFIO_V4]);
      expect(textFound(first.search.find('"context fd"')).roots.size).toBe(0);
      // v4 3/3 adds and removes calls to it; v5 3/3 has it only on context lines, which are not searched.
      expect([...textFound(first.search.find('irq_bypass_unregister_producer')).roots]).toEqual([VFIO_V4]);
      expect([...textFound(first.search.find('irq_bypass_unreg*')).roots]).toEqual([VFIO_V4]);
      expect([...textFound(first.search.find('"fd context" -eventfd')).roots]).toEqual([]);
      expect([...textFound(first.search.find('"fd context" -leds')).roots]).toEqual([VFIO_V4]);
      // A quoted line is the quoted mail's text, not the reply's: Ben's answer quotes Alex's words.
      expect([...textFound(first.search.find('f:luoben "fd context we acquired"')).roots]).toEqual([]);
      for (const typed of HOSTILE) expect(() => first.search.find(typed), typed).not.toThrow();
    } finally {
      first.close();
    }
    const again = await openSession([VFIO], { cacheDir: cache, notice: (line) => notices.push(line) });
    try {
      const found = textFound(again.search.find('eventfd leak'));
      expect(found).toMatchObject({ searched: 2, total: 2 });
      expect([...found.roots]).toEqual([VFIO_V4]);
    } finally {
      again.close();
    }
    expect(notices).toEqual([]);
  });

  it('on a reopened archive drawn from its kept list: subjects while it is read, then every mail’s text', async () => {
    const cache = tempDir();
    const whole = await linkArchive([VFIO], { cacheDir: cache, notice: () => undefined });
    for (let i = 0; i < whole.size; i++) await whole.thread(i);
    whole.close();
    const archive = listedArchive([VFIO], { cacheDir: cache, notice: () => undefined }, () => browseArchive([VFIO], { cacheDir: cache, notice: () => undefined }));
    expect(archive?.search).toBeDefined();
    try {
      expect(archive!.search!('eventfd leak')).toEqual({ kind: 'subjects', why: 'the archive is still being read' });
      const read = new Promise<void>((resolve) => archive!.subscribe(() => resolve()));
      archive!.prioritise([VFIO_V4]);
      await read;
      const found = textFound(archive!.search!('eventfd leak'));
      expect(found).toMatchObject({ searched: 2, total: 2 });
      expect([...found.roots]).toEqual([VFIO_V4]);
    } finally {
      archive!.close();
    }
  });

  it('searches each archive of a folder of threads in its own index (leds-threads)', async () => {
    const dir = sharedPath('archives/leds-threads');
    const files = readdirSync(dir).map((name) => join(dir, name));
    const session = await openSession(files, { cacheDir: tempDir(), notice: () => undefined });
    try {
      await linkAll(session);
      const found = (typed: string): string[] => subjects(session, textFound(session.search.find(typed)).roots);
      // In the Rust driver's cover letter, and on a line the Turris Omnia series adds to its ABI document.
      expect(found('microcontroller').sort()).toEqual(['[PATCH 0/4] Add first led driver written in Rust', '[PATCH v3 0/6] leds: turris-omnia: updates']);
      expect(found('microcontroller firmware')).toEqual(['[PATCH v3 0/6] leds: turris-omnia: updates']);
      expect(found('fairphone')).toEqual([expect.stringMatching(/flash LED module/i)]);
      expect(found('microcontroller OR fairphone')).toHaveLength(3);
      expect(textFound(session.search.find('microcontroller')).searched).toBe(session.threads.length);
    } finally {
      session.close();
    }
  });

  it('without an index says so, and the list is filtered by subject, author and state as typing does', async () => {
    const session = await openSession([VFIO], { cacheDir: null, notice: () => undefined });
    try {
      await linkAll(session);
      const found = session.search.find('eventfd leak');
      expect(found).toEqual({ kind: 'subjects', why: 'no index (--no-cache)' });
      const review = { sources: session.sources(), threads: session.threads };
      const view = createView(summariseAll(review.threads), 100, 0, (q) => session.search.find(q));
      expect(view.threadsFor('eventfd leak', false, true)).toEqual([]);
      expect(view.threadsFor('vfio v5', false, true).map((s) => s.subject)).toEqual(view.threadsFor('vfio v5').map((s) => s.subject));
      expect(view.threadsFor('vfio v5', false, true)).toHaveLength(1);
      const status = filterStatus({ filter: 'eventfd leak', typing: true, selected: 0, offset: 0, text: true }, found, 0);
      expect(status).toContain('search (subjects, authors only: no index (--no-cache)): eventfd leak▏');
    } finally {
      session.close();
    }
  });

  /** An index of the vfio thread with its text written; the file and the pages of the FTS5 table's data. */
  async function filledIndex(): Promise<{ cache: string; file: string; pageSize: number; pages: number[] }> {
    const cache = tempDir();
    const filled = await openSession([VFIO], { cacheDir: cache, notice: () => undefined });
    await linkAll(filled);
    filled.close();
    const file = join(cache, 'index', readdirSync(join(cache, 'index')).find((n) => n.endsWith('.sqlite'))!);
    const db = new Database(file, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pages = db.prepare("SELECT pageno FROM dbstat WHERE name LIKE 'mail_text%'").pluck().all() as number[];
    db.close();
    expect(pages.length).toBeGreaterThan(0);
    return { cache, file, pageSize, pages };
  }

  it('with its text table damaged, says so once, searches subjects and keeps working', async () => {
    const { cache, file, pageSize, pages } = await filledIndex();
    // Garbage over every page of the FTS5 tables, as a bad disk block would leave them.
    const fd = openSync(file, 'r+');
    for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize);
    closeSync(fd);

    const notices: string[] = [];
    const session = await openSession([VFIO], { cacheDir: cache, notice: (line) => notices.push(line) });
    try {
      const found = session.search.find('eventfd leak');
      expect(found).toMatchObject({ kind: 'subjects', why: expect.stringContaining('text index damaged') });
      for (const typed of [...HOSTILE, 'irq', 'vfio']) expect(() => session.search.find(typed)).not.toThrow();
      // The review itself is not in that table: linking goes on as before.
      await linkAll(session);
      expect(session.threads).toHaveLength(2);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/^mlreview: index of .*vfio-irq-update-devid\.mbox: text index damaged \(SQLITE_CORRUPT/);
      const view = createView(summariseAll(session.threads), 100, 0, (q) => session.search.find(q));
      expect(view.threadsFor('genirq', false, true).map((s) => s.subject)).toEqual(['[PATCH v4 0/3] genirq/vfio: Introduce irq_update_devid() and optimize VFIO irq ops']);
    } finally {
      session.close();
    }
  });

  it('never throws from a search whatever bytes of its tables are damaged, and says so at most once', async () => {
    const { file, pageSize, pages } = await filledIndex();
    const pristine = `${file}.pristine`;
    copyFileSync(file, pristine);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...pages), fc.nat(pageSize - 1), fc.nat(255)), { minLength: 1, maxLength: 30 }), async (damage) => {
        copyFileSync(pristine, file);
        const fd = openSync(file, 'r+');
        for (const [page, at, byte] of damage) writeSync(fd, Buffer.from([byte]), 0, 1, (page - 1) * pageSize + at);
        closeSync(fd);
        const notices: string[] = [];
        const session = await openSession([VFIO], { cacheDir: join(file, '..', '..'), notice: (line) => notices.push(line) });
        try {
          for (const typed of ['eventfd leak', 'irq*', '"fd context"', 'f:alex', ...HOSTILE]) {
            const found = session.search.find(typed);
            expect(found === null || found.kind === 'text' || found.kind === 'subjects').toBe(true);
          }
          await linkAll(session);
          // The index itself may be rebuilt (a damaged page of its own): that is a notice too, one each.
          expect(notices.filter((line) => line.includes('text index')).length).toBeLessThanOrEqual(1);
        } finally {
          session.close();
        }
      }),
      { numRuns: 15 },
    );
  });
});
