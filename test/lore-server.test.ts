// mlreview against a real public-inbox (the software lore.kernel.org runs) on loopback, holding the
// shared archives: threads by Message-ID and by every form of lore link, searches, the other
// versions of a series, the cache without a network, and the errors a user meets.
import { copyFileSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCacheDir, loreCli, removeTempDirs } from './helpers/lore-cli.js';
import { earlyLedsThread } from './helpers/leds-thread.js';
import { buildPublicInbox, type InboxServer, type PublicInbox } from './helpers/public-inbox.js';
import { sharedPath } from './helpers/shared.js';

const V4_REVIEW = '20190827143305.1ac826e1@x1.home';
const V4_COVER = 'cover.1566486156.git.luoben@linux.alibaba.com';
const V5_PATCH = '9a8b3fc5d82c3c46feb0de673fbe898cfd884d63.1567151182.git.luoben@linux.alibaba.com';
const TURRIS = '20230802160748.11208-1-kabel@kernel.org';
// Dan Murphy's "[PATCH v3 0/7] LMU Common code intro" (linux-leds, April 2019): not in the inbox
// until the last test delivers it there.
const LMU_COVER = '20190430191730.19450-1-dmurphy@ti.com';

let inbox: PublicInbox;
let server: InboxServer;

beforeAll(async () => {
  inbox = await buildPublicInbox();
  server = await inbox.serve();
}, 120_000);

afterAll(async () => {
  await inbox?.remove();
  await removeTempDirs();
});

interface JsonReview {
  sources: Array<{ path: string; format: string; mails: number; messages: number; problems: Array<{ where: string; reason: string }>; fetchedAt?: string }>;
  threads: Array<{
    root: string;
    messages: Array<{ id: string; source: { path: string; where: string } }>;
    series: Array<{ version: number; otherVersions: number[] }>;
  }>;
}

function messageIds(review: JsonReview): string[] {
  return review.threads.flatMap((t) => t.messages.map((m) => m.id));
}

/** The review with where each mail was read from taken out: what must not depend on file or server. */
function withoutSources(review: JsonReview): unknown {
  return {
    sources: review.sources.map((s) => ({ mails: s.mails, messages: s.messages, problems: s.problems.length })),
    threads: review.threads.map((t) => ({ ...t, messages: t.messages.map((m) => ({ ...m, source: undefined })) })),
  };
}

describe('a thread from a public-inbox server', () => {
  it('exports the same review as the same mails read from a file, apart from source paths', async () => {
    const cacheDir = freshCacheDir();
    const file = sharedPath('archives/leds-threads/leds-turris-omnia-v3.mbox');
    const [fetchedMd, fileMd, fetchedJson, fileJson] = await Promise.all([
      loreCli(['export', '--no-versions', '--lore', server.url, TURRIS], { cacheDir }),
      loreCli(['export', file]),
      loreCli(['export', '-f', 'json', '--no-versions', '--lore', server.url, TURRIS], { cacheDir: freshCacheDir() }),
      loreCli(['export', '-f', 'json', file]),
    ]);
    for (const run of [fetchedMd, fileMd, fetchedJson, fileJson]) expect(run.code, run.stderr).toBe(0);
    expect(fetchedMd.stdout).toBe(fileMd.stdout);
    const fetched = JSON.parse(fetchedJson.stdout) as JsonReview;
    const local = JSON.parse(fileJson.stdout) as JsonReview;
    expect(withoutSources(fetched)).toEqual(withoutSources(local));
    // Each source and each mail is named by the URL it came from, never by the cached file.
    const url = `${server.url}${TURRIS}/t.mbox.gz`;
    expect(fetched.sources.map((s) => s.path)).toEqual([url]);
    expect(new Set(fetched.threads.flatMap((t) => t.messages.map((m) => m.source.path)))).toEqual(new Set([url]));
    expect(Date.now() - Date.parse(fetched.sources[0]!.fetchedAt!)).toBeLessThan(120_000);
  });

  it('takes a Message-ID with or without <>, every usual form of lore link, and files, even one named like a Message-ID', async () => {
    // A path that exists is a file, whatever it looks like: this one is never looked up.
    const dir = freshCacheDir();
    copyFileSync(sharedPath('archives/leds-threads/leds-turris-omnia-v3.mbox'), join(dir, TURRIS));
    const origin = server.url.replace(/all\/$/, '');
    const args = [
      '<20190830224619.15728-1-oleg@kaa.org.ua>',
      // A reply, not the root: the whole thread comes.
      '20220202111833.ibeq3udj37dkfv6l@SoMainline.org',
      `${server.url}20241015162532.2292871-1-quic_mojha@quicinc.com/`,
      `${origin}r/20221025073802.2662564-2-quic_fenglinw@quicinc.com`,
      `${server.url}20190725182818.29556-1-dmurphy@ti.com/T/#u`,
      `${server.url}20251008181027.662616-1-markus.probst@posteo.de/t/#m0`,
      `${server.url}cover.1678430444.git.chiaen_wu@richtek.com/raw`,
      `${server.url}20260106-ltc3220-driver-v1-0-73601d6f1649%40analog.com/t.mbox.gz`,
      TURRIS,
      sharedPath('archives/leds-threads/leds-lookup-table-int3472-v4.mbox'),
    ];
    const run = await loreCli(['check', '--no-versions', '--lore', server.url, ...args], { cacheDir: freshCacheDir(), cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const expected: Array<[string, number]> = [
      ['20190830224619.15728-1-oleg@kaa.org.ua', 8],
      ['20220202111833.ibeq3udj37dkfv6l@SoMainline.org', 12],
      ['20241015162532.2292871-1-quic_mojha@quicinc.com', 12],
      ['20221025073802.2662564-2-quic_fenglinw@quicinc.com', 12],
      ['20190725182818.29556-1-dmurphy@ti.com', 25],
      ['20251008181027.662616-1-markus.probst@posteo.de', 18],
      ['cover.1678430444.git.chiaen_wu@richtek.com', 12],
      ['20260106-ltc3220-driver-v1-0-73601d6f1649@analog.com', 11],
    ];
    for (const [id, mails] of expected) {
      expect(run.stdout).toContain(`${server.url}${id}/t.mbox.gz (mbox.gz): ${mails} mails read: ${mails} in threads, 0 left out`);
    }
    expect(run.stdout).toContain(`\n${TURRIS} (mbox): 27 mails read: 27 in threads`);
    expect(run.stdout).toContain('leds-lookup-table-int3472-v4.mbox (mbox): 31 mails read: 31 in threads');
    expect(run.stdout).not.toContain(`${TURRIS}/t.mbox.gz`);
    expect(run.stdout).toContain('total: 168 mails read: 168 in threads, 0 left out');
    expect(run.stdout).toContain('every mail read is in a thread or listed as left out');
  });
});

describe('a search', () => {
  it('fetches the whole threads of its matches (POST ?q=…&x=m&t=1)', async () => {
    // Only Alex Williamson's review of v5 matches; t=1 brings the patch and Ben's answer with it.
    const run = await loreCli(['export', '-f', 'json', '--no-versions', '--lore', server.url, '-q', 'f:alex.williamson d:2019-08-30..2019-08-31'], {
      cacheDir: freshCacheDir(),
    });
    expect(run.code, run.stderr).toBe(0);
    const review = JSON.parse(run.stdout) as JsonReview;
    expect(review.sources).toHaveLength(1);
    expect(review.sources[0]!.path).toBe(`${server.url}?q=f%3Aalex.williamson+d%3A2019-08-30..2019-08-31&x=m&t=1`);
    expect(messageIds(review).sort()).toEqual(
      [V5_PATCH, '20190830140616.090954b7@x1.home', '7b8967d8-8d03-5422-9222-f80778b59f6c@linux.alibaba.com'].sort(),
    );
  });

  it('stops at --limit and says so', async () => {
    const run = await loreCli(['check', '--no-versions', '--lore', server.url, '-q', 's:irq_update_devid', '--limit', '4'], { cacheDir: freshCacheDir() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('(mbox.gz): 4 mails read: 4 in threads, 0 left out');
    expect(run.stderr.trim().split('\n')).toEqual([
      'mlreview: the search "s:irq_update_devid": stopped at --limit 4 mails; the server has more (raise --limit to fetch them)',
    ]);
  });
});

describe('other versions of a series', () => {
  const versionsOf = (review: JsonReview, root: string) => review.threads.find((t) => t.messages.some((m) => m.id === root))!.series[0]!;

  it('v4 finds v5 and v5 finds v4 on the server; --no-versions fetches the thread alone', async () => {
    const [fromV4, fromV5, alone] = await Promise.all([
      loreCli(['export', '-f', 'json', '--lore', server.url, V4_REVIEW], { cacheDir: freshCacheDir() }),
      loreCli(['export', '-f', 'json', '--lore', server.url, `${server.url}${V5_PATCH}/`], { cacheDir: freshCacheDir() }),
      loreCli(['export', '-f', 'json', '--no-versions', '--lore', server.url, V4_REVIEW], { cacheDir: freshCacheDir() }),
    ]);
    for (const run of [fromV4, fromV5, alone]) expect(run.code, run.stderr).toBe(0);
    const v4 = JSON.parse(fromV4.stdout) as JsonReview;
    const v5 = JSON.parse(fromV5.stdout) as JsonReview;
    const one = JSON.parse(alone.stdout) as JsonReview;
    expect(messageIds(v4)).toContain(V5_PATCH);
    expect(versionsOf(v4, V4_COVER)).toMatchObject({ version: 4, otherVersions: [5] });
    expect(messageIds(v5)).toContain(V4_COVER);
    expect(versionsOf(v5, V5_PATCH)).toMatchObject({ version: 5, otherVersions: [4] });
    // The versions search finds the thread itself too: it is not read twice.
    expect(v4.sources.flatMap((s) => s.problems)).toEqual([]);
    expect(messageIds(v4).length).toBe(new Set(messageIds(v4)).size);
    expect(messageIds(one)).not.toContain(V5_PATCH);
    expect(versionsOf(one, V4_COVER).otherVersions).toEqual([]);
  });
});

describe('the cache', () => {
  it('reopens with the server stopped; --refresh that fails keeps the copy; nothing cached says so', async () => {
    const own = await inbox.serve();
    const cacheDir = freshCacheDir();
    const first = await loreCli(['export', '-f', 'json', '--lore', own.url, V4_REVIEW], { cacheDir });
    expect(first.code, first.stderr).toBe(0);
    const cached = readdirSync(join(cacheDir, 'lore', `127.0.0.1_${own.port}`)).sort();
    const bytes = cached.map((f) => readFileSync(join(cacheDir, 'lore', `127.0.0.1_${own.port}`, f)));
    await own.stop();

    const offline = await loreCli(['export', '-f', 'json', '--lore', own.url, V4_REVIEW], { cacheDir });
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stderr).toBe('');
    expect(offline.stdout).toBe(first.stdout);

    const refresh = await loreCli(['export', '-f', 'json', '--refresh', '--lore', own.url, V4_REVIEW], { cacheDir });
    expect(refresh.code).toBe(1);
    expect(refresh.stdout).toBe(first.stdout);
    const lines = refresh.stderr.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^mlreview: cannot reach http://127\\.0\\.0\\.1:${own.port}: cannot connect to the server .*; using the copy fetched just now$`));
    expect(readdirSync(join(cacheDir, 'lore', `127.0.0.1_${own.port}`)).sort()).toEqual(cached);
    cached.forEach((f, i) => expect(readFileSync(join(cacheDir, 'lore', `127.0.0.1_${own.port}`, f)).equals(bytes[i]!)).toBe(true));

    const missing = await loreCli(['check', '--lore', own.url, TURRIS], { cacheDir });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(
      `mlreview: cannot reach http://127.0.0.1:${own.port}: cannot connect to the server (connect ECONNREFUSED 127.0.0.1:${own.port}), and <${TURRIS}> is not in the cache (${cacheDir})\n`,
    );
  });
});

describe('errors, one line each, exit 1', () => {
  it('an unknown Message-ID names the id and the server (here MLREVIEW_LORE); a search that matches nothing says so', async () => {
    const [unknown, nothing] = await Promise.all([
      loreCli(['export', 'no-such-mail@example.org'], { cacheDir: freshCacheDir(), env: { MLREVIEW_LORE: server.url } }),
      loreCli(['export', '--lore', server.url, '-q', 's:xyzzyplugh'], { cacheDir: freshCacheDir() }),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe(`mlreview: no message <no-such-mail@example.org> on ${server.url} (404 Not Found)\n`);
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toBe('');
    expect(nothing.stderr).toBe(`mlreview: no mail on ${server.url} matches the search "s:xyzzyplugh" (404 Not Found)\n`);
  });

  it('a download over --max-bytes keeps the whole mails that came and says where it stopped', async () => {
    const run = await loreCli(['check', '--list', '--no-versions', '--max-bytes', '60k', '--lore', server.url, '20221216113013.126881-1-hdegoede@redhat.com'], {
      cacheDir: freshCacheDir(),
    });
    expect(run.code).toBe(1);
    const kept = /\(mbox\.gz\): (\d+) mails read: \1 in threads/.exec(run.stdout);
    expect(kept, run.stdout).not.toBeNull();
    expect(Number(kept![1])).toBeGreaterThan(0);
    expect(Number(kept![1])).toBeLessThan(48);
    expect(run.stdout).toMatch(/download cut short after \d+ whole mails, last <[^>]+>; it broke at byte [\d,]+ of the mbox: stopped at --max-bytes 60,000/);
    expect(run.stderr).toMatch(/^mlreview: http:\S+\/t\.mbox\.gz: download cut short: kept \d+ whole mails, last <[^>]+>; it broke at byte [\d,]+ of the mbox: stopped at --max-bytes 60,000.*\n$/);
  });
});

describe('fetched mail through the index', () => {
  // Last in the file: it delivers new mail to the shared inbox.
  it('a second open reads the fetched copy from its index; a --refresh that brought new mail indexes it again and shows it', async () => {
    // The LMU thread as it arrives on the list: its cover letter first, the patches and replies later.
    // Every mail of linux-leds that names it lies in the archive's first megabyte unpacked.
    const thread = readFileSync(earlyLedsThread(LMU_COVER, 1 << 20));
    const split = thread.indexOf('\nFrom mboxrd@z ', 1) + 1;
    const dir = freshCacheDir();
    writeFileSync(join(dir, 'cover.mbox'), thread.subarray(0, split));
    writeFileSync(join(dir, 'rest.mbox'), thread.subarray(split));
    await inbox.add([join(dir, 'cover.mbox')]);

    const cacheDir = freshCacheDir();
    const args = ['export', '-f', 'json', '--no-versions', '--lore', server.url, LMU_COVER];
    const first = await loreCli(args, { cacheDir });
    expect(first.code, first.stderr).toBe(0);
    expect(messageIds(JSON.parse(first.stdout) as JsonReview)).toEqual([LMU_COVER]);
    const copy = join(cacheDir, 'lore', `127.0.0.1_${server.port}`, readdirSync(join(cacheDir, 'lore', `127.0.0.1_${server.port}`)).find((n) => n.endsWith('.mbox.gz'))!);
    const index = indexOf(cacheDir);
    expect(index.meta.path).toBe(realpathSync(copy));
    expect(index.mails).toBe(1);
    expect(index.linked).toBeGreaterThan(0);

    // Read side by side: through the index, and without one (--no-cache) from the same cached copy.
    const [second, unindexed] = await Promise.all([loreCli(args, { cacheDir }), loreCli([...args, '--no-cache'], { cacheDir })]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
    expect(unindexed.stdout).toBe(first.stdout);
    // The same index file, opened again, not built anew (that would rename a new file into place).
    expect(indexOf(cacheDir).inode).toBe(index.inode);

    await inbox.add([join(dir, 'rest.mbox')]);
    const refreshed = await loreCli([...args, '--refresh'], { cacheDir });
    expect(refreshed.code, refreshed.stderr).toBe(0);
    // The copy was replaced, as --refresh asked: its index is built again without a word.
    expect(refreshed.stderr).toBe('');
    const review = JSON.parse(refreshed.stdout) as JsonReview;
    const mails = thread.toString('latin1').split('\nFrom mboxrd@z ').length;
    expect(messageIds(review)).toHaveLength(mails);
    expect(messageIds(review)).toContain(LMU_COVER);
    expect(review.sources.map((s) => s.path)).toEqual([`${server.url}${LMU_COVER}/t.mbox.gz`]);
    const rebuilt = indexOf(cacheDir);
    expect(rebuilt.inode).not.toBe(index.inode);
    expect(rebuilt.mails).toBe(mails);
    expect(Number(rebuilt.meta.size)).toBe(statSync(copy).size);

    const [reopened, reread] = await Promise.all([loreCli(args, { cacheDir }), loreCli([...args, '--no-cache'], { cacheDir })]);
    expect(reopened.stderr).toBe('');
    expect(reopened.stdout).toBe(refreshed.stdout);
    expect(reread.stdout).toBe(refreshed.stdout);
  });
});

/** The one index in the cache dir: its meta, mail rows, linked threads and inode. */
function indexOf(cacheDir: string): { meta: Record<string, string>; mails: number; linked: number; inode: number } {
  const names = readdirSync(join(cacheDir, 'index')).filter((n) => n.endsWith('.sqlite'));
  expect(names).toHaveLength(1);
  const file = join(cacheDir, 'index', names[0]!);
  const db = new Database(file, { readonly: true });
  try {
    const meta = Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
    const count = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { meta, mails: count('mails'), linked: count('linked'), inode: statSync(file).ino };
  } finally {
    db.close();
  }
}
