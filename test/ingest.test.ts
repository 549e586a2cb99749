// Reading every input people really have, from real archives in ../shared.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ArchiveError, readSources } from '../src/ingest/index.js';
import { sharedPath } from './helpers/shared.js';

const VFIO = sharedPath('archives/vfio-irq-update-devid.mbox');

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'mlreview-test-'));
}

describe('reading archives', () => {
  it('reads the vfio thread mbox: 7 messages with ids, authors, dates and reply links', async () => {
    const [source] = await readSources(VFIO);
    expect(source!.format).toBe('mbox');
    expect(source!.problems).toEqual([]);
    const messages = source!.messages;
    expect(messages.map((m) => m.from.name)).toEqual([
      'Ben Luo', 'Ben Luo', 'Alex Williamson', 'Ben Luo', 'Alex Williamson', 'Ben Luo', 'Ben Luo',
    ]);
    const review = messages[2]!;
    expect(review.id).toBe('20190827143305.1ac826e1@x1.home');
    expect(review.date).toBe('2019-08-27T20:33:05.000Z');
    expect(review.inReplyTo).toBe('8721e56f15dbcb1e0a1d8fc645def7b9bc752988.1566486156.git.luoben@linux.alibaba.com');
    expect(review.from.address).toBe('alex.williamson@redhat.com');
    expect(review.body).toContain('I think we leak the fd context we acquired above in this case.');
  });

  it('decodes the charset=gbk, format=flowed reply: the Chinese attribution line reads right', async () => {
    const [source] = await readSources(VFIO);
    const gbk = source!.messages[6]!;
    expect(gbk.subject).toBe('Re: [PATCH v5 3/3] vfio/pci: make use of irq_update_devid and optimize irq ops');
    expect(gbk.body).toContain('在 2019/8/31 上午4:06, Alex Williamson 写道:');
    expect(gbk.body).toContain('> Ben Luo <luoben@linux.alibaba.com> wrote:');
  });

  it('reads the same mbox gzip-compressed (lore t.mbox.gz), detected by content not by name', async () => {
    const dir = scratch();
    const gz = join(dir, 'thread-without-extension');
    writeFileSync(gz, gzipSync(readFileSync(VFIO)));
    const [plain] = await readSources(VFIO);
    const [zipped] = await readSources(gz);
    expect(zipped!.format).toBe('mbox.gz');
    expect(zipped!.messages.map((m) => m.id)).toEqual(plain!.messages.map((m) => m.id));
  });

  it('reads an mbox whatever its name says (.txt)', async () => {
    const dir = scratch();
    const txt = join(dir, 'saved.txt');
    copyFileSync(VFIO, txt);
    const [source] = await readSources(txt);
    expect(source!.format).toBe('mbox');
    expect(source!.messages).toHaveLength(7);
  });

  it('reads the notmuch LKML Maildir: all 210 files of cur/, flags in the names', async () => {
    const [source] = await readSources(sharedPath('archives/notmuch-lkml-2010'));
    expect(source!.format).toBe('maildir');
    expect(source!.messages.length + source!.problems.length).toBe(210);
    expect(source!.messages.length).toBe(210);
    expect(source!.messages.every((m) => m.origin.where.startsWith('cur/'))).toBe(true);
  });

  it('reads single .eml mails and a folder of them', async () => {
    const sources = await readSources(sharedPath('archives/emailthreads/multiple-replies'));
    const mails = sources.filter((s) => s.format === 'eml');
    expect(mails.map((s) => s.path.split('/').pop())).toEqual(['patch.eml', 'reply1.eml', 'reply2.eml', 'reply3.eml']);
    // output3.txt is python-emailthreads' expected output, not mail: listed, not silently skipped.
    const skipped = sources.flatMap((s) => s.problems).find((p) => p.where.endsWith('output3.txt'));
    expect(skipped?.reason).toMatch(/not a mail archive/);
  });

  it('reads a folder of git format-patch files', async () => {
    const dir = scratch();
    const patches = join(dir, 'outgoing');
    mkdirSync(patches);
    for (const name of ['0025-git-add-binary-file.mbox', '0026-git-add-mixed-binary-text-files.mbox']) {
      copyFileSync(sharedPath(`archives/patchwork/mail/${name}`), join(patches, name.replace(/\.mbox$/, '.patch')));
    }
    const sources = await readSources(patches);
    expect(sources.map((s) => s.format)).toEqual(['format-patch', 'format-patch']);
    expect(sources.flatMap((s) => s.messages)).toHaveLength(2);
  });

  it('decodes RFC 2047 and raw UTF-8 headers (Rafał Miłecki)', async () => {
    const [encoded] = await readSources(sharedPath('archives/patchwork/mail/0014-with-unencoded-utf8-headers.mbox'));
    expect(encoded!.messages[0]!.from.name).toBe('Rafał Miłecki');
    expect(encoded!.messages[0]!.subject).toContain('Rafał Miłecki');
  });

  it('takes the text/plain part of multipart/alternative mail, not the HTML', async () => {
    const [source] = await readSources(sharedPath('archives/patchwork/mail/0019-multipart-patch.mbox'));
    const body = source!.messages[0]!.body;
    expect(body).toContain('diff --git a/patchwork/parser.py b/patchwork/parser.py');
    expect(body).not.toMatch(/<div|<html/i);
  });

  it('turns every Patchwork fuzz mail into a message or a problem, never a crash', async () => {
    const sources = await readSources(sharedPath('archives/patchwork/fuzz'));
    expect(sources).toHaveLength(17);
    for (const source of sources) expect(source.messages.length + source.problems.length).toBeGreaterThan(0);
  });

  it('says clearly what is wrong with a path that is no archive', async () => {
    const dir = scratch();
    const pdf = join(dir, 'report.pdf');
    writeFileSync(pdf, Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'));
    await expect(readSources(pdf)).rejects.toThrow(ArchiveError);
    await expect(readSources(pdf)).rejects.toThrow(/report\.pdf: not a mail archive/);
    await expect(readSources(join(dir, 'missing.mbox'))).rejects.toThrow(/missing\.mbox: no such file or directory/);
    mkdirSync(join(dir, 'empty'));
    await expect(readSources(join(dir, 'empty'))).rejects.toThrow(/empty: folder holds no mail/);
  });

  it('keeps reading after a broken message, and says where it was', async () => {
    const dir = scratch();
    const mbox = join(dir, 'mixed.mbox');
    const good = readFileSync(VFIO, 'latin1');
    // A separator followed by garbage instead of headers, between real mails.
    const broken = 'From nobody Thu Jan  1 00:00:00 1970\n\u0000\u0001binary junk without headers\n\n';
    writeFileSync(mbox, Buffer.from(broken + good, 'latin1'));
    const [source] = await readSources(mbox);
    expect(source!.messages).toHaveLength(7);
    expect(source!.problems).toHaveLength(1);
    expect(source!.problems[0]!.where).toBe(`${mbox}:0`);
    expect(source!.problems[0]!.reason).toMatch(/not a mail/);
  });
});
