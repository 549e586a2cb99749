// The on-disk index of one archive: an SQLite database in the cache directory, shaped like
// public-inbox's overview database — per mail only what threading and listing need and where the
// mail is (offset and length in the mbox, or its file in a Maildir), the bodies left in the archive — plus linked threads
// cached by content. Every row carries a checksum: SQLite notices a broken page, not a flipped byte
// inside a row, and a wrong offset must never become a wrong review.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Bumped whenever the tables change; an index of another schema is rebuilt. */
export const SCHEMA = 3;

export type Db = Database.Database;

/** Why an index could not be used; its message is the one stderr line the user reads. */
export class IndexUnusable extends Error {
  constructor(
    message: string,
    /** True when a fresh index can be built in its place (damaged, stale); false when the cache cannot be written at all. */
    readonly rebuild: boolean,
  ) {
    super(message);
    this.name = 'IndexUnusable';
  }
}

/** One mail row: where the mail is and its header fields (or why it is left out). */
export interface MailRow {
  num: number;
  offset: number;
  /** Bytes from its From_ line to the next one (plain mbox); 0 when `raw` holds it. */
  length: number;
  /** sha1 of the raw mail (what decodeMail reads): the reader checks the bytes it finds against it. */
  hash: string;
  /** JSON: `{m: Message without body and origin}` or `{p: {reason}}`. */
  head: string;
  /** mbox.gz: the raw mail, deflated (a gzip stream cannot be read from the middle). */
  raw: Buffer | null;
}

/** One Maildir mail row: its file as it was when read, and its header fields (or why it is left out). */
export interface FileRow {
  /** `cur/<name>` or `new/<name>`, as src/ingest/maildir.ts names it. */
  name: string;
  size: number;
  mtimeMs: number;
  /** A rewrite can put the mtime back (touch -r, rsync --times); it cannot put the ctime back. */
  ctimeMs: number;
  /** sha1 of the file's bytes, checked when its body is read. */
  hash: string;
  /** As MailRow's `head`. */
  head: string;
}

const TABLES = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE mails (num INTEGER PRIMARY KEY, offset INTEGER NOT NULL, length INTEGER NOT NULL, hash TEXT NOT NULL, head TEXT NOT NULL, raw BLOB, sum TEXT NOT NULL);
CREATE TABLE files (name TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL, ctime REAL NOT NULL, hash TEXT NOT NULL, head TEXT NOT NULL, sum TEXT NOT NULL);
CREATE TABLE linked (key TEXT PRIMARY KEY, body BLOB NOT NULL, sum TEXT NOT NULL, facts TEXT NOT NULL, factsum TEXT NOT NULL);
`;

export function rowSum(row: MailRow): string {
  return createHash('sha1').update(`${row.num}|${row.offset}|${row.length}|${row.hash}|${row.head}|`).update(row.raw ?? Buffer.alloc(0)).digest('hex').slice(0, 20);
}

export function fileRowSum(row: FileRow): string {
  return createHash('sha1').update(`${row.name}\0${row.size}|${row.mtimeMs}|${row.ctimeMs}|${row.hash}|${row.head}`).digest('hex').slice(0, 20);
}

export function blobSum(body: Buffer, text: string): string {
  return createHash('sha1').update(body).update(text).digest('hex').slice(0, 20);
}

/** `<cache>/index/<sha1 of the archive's real path>.sqlite`. */
export function indexFile(cacheDir: string, realPath: string): string {
  return join(cacheDir, 'index', `${createHash('sha1').update(realPath).digest('hex').slice(0, 24)}.sqlite`);
}

function configure(db: Db): void {
  // Another mlreview writing the same index waits its turn instead of failing at once.
  db.pragma('busy_timeout = 10000');
  // A rollback journal, not WAL: a fresh index replaces the file by rename, and a WAL file left
  // beside the old one would be replayed into the new.
  db.pragma('journal_mode = DELETE');
  // A cap on the index's size in pages (SQLite's max_page_count), past which writes fail as on a full
  // disk: for a cache kept small, and for the full-disk tests where no small filesystem can be mounted.
  const cap = Number(process.env.MLREVIEW_INDEX_MAX_PAGES);
  if (Number.isInteger(cap) && cap > 0) db.pragma(`max_page_count = ${cap}`);
}

/** Opens an existing index; a file that is not an SQLite database of this schema is IndexUnusable. */
export function openIndex(file: string): Db {
  let db: Db | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    configure(db);
    const schema = db.prepare("SELECT value FROM meta WHERE key = 'schema'").get() as { value: string } | undefined;
    if (schema?.value !== String(SCHEMA)) throw new IndexUnusable('made by another mlreview version', true);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof IndexUnusable) throw error;
    throw new IndexUnusable(`damaged (${sqliteReason(error)})`, true);
  }
}

/**
 * Writes a whole new index to a temporary file and renames it into place: a crash or a Ctrl-C leaves
 * the old index or the new one, never half of each; two processes building at once each rename a
 * complete file. Returns the index opened at its final name.
 */
export function writeIndex(file: string, meta: Record<string, string>, rows: Iterable<MailRow>, files: Iterable<FileRow> = []): Db {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const db = new Database(temp);
    try {
      configure(db);
      db.exec(TABLES);
      db.transaction(() => {
        putMeta(db, { ...meta, schema: String(SCHEMA) });
        insertRows(db, rows);
        insertFileRows(db, files);
      })();
    } finally {
      db.close();
    }
    renameSync(temp, file);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The folder itself could not be made: there is no temporary file to remove.
    }
    throw new IndexUnusable(`cannot be written (${sqliteReason(error)})`, false);
  }
  return openIndex(file);
}

export function putMeta(db: Db, meta: Record<string, string>): void {
  const put = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  for (const [key, value] of Object.entries(meta)) put.run(key, value);
}

export function readMeta(db: Db): Record<string, string> {
  const rows = db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>;
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export function insertRows(db: Db, rows: Iterable<MailRow>): void {
  const insert = db.prepare('INSERT OR REPLACE INTO mails (num, offset, length, hash, head, raw, sum) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const row of rows) insert.run(row.num, row.offset, row.length, row.hash, row.head, row.raw, rowSum(row));
}

/** Every mail row in archive order; a row whose checksum fails makes the whole index unusable. */
export function readRows(db: Db): MailRow[] {
  const rows = db.prepare('SELECT num, offset, length, hash, head, raw, sum FROM mails ORDER BY num').all() as Array<MailRow & { sum: string }>;
  for (const row of rows) {
    if (rowSum(row) !== row.sum) throw new IndexUnusable(`damaged (mail row ${row.num} fails its checksum)`, true);
  }
  return rows;
}

export function insertFileRows(db: Db, rows: Iterable<FileRow>): void {
  const insert = db.prepare('INSERT OR REPLACE INTO files (name, size, mtime, ctime, hash, head, sum) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const row of rows) insert.run(row.name, row.size, row.mtimeMs, row.ctimeMs, row.hash, row.head, fileRowSum(row));
}

export function deleteFileRows(db: Db, names: Iterable<string>): void {
  const remove = db.prepare('DELETE FROM files WHERE name = ?');
  for (const name of names) remove.run(name);
}

/** Every Maildir row by file name; a row whose checksum fails makes the whole index unusable. */
export function readFileRows(db: Db): Map<string, FileRow> {
  const rows = db.prepare('SELECT name, size, mtime AS mtimeMs, ctime AS ctimeMs, hash, head, sum FROM files').all() as Array<FileRow & { sum: string }>;
  const byName = new Map<string, FileRow>();
  for (const { sum, ...row } of rows) {
    if (fileRowSum(row) !== sum) throw new IndexUnusable(`damaged (the row of ${row.name} fails its checksum)`, true);
    byName.set(row.name, row);
  }
  return byName;
}

/** An error SQLite raised (a damaged page, a full disk, a read-only file), not one of mlreview's. */
export function isSqliteError(error: unknown): boolean {
  return String((error as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE_');
}

/** A better-sqlite3 or file-system error in the words after "index …:". */
export function sqliteReason(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Removes an index file and the journal beside it (a damaged index is rebuilt from nothing). */
export function removeIndex(file: string): void {
  for (const f of [file, `${file}-journal`]) rmSync(f, { force: true });
}
