// sources → index: a Maildir read once into its index (the header pass over each file), then opened
// from the index on later runs. A Maildir changes a file at a time, so its rows are keyed by file
// name: a file indexed with the same size, mtime and ctime is taken from the index, a new one is
// read, one gone is dropped. Mail clients rename a mail as its flags change (`new/x` → `cur/x:2,S` →
// `cur/x:2,RS`): a file under a new name whose bytes hash to a mail already indexed takes that mail's
// headers without decoding it again. Bodies are read from the files when a thread is linked and
// checked against the hash. Whatever goes wrong with the index, the mails are still read.
import { existsSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Message } from '../model.js';
import { decodeMail } from '../ingest/decode.js';
import { decodeHeaders } from '../ingest/headers.js';
import { fileErrorReason } from '../ingest/archive-error.js';
import type { SourceRead } from '../ingest/index.js';
import { maildirFiles, type MaildirFile } from '../ingest/maildir.js';
import { codeFingerprint, contentHash } from './fingerprint.js';
import {
  IndexUnusable,
  isSqliteError,
  deleteFileRows,
  indexFile,
  insertFileRows,
  openIndex,
  readFileRows,
  readMeta,
  removeIndex,
  sqliteReason,
  writeIndex,
  type Db,
  type FileRow,
} from './index-db.js';
import { fromHead, headOf } from './mail-head.js';
import { rawMail, type MailRef } from './mail-ref.js';
import { removeStaleTemps, type IndexContext, type IndexedSource } from './source-index.js';

/** One file of the Maildir as this open found it: its row, or why it could not be read. */
type Entry = { file: MaildirFile; row: FileRow } | { file: MaildirFile; unreadable: string };

interface Pass {
  /** Every file in maildirFiles' order: the order a whole read gives. */
  entries: Entry[];
  /** Rows read from their files on this open, to be written to the index. */
  fresh: FileRow[];
}

export async function indexMaildir(path: string, ctx: IndexContext): Promise<IndexedSource> {
  const real = realpathSync(path);
  const files = await maildirFiles(path);
  if (ctx.cacheDir === null) return fromPass(path, await headerPass(path, files, new Map(), ctx), null, null);
  const file = indexFile(ctx.cacheDir, real);
  const meta = identity(real);
  let db: Db | null = null;
  let known = new Map<string, FileRow>();
  if (existsSync(file)) {
    try {
      ({ db, known } = openRows(file, meta));
    } catch (error) {
      if (!(error instanceof IndexUnusable)) throw error;
      ctx.notice(`mlreview: index of ${path} is ${error.message}; indexing it again`);
      removeIndex(file);
    }
  }
  let pass: Pass;
  try {
    pass = await headerPass(path, files, known, ctx);
  } catch (error) {
    // Ctrl-C: nothing of this open was written; the index stays as it was.
    db?.close();
    throw error;
  }
  let rebuilt: string | null = null;
  if (db) {
    try {
      update(db, known, pass);
      return fromPass(path, pass, db, file);
    } catch (error) {
      db.close();
      if (!isSqliteError(error)) throw error;
      rebuilt = `cannot be updated (${sqliteReason(error)})`;
      try {
        removeIndex(file);
      } catch {
        // A cache that cannot be written: writing a new index below fails too, and says so.
      }
    }
  }
  try {
    removeStaleTemps(file);
    // Rows come from this open's pass: a new index needs no second read of the Maildir.
    db = writeIndex(file, meta, [], pass.entries.flatMap((e) => ('row' in e ? [e.row] : [])));
  } catch (error) {
    if (!(error instanceof IndexUnusable)) throw error;
    ctx.notice(`mlreview: index of ${path} ${rebuilt ?? error.message}; reading without it`);
    return fromPass(path, pass, null, null);
  }
  if (rebuilt) ctx.notice(`mlreview: index of ${path} ${rebuilt}; indexed it again`);
  return fromPass(path, pass, db, file);
}

/** What the index is valid for: this code, this folder (by inode: a Maildir made anew is another one). */
function identity(real: string): Record<string, string> {
  const info = statSync(real);
  return { code: codeFingerprint(), path: real, format: 'maildir', dev: String(info.dev), ino: String(info.ino) };
}

function openRows(file: string, meta: Record<string, string>): { db: Db; known: Map<string, FileRow> } {
  const db = openIndex(file);
  try {
    const held = readMeta(db);
    if (held.code !== meta.code) throw new IndexUnusable('made by another mlreview version', true);
    if (['path', 'format', 'dev', 'ino'].some((key) => held[key] !== meta[key])) throw new IndexUnusable('of another archive', true);
    return { db, known: readFileRows(db) };
  } catch (error) {
    db.close();
    // SQLite reads a damaged page only when a query reaches it: that is the index being damaged too.
    if (isSqliteError(error)) throw new IndexUnusable(`damaged (${sqliteReason(error)})`, true);
    throw error;
  }
}

/**
 * Each file's row: from the index when its name, size, mtime and ctime are the ones indexed; else its bytes
 * are read, and decoded (the header pass) unless a mail with the same bytes is indexed already.
 */
async function headerPass(path: string, files: MaildirFile[], known: ReadonlyMap<string, FileRow>, ctx: IndexContext): Promise<Pass> {
  const byHash = new Map<string, FileRow>();
  for (const row of known.values()) byHash.set(row.hash, row);
  const pass: Pass = { entries: [], fresh: [] };
  let decoded = 0;
  let bytesRead = 0;
  for (const file of files) {
    ctx.signal?.throwIfAborted();
    let info: Stats;
    let bytes: Buffer;
    try {
      info = statSync(file.path);
      const held = known.get(file.name);
      if (held && held.size === info.size && held.mtimeMs === info.mtimeMs && held.ctimeMs === info.ctimeMs) {
        pass.entries.push({ file, row: held });
        continue;
      }
      bytes = await readFile(file.path);
    } catch (error) {
      // A mail deleted or unreadable under our feet costs that mail, not the Maildir (as a whole read).
      pass.entries.push({ file, unreadable: fileErrorReason(error) });
      continue;
    }
    bytesRead += bytes.length;
    const hash = contentHash(bytes);
    let head = byHash.get(hash)?.head;
    if (head === undefined) {
      head = headOf(decodeHeaders(bytes, { path, where: file.name }));
      if (++decoded % 200 === 0) ctx.onProgress?.({ path, messages: decoded, bytes: bytesRead });
    }
    // The size read, not stat's: a file growing between the two is then read again next time.
    const row: FileRow = { name: file.name, size: bytes.length, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, hash, head };
    byHash.set(hash, row);
    pass.entries.push({ file, row });
    pass.fresh.push(row);
  }
  // What the progress line counts is what was decoded: a reopen shows how little it had to read.
  if (decoded > 0) ctx.onProgress?.({ path, messages: decoded, bytes: bytesRead });
  return pass;
}

/** One transaction: rows of files gone or read again are replaced; a crash leaves the old rows. */
function update(db: Db, known: ReadonlyMap<string, FileRow>, pass: Pass): void {
  const listed = new Set(pass.entries.map((e) => e.file.name));
  const gone = [...known.keys()].filter((name) => !listed.has(name));
  if (gone.length === 0 && pass.fresh.length === 0) return;
  db.transaction(() => {
    deleteFileRows(db, gone);
    insertFileRows(db, pass.fresh);
  })();
}

/** The Maildir read as a whole read gives it, with a reader for each message's body. */
function fromPass(path: string, pass: Pass, db: Db | null, file: string | null): IndexedSource {
  const read: SourceRead = { path, format: 'maildir', messages: [], problems: [], mails: pass.entries.length };
  // By file name, not by object: the threading stage may hand back a copy (a .mailmap renames the sender).
  const entryAt = new Map<string, { file: MaildirFile; row: FileRow }>();
  for (const entry of pass.entries) {
    const where = entry.file.name;
    if ('unreadable' in entry) {
      read.problems.push({ where: `${path}:${where}`, reason: `mail could not be read: ${entry.unreadable}`, leftOut: true });
      continue;
    }
    const decoded = fromHead(entry.row.head, { path, where });
    if ('message' in decoded) {
      read.messages.push(decoded.message);
      entryAt.set(where, entry);
    } else {
      read.problems.push(decoded.problem);
    }
  }
  const refOf = (message: Message): MailRef => {
    const entry = entryAt.get(message.origin.where);
    if (!entry) throw new Error(`no index row for <${message.id}>`);
    return { path: message.origin.path, format: 'maildir', offset: 0, length: 0, file: { path: entry.file.path, name: entry.file.name }, hash: entry.row.hash, raw: null };
  };
  const rawOf = (message: Message): Buffer => rawMail(refOf(message));
  return {
    read,
    body: (message) => decodeMail(rawOf(message), message.origin),
    hash: (message) => entryAt.get(message.origin.where)?.row.hash ?? '',
    verify: (message) => void rawOf(message),
    ref: refOf,
    db,
    file,
  };
}
