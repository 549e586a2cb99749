// linked review → store → the threads screen of the next run: what the list showed of every thread of
// an archive, kept in its index when the whole archive was linked, so reopening an archive shows its
// threads with their counts before a single mail row is read. It is keyed on what the lines depend on
// — the code and the .mailmap — and says which state of the archive it lists: the archive as it is
// now (every line exact), or an earlier state of it that mail was appended to since (the usual life
// of a list archive: the lines of threads that got no new mail are still right, the browser says it is
// reading the rest). The browser still reads and links the archive behind it, replacing each line as
// its thread comes.
import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { SourceSummary, Thread } from '../model.js';
import type { ListedThread } from '../review/thread-listing.js';
import { archiveSince, codeFingerprint } from './fingerprint.js';
import { blobSum, indexFile, readMeta, SCHEMA, type Db } from './index-db.js';
import { packEncoded, unpackEncoded } from './thread-codec.js';

/** The list of an archive as its last whole run left it. */
export interface Listing {
  sources: SourceSummary[];
  /** In the session's thread order. */
  threads: ListedThread[];
  /** Which mails each thread held (`membersOf`), in the same order: a line is only this thread's if they match. */
  members: string[];
  /** The archive as the index saw it when the list was made (its meta: path, size, mtime, ends). */
  archive: Record<string, string>;
}

/** A listing read back, and whether the archive grew since it was made (then `added` bytes were appended). */
export interface ListingRead {
  listing: Listing;
  grown: boolean;
  added: number;
}

/** The key a listing is stored under: the code and the .mailmap its lines were made by. */
export function listingKey(mailmap: unknown): string {
  return createHash('sha1').update(codeFingerprint()).update('\0').update(JSON.stringify(mailmap ?? null)).digest('hex');
}

/** Which mails a thread holds, as one short digest: two threads with the same are the same thread. */
export function membersOf(thread: Thread): string {
  const hash = createHash('sha1');
  for (const { message } of thread.messages) hash.update(`${message.id}\0`);
  return hash.digest('base64url').slice(0, 16);
}

/** Keeps the listing in the archive's index, in place of any earlier one; a failure only costs the next run its head start. */
export function putListing(db: Db, listing: Omit<Listing, 'archive'>, mailmap: unknown): boolean {
  try {
    const { problems: _problems, ...archive } = readMeta(db);
    const body = packEncoded(JSON.stringify({ ...listing, archive }));
    const key = listingKey(mailmap);
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
 * The listing of the archive at `path` when its index holds one made by this code and .mailmap for
 * the archive as it is now, or as it was before mail was appended to it (the same checks an index is
 * reused or appended to by); else null — never an error: without it the browser reads the index as before.
 */
export function readListing(cacheDir: string, path: string, mailmap: unknown): ListingRead | null {
  let db: Db | null = null;
  try {
    const real = realpathSync(path);
    const file = indexFile(cacheDir, real);
    if (!existsSync(file)) return null;
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 2000');
    const meta = readMeta(db);
    if (meta.schema !== String(SCHEMA) || (meta.format !== 'mbox' && meta.format !== 'mbox.gz')) return null;
    const key = listingKey(mailmap);
    const row = db.prepare('SELECT body, sum FROM listing WHERE key = ?').get(key) as { body: Buffer; sum: string } | undefined;
    if (!row || blobSum(row.body, key) !== row.sum) return null;
    const listing = JSON.parse(unpackEncoded(row.body)) as Listing;
    if (!Array.isArray(listing.threads) || !Array.isArray(listing.sources) || !Array.isArray(listing.members) || listing.members.length !== listing.threads.length) return null;
    if (typeof listing.archive !== 'object' || listing.archive === null || listing.archive.format !== meta.format) return null;
    const info = statSync(real);
    // A .gz that changed is read again whole, its list with it: only a plain mbox grows in place.
    const since = archiveSince(listing.archive, real, meta.format, info.size, info.mtimeMs);
    if (since === 'unchanged') return { listing, grown: false, added: 0 };
    if (since === 'grown' && meta.format === 'mbox') return { listing, grown: true, added: info.size - Number(listing.archive.size) };
    return null;
  } catch {
    // No table yet, a damaged file, an index of another version: the slow path says why, if anything.
    return null;
  } finally {
    db?.close();
  }
}
