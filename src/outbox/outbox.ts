// Drafts not yet sent, kept in one mbox in the data directory until they go out. Every change is a
// whole new file renamed over the old one (after an fsync), under a lock file, so a crash or a second
// mlreview leaves the old outbox or the new one, never half of each, and never drops a draft.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeWords } from '../ingest/encoded-words.js';

export const OUTBOX_FILE = 'outbox.mbox';
/** Headers only the outbox keeps: taken off before a mail is sent. */
export const ERROR_HEADER = 'X-Mlreview-Send-Error';

export interface OutboxEntry {
  messageId: string;
  /** The mail as composed (LF line ends), with the outbox's own headers. */
  raw: string;
  /** Why the last send failed, when it did. */
  error: string | null;
}

export class OutboxError extends Error {}

export function outboxPath(dataDir: string): string {
  return join(dataDir, OUTBOX_FILE);
}

/** The header block's end: the index of the empty line (LF mail). */
function headerEnd(raw: string): number {
  const end = raw.indexOf('\n\n');
  return end < 0 ? raw.length : end;
}

/** A header's value (unfolded), from the mail's header block. */
export function headerValue(raw: string, name: string): string | null {
  const head = raw.slice(0, headerEnd(raw)).replace(/\n[ \t]+/g, ' ');
  const lower = `${name.toLowerCase()}:`;
  const line = head.split('\n').find((l) => l.toLowerCase().startsWith(lower));
  return line === undefined ? null : line.slice(lower.length).trim();
}

/** A header's value with encoded words decoded, for showing a draft ('' when absent). */
export function decodedHeader(raw: string, name: string): string {
  return decodeWords(headerValue(raw, name) ?? '');
}

/** The mail without the outbox's own `X-Mlreview-*` headers: what is sent. */
export function withoutOutboxHeaders(raw: string): string {
  const end = headerEnd(raw);
  const kept: string[] = [];
  let dropping = false;
  for (const line of raw.slice(0, end).split('\n')) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      continue;
    }
    dropping = /^x-mlreview-[a-z-]*:/i.test(line);
    if (!dropping) kept.push(line);
  }
  return kept.join('\n') + raw.slice(end);
}

function withError(raw: string, error: string | null): string {
  const clean = withoutOutboxHeaders(raw);
  if (error === null) return clean;
  return `${ERROR_HEADER}: ${error.replace(/\s+/g, ' ').trim()}\n${clean}`;
}

function entryOf(raw: string, where: string): OutboxEntry {
  const id = /<([^<>\s]+)>/.exec(headerValue(raw, 'Message-ID') ?? '');
  if (!id) throw new OutboxError(`${where}: a draft without Message-ID`);
  return { messageId: id[1], raw, error: headerValue(raw, ERROR_HEADER) };
}

// mboxrd: a body line that starts with "From " (after any ">") gets one more ">", undone on reading.
const escape = (raw: string): string => raw.replace(/^(>*From )/gm, '>$1');
const unescape = (raw: string): string => raw.replace(/^>(>*From )/gm, '$1');

export function parseOutbox(text: string, where: string): OutboxEntry[] {
  if (text.trim() === '') return [];
  if (!text.startsWith('From ')) throw new OutboxError(`${where}: not an mbox (the first line is not a "From " line)`);
  return text
    .split(/^From .*\n/m)
    .slice(1)
    .map((chunk) => entryOf(unescape(chunk.replace(/\n$/, '')), where));
}

export function formatOutbox(entries: OutboxEntry[]): string {
  const stamp = new Date().toUTCString();
  return entries.map((e) => `From mlreview ${stamp}\n${escape(e.raw.replace(/(?<!\n)\n*$/, '\n'))}\n`).join('');
}

export async function readOutbox(path: string): Promise<OutboxEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new OutboxError(`${path}: cannot read the outbox: ${(error as Error).message}`);
  }
  return parseOutbox(text, path);
}

async function writeWhole(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

const LOCK_WAIT_MS = 5_000;
const STALE_LOCK_MS = 60_000;

/** Runs `change` on the outbox under its lock and writes the result whole. */
export async function updateOutbox(path: string, change: (entries: OutboxEntry[]) => OutboxEntry[]): Promise<OutboxEntry[]> {
  await mkdir(join(path, '..'), { recursive: true });
  const lock = `${path}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      await (await open(lock, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600)).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new OutboxError(`${path}: cannot lock the outbox: ${(error as Error).message}`);
      // A lock left by a process that died holding it.
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_LOCK_MS) await rm(lock, { force: true });
      else if (Date.now() - started > LOCK_WAIT_MS) throw new OutboxError(`${path}: the outbox is locked by another mlreview (${lock})`);
      else await sleep(50);
    }
  }
  try {
    const next = change(await readOutbox(path));
    await writeWhole(path, formatOutbox(next));
    return next;
  } finally {
    await rm(lock, { force: true });
  }
}

export function addDraft(path: string, raw: string): Promise<OutboxEntry[]> {
  const entry = entryOf(raw.replace(/\r\n/g, '\n'), path);
  return updateOutbox(path, (entries) => [...entries.filter((e) => e.messageId !== entry.messageId), entry]);
}

export function removeDraft(path: string, messageId: string): Promise<OutboxEntry[]> {
  return updateOutbox(path, (entries) => entries.filter((e) => e.messageId !== messageId));
}

export function markFailed(path: string, messageId: string, error: string | null): Promise<OutboxEntry[]> {
  return updateOutbox(path, (entries) =>
    entries.map((e) => (e.messageId === messageId ? { ...e, raw: withError(e.raw, error), error } : e)),
  );
}
