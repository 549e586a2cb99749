// Fetched mail on disk, under `<cache dir>/lore/<server>/`: one gzip mbox per thread or search,
// named by a hash of what was asked. A copy is only ever replaced by rename, so a crash or a failed
// refresh leaves the old copy whole. The file's modification time is when it was fetched.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from '../process-alive.js';

export type EntryKind = 'thread' | 'search' | 'versions';

/** The files one fetched thread or search may have on disk. */
export interface CacheEntry {
  dir: string;
  /** The whole answer, as the server sent it. */
  complete: string;
  /** What arrived of a download that was cut short, kept until a whole copy replaces it. */
  partial: string;
  /** A search that matched nothing (no other versions): remembered so a reopen needs no network. */
  empty: string;
  /** The URL a copy was fetched from, when the entry is named by something else (a thread's versions). */
  url: string;
}

export type CachedCopy =
  | { state: 'complete' | 'partial'; file: string; fetchedAt: Date }
  | { state: 'empty'; fetchedAt: Date };

export function cacheEntry(cacheRoot: string, inbox: string, kind: EntryKind, what: string): CacheEntry {
  const server = new URL(inbox);
  // `lore.kernel.org`, `127.0.0.1_8080`: readable, and no character a file system could object to.
  const host = server.host.replace(/[^A-Za-z0-9.-]/g, '_');
  const hash = createHash('sha256').update(`${inbox}\n${kind}\n${what}`).digest('hex').slice(0, 24);
  const dir = join(cacheRoot, 'lore', host);
  const base = join(dir, `${kind}-${hash}`);
  return { dir, complete: `${base}.mbox.gz`, partial: `${base}.partial.mbox.gz`, empty: `${base}.empty`, url: `${base}.url` };
}

/** The best copy on disk: a whole one, else a partial one, else the note that nothing matched. */
export async function cachedCopy(entry: CacheEntry): Promise<CachedCopy | null> {
  for (const state of ['complete', 'partial'] as const) {
    const file = entry[state];
    const info = await stat(file).catch(() => null);
    if (info?.isFile() && info.size > 0) return { state, file, fetchedAt: info.mtime };
  }
  const empty = await stat(entry.empty).catch(() => null);
  return empty?.isFile() ? { state: 'empty', fetchedAt: empty.mtime } : null;
}

/** A file in the entry's folder to download into; renamed into place by `keep`, or removed by `drop`. */
export async function temporaryFile(entry: CacheEntry): Promise<string> {
  await mkdir(entry.dir, { recursive: true });
  await sweepAbandoned(entry.dir);
  return join(entry.dir, `.download-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Removes downloads left by an mlreview that was killed mid-way (Ctrl-C in the browser ends the
 * process at once): a temp file whose process is gone. Another mlreview's download in progress stays.
 */
async function sweepAbandoned(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = /^\.download-(\d{1,10})-[0-9a-f]{12}\.tmp$/.exec(name)?.[1];
    if (pid && !processAlive(Number(pid))) await rm(join(dir, name), { force: true });
  }
}

/**
 * Puts a finished download in place. A whole copy replaces everything the entry had; a partial one
 * is only kept beside a whole copy's absence (the caller decides), never over a whole copy.
 */
export async function keep(entry: CacheEntry, temporary: string, state: 'complete' | 'partial'): Promise<string> {
  const target = entry[state];
  await rename(temporary, target);
  if (state === 'complete') await Promise.all([rm(entry.partial, { force: true }), rm(entry.empty, { force: true })]);
  return target;
}

/** Remembers that a search matched nothing, replacing any older copy. */
export async function keepEmpty(entry: CacheEntry): Promise<void> {
  await mkdir(entry.dir, { recursive: true });
  const temporary = await temporaryFile(entry);
  await writeFile(temporary, '');
  await rename(temporary, entry.empty);
  await Promise.all([rm(entry.complete, { force: true }), rm(entry.partial, { force: true })]);
}

/** Writes down the URL a copy came from, beside it (after the copy: a crash leaves the copy unnamed, and it is fetched again). */
export async function keepUrl(entry: CacheEntry, url: string): Promise<void> {
  const temporary = await temporaryFile(entry);
  await writeFile(temporary, url);
  await rename(temporary, entry.url);
}

export async function cachedUrl(entry: CacheEntry): Promise<string | null> {
  return readFile(entry.url, 'utf8').catch(() => null);
}

export async function drop(temporary: string): Promise<void> {
  await rm(temporary, { force: true });
}
