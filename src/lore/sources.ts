// The source stage for network arguments: every argument that names an existing path stays a file;
// a Message-ID, a lore link or a --query becomes fetched mail in the cache, plus the other versions
// of the series it holds. The readers then read those files as they read any `.mbox.gz`.
import { lstat } from 'node:fs/promises';
import { readSource } from '../ingest/index.js';
import { cachedVersions, fetchWanted, versionsWanted, wantedFor, type FetchReport, type FetchSettings, type FetchedSource, LoreError } from './fetch.js';
import { targetOf, TargetError, type InboxUrl, type LoreTarget } from './target.js';
import { versionQuery } from './versions.js';

export interface SourceSettings extends FetchSettings {
  /** `--lore` / MLREVIEW_LORE: where a bare Message-ID is looked up. */
  server: InboxUrl;
  /** Also fetch the other versions of each series fetched (`--no-versions` turns it off). */
  versions: boolean;
}

export interface ResolvedSources extends FetchReport {
  /** Every path to read, in the order given: the user's files and the cached copies of fetched mail. */
  paths: string[];
  /** The cached copies among `paths`, with the URL each goes by. */
  fetched: Map<string, FetchedSource>;
}

// A versions search brings whole threads; a series with long reviews in five versions fits in this.
const VERSIONS_LIMIT = 2000;

export async function resolveSources(args: readonly string[], queries: readonly string[], settings: SourceSettings): Promise<ResolvedSources> {
  const resolved: ResolvedSources = { paths: [], fetched: new Map(), warnings: [], notes: [] };
  const targets: Array<string | LoreTarget> = [];
  for (const arg of args) {
    if (await exists(arg)) {
      targets.push(arg);
      continue;
    }
    try {
      targets.push(targetOf(arg, settings.server) ?? arg);
    } catch (error) {
      if (error instanceof TargetError) throw new LoreError(error.message);
      throw error;
    }
  }
  for (const query of queries) targets.push({ kind: 'search', inbox: settings.server, query });

  for (const target of targets) {
    if (typeof target === 'string') {
      resolved.paths.push(target);
      continue;
    }
    const source = await fetchWanted(wantedFor(target, settings.limit), settings, resolved);
    if (!source) continue;
    add(resolved, source);
    if (settings.versions) await fetchVersions(target.inbox, source, settings, resolved);
  }
  return resolved;
}

async function fetchVersions(inbox: InboxUrl, fetched: FetchedSource, settings: SourceSettings, resolved: ResolvedSources): Promise<void> {
  // A thread opened from the cache takes the versions cached with it: no network, no second read.
  if (fetched.fromCache && !settings.refresh) {
    const cached = await cachedVersions(inbox, fetched, settings);
    if (cached !== undefined) {
      if (cached) add(resolved, cached);
      return;
    }
  }
  const messages = (await readSource(fetched.file)).messages;
  const query = versionQuery(messages);
  if (query === null) return;
  // The search finds the thread itself too; only the rest is new. (A thread given twice, or as
  // another argument's version, is still read twice: the pipeline lists the repeats.)
  const held = new Set(messages.map((m) => m.id));
  try {
    const versions = await fetchWanted(versionsWanted(inbox, fetched, query, held, VERSIONS_LIMIT), settings, resolved);
    if (versions) add(resolved, versions);
  } catch (error) {
    if (!(error instanceof LoreError)) throw error;
    // The thread itself is here; only the look-up for its other versions failed.
    resolved.warnings.push(`other versions of ${fetched.url} not looked up: ${error.message}`);
  }
}

function add(resolved: ResolvedSources, source: FetchedSource): void {
  if (resolved.fetched.has(source.file)) return;
  resolved.paths.push(source.file);
  resolved.fetched.set(source.file, source);
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
