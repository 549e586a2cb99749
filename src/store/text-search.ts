// The text of every mail, searchable: an SQLite FTS5 table in the archive's own index, filled as
// threads are linked (their bodies are decoded then anyway) and kept for the next run. It is added
// to an index beside its tables when first used, so an index written before it still serves.
//
// A mail is known by its content hash (its first 52 bits, its key), not by its place: an mbox that
// grew renumbers nothing here, and a row whose mail is gone matches no thread. Two mails of one
// archive share a key once in ~10^8 archives of linux-leds' size; the cost would be one thread listed
// for the other's words. The FTS rows themselves are numbered in the order they come (`mail_text_key`
// maps number to key): FTS5 stores each word's list of rows as differences, and random 52-bit row ids
// made the table 35 MB on linux-leds instead of 21. The table is contentless (`content=''`): the
// text is in the archive already, the search only needs to know which mails hold a word. `detail=full`
// keeps word positions, which "phrases" need; see docs/benchmarks.md for what each choice weighs.
//
// A search is a hint, not a review: whatever goes wrong with the table (damaged, locked, read-only),
// the browser is never stopped — this store says so once and answers null, and the threads screen
// falls back to subjects.
import Database from 'better-sqlite3';
import { sqliteReason, type Db } from './index-db.js';
import type { MailText } from './mail-text.js';

/** One mail's searchable fields. */
export interface MailFields {
  /** textKey of the raw mail's sha1 (the index's `mails.hash`). */
  key: number;
  subject: string;
  /** Name and address. */
  sender: string;
  text: MailText;
}

const TABLES = `
CREATE VIRTUAL TABLE IF NOT EXISTS mail_text USING fts5(subject, sender, body, patch, content='', detail=full, tokenize="unicode61 tokenchars '_'");
CREATE TABLE IF NOT EXISTS mail_text_key (id INTEGER PRIMARY KEY, key INTEGER NOT NULL);
`;

/** The key of a mail: the first 52 bits of its sha1 (a number JavaScript holds exactly). */
export function textKey(hash: string): number {
  return Number.parseInt(hash.slice(0, 13), 16);
}

/** Mails written in one transaction: one commit (one fsync) per batch, not per thread. */
const BATCH = 256;

export class MailTextIndex {
  private conn: Db | null = null;
  /** Keys of mails whose text is in the table (or about to be). */
  private readonly indexed = new Set<number>();
  /** The key of each FTS row. */
  private readonly keyOfRow = new Map<number, number>();
  private pending: MailFields[] = [];
  /** Keys of `pending`: a search does not wait for a batch to be written (it costs ~50 ms). */
  private readonly waiting = new Set<number>();
  private loaded = false;
  /** Why searching stopped; null while it works. */
  private broken: string | null = null;
  /** Why writing stopped (a read-only cache still searches what it has). */
  private readOnly = false;

  constructor(
    /** The index file. */
    private readonly file: string,
    /** The archive, for the notice. */
    private readonly where: string,
    private readonly notice: (line: string) => void,
  ) {}

  /** Why the table cannot be searched, or null. */
  get failure(): string | null {
    this.load();
    return this.broken;
  }

  /** True when the mail's text is in the table (written, not only waiting for its batch). */
  has(key: number): boolean {
    this.load();
    return this.broken === null && this.indexed.has(key) && !this.waiting.has(key);
  }

  add(mail: MailFields): void {
    this.load();
    if (this.broken !== null || this.readOnly || this.indexed.has(mail.key)) return;
    this.indexed.add(mail.key);
    this.waiting.add(mail.key);
    this.pending.push(mail);
    if (this.pending.length >= BATCH) this.flush();
  }

  /** Writes what is pending in one transaction: a crash keeps every mail of a batch or none. */
  flush(): void {
    if (this.pending.length === 0 || this.broken !== null) return;
    const batch = this.pending;
    this.pending = [];
    this.waiting.clear();
    try {
      const db = this.db();
      const key = db.prepare('INSERT INTO mail_text_key (key) VALUES (?)');
      const text = db.prepare('INSERT INTO mail_text (rowid, subject, sender, body, patch) VALUES (?, ?, ?, ?, ?)');
      const rows: Array<[number, number]> = [];
      // Another mlreview adding the same mail at the same time gives it two rows: found either way.
      db.transaction(() => {
        for (const m of batch) {
          const id = Number(key.run(m.key).lastInsertRowid);
          text.run(id, m.subject, m.sender, m.text.body, m.text.patch);
          rows.push([id, m.key]);
        }
      })();
      for (const [id, k] of rows) this.keyOfRow.set(id, k);
    } catch (error) {
      // The batch is not in the table: its mails are searched by subject, as if never linked.
      for (const m of batch) this.indexed.delete(m.key);
      // Another mlreview renamed a fresh index over this one: what this run knew is not in it.
      if (isDamage(error) || (error as { code?: string }).code === 'SQLITE_READONLY_DBMOVED') this.fail(error);
      else {
        this.readOnly = true;
        this.notice(`mlreview: index of ${this.where}: cannot store mail text (${sqliteReason(error)}); searching what it has`);
      }
    }
  }

  /** Keys of the mails matching an FTS5 expression; null when the table cannot be searched. */
  match(expression: string): Set<number> | null {
    this.load();
    if (this.broken !== null) return null;
    try {
      const ids = this.db().prepare('SELECT rowid FROM mail_text WHERE mail_text MATCH ?').pluck().all(expression) as number[];
      const keys = new Set<number>();
      for (const id of ids) {
        const key = this.keyOfRow.get(id);
        if (key !== undefined) keys.add(key);
      }
      return keys;
    } catch (error) {
      this.fail(error);
      return null;
    }
  }

  close(): void {
    this.flush();
    if (this.conn?.open) this.conn.close();
    this.conn = null;
  }

  private db(): Db {
    if (this.conn?.open) return this.conn;
    this.conn = new Database(this.file, { fileMustExist: true });
    // Another mlreview writing the same index waits its turn (index-db.ts configures the same).
    this.conn.pragma('busy_timeout = 10000');
    return this.conn;
  }

  /** Makes the tables when they are missing and reads which mails they hold. */
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const db = this.db();
      const present = db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('mail_text', 'mail_text_key')").pluck().get() as number;
      if (present < 2) {
        try {
          db.exec(TABLES);
        } catch (error) {
          if (isDamage(error)) throw error;
          this.readOnly = true;
          this.broken = `no text index (${sqliteReason(error)})`;
          this.notice(`mlreview: index of ${this.where}: cannot add a text index (${sqliteReason(error)}); searching subjects`);
          return;
        }
      }
      for (const [id, key] of db.prepare('SELECT id, key FROM mail_text_key').raw().all() as Array<[number, number]>) {
        this.keyOfRow.set(id, key);
        this.indexed.add(key);
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.broken !== null) return;
    this.broken = `text index damaged (${sqliteReason(error)})`;
    this.indexed.clear();
    this.waiting.clear();
    this.pending = [];
    this.notice(`mlreview: index of ${this.where}: ${this.broken}; searching subjects`);
  }
}

/** Errors that mean the file is not what it should be (rather than locked, read-only or full). */
function isDamage(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code === 'SQLITE_ERROR' || code === 'SQLITE_MISMATCH' || !code.startsWith('SQLITE_');
}
