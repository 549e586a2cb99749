// bytes → Messages: finds out what each path is (by content, not name) and reads it.
import { createReadStream } from 'node:fs';
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ArchiveFormat, Message, Problem } from '../model.js';
import { decodeMail, looksLikeHeaders, type Decoded } from './decode.js';
import { isFromLine, splitMbox, type RawMail } from './mbox.js';
import { isMaildir, maildirFiles } from './maildir.js';
import { checkedHead } from './stream-head.js';
import { ArchiveError, fileErrorReason, onFile } from './archive-error.js';

export { ArchiveError };

export interface SourceRead {
  path: string;
  format: ArchiveFormat;
  messages: Message[];
  problems: Problem[];
  /**
   * Mails found in the source before decoding; every one is in `messages` or a `leftOut` problem.
   * The readers always set it; a source built in memory (tests, bench) may leave it out, and then
   * counts as its messages plus its left-out problems.
   */
  mails?: number;
  /** For mail fetched from a server: when the copy read was fetched (ISO 8601); `path` is then its URL. */
  fetchedAt?: string;
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
  /** Stops reading at the next mail; the read then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * How each raw mail of an mbox becomes a message: the full decode by default; the index's header
   * pass gives its own (src/store), which also records where the mail is.
   */
  decode?: (raw: RawMail, origin: { path: string; where: string }) => Promise<Decoded> | Decoded;
  /**
   * Mbox only: how many mails' `decode` may be under way at once (one that hands mails to worker
   * threads); they are still taken in the order of the file. 1 by default.
   */
  inFlight?: number;
  /**
   * Folders only: reads one of its files or Maildirs another way (the index, src/archive/open.ts), or
   * gives null to have it read here. Errors it throws count as they would here (an ArchiveError
   * names a file skipped).
   */
  inFolder?: (path: string, kind: 'file' | 'maildir') => Promise<SourceRead | null>;
  /** Plain mbox only: the byte offset to start at, a From_ line (the index reads a grown mbox's tail). */
  start?: number;
  /** Plain mbox only: the size to read up to (the size the index recorded, should the file grow meanwhile). */
  end?: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Reads one path: a file (mbox, mbox.gz, single mail, web page), a Maildir, or a folder of such
 * files (`git format-patch` output, saved pages), which gives one source per file.
 */
export async function readSources(path: string, options: ReadOptions = {}): Promise<SourceRead[]> {
  const info = await onFile(path, () => stat(path));
  if (!info.isDirectory()) return [await readSource(path, options)];
  if (await isMaildir(path)) return [await readMaildir(path, options)];
  return readFolder(path, options);
}

/** Reads one file, or a Maildir. */
export async function readSource(path: string, options: ReadOptions = {}): Promise<SourceRead> {
  const info = await onFile(path, () => stat(path));
  if (info.isDirectory()) {
    if (await isMaildir(path)) return readMaildir(path, options);
    throw new ArchiveError(path, 'a folder that is not a Maildir (no cur/ or new/): give it to readSources');
  }
  // A pipe or a device would be read twice (head, then body) and could block forever.
  if (!info.isFile()) throw new ArchiveError(path, 'not a regular file (a pipe or a device): save the mail to a file first');
  const head = await onFile(path, () => readHead(path, 8192));
  if (head.length === 0) throw new ArchiveError(path, 'empty file: no mail in it');
  if (isGzip(head)) return readMboxStream(path, 'mbox.gz', true, options);
  if (options.claim) {
    const claimed = await options.claim(path, head);
    if (claimed) return claimed;
  }
  const format = mboxFormat(head);
  if (format) return readMboxStream(path, format, false, options);
  if (looksLikeHeaders(head)) return readSingleMail(path, options);
  throw new ArchiveError(path, 'not a mail archive: neither mbox, gzip, Maildir, a mail with headers, nor a web-archive page');
}

function isGzip(head: Buffer): boolean {
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** 'mbox' or 'format-patch' when the file's first bytes are an mbox's, null otherwise. */
function mboxFormat(head: Buffer): 'mbox' | 'format-patch' | null {
  const text = head.toString('latin1');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const secondLine = text.split(/\r?\n/, 2)[1] ?? '';
  if (!isFromLine(firstLine.replace(/\r$/, '')) && !(firstLine.startsWith('From ') && /^[!-9;-~]+:/.test(secondLine))) return null;
  // git format-patch writes one mail per file behind a fixed From_ line.
  return /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001/.test(firstLine) ? 'format-patch' : 'mbox';
}

/**
 * 'mbox' or 'mbox.gz' when `readSource` would read the file as a list archive (the kind the index
 * keeps), null for anything else (a page, a single mail, a format-patch file, not mail at all). A
 * web page is never an mbox: pages start with markup, an mbox with a From_ line.
 */
export async function archiveFormat(path: string): Promise<'mbox' | 'mbox.gz' | null> {
  const head = await readHead(path, 8192);
  if (head.length === 0) return null;
  if (isGzip(head)) return 'mbox.gz';
  return mboxFormat(head) === 'mbox' ? 'mbox' : null;
}

/** Reads an mbox or mbox.gz with the options' decode and start (the index's header pass). */
export function readMbox(path: string, format: 'mbox' | 'mbox.gz', options: ReadOptions): Promise<SourceRead> {
  return readMboxStream(path, format, format === 'mbox.gz', options);
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
  const start = gzip ? 0 : (options.start ?? 0);
  const end = gzip || options.end === undefined ? undefined : options.end - 1;
  const file = createReadStream(path, { highWaterMark: 1 << 20, start, end });
  let stream: AsyncIterable<Buffer> = file;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: 1 << 16 });
    // Decompressed mail waits here, so gunzip (on libuv's threads) works ahead while this thread
    // decodes: by itself it keeps 16 KB ready, and the reader would wait for each next piece.
    const ahead = new PassThrough({ highWaterMark: 8 << 20 });
    // pipe() does not pass a read error on: without these a failing disk would leave the reader waiting.
    file.on('error', (error) => gunzip.destroy(error));
    gunzip.on('error', (error) => ahead.destroy(error));
    stream = mailContent(file.pipe(gunzip).pipe(ahead));
  }
  const collect = collector(read, options);
  let bytes = 0;
  // Decodes under way, oldest first: each mail is collected once its own and every earlier one's is done.
  const underWay: Array<{ decoded: Promise<Decoded> | Decoded; bytes: number }> = [];
  const inFlight = Math.max(1, options.inFlight ?? 1);
  const collectOldest = async (): Promise<void> => {
    const oldest = underWay.shift()!;
    collect(await oldest.decoded, oldest.bytes);
  };
  try {
    const decode = options.decode ?? ((raw: RawMail, origin: { path: string; where: string }) => decodeMail(raw.bytes, origin));
    for await (const found of splitMbox(stream)) {
      options.signal?.throwIfAborted();
      const raw = start ? { bytes: found.bytes, offset: found.offset + start } : found;
      bytes = raw.offset + raw.bytes.length;
      underWay.push({ decoded: decode(raw, { path, where: String(raw.offset) }), bytes });
      while (underWay.length >= inFlight) await collectOldest();
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // Mails split off before the read failed are kept, as they are when decoded one by one.
    while (underWay.length > 0) await collectOldest();
    if (error instanceof NotMailError) throw new ArchiveError(path, error.message);
    // Nothing read at all: the file is not what its first bytes promised (a gzip that is not one).
    if (read.mails === 0) throw new ArchiveError(path, `${gzip ? 'unreadable gzip' : 'unreadable file'}: ${fileErrorReason(error)}`);
    // A truncated download or a read error ends this source, but what was read so far is kept.
    read.problems.push({
      where: `${path}:${bytes}`,
      reason: `reading stopped after ${read.mails} mails: ${fileErrorReason(error)}; the rest of the ${gzip ? 'compressed ' : ''}file is not read`,
    });
  } finally {
    file.destroy();
  }
  while (underWay.length > 0) await collectOldest();
  if (read.mails === 0) throw new ArchiveError(path, `${gzip ? 'a gzip file with ' : ''}no mail in it`);
  options.onProgress?.({ path, messages: read.messages.length, bytes });
  return read;
}

/**
 * The decompressed bytes of a `.gz`, after checking they start as an mbox or a mail does: a gzip of
 * anything else (a tarball, a log) is not an archive, and must not become one "mail" left out.
 */
function mailContent(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  return checkedHead(stream, 1024, checkMailHead);
}

function checkMailHead(head: Buffer): void {
  const firstLine = head.subarray(0, 1024).toString('latin1').split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.startsWith('From ') && !looksLikeHeaders(head)) {
    throw new NotMailError('not a mail archive: a gzip file whose contents are neither an mbox nor a mail');
  }
}

class NotMailError extends Error {}

function emptyRead(path: string, format: ArchiveFormat): SourceRead {
  return { path, format, messages: [], problems: [], mails: 0 };
}

/** Puts one decoded mail into the source: a message or a problem that says the mail is left out. */
function collector(read: SourceRead, options: ReadOptions): (decoded: Decoded, bytes: number) => void {
  let reported = 0;
  return (decoded, bytes) => {
    read.mails = (read.mails ?? 0) + 1;
    if ('message' in decoded) {
      read.messages.push(decoded.message);
    } else {
      read.problems.push({ ...decoded.problem, leftOut: true });
    }
    if (options.onProgress && read.messages.length - reported >= 200) {
      reported = read.messages.length;
      options.onProgress({ path: read.path, messages: read.messages.length, bytes });
    }
  };
}

async function readSingleMail(path: string, options: ReadOptions): Promise<SourceRead> {
  const bytes = await onFile(path, () => readFile(path));
  const read = emptyRead(path, 'eml');
  collector(read, options)(await decodeMail(bytes, { path, where: basename(path) }), bytes.length);
  options.onProgress?.({ path, messages: read.messages.length, bytes: bytes.length });
  return read;
}

async function readMaildir(path: string, options: ReadOptions): Promise<SourceRead> {
  const read = emptyRead(path, 'maildir');
  const collect = collector(read, options);
  for (const file of await maildirFiles(path)) {
    options.signal?.throwIfAborted();
    let bytes: Buffer;
    try {
      bytes = await readFile(file.path);
    } catch (error) {
      // A mail deleted or unreadable under our feet costs that mail, not the Maildir.
      collect({ problem: { where: `${path}:${file.name}`, reason: `mail could not be read: ${fileErrorReason(error)}` } }, 0);
      continue;
    }
    collect(await decodeMail(bytes, { path, where: file.name }), 0);
  }
  return read;
}

/**
 * A folder of mail files (`git format-patch` output, saved pages, lore downloads): each readable file
 * is a source, sub-folders are read the same way (a Maildir among them as one source), and files that
 * are no mail are listed as problems. Symbolic links are not followed, so a link loop cannot recurse.
 */
async function readFolder(path: string, options: ReadOptions): Promise<SourceRead[]> {
  const reads: SourceRead[] = [];
  const skipped: Problem[] = [];
  await readFolderInto(path, options, reads, skipped);
  if (reads.length === 0) {
    const why = skipped.length ? `${skipped.length} file(s) in it, none of them mail (first: ${skipped[0]!.where}: ${skipped[0]!.reason})` : 'no files in it';
    throw new ArchiveError(path, `folder holds no mail: not a Maildir (no cur/ or new/), and ${why}`);
  }
  // Files that are not mail are listed on the first source, so nothing read goes unmentioned.
  reads[0]!.problems.push(...skipped);
  return reads;
}

async function readFolderInto(path: string, options: ReadOptions, reads: SourceRead[], skipped: Problem[]): Promise<void> {
  const entries = (await onFile(path, () => readdir(path, { withFileTypes: true })))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    options.signal?.throwIfAborted();
    const child = join(path, entry.name);
    try {
      if (entry.isFile()) reads.push((await options.inFolder?.(child, 'file')) ?? (await readSource(child, options)));
      else if (entry.isDirectory()) {
        if (await isMaildir(child)) reads.push((await options.inFolder?.(child, 'maildir')) ?? (await readMaildir(child, options)));
        else await readFolderInto(child, options, reads, skipped);
      }
    } catch (error) {
      if (error instanceof ArchiveError) skipped.push({ where: error.path, reason: error.reason });
      else throw error;
    }
  }
}
