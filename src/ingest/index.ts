// bytes → Messages: finds out what each path is (by content, not name) and reads it.
import { createReadStream } from 'node:fs';
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { ArchiveFormat, Message, Problem } from '../model.js';
import { decodeMail, looksLikeHeaders, type Decoded } from './decode.js';
import { isFromLine, splitMbox } from './mbox.js';
import { isMaildir, maildirFiles } from './maildir.js';
import { ArchiveError } from './archive-error.js';

export { ArchiveError };

export interface SourceRead {
  path: string;
  format: ArchiveFormat;
  messages: Message[];
  problems: Problem[];
}

export interface ReadProgress {
  path: string;
  messages: number;
  bytes: number;
}

export interface ReadOptions {
  onProgress?: (progress: ReadProgress) => void;
  /** Called once per file to let other readers (web pages) claim it. */
  claim?: (path: string, head: Buffer) => Promise<SourceRead | null>;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Reads one path: a file (mbox, mbox.gz, single mail, web page), a Maildir, or a folder of such
 * files (`git format-patch` output, saved pages), which gives one source per file.
 */
export async function readSources(path: string, options: ReadOptions = {}): Promise<SourceRead[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ArchiveError(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(error));
  }
  if (!info.isDirectory()) return [await readSource(path, options)];
  if (await isMaildir(path)) return [await readMaildir(path, options)];
  return readFolder(path, options);
}

/** Reads one file, or a Maildir. */
export async function readSource(path: string, options: ReadOptions = {}): Promise<SourceRead> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ArchiveError(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(error));
  }
  if (info.isDirectory()) {
    if (await isMaildir(path)) return readMaildir(path, options);
    throw new ArchiveError(path, 'a folder that is not a Maildir (no cur/ or new/): give it to readSources');
  }
  const head = await readHead(path, 8192);
  if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) return readMboxStream(path, 'mbox.gz', true, options);
  if (options.claim) {
    const claimed = await options.claim(path, head);
    if (claimed) return claimed;
  }
  const text = head.toString('latin1');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const secondLine = text.split(/\r?\n/, 2)[1] ?? '';
  if (isFromLine(firstLine.replace(/\r$/, '')) || (firstLine.startsWith('From ') && /^[!-9;-~]+:/.test(secondLine))) {
    // git format-patch writes one mail per file behind a fixed From_ line.
    const format = /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001/.test(firstLine) ? 'format-patch' : 'mbox';
    return readMboxStream(path, format, false, options);
  }
  if (looksLikeHeaders(head)) return readSingleMail(path, options);
  throw new ArchiveError(path, 'not a mail archive: neither mbox, gzip, Maildir, a mail with headers, nor a web-archive page');
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readMboxStream(path: string, format: ArchiveFormat, gzip: boolean, options: ReadOptions): Promise<SourceRead> {
  const read = emptyRead(path, format);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = gzip ? file.pipe(createGunzip()) : file;
  const collect = collector(read, options);
  let bytes = 0;
  try {
    for await (const raw of splitMbox(stream)) {
      bytes = raw.offset + raw.bytes.length;
      collect(await decodeMail(raw.bytes, { path, where: String(raw.offset) }), bytes);
    }
  } catch (error) {
    // A truncated gzip or a read error ends this source, but what was read so far is kept.
    read.problems.push({ where: `${path}:${bytes}`, reason: `reading stopped: ${(error as Error).message}` });
  } finally {
    file.destroy();
  }
  options.onProgress?.({ path, messages: read.messages.length, bytes });
  return read;
}

function emptyRead(path: string, format: ArchiveFormat): SourceRead {
  return { path, format, messages: [], problems: [] };
}

/** Puts one decoded mail into the source: a message (with its parsed patch) or a problem. */
function collector(read: SourceRead, options: ReadOptions): (decoded: Decoded, bytes: number) => void {
  let reported = 0;
  return (decoded, bytes) => {
    if ('message' in decoded) {
      read.messages.push(decoded.message);
    } else {
      read.problems.push(decoded.problem);
    }
    if (options.onProgress && read.messages.length - reported >= 200) {
      reported = read.messages.length;
      options.onProgress({ path: read.path, messages: read.messages.length, bytes });
    }
  };
}

async function readSingleMail(path: string, options: ReadOptions): Promise<SourceRead> {
  const bytes = await readFile(path);
  const decoded = await decodeMail(bytes, { path, where: basename(path) });
  options.onProgress?.({ path, messages: 1, bytes: bytes.length });
  return 'message' in decoded
    ? { path, format: 'eml', messages: [decoded.message], problems: [] }
    : { path, format: 'eml', messages: [], problems: [decoded.problem] };
}

async function readMaildir(path: string, options: ReadOptions): Promise<SourceRead> {
  const read = emptyRead(path, 'maildir');
  const collect = collector(read, options);
  for (const file of await maildirFiles(path)) {
    collect(await decodeMail(await readFile(file.path), { path, where: file.name }), 0);
  }
  return read;
}

/** A folder of mail files: each readable file is a source; files that are no mail are problems. */
async function readFolder(path: string, options: ReadOptions): Promise<SourceRead[]> {
  const entries = (await readdir(path, { withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const reads: SourceRead[] = [];
  const skipped: Problem[] = [];
  for (const name of entries) {
    try {
      reads.push(await readSource(join(path, name), options));
    } catch (error) {
      if (error instanceof ArchiveError) skipped.push({ where: error.path, reason: error.reason });
      else throw error;
    }
  }
  if (reads.length === 0) {
    throw new ArchiveError(path, 'folder holds no mail: not a Maildir (no cur/ or new/) and no mail files in it');
  }
  // Files that are not mail are listed on the first source, so nothing read goes unmentioned.
  reads[0]!.problems.push(...skipped);
  return reads;
}
