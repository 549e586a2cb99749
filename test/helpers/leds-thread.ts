// One thread cut from the whole linux-leds archive, read in place: every mail whose headers or body
// name the root's Message-ID (References and In-Reply-To do), written as an mbox in a temp dir, so a
// test reads a real thread in a second instead of the 23,200 mails in minutes.
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { sharedPath } from './shared.js';

let archive: Buffer | null = null;

export function ledsThread(rootId: string): string {
  archive ??= gunzipSync(readFileSync(sharedPath('archives/linux-leds.mbox.gz')));
  return threadIn(archive, rootId);
}

/**
 * The same for a thread of the list's first weeks (April 2019 on), cut from the archive's first
 * `compressed` bytes alone: no need to unpack 218 MB for it.
 */
export function earlyLedsThread(rootId: string, compressed: number): string {
  const head = Buffer.alloc(compressed);
  const fd = openSync(sharedPath('archives/linux-leds.mbox.gz'), 'r');
  try {
    readSync(fd, head, 0, compressed, 0);
  } finally {
    closeSync(fd);
  }
  // A sync flush at the end unpacks what the prefix holds instead of failing on the cut stream.
  const early = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  // The last mail may be cut: only mails up to the last whole one count.
  return threadIn(early.subarray(0, early.lastIndexOf('\nFrom mboxrd@z ') + 1), rootId);
}

function threadIn(mbox: Buffer, rootId: string): string {
  const separator = Buffer.from('\nFrom mboxrd@z ');
  const needle = Buffer.from(rootId);
  const starts = new Set<number>();
  for (let at = mbox.indexOf(needle); at >= 0; at = mbox.indexOf(needle, at + 1)) {
    starts.add(mbox.lastIndexOf(separator, at) + 1);
  }
  const mails = [...starts].sort((a, b) => a - b).map((start) => {
    const end = mbox.indexOf(separator, start + 5);
    return mbox.subarray(start, end < 0 ? mbox.length : end + 1);
  });
  if (mails.length === 0) throw new Error(`no mail of linux-leds.mbox.gz names <${rootId}>`);
  const path = join(mkdtempSync(join(tmpdir(), 'mlreview-leds-thread-')), 'thread.mbox');
  writeFileSync(path, Buffer.concat(mails));
  return path;
}
