// A Maildir read through its index gives the review a whole read gives, as the Maildir lives: cold,
// warm, a mail delivered to new/, a mail read (moved to cur/, flags added to its name), a mail
// deleted, a mail rewritten in place. A reopen reads only the files that changed, which the user sees
// on the progress line ("reading archives… 1 messages"); a renamed mail is not decoded again.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../src/archive/session.js';
import { renderJson } from '../src/export/json.js';
import { buildReview } from '../src/pipeline.js';
import { indexedJson } from './helpers/indexed-json.js';
import { sharedPath } from './helpers/shared.js';

const made: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlreview-maildir-test-'));
  made.push(dir);
  return dir;
}

afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A writable copy of the shared LKML Maildir (its files are read-only, as a mail store's may be). */
function copyOfLkml(): string {
  const shared = sharedPath('archives/notmuch-lkml-2010/cur');
  const maildir = tempDir();
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub));
  for (const name of readdirSync(shared)) {
    copyFileSync(join(shared, name), join(maildir, 'cur', name));
    chmodSync(join(maildir, 'cur', name), 0o644);
  }
  return maildir;
}

async function wholeRead(maildir: string): Promise<string> {
  return renderJson(await buildReview([maildir]));
}

/** How many mails the progress line last said were read: 0 when nothing was. */
function mailsRead(run: { progress: Array<{ messages: number }> }): number {
  return run.progress.at(-1)?.messages ?? 0;
}

function distinctMails(dir: string): number {
  return new Set(readdirSync(dir).map((name) => createHash('sha1').update(readFileSync(join(dir, name))).digest('hex'))).size;
}

describe('a Maildir read through its index', () => {
  let maildir: string;
  let cache: string;

  beforeAll(() => {
    maildir = copyOfLkml();
    cache = tempDir();
  });

  it('gives the JSON of a whole read cold and warm; warm it reads no mail, cold each distinct mail once', async () => {
    const expected = await wholeRead(maildir);
    const cold = await indexedJson([maildir], cache);
    expect(cold.json).toBe(expected);
    expect(cold.notices).toEqual([]);
    // notmuch's corpus holds some mails twice under two names: the same bytes are decoded once.
    expect(mailsRead(cold)).toBe(distinctMails(join(maildir, 'cur')));
    expect(mailsRead(cold)).toBeLessThan(readdirSync(join(maildir, 'cur')).length);
    expect(readdirSync(join(cache, 'index')).filter((n) => n.endsWith('.sqlite'))).toHaveLength(1);

    const warm = await indexedJson([maildir], cache);
    expect(warm.json).toBe(expected);
    expect(warm.notices).toEqual([]);
    expect(mailsRead(warm)).toBe(0);
    expect((await indexedJson([maildir], null)).json).toBe(expected);
  });

  it('reads only a mail delivered to new/, takes it renamed into cur/ with flags without decoding it, drops one deleted', async () => {
    // A real LKML mail of 2007 (an Acked-by reply), delivered as a mail client finds it.
    const delivered = join(maildir, 'new', '1700000000.M1P1.test');
    copyFileSync(sharedPath('archives/lkml-gerrit-bridge/patch4.txt'), delivered);
    const added = await indexedJson([maildir], cache);
    expect(added.json).toBe(await wholeRead(maildir));
    expect(added.json).toContain('"where": "new/1700000000.M1P1.test"');
    expect(added.notices).toEqual([]);
    expect(mailsRead(added)).toBe(1);

    // The user reads it, then replies to an older one: new/ → cur/ with ":2,S", ":2," → ":2,RS".
    renameSync(delivered, join(maildir, 'cur', '1700000000.M1P1.test:2,S'));
    const older = readdirSync(join(maildir, 'cur')).find((n) => n.endsWith(':2,'))!;
    renameSync(join(maildir, 'cur', older), join(maildir, 'cur', `${older}RS`));
    const renamed = await indexedJson([maildir], cache);
    expect(renamed.json).toBe(await wholeRead(maildir));
    expect(renamed.json).toContain(`"where": "cur/${older}RS"`);
    expect(renamed.json).not.toContain('"where": "new/1700000000.M1P1.test"');
    expect(renamed.notices).toEqual([]);
    expect(mailsRead(renamed)).toBe(0);

    const victim = readdirSync(join(maildir, 'cur')).sort()[5]!;
    rmSync(join(maildir, 'cur', victim));
    const deleted = await indexedJson([maildir], cache);
    expect(deleted.json).toBe(await wholeRead(maildir));
    expect(deleted.json).not.toContain(`"where": "cur/${victim}"`);
    expect(deleted.notices).toEqual([]);
    expect(mailsRead(deleted)).toBe(0);
    expect(fileRows(cache)).toBe(readdirSync(join(maildir, 'cur')).length);
  });

  it('reads again a mail rewritten in place with other bytes of the same size, even with its mtime put back', async () => {
    const [name, at] = mailWithSubject(maildir, 'Subject: Re: ');
    const file = join(maildir, 'cur', name);
    // Touched only, to a whole second utimes can put back exactly: read again, found to be the
    // mail indexed, not decoded.
    const mtime = new Date('2010-06-01T12:00:00Z');
    utimesSync(file, mtime, mtime);
    const touched = await indexedJson([maildir], cache);
    expect(touched.json).toBe(await wholeRead(maildir));
    expect(mailsRead(touched)).toBe(0);

    // Same size, same mtime as indexed (a tool that keeps the mtime): its ctime still moved.
    rewrite(file, at, 'Subject: RE: ');
    utimesSync(file, mtime, mtime);
    const rewritten = await indexedJson([maildir], cache);
    expect(rewritten.json).toBe(await wholeRead(maildir));
    expect(rewritten.json).toContain('"subject": "RE: ');
    expect(rewritten.notices).toEqual([]);
    expect(mailsRead(rewritten)).toBe(1);
  });

  it('a mail rewritten while the archive is open is not linked from its old headers: the index is out of date', async () => {
    const [name, at] = mailWithSubject(maildir, 'Subject: Re: ');
    const session = await openSession([maildir], { cacheDir: cache, notice: () => undefined });
    try {
      const index = session.threads.findIndex((t) => t.messages.some((m) => m.message.origin.where === `cur/${name}`));
      expect(index).toBeGreaterThanOrEqual(0);
      rewrite(join(maildir, 'cur', name), at, 'Subject: RE: ');
      await expect(session.link(index)).rejects.toThrow(new RegExp(`out of date \\(the mail .*:cur/${escape(name)} is not the one indexed\\)`));
    } finally {
      session.close();
    }
    const reopened = await indexedJson([maildir], cache);
    expect(reopened.json).toBe(await wholeRead(maildir));
    expect(mailsRead(reopened)).toBe(1);
  });

  it('builds the index again, and says so, when a row of it is damaged', async () => {
    const name = readdirSync(join(cache, 'index')).find((n) => n.endsWith('.sqlite'))!;
    const db = new Database(join(cache, 'index', name));
    // A flipped byte inside a row: SQLite does not notice it, the row's checksum does.
    const damaged = db.prepare("UPDATE files SET head = replace(head, '\"subject\":\"', '\"subject\":\"X') WHERE rowid = (SELECT min(rowid) FROM files WHERE head LIKE '%\"subject\":\"%')").run();
    expect(damaged.changes).toBe(1);
    db.close();
    const after = await indexedJson([maildir], cache);
    expect(after.json).toBe(await wholeRead(maildir));
    expect(after.notices).toEqual([expect.stringMatching(/index of .* is damaged \(the row of (cur|new)\/.* fails its checksum\); indexing it again/)]);
    expect(mailsRead(after)).toBe(distinctMails(join(maildir, 'cur')));
  });
});

function mailWithSubject(maildir: string, subject: string): [string, number] {
  const names = readdirSync(join(maildir, 'cur')).sort();
  const ids = names.map((name) => /^Message-ID:\s*(\S+)/im.exec(readFileSync(join(maildir, 'cur', name), 'latin1'))?.[1]);
  for (const [i, name] of names.entries()) {
    if (ids.filter((id) => id === ids[i]).length !== 1) continue;
    const at = readFileSync(join(maildir, 'cur', name)).indexOf(`\n${subject}`);
    if (at >= 0) return [name, at + 1];
  }
  throw new Error(`no mail with "${subject}" in ${maildir}`);
}

function rewrite(file: string, at: number, text: string): void {
  const bytes = readFileSync(file);
  bytes.write(text, at, 'latin1');
  writeFileSync(file, bytes);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fileRows(cache: string): number {
  const name = readdirSync(join(cache, 'index')).find((n) => n.endsWith('.sqlite'))!;
  const db = new Database(join(cache, 'index', name), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
