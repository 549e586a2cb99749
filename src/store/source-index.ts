// sources → index: one mbox or mbox.gz read once into its index (the header pass), then opened from
// the index on later runs. An mbox that only grew is read from its last indexed mail on; anything
// else that changed is indexed again. Whatever goes wrong with the index, the mails are still read:
// without it, with one line on stderr saying why.
import { existsSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Message, Origin, Problem } from '../model.js';
import { decodeMail, type Decoded } from '../ingest/decode.js';
import { readMbox, type ReadProgress, type SourceRead } from '../ingest/index.js';
import { fromHead } from './mail-head.js';
import { HeaderPool, headerWorkers, POOL_FROM_BYTES } from './header-pool.js';
import { headerRow, type HeaderRow } from './header-row.js';
import { archiveSince, codeFingerprint, identify, sampleHash } from './fingerprint.js';
import { rawMail, type MailRef } from './mail-ref.js';
import {
  IndexUnusable,
  isSqliteError,
  indexFile,
  insertRows,
  openIndex,
  putMeta,
  readMeta,
  readRows,
  removeIndex,
  sqliteReason,
  writeIndex,
  type Db,
  type MailRow,
} from './index-db.js';
import { processAlive } from '../process-alive.js';

export type ArchiveFileFormat = 'mbox' | 'mbox.gz';

export interface IndexContext {
  /** Where indexes live; null to read without one (`--no-cache`). */
  cacheDir: string | null;
  /** One line for stderr: why an index was rebuilt or not used. */
  notice: (line: string) => void;
  onProgress?: (progress: ReadProgress) => void;
  signal?: AbortSignal;
  /** Worker threads for the header pass; by default one per spare core (at most 3) for 16 MB or more to read, none below. */
  headerWorkers?: number;
}

/** One archive file as the index gives it: header-only messages, and their bodies on demand. */
export interface IndexedSource {
  /** The source with every message's body left empty; problems and mail counts as a full read gives them. */
  read: SourceRead;
  /** The full decode of one of `read.messages`, read from the archive by its offset. */
  body(message: Message): Promise<Decoded>;
  /** The sha1 of one of `read.messages`' raw mail: what a linked thread's cache key is made of. */
  hash(message: Message): string;
  /** Throws ArchiveMoved unless the archive still holds the message's mail where the index says. */
  verify(message: Message): void;
  /** Where one of `read.messages`' mail is, for a reader elsewhere (a worker linking its thread). */
  ref(message: Message): MailRef;
  /** The open index, where linked threads are cached; null when reading without one. */
  db: Db | null;
  /** The index file (removed when the archive turns out not to match it); null without one. */
  file: string | null;
}

/**
 * `copyOf`: the URL when the file is a cached copy of fetched mail (src/lore/): notices name that, and
 * a copy that changed is indexed again without one, since a --refresh replaces the copy whole.
 */
export async function indexSource(path: string, format: ArchiveFileFormat, ctx: IndexContext, copyOf?: string): Promise<IndexedSource> {
  const name = copyOf ?? path;
  const real = realpathSync(path);
  const info = statSync(real);
  if (ctx.cacheDir === null) return fromRows(path, format, await headerPass(path, format, ctx, 0, 0, info.size), null, null);
  const file = indexFile(ctx.cacheDir, real);
  if (existsSync(file)) {
    try {
      const reused = await reuse(path, real, format, file, info.size, info.mtimeMs, ctx);
      if (reused) return reused;
      if (copyOf === undefined) ctx.notice(`mlreview: index of ${name}: the file changed since it was indexed; indexing it again`);
    } catch (error) {
      if (!(error instanceof IndexUnusable)) throw error;
      ctx.notice(`mlreview: index of ${name} is ${error.message}; indexing it again`);
    }
    removeIndex(file);
  }
  const pass = await headerPass(path, format, ctx, 0, 0, info.size);
  let db: Db | null = null;
  try {
    removeStaleTemps(file);
    db = writeIndex(file, metaOf(real, format, info.size, info.mtimeMs, pass), pass.rows);
  } catch (error) {
    if (!(error instanceof IndexUnusable)) throw error;
    ctx.notice(`mlreview: index of ${name} ${error.message}; reading without it`);
  }
  return fromRows(path, format, pass, db, db ? file : null);
}

interface Pass {
  rows: MailRow[];
  /** Each row's message (or why its mail is left out) as read back from the row; absent when the rows were read from the index. */
  messages?: Decoded[];
  /** Problems of the source itself (a read cut short), `where` without the path. */
  sourceProblems: Problem[];
}

/** The header pass over the file from `start` (a From_ line) up to `size`, numbering mails from `firstNum`. */
async function headerPass(path: string, format: ArchiveFileFormat, ctx: IndexContext, start: number, firstNum: number, size: number): Promise<Pass> {
  const rows: MailRow[] = [];
  const messages: Decoded[] = [];
  const gzip = format === 'mbox.gz';
  // A big archive's headers are decoded on the other cores too; a tail or a thread is done here.
  const workers = ctx.headerWorkers ?? (size - start >= POOL_FROM_BYTES ? headerWorkers() : 0);
  const pool = HeaderPool.start(path, gzip, workers);
  // A mail's place is taken when it is split off: the pool may answer a later batch first.
  let split = 0;
  const keep = (at: number, offset: number, row: HeaderRow, origin: Origin): Decoded => {
    rows[at] = { num: firstNum + at, offset, length: 0, hash: row.hash, head: row.head, raw: row.raw ? Buffer.from(row.raw.buffer, row.raw.byteOffset, row.raw.byteLength) : null };
    // The message as every later run reads it back from its row.
    return (messages[at] = fromHead(row.head, origin));
  };
  let read: SourceRead;
  try {
    read = await readMbox(path, format, {
      start,
      end: size,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
      // Enough mails under way to keep every worker busy while this thread splits the next ones.
      inFlight: pool ? 1024 : 1,
      decode: (raw, origin) => {
        const at = split++;
        return pool ? pool.row(raw.bytes, origin).then((row) => keep(at, raw.offset, row, origin)) : keep(at, raw.offset, headerRow(raw.bytes, origin, gzip), origin);
      },
    });
  } finally {
    await pool?.close(!ctx.signal?.aborted);
  }
  if (!gzip) rows.forEach((row, i) => (row.length = (rows[i + 1]?.offset ?? size) - row.offset));
  const sourceProblems = read.problems.filter((p) => !p.leftOut).map((p) => ({ ...p, where: p.where.slice(path.length + 1) }));
  return { rows, messages, sourceProblems };
}

function metaOf(real: string, format: ArchiveFileFormat, size: number, mtimeMs: number, pass: Pass): Record<string, string> {
  const id = identify(real, size, mtimeMs);
  return {
    code: codeFingerprint(),
    path: real,
    format,
    size: String(size),
    mtime: String(mtimeMs),
    headLength: String(Math.min(64 * 1024, size)),
    head: id.head,
    tail: id.tail,
    samples: sampleHash(real, size),
    problems: JSON.stringify(pass.sourceProblems),
  };
}

/** The index of an unchanged or grown archive, or null when the archive changed otherwise. */
async function reuse(path: string, real: string, format: ArchiveFileFormat, file: string, size: number, mtimeMs: number, ctx: IndexContext): Promise<IndexedSource | null> {
  const db = openIndex(file);
  try {
    const meta = readMeta(db);
    const archive = archiveSince(meta, real, format, size, mtimeMs);
    const rows = readRows(db);
    if (archive === 'unchanged') {
      return fromRows(path, format, { rows, sourceProblems: JSON.parse(meta.problems ?? '[]') as Problem[] }, db, file);
    }
    // Mail appended to a plain mbox, the usual life of a list archive: read from the last indexed mail on
    // (it may have been cut when the file was indexed), keep the rows before it.
    const last = rows.at(-1);
    if (format !== 'mbox' || archive !== 'grown' || !last) {
      db.close();
      return null;
    }
    const tail = await headerPass(path, format, ctx, last.offset, last.num, size);
    const pass = { rows: [...rows.slice(0, -1), ...tail.rows], sourceProblems: tail.sourceProblems };
    try {
      db.transaction(() => {
        db.prepare('DELETE FROM mails WHERE num >= ?').run(last.num);
        insertRows(db, tail.rows);
        putMeta(db, metaOf(real, format, size, mtimeMs, tail));
      })();
    } catch (error) {
      if (!cannotWrite(error)) throw error;
      // A full disk (or one gone read-only): the transaction left the old index as it was, still good
      // for the mails before these; this run reads without it, and a later one appends again.
      db.close();
      ctx.notice(`mlreview: index of ${path} cannot be updated (${sqliteReason(error)}); reading without it`);
      return fromRows(path, format, pass, null, null);
    }
    return fromRows(path, format, pass, db, file);
  } catch (error) {
    if (db.open) db.close();
    // SQLite reads a damaged page only when a query reaches it: that is the index being damaged too.
    if (isSqliteError(error)) throw new IndexUnusable(`damaged (${sqliteReason(error)})`, true);
    throw error;
  }
}

/** SQLite could not write (no space, no permission, an I/O error): the file is not damaged by it. */
function cannotWrite(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return /^SQLITE_(?:FULL|IOERR|READONLY|CANTOPEN|PERM)/.test(code);
}

/** The source read as the header pass saw it, with a reader for each message's body. */
function fromRows(path: string, format: ArchiveFileFormat, pass: Pass, db: Db | null, file: string | null): IndexedSource {
  const read: SourceRead = { path, format, messages: [], problems: [], mails: pass.rows.length };
  // By place, not by object: the threading stage may hand back a copy (a .mailmap renames the sender).
  // Only where each mail is: its row's header JSON (0.9 KB a mail on linux-leds) is parsed once here
  // and let go, not held for the whole run.
  const rowAt = new Map<string, MailRef>();
  pass.rows.forEach((row, i) => {
    const where = String(row.offset);
    const decoded = pass.messages?.[i] ?? fromHead(row.head, { path, where });
    if ('message' in decoded) {
      read.messages.push(decoded.message);
      rowAt.set(where, { path, format, offset: row.offset, length: row.length, hash: row.hash, raw: row.raw });
    } else {
      read.problems.push(decoded.problem);
    }
  });
  read.problems.push(...pass.sourceProblems.map((p) => ({ ...p, where: `${path}:${p.where}` })));
  const refOf = (message: Message): MailRef => {
    const ref = rowAt.get(message.origin.where);
    if (!ref) throw new Error(`no index row for <${message.id}>`);
    return ref;
  };
  const rawOf = (message: Message): Buffer => rawMail(refOf(message));
  const body = (message: Message): Promise<Decoded> => decodeMail(rawOf(message), message.origin);
  // A gzip's mails live in the index itself, checked by their rows' sums; a plain mbox is read again.
  const verify = (message: Message): void => void (format === 'mbox' && rawOf(message));
  const hash = (message: Message): string => rowAt.get(message.origin.where)?.hash ?? '';
  return { read, body, hash, verify, ref: refOf, db, file };
}

/** Temporary files of index builds whose process is gone (a Ctrl-C or a crash mid-build). */
export function removeStaleTemps(file: string): void {
  const dir = dirname(file);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `${basename(file)}.`;
  for (const name of names) {
    // `<index>.<pid>.<random>.tmp`, as writeIndex names them.
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) rmSync(join(dir, name), { force: true });
  }
}
