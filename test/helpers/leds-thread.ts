// One thread cut from the whole linux-leds archive, read in place: every mail whose headers or body
// name the root's Message-ID (References and In-Reply-To do), written as an mbox in a temp dir, so a
// test reads a real thread in a second instead of the 23,200 mails in minutes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sharedPath } from './shared.js';

let archive: Buffer | null = null;

export function ledsThread(rootId: string): string {
  archive ??= gunzipSync(readFileSync(sharedPath('archives/linux-leds.mbox.gz')));
  const separator = Buffer.from('\nFrom mboxrd@z ');
  const needle = Buffer.from(rootId);
  const starts = new Set<number>();
  for (let at = archive.indexOf(needle); at >= 0; at = archive.indexOf(needle, at + 1)) {
    starts.add(archive.lastIndexOf(separator, at) + 1);
  }
  const mails = [...starts].sort((a, b) => a - b).map((start) => {
    const end = archive!.indexOf(separator, start + 5);
    return archive!.subarray(start, end < 0 ? archive!.length : end + 1);
  });
  if (mails.length === 0) throw new Error(`no mail of linux-leds.mbox.gz names <${rootId}>`);
  const path = join(mkdtempSync(join(tmpdir(), 'mlreview-leds-thread-')), 'thread.mbox');
  writeFileSync(path, Buffer.concat(mails));
  return path;
}
