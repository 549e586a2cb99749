// sources → index: every path given, each list archive (mbox, mbox.gz) through its on-disk index,
// anything else (a Maildir, a folder of patches, a single mail, a web page) read whole as before.
// What comes out are the messages with their threading fields; bodies are read when a thread is linked.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Message } from '../model.js';
import type { Decoded } from '../ingest/decode.js';
import { archiveFormat, readSources, type SourceRead } from '../ingest/index.js';
import { onFile } from '../ingest/archive-error.js';
import { claimWebPage } from '../ingest/webpage.js';
import type { Db } from '../store/index-db.js';
import type { MailRef } from '../store/mail-ref.js';
import { indexSource, type IndexContext, type IndexedSource } from '../store/source-index.js';

/** Opening sources takes what indexing one takes: the cache dir, the notice line, progress, Ctrl-C. */
export type OpenOptions = IndexContext;

/** The sources, their messages (bodies empty where an index holds them) and a way to each body. */
export interface OpenedSources {
  reads: SourceRead[];
  body(message: Message): Promise<Decoded>;
  /** A digest of the message's raw mail (or of the message itself when read whole). */
  hash(message: Message): string;
  /** Throws when an indexed archive no longer holds this message's mail where its index says. */
  verify(message: Message): void;
  /** Where the message's mail is in an indexed archive, for a worker to read it; null when read whole. */
  ref(message: Message): MailRef | null;
  /** The index that caches threads whose first message is this one; null for memory. */
  dbOf(message: Message): { db: Db; path: string } | null;
  /** Index files in use, to drop should an archive turn out not to match its index. */
  indexFiles: string[];
  close(): void;
}

export async function openSources(paths: string[], options: OpenOptions): Promise<OpenedSources> {
  const indexed = new Map<SourceRead, IndexedSource>();
  const reads: SourceRead[] = [];
  // The same file named twice would be read twice and every mail of it reported as a duplicate.
  const unique = [...new Map(paths.map((p) => [resolve(p), p])).values()];
  for (const path of unique) {
    options.signal?.throwIfAborted();
    const info = await onFile(path, () => stat(path));
    const format = info.isFile() ? await onFile(path, () => archiveFormat(path)) : null;
    if (format) {
      const source = await indexSource(path, format, { ...options });
      indexed.set(source.read, source);
      reads.push(source.read);
    } else {
      reads.push(...(await readSources(path, { onProgress: options.onProgress, claim: claimWebPage, signal: options.signal })));
    }
  }
  const sourceOf = new Map<string, IndexedSource>();
  for (const [read, source] of indexed) sourceOf.set(read.path, source);
  const owner = (message: Message): IndexedSource | undefined => sourceOf.get(message.origin.path);
  return {
    reads,
    body: async (message) => owner(message)?.body(message) ?? { message },
    hash: (message) => owner(message)?.hash(message) ?? createHash('sha1').update(JSON.stringify(message)).digest('hex'),
    verify: (message) => owner(message)?.verify(message),
    ref: (message) => owner(message)?.ref(message) ?? null,
    dbOf: (message) => {
      const source = owner(message);
      return source?.db ? { db: source.db, path: source.read.path } : null;
    },
    indexFiles: [...indexed.values()].flatMap((s) => (s.file ? [s.file] : [])),
    close: () => {
      for (const source of indexed.values()) if (source.db?.open) source.db.close();
    },
  };
}
