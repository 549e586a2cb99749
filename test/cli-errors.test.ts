// What a user sees when an archive cannot be read at all: one line naming the file and the reason,
// exit code 1, no stack trace unless --debug. A broken mail inside a readable archive is not this: it
// is a problem in the review (see accounting.test.ts).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CLI, mlreview } from './helpers/cli.js';
import { sharedPath } from './helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'mlreview-errors-'));
const vfio = readFileSync(sharedPath('archives/vfio-irq-update-devid.mbox'));

function file(name: string, bytes: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const notMaildir = join(dir, 'src-tree');
mkdirSync(join(notMaildir, 'lib'), { recursive: true });
writeFileSync(join(notMaildir, 'lib', 'main.c'), 'int main(void) { return 0; }\n');
writeFileSync(join(notMaildir, 'README'), 'A source tree, not mail.\n');
const fifo = join(dir, 'pipe');
execFileSync('mkfifo', [fifo]);

const cases: Array<{ what: string; path: string; reason: RegExp }> = [
  { what: 'a missing file', path: join(dir, 'nope.mbox'), reason: /^no such file or directory$/ },
  { what: 'a directory that is no Maildir', path: notMaildir, reason: /^folder holds no mail: not a Maildir \(no cur\/ or new\/\), and 2 file\(s\) in it, none of them mail/ },
  { what: 'an empty directory', path: (mkdirSync(join(dir, 'empty')), join(dir, 'empty')), reason: /^folder holds no mail: .*no files in it$/ },
  { what: 'an unreadable gzip', path: file('t.mbox.gz', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.from('not deflate data at all')])), reason: /^unreadable gzip: / },
  { what: 'a gzip of something that is no mail', path: file('notes.gz', gzipSync('shopping list\neggs\n')), reason: /^not a mail archive: a gzip file whose contents are neither an mbox nor a mail$/ },
  { what: 'a non-mail file', path: file('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), reason: /^not a mail archive: / },
  { what: 'an empty gzip', path: file('empty.mbox.gz', gzipSync('')), reason: /^a gzip file with no mail in it$/ },
  { what: 'an empty file', path: file('empty.mbox', ''), reason: /^empty file: no mail in it$/ },
  { what: 'a pipe', path: fifo, reason: /^not a regular file \(a pipe or a device\)/ },
];

describe('an archive that cannot be read', () => {
  for (const { what, path, reason } of cases) {
    it(`${what}: one line naming the file and the reason, exit 1, no stack trace`, async () => {
      for (const args of [[path], ['export', '-f', 'json', path], ['check', path]]) {
        const result = await mlreview(...args);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        const lines = result.stderr.split('\n');
        expect(lines).toHaveLength(2); // the line and the newline that ends it
        expect(lines[0]!.startsWith(`mlreview: ${path}: `)).toBe(true);
        expect(lines[0]!.slice(`mlreview: ${path}: `.length)).toMatch(reason);
      }
    });
  }

  it('shows the stack trace with --debug', async () => {
    const result = await mlreview('--debug', cases[0]!.path);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(`mlreview: ${cases[0]!.path}: no such file or directory`);
    expect(result.stderr).toMatch(/\n\s+at .*\(.*\.js:\d+:\d+\)/);
  });

  it('names the archive that failed when several are given, and reads none', async () => {
    const good = file('vfio.mbox', vfio);
    const result = await mlreview('export', '-f', 'json', good, cases[5]!.path);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`mlreview: ${cases[5]!.path}: not a mail archive: neither mbox, gzip, Maildir, a mail with headers, nor a web-archive page\n`);
  });

  it('keeps what a truncated gzip gave before it broke, and lists where reading stopped', async () => {
    const whole = gzipSync(vfio);
    const cut = file('cut.mbox.gz', whole.subarray(0, Math.floor(whole.length * 0.8)));
    const result = await mlreview('check', '--list', cut);
    expect(result.code).toBe(0);
    const [, read] = /\((?:mbox\.gz)\): (\d+) mails? read/.exec(result.stdout)!;
    expect(Number(read)).toBeGreaterThan(0);
    expect(Number(read)).toBeLessThan(7);
    expect(result.stdout).toMatch(new RegExp(`${cut}:\\d+: reading stopped after ${read} mails: unexpected end of file; the rest of the compressed file is not read`));
    const strict = await mlreview('check', '--strict', cut);
    expect(strict.code).toBe(1);
  });

  it('stops quietly when the reader of its output goes away (`mlreview export … | head -1`)', async () => {
    const child = spawn('node', [CLI, 'export', sharedPath('archives/leds-threads')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('draws a hostile file name in an error as one inert line', async () => {
    const folder = join(dir, 'hostile');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a\u001B]52;c;aGVsbG8=\u0007b\nc\u009B31m.txt'), 'not mail\n');
    const result = await mlreview('check', folder);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/[\u001B\u0007\u009B]/);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).toContain('first: ');
    expect(result.stderr).toContain('ab c.txt'); // the OSC 52 and the C1 CSI with its parameters are gone whole
  });
});
