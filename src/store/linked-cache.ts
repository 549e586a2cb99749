// linked review → store: each linked thread kept whole, serialized and compressed, under a key made of
// its mails' contents and the code's fingerprint. Kept in the archive's index when there is one, in
// memory otherwise (the streamed faces read every thread back from here, one at a time).
import type { Problem } from '../model.js';
import type { SeriesKeys } from '../thread/series.js';
import { blobSum, sqliteReason, type Db } from './index-db.js';
import { packEncoded, unpackEncoded } from './thread-codec.js';

/** What the threads screen shows of a thread before it is loaded. */
export interface ThreadCounts {
  patches: number;
  comments: number;
  open: number;
}

/**
 * What the whole-archive pass needs of a cached thread without reading the thread itself: its
 * counts, the problems its linking reported, and its keys for the cross-thread stage.
 */
export interface ThreadFacts {
  counts: ThreadCounts;
  problems: Array<{ path: string | null; problem: Problem }>;
  keys: SeriesKeys[];
  /** The authors its series are keyed on in the versions stage (`historyAuthorsOf`). */
  authors: string[];
}

interface Entry {
  key: string;
  body: Buffer;
  facts: string;
}

const NO_BYTES = Buffer.alloc(0);

export class LinkedCache {
  private readonly memory = new Map<string, Entry>();
  private pending = new Map<string, Entry>();
  private db: Db | null;

  /** `db` null: memory only. `notice` gets one line when the index stops taking writes. */
  constructor(
    db: Db | null,
    private readonly where: string,
    private readonly notice: (line: string) => void,
  ) {
    this.db = db;
  }

  /** The serialized thread under `key`, or null; a row failing its checksum is a miss (linked again). */
  get(key: string): string | null {
    const held = this.held(key) ?? this.fromDb(key, true);
    return held ? unpackEncoded(held.body) : null;
  }

  /** The facts of the thread under `key`, without reading the thread. */
  facts(key: string): ThreadFacts | null {
    const held = this.held(key) ?? this.fromDb(key, false);
    return held ? (JSON.parse(held.facts) as ThreadFacts) : null;
  }

  put(key: string, json: string, facts: ThreadFacts): void {
    this.putPacked(key, packEncoded(json), facts);
  }

  /** `put` of a thread already encoded and compressed (`packEncoded`), as a worker of the link pool hands it back. */
  putPacked(key: string, body: Buffer, facts: ThreadFacts | null): void {
    const entry = { key, body, facts: JSON.stringify(facts) };
    if (this.db) this.pending.set(key, entry);
    else this.memory.set(key, entry);
    if (this.pending.size >= 256) this.flush();
  }

  /**
   * A text kept beside the threads under a key of its own (the versions stage's fields for a group of
   * threads, src/archive/linked.ts): the same rows, checksums and transactions; it has no facts.
   */
  putText(key: string, text: string): void {
    this.putPacked(key, packEncoded(text), null);
  }

  /** Writes what is pending in one transaction: a crash keeps every thread cached before it or none of them. */
  flush(): void {
    if (!this.db || this.pending.size === 0) return;
    const db = this.db;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      const insert = db.prepare('INSERT OR REPLACE INTO linked (key, body, sum, facts, factsum) VALUES (?, ?, ?, ?, ?)');
      db.transaction(() => {
        for (const { key, body, facts } of batch) insert.run(key, body, blobSum(body, ''), facts, blobSum(NO_BYTES, facts));
      })();
    } catch (error) {
      // Another mlreview renamed a fresh index over this one: nothing is wrong, this run's threads
      // simply stay in memory.
      if ((error as { code?: string }).code === 'SQLITE_READONLY_DBMOVED') this.db = null;
      else this.giveUp(`cannot store linked threads (${sqliteReason(error)}); keeping them in memory`);
      for (const entry of batch) this.memory.set(entry.key, entry);
    }
  }

  private held(key: string): Entry | undefined {
    return this.memory.get(key) ?? this.pending.get(key);
  }

  private fromDb(key: string, withBody: boolean): Entry | null {
    if (!this.db) return null;
    try {
      const row = (
        withBody
          ? this.db.prepare('SELECT body, sum, facts, factsum FROM linked WHERE key = ?')
          : this.db.prepare("SELECT x'' AS body, '' AS sum, facts, factsum FROM linked WHERE key = ?")
      ).get(key) as { body: Buffer; sum: string; facts: string; factsum: string } | undefined;
      if (!row || blobSum(NO_BYTES, row.facts) !== row.factsum) return null;
      if (withBody && blobSum(row.body, '') !== row.sum) return null;
      return { key, body: row.body, facts: row.facts };
    } catch (error) {
      this.giveUp(`cannot read linked threads (${sqliteReason(error)}); linking without the cache`);
      return null;
    }
  }

  private giveUp(why: string): void {
    this.notice(`mlreview: index of ${this.where}: ${why}`);
    this.db = null;
  }
}
