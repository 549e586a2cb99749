// Fetched mail is read from its cached copy, but the user knows it by the URL it came from: every
// message's origin, every problem and the source itself are named by that URL, so `check`, JSON
// and error messages point at the server, never at a hashed file in the cache.
import { ArchiveError, type SourceRead } from '../ingest/index.js';
import type { Problem } from '../model.js';

/** How a cached copy is known in the review. */
export interface SourceName {
  url: string;
  fetchedAt: Date;
  /** Problems of the fetch itself (a cut download), listed with the source's own. */
  problems: Problem[];
}

/** The read of a cached copy, renamed to its URL: new values, the reader's own left as they were. */
export function asFetched(read: SourceRead, file: string, name: SourceName): SourceRead {
  const rename = (where: string): string => (where === file || where.startsWith(`${file}:`) ? name.url + where.slice(file.length) : where);
  return {
    ...read,
    path: name.url,
    fetchedAt: name.fetchedAt.toISOString(),
    messages: read.messages.map((m) => (m.origin.path === file ? { ...m, origin: { ...m.origin, path: name.url } } : m)),
    problems: [...name.problems, ...read.problems.map((p) => ({ ...p, where: rename(p.where) }))],
  };
}

/** A cached copy that cannot be read names its URL and where the copy is, so it can be removed. */
export function fetchedReadError(error: unknown, file: string, name: SourceName): unknown {
  if (!(error instanceof ArchiveError) || error.path !== file) return error;
  return new ArchiveError(name.url, `${error.reason} (cached copy ${file}; mlreview --refresh fetches it again)`);
}

/**
 * What `read` gives for `path`, named by its URL when the path is a cached copy of fetched mail (its
 * read errors too): the one place both the in-memory and the indexed open name fetched mail.
 */
export async function namedReads(path: string, fetched: ReadonlyMap<string, SourceName> | undefined, read: () => Promise<SourceRead[]>): Promise<SourceRead[]> {
  const name = fetched?.get(path);
  if (!name) return read();
  const reads = await read().catch((error: unknown) => Promise.reject(fetchedReadError(error, path, name)));
  return reads.map((r) => asFetched(r, path, name));
}
