// sources → index: every path given, each list archive (mbox, mbox.gz) and each Maildir through its
// on-disk index — those in a folder too, each on its own — anything else (patches, a single mail, a
// web page) read whole as before.
// Cached copies of fetched mail are list archives like any other, named by the URL they came from.
// What comes out are the messages with their threading fields; bodies are read when a thread is linked.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Message } from '../model.js';
import type { Decoded } from '../ingest/decode.js';
import { archiveFormat, readSources, type SourceRead } from '../ingest/index.js';
import { onFile } from '../ingest/archive-error.js';
import { isMaildir } from '../ingest/maildir.js';
import { claimWebPage } from '../ingest/webpage.js';
import { namedReads, type SourceName } from '../lore/label.js';
import type { Db } from '../store/index-db.js';
import { indexMaildir } from '../store/maildir-index.js';
import type { MailRef } from '../store/mail-ref.js';
import { indexSource, type IndexContext, type IndexedSource } from '../store/source-index.js';

/** Opening sources takes what indexing one takes (cache dir, notice line, progress, Ctrl-C), and the fetched copies' names. */
export interface OpenOptions extends IndexContext {
  /** Paths that are cached copies of fetched mail, with the URL each is known by (src/lore/). */
  fetched?: ReadonlyMap<string, SourceName>;
}

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
  /** The index that keeps the list of threads between runs: the archive's, when it is the only source. */
  listingDb: Db | null;
  close(): void;
}

export async function openSources(paths: string[], options: OpenOptions): Promise<OpenedSources> {
  const { fetched, ...ctx } = options;
  // By the name the review gives the source (a fetched copy's URL), which its messages' origins carry.
  const sourceOf = new Map<string, IndexedSource>();
  const reads: SourceRead[] = [];
  // The same file named twice would be read twice and every mail of it reported as a duplicate.
  const unique = [...new Map(paths.map((p) => [resolve(p), p])).values()];
  for (const path of unique) {
    options.signal?.throwIfAborted();
    const opened: IndexedSource[] = [];
    // A folder's list archives and Maildirs go through their own indexes; its other files are read whole.
    const inFolder = async (child: string, kind: 'file' | 'maildir'): Promise<SourceRead | null> => {
      const source = kind === 'maildir' ? await indexMaildir(child, ctx) : await indexed(child, ctx, undefined);
      if (source) opened.push(source);
      return source?.read ?? null;
    };
    const named = await namedReads(path, fetched, async () => {
      const source = await indexed(path, ctx, fetched?.get(path)?.url);
      if (source) opened.push(source);
      return source ? [source.read] : readSources(path, { onProgress: ctx.onProgress, claim: claimWebPage, signal: ctx.signal, inFolder });
    });
    // By the name the review gives each read (a fetched copy's URL): the first is the path's own.
    if (opened.length === 1 && named.length === 1) sourceOf.set(named[0]!.path, opened[0]!);
    else for (const source of opened) sourceOf.set(source.read.path, source);
    reads.push(...named);
  }
  const owner = (message: Message): IndexedSource | undefined => sourceOf.get(message.origin.path);
  return {
    reads,
    body: async (message) => owner(message)?.body(message) ?? { message },
    hash: (message) => owner(message)?.hash(message) ?? createHash('sha1').update(JSON.stringify(message)).digest('hex'),
    verify: (message) => owner(message)?.verify(message),
    ref: (message) => owner(message)?.ref(message) ?? null,
    dbOf: (message) => {
      const source = owner(message);
      return source?.db ? { db: source.db, path: message.origin.path } : null;
    },
    indexFiles: [...sourceOf.values()].flatMap((s) => (s.file ? [s.file] : [])),
    listingDb: reads.length === 1 ? (sourceOf.get(reads[0]!.path)?.db ?? null) : null,
    close: () => {
      for (const source of sourceOf.values()) if (source.db?.open) source.db.close();
    },
  };
}

/** The path through its index when it is a list archive or a Maildir; null when it is read whole. */
async function indexed(path: string, ctx: IndexContext, copyOf: string | undefined): Promise<IndexedSource | null> {
  const info = await onFile(path, () => stat(path));
  if (info.isDirectory()) return (await isMaildir(path)) ? indexMaildir(path, ctx) : null;
  const format = info.isFile() ? await onFile(path, () => archiveFormat(path)) : null;
  return format ? indexSource(path, format, ctx, copyOf) : null;
}
