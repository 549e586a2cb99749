// The real command, as a user runs it: exit codes, errors on stderr, JSON schema mlreview/1.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mlreview } from './helpers/cli.js';
import { sharedPath } from './helpers/shared.js';

describe('mlreview command line', () => {
  it('prints its version and help with exit code 0', async () => {
    const version = await mlreview('--version');
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await mlreview('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('export');
    expect(help.stdout).toContain('check');
  });

  it('exits 2 on a usage error, with the message on stderr', async () => {
    const result = await mlreview('--no-such-option');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option/);
    expect(result.stdout).toBe('');
    const format = await mlreview('export', '--format', 'pdf');
    expect(format.code).toBe(2);
  });

  it('exits 1 naming the file and the reason, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlreview-cli-'));
    const junk = join(dir, 'notes.bin');
    writeFileSync(junk, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    const result = await mlreview('export', '--format', 'json', junk);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`mlreview: ${junk}: not a mail archive: neither mbox, gzip, Maildir, a mail with headers, nor a web-archive page\n`);
    const missing = await mlreview('check', join(dir, 'nope.mbox'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.mbox: no such file or directory');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('exports the vfio thread as JSON, schema mlreview/1', async () => {
    const mbox = sharedPath('archives/vfio-irq-update-devid.mbox');
    const result = await mlreview('export', '--format', 'json', mbox);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.schema).toBe('mlreview/1');
    expect(json.sources).toEqual([{ path: mbox, format: 'mbox', mails: 7, messages: 7, problems: [] }]);
    const v4 = json.threads[0];
    expect(v4.root).toBe('cover.1566486156.git.luoben@linux.alibaba.com');
    expect(v4.messages[2]).toMatchObject({
      id: '20190827143305.1ac826e1@x1.home',
      from: { name: 'Alex Williamson', address: 'alex.williamson@redhat.com' },
      date: '2019-08-27T20:33:05.000Z',
      inReplyTo: '8721e56f15dbcb1e0a1d8fc645def7b9bc752988.1566486156.git.luoben@linux.alibaba.com',
      children: ['429ae9ed-de9d-f8de-de65-a41c3a0c501d@linux.alibaba.com'],
    });
    expect(v4.series[0]).toMatchObject({ version: 4, cover: v4.root, patches: ['8721e56f15dbcb1e0a1d8fc645def7b9bc752988.1566486156.git.luoben@linux.alibaba.com'] });
    const patch = v4.patches[0];
    expect(patch).toMatchObject({
      messageId: '8721e56f15dbcb1e0a1d8fc645def7b9bc752988.1566486156.git.luoben@linux.alibaba.com',
      author: { name: 'Ben Luo', address: 'luoben@linux.alibaba.com' },
      version: 4,
      part: 3,
      total: 3,
      trailers: [{ name: 'Signed-off-by', value: 'Ben Luo <luoben@linux.alibaba.com>', from: '8721e56f15dbcb1e0a1d8fc645def7b9bc752988.1566486156.git.luoben@linux.alibaba.com' }],
    });
    expect(patch.files[0]).toMatchObject({ oldPath: 'drivers/vfio/pci/vfio_pci_intrs.c', newPath: 'drivers/vfio/pci/vfio_pci_intrs.c' });
    expect(patch.files[0].hunks[0]).toMatchObject({ oldStart: 284, oldLines: 70, newStart: 284, newLines: 106 });
    expect(patch.files[0].hunks[0].lines[3]).toBe('+\tstruct eventfd_ctx *trigger = NULL;');
    expect(Array.isArray(patch.comments)).toBe(true);
  });

  it('exports one thread with --thread, and refuses an unknown one with exit 2', async () => {
    const mbox = sharedPath('archives/vfio-irq-update-devid.mbox');
    const one = await mlreview('export', '--format', 'json', '--thread', '<20190827143305.1ac826e1@x1.home>', mbox);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).threads.map((t: { root: string }) => t.root)).toEqual(['cover.1566486156.git.luoben@linux.alibaba.com']);
    const none = await mlreview('export', '--thread', 'nobody@nowhere', mbox);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no thread holds Message-ID nobody@nowhere');
  });

  it('accounts for every message with check, and --strict fails on problems', async () => {
    const fuzz = sharedPath('archives/patchwork/fuzz');
    const result = await mlreview('check', fuzz);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^total: (\d+) mails read: \d+ in threads, \d+ left out/m);
    expect(result.stdout).toMatch(/\d+ threads?, \d+ patch(es)?, \d+ review comments?, [1-9]\d* problems?/);
    expect(result.stdout).toContain('every mail read is in a thread or listed as left out');
    const [, read, kept, leftOut] = /^total: (\d+) mails read: (\d+) in threads, (\d+) left out/m.exec(result.stdout)!;
    expect(Number(kept) + Number(leftOut)).toBe(Number(read));
    const strict = await mlreview('check', '--strict', fuzz);
    expect(strict.code).toBe(1);
    const list = await mlreview('check', '--list', fuzz);
    expect(list.stdout).toContain(`${fuzz}/`);
    // The bundled archives: the page repeats Ben's mail of the mbox and is left out, saying so.
    const bundled = await mlreview('check', '--list');
    expect(bundled.code).toBe(0);
    expect(bundled.stdout).toMatch(/vfio-irq-update-devid-v4-3-reply\.txt \(web-page\): 1 mail read: 0 in threads, 1 left out/);
    expect(bundled.stdout).toMatch(/\[left out\] page repeats the mail <429ae9ed-de9d-f8de-de65-a41c3a0c501d@linux\.alibaba\.com>/);
  });

  it('prints the review as plain text when stdout is not a terminal (the bundled archives by default)', async () => {
    const result = await mlreview();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('[PATCH v4 3/3] vfio/pci: make use of irq_update_devid and optimize irq ops');
    expect(result.stdout).not.toMatch(/\u001B\[/);
  });
});
