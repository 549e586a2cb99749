// bytes → Messages: finds out what each path is (by content, not name) and reads it.
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { ArchiveFormat, Message, Problem } from '../model.js';
import { decodeMail, looksLikeHeaders } from './decode.js';
import { isFromLine, splitMbox } from './mbox.js';
import { isMaildir, maildirFiles } from './maildir.js';

export class ArchiveError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'ArchiveError';
  }
}

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

/** Reads one path: a file (mbox, mbox.gz, single mail, web page) or a folder (Maildir, patches). */
export async function readSource(path: string, options: ReadOptions = {}): Promise<SourceRead> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ArchiveError(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(error));
  }
  if (info.isDirectory()) return readFolder(path, options);
  const head = await readHead(path, 8192);
  if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) return readMboxStream(path, 'mbox.gz', true, options);
  if (options.claim) {
    const claimed = await options.claim(path, head);
    if (claimed) return claimed;
  }
  const text = head.toString('latin1');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (isFromLine(firstLine.replace(/\r$/, ''))) return readMboxStream(path, 'mbox', false, options);
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
  const messages: Message[] = [];
  const problems: Problem[] = [];
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = gzip ? file.pipe(createGunzip()) : file;
  let bytes = 0;
  let last = 0;
  try {
    for await (const raw of splitMbox(stream)) {
      bytes = raw.offset + raw.bytes.length;
      const decoded = await decodeMail(raw.bytes, { path, where: String(raw.offset) });
      if ('message' in decoded) messages.push(decoded.message);
      else problems.push(decoded.problem);
      if (options.onProgress && messages.length - last >= 200) {
        last = messages.length;
        options.onProgress({ path, messages: messages.length, bytes });
      }
    }
  } catch (error) {
    // A truncated gzip or a read error ends this source, but what was read so far is kept.
    problems.push({ where: `${path}:${bytes}`, reason: `reading stopped: ${(error as Error).message}` });
  } finally {
    file.destroy();
  }
  options.onProgress?.({ path, messages: messages.length, bytes });
  return { path, format, messages, problems };
}

async function readSingleMail(path: string, options: ReadOptions): Promise<SourceRead> {
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(path);
  const decoded = await decodeMail(bytes, { path, where: basename(path) });
  options.onProgress?.({ path, messages: 1, bytes: bytes.length });
  return 'message' in decoded
    ? { path, format: 'eml', messages: [decoded.message], problems: [] }
    : { path, format: 'eml', messages: [], problems: [decoded.problem] };
}

/** A Maildir (cur/ new/), or a folder of mails: `git format-patch` output, .eml files, mboxes. */
async function readFolder(path: string, options: ReadOptions): Promise<SourceRead> {
  if (await isMaildir(path)) {
    const messages: Message[] = [];
    const problems: Problem[] = [];
    const { readFile } = await import('node:fs/promises');
    for (const file of await maildirFiles(path)) {
      const bytes = await readFile(file.path);
      const decoded = await decodeMail(bytes, { path, where: file.name });
      if ('message' in decoded) messages.push(decoded.message);
      else problems.push(decoded.problem);
      if (messages.length % 200 === 0) options.onProgress?.({ path, messages: messages.length, bytes: 0 });
    }
    return { path, format: 'maildir', messages, problems };
  }
  const entries = (await readdir(path, { withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (entries.length === 0) throw new ArchiveError(path, 'folder holds no mail: not a Maildir (no cur/ or new/) and no mail files');
  const messages: Message[] = [];
  const problems: Problem[] = [];
  let anyMail = false;
  for (const name of entries) {
    try {
      const read = await readSource(join(path, name), options);
      anyMail = true;
      messages.push(...read.messages);
      problems.push(...read.problems);
    } catch (error) {
      if (error instanceof ArchiveError) problems.push({ where: error.path, reason: error.reason });
      else throw error;
    }
  }
  if (!anyMail) throw new ArchiveError(path, 'folder holds no mail: not a Maildir (no cur/ or new/) and no mail files');
  const patchFiles = entries.filter((n) => /^\d{4}-.*\.patch$/.test(n)).length;
  return { path, format: patchFiles > 0 ? 'format-patch' : 'eml', messages, problems };
}
