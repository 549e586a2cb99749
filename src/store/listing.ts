// linked review → store → the threads screen of the next run: what the list showed of every thread of
// an archive, kept in its index when the whole archive was linked, so reopening an archive that has
// not changed shows its threads with their counts before a single mail row is read. It is keyed on
// everything the list depends on — the code, the .mailmap, the archive as its index last saw it — and
// the browser still reads and links the archive behind it, replacing each line as its thread comes.
import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { SourceSummary } from '../model.js';
import type { ListedThread } from '../review/thread-listing.js';
import { archiveSince, codeFingerprint } from './fingerprint.js';
import { blobSum, indexFile, readMeta, SCHEMA, type Db } from './index-db.js';
import { packEncoded, unpackEncoded } from './thread-codec.js';

/** The list of an archive as its last whole run left it. */
export interface Listing {
  sources: SourceSummary[];
  /** In the session's thread order. */
  threads: ListedThread[];
}

/** The key a listing is stored under: the index's view of the archive, the code, the .mailmap. */
export function listingKey(meta: Record<string, string>, mailmap: unknown): string {
  const archive = ['path', 'format', 'size', 'mtime', 'head', 'tail', 'samples'].map((k) => meta[k] ?? '').join('\0');
  return createHash('sha1').update(codeFingerprint()).update('\0').update(JSON.stringify(mailmap ?? null)).update('\0').update(archive).digest('hex');
}

/** Keeps the listing in the archive's index, in place of any earlier one; a failure only costs the next run its head start. */
export function putListing(db: Db, listing: Listing, mailmap: unknown): boolean {
  try {
    const body = packEncoded(JSON.stringify(listing));
    const key = listingKey(readMeta(db), mailmap);
    db.transaction(() => {
      // Added after the index's first tables: an index written before it simply has none yet.
      db.exec('CREATE TABLE IF NOT EXISTS listing (key TEXT PRIMARY KEY, body BLOB NOT NULL, sum TEXT NOT NULL)');
      db.prepare('DELETE FROM listing').run();
      db.prepare('INSERT INTO listing (key, body, sum) VALUES (?, ?, ?)').run(key, body, blobSum(body, key));
    })();
    return true;
  } catch {
    return false;
  }
}

/**
 * The listing of the archive at `path` when its index holds one for the archive as it is now (the
 * same checks an index is reused by), else null — never an error: without it the browser reads the
 * index as before.
 */
export function readListing(cacheDir: string, path: string, mailmap: unknown): Listing | null {
  let db: Db | null = null;
  try {
    const real = realpathSync(path);
    const file = indexFile(cacheDir, real);
    if (!existsSync(file)) return null;
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 2000');
    const meta = readMeta(db);
    if (meta.schema !== String(SCHEMA) || (meta.format !== 'mbox' && meta.format !== 'mbox.gz')) return null;
    const info = statSync(real);
    if (archiveSince(meta, real, meta.format, info.size, info.mtimeMs) !== 'unchanged') return null;
    const key = listingKey(meta, mailmap);
    const row = db.prepare('SELECT body, sum FROM listing WHERE key = ?').get(key) as { body: Buffer; sum: string } | undefined;
    if (!row || blobSum(row.body, key) !== row.sum) return null;
    const listing = JSON.parse(unpackEncoded(row.body)) as Listing;
    return Array.isArray(listing.threads) && Array.isArray(listing.sources) ? listing : null;
  } catch {
    // No table yet, a damaged file, an index of another version: the slow path says why, if anything.
    return null;
  } finally {
    db?.close();
  }
}
