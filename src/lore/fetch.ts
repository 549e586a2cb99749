// One thread or search from a public-inbox server into the cache, or from the cache when it is
// already there: the network is asked only for what is missing, what was cut short, or --refresh.
// Whatever goes wrong, an old copy is never lost, and the user gets one line saying what happened.
import { stat } from 'node:fs/promises';
import type { Problem } from '../model.js';
import { age } from '../text/age.js';
import { cacheEntry, cachedCopy, cachedUrl, drop, keep, keepEmpty, keepUrl, temporaryFile, type CacheEntry, type CachedCopy, type EntryKind } from './cache.js';
import { downloadMbox, type Cut, type DownloadOptions, type DownloadProgress } from './download.js';
import { ConnectionError, HttpStatusError } from './http.js';
import { searchMboxUrl, threadMboxUrl, type InboxUrl, type LoreTarget } from './target.js';

export interface FetchSettings {
  /** `<cache dir>`; fetched mail goes under its `lore/` folder. */
  cacheRoot: string;
  /** Fetch again even when a whole copy is cached (`--refresh`). */
  refresh: boolean;
  /** Mails a search may bring (`--limit`). */
  limit: number;
  download: Omit<DownloadOptions, 'limit' | 'skip' | 'onProgress'>;
  onProgress?: (progress: DownloadProgress) => void;
}

/** Fetched mail on disk and the name it goes by in the review: the URL it came from. */
export interface FetchedSource {
  file: string;
  url: string;
  fetchedAt: Date;
  /** What the review should list about this source: a cut download, a refresh that failed. */
  problems: Problem[];
  /** True when no network was asked: the copy was already in the cache. */
  fromCache: boolean;
}

/** What the user is told on stderr: `warnings` mean the mail is not all there (exit 1), `notes` do not. */
export interface FetchReport {
  warnings: string[];
  notes: string[];
}

/** A thread or search that cannot be had at all, from the server or the cache: one line for the user. */
export class LoreError extends Error {
  override name = 'LoreError';
}

interface Wanted {
  kind: EntryKind;
  inbox: InboxUrl;
  /** The source's name in the review and in messages. */
  url: string;
  method: 'GET' | 'POST';
  /** What the user asked for, in the words of the messages: `<msgid>`, `the search "…"`. */
  what: string;
  /** What the cache entry is named by: the URL, or for versions the thread they are versions of. */
  key: string;
  limit?: number;
  skip?: ReadonlySet<string>;
}

export function wantedFor(target: LoreTarget, limit: number): Wanted {
  if (target.kind === 'thread') {
    const url = threadMboxUrl(target.inbox, target.messageId);
    return { kind: 'thread', inbox: target.inbox, url, key: url, method: 'GET', what: `<${target.messageId}>` };
  }
  const url = searchMboxUrl(target.inbox, target.query);
  // A search cut at --limit 10 is not the answer to the same search with --limit 100.
  return { kind: 'search', inbox: target.inbox, url, key: `${url} limit=${limit}`, method: 'POST', what: `the search "${target.query}"`, limit };
}

// Named by the thread, not by the query: a reopen finds them without reading the thread to build it.
function versionsKey(thread: FetchedSource): string {
  return `versions of ${thread.url}`;
}

export function versionsWanted(inbox: InboxUrl, thread: FetchedSource, query: string, skip: ReadonlySet<string>, limit: number): Wanted {
  return { kind: 'versions', inbox, url: searchMboxUrl(inbox, query), key: versionsKey(thread), method: 'POST', what: 'other versions', skip, limit };
}

/**
 * The versions of a thread as cached when it was fetched: a source, null when there were none, or
 * undefined when they must be looked up (never fetched, cut short, or written by an older mlreview).
 */
export async function cachedVersions(inbox: InboxUrl, thread: FetchedSource, settings: FetchSettings): Promise<FetchedSource | null | undefined> {
  const entry = cacheEntry(settings.cacheRoot, inbox, 'versions', versionsKey(thread));
  const [copy, url] = await Promise.all([cachedCopy(entry), cachedUrl(entry)]);
  if (!copy || copy.state === 'partial' || url === null) return undefined;
  return copy.state === 'empty' ? null : { file: copy.file, url, fetchedAt: copy.fetchedAt, problems: [], fromCache: true };
}

/**
 * The mail `wanted` names, from the cache or the server; null when a versions search matched nothing
 * new. Throws LoreError when there is nothing to show and nothing cached.
 */
export async function fetchWanted(wanted: Wanted, settings: FetchSettings, report: FetchReport): Promise<FetchedSource | null> {
  const entry = cacheEntry(settings.cacheRoot, wanted.inbox, wanted.kind, wanted.key);
  const copy = await cachedCopy(entry);
  if (copy && copy.state !== 'partial' && !settings.refresh) return fromCopy(copy, wanted, []);

  const temporary = await temporaryFile(entry);
  let got;
  try {
    got = await downloadMbox({ url: wanted.url, method: wanted.method }, temporary, {
      ...settings.download,
      limit: wanted.limit,
      skip: wanted.skip,
      onProgress: settings.onProgress && ((p) => settings.onProgress!({ ...p, url: wanted.url })),
    });
  } catch (error) {
    await drop(temporary);
    return fallBack(error, wanted, entry, copy, settings, report);
  }

  if (got.mails === 0 && !got.cut) {
    // Every mail the search found is already held (the thread itself): no other versions.
    await drop(temporary);
    await keepEmpty(entry);
    await keepUrl(entry, wanted.url);
    return null;
  }
  if (got.limited) report.notes.push(`${wanted.what}: stopped at --limit ${wanted.limit} mails; the server has more (raise --limit to fetch them)`);
  if (!got.cut) return kept(await keep(entry, temporary, 'complete'), entry, wanted, []);

  if (copy?.state === 'complete') {
    await drop(temporary);
    report.warnings.push(`${wanted.url}: refresh cut short (${cutText(got.cut)}); kept the whole copy fetched ${age(copy.fetchedAt)}`);
    return fromCopy(copy, wanted, []);
  }
  report.warnings.push(`${wanted.url}: download cut short: kept ${cutText(got.cut)}`);
  return kept(await keep(entry, temporary, 'partial'), entry, wanted, [cutProblem(wanted.url, got.cut)]);
}

/** A copy just put in place; its age is read from the file, as a later reopen will read it. */
async function kept(file: string, entry: CacheEntry, wanted: Wanted, problems: Problem[]): Promise<FetchedSource> {
  if (wanted.key !== wanted.url) await keepUrl(entry, wanted.url);
  return { file, url: wanted.url, fetchedAt: (await stat(file)).mtime, problems, fromCache: false };
}

async function fallBack(
  error: unknown,
  wanted: Wanted,
  entry: CacheEntry,
  copy: CachedCopy | null,
  settings: FetchSettings,
  report: FetchReport,
): Promise<FetchedSource | null> {
  const notFound = error instanceof HttpStatusError && (error.status === 404 || error.status === 410);
  if (notFound && wanted.kind === 'versions') {
    await keepEmpty(entry);
    await keepUrl(entry, wanted.url);
    return null;
  }
  const reason = failureText(error, wanted);
  if (!copy) throw new LoreError(notFound || !(error instanceof ConnectionError && error.unreachable) ? reason : `${reason}, and ${wanted.what} is not in the cache (${settings.cacheRoot})`);
  const which = copy.state === 'partial' ? 'the incomplete copy' : 'the copy';
  report.warnings.push(`${reason}; using ${which} fetched ${age(copy.fetchedAt)}`);
  const problems: Problem[] =
    copy.state === 'partial'
      ? [{ where: wanted.url, reason: `incomplete copy: an earlier download was cut short, and fetching it again failed: ${reason}` }]
      : [];
  return fromCopy(copy, wanted, problems);
}

function fromCopy(copy: CachedCopy, wanted: Wanted, problems: Problem[]): FetchedSource | null {
  if (copy.state === 'empty') return null;
  const incomplete: Problem[] =
    copy.state === 'partial' && problems.length === 0
      ? [{ where: wanted.url, reason: 'incomplete copy: the download was cut short (mlreview --refresh fetches it again)' }]
      : [];
  return { file: copy.file, url: wanted.url, fetchedAt: copy.fetchedAt, problems: [...problems, ...incomplete], fromCache: true };
}

/** Why it failed, in one line that names the server or the URL. */
function failureText(error: unknown, wanted: Wanted): string {
  if (error instanceof HttpStatusError) {
    if (error.status === 404 || error.status === 410) {
      return wanted.kind === 'thread'
        ? `no message ${wanted.what} on ${wanted.inbox} (${error.status} ${error.statusText})`
        : `no mail on ${wanted.inbox} matches ${wanted.what} (${error.status} ${error.statusText})`;
    }
    return error.message;
  }
  if (error instanceof ConnectionError && error.unreachable) return `cannot reach ${new URL(wanted.inbox).origin}: ${error.reason}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

function cutText(cut: Cut): string {
  const last = cut.lastMessageId ? `, last <${cut.lastMessageId}>` : '';
  return `${cut.mails} whole ${cut.mails === 1 ? 'mail' : 'mails'}${last}; it broke at byte ${cut.atByte.toLocaleString('en')} of the mbox: ${cut.reason}`;
}

function cutProblem(url: string, cut: Cut): Problem {
  return { where: `${url}:${cut.atByte}`, reason: `download cut short after ${cutText(cut)}; the rest of the thread is not read` };
}
