// The command-line side of reaching a public-inbox server: the options every command (browser,
// export, check) takes, and the step that turns them and the arguments into paths to read.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { lstat } from 'node:fs/promises';
import { cacheDir } from '../dirs.js';
import { DEFAULT_LORE, inboxUrl, targetOf } from './target.js';
import type { FetchReport } from './fetch.js';
import type { DownloadProgress } from './download.js';
import type { SourceName } from './label.js';

export interface LoreOptions {
  lore?: string;
  query?: string[];
  limit: number;
  refresh?: boolean;
  versions: boolean;
  timeout: number;
  maxBytes: number;
  cacheDir?: string;
}

export interface ArgumentSources extends FetchReport {
  paths: string[];
  fetched: Map<string, SourceName>;
}

const DEFAULT_LIMIT = 1000;
const DEFAULT_TIMEOUT_S = 120;
const DEFAULT_MAX_BYTES = 200_000_000;

/** Adds the lore options to a command; commander then hands them to its action with the others. */
export function withLoreOptions(command: Command): Command {
  return command
    .option('-q, --query <query>', "fetch the whole threads matching a public-inbox search (e.g. 's:vfio f:luoben d:2019-08-01..2019-09-01'); may be repeated", collect)
    .option('--lore <url>', 'public-inbox server for Message-IDs and --query (default: $MLREVIEW_LORE, else https://lore.kernel.org/all/)')
    .option('--limit <n>', 'at most N mails from a --query', positiveInteger, DEFAULT_LIMIT)
    .option('--refresh', 'fetch again what is already in the cache')
    .option('--no-versions', "do not look for the other versions of a fetched series")
    .option('--timeout <seconds>', 'give up on a download after this long, retries included', positiveNumber, DEFAULT_TIMEOUT_S)
    .addOption(new Option('--max-bytes <size>', 'largest download accepted, compressed or unpacked (e.g. 500M, 1G)').argParser(byteSize).default(DEFAULT_MAX_BYTES, '200M'))
    .option('--cache-dir <dir>', 'where mlreview keeps its cache, fetched mail included (default: $MLREVIEW_CACHE_DIR, else $XDG_CACHE_HOME/mlreview)');
}

/**
 * The paths to read for `args` and the options: existing paths as they are, everything a server must
 * answer as its cached copy. The network code loads only when some argument needs it.
 */
export async function argumentSources(
  args: string[],
  options: LoreOptions,
  context: { userAgent: string; defaultPaths: string[]; onProgress?: (p: DownloadProgress) => void; env?: NodeJS.ProcessEnv },
): Promise<ArgumentSources> {
  const queries = options.query ?? [];
  if (args.length === 0 && queries.length === 0) return { paths: context.defaultPaths, fetched: new Map(), warnings: [], notes: [] };
  if (!(await needsNetwork(args, queries))) return { paths: args, fetched: new Map(), warnings: [], notes: [] };
  // The network code (undici among it) loads only when a server is to be asked.
  const { resolveSources } = await import('./sources.js');
  const env = context.env ?? process.env;
  const resolved = await resolveSources(args, queries, {
    server: inboxUrl(options.lore ?? env.MLREVIEW_LORE ?? DEFAULT_LORE),
    versions: options.versions,
    cacheRoot: cacheDir({ explicit: options.cacheDir, env }),
    refresh: Boolean(options.refresh),
    limit: options.limit,
    download: { http: { userAgent: context.userAgent }, timeoutMs: options.timeout * 1000, maxBytes: options.maxBytes },
    onProgress: context.onProgress,
  });
  const fetched = new Map([...resolved.fetched].map(([file, s]) => [file, { url: s.url, fetchedAt: s.fetchedAt, problems: s.problems }]));
  return { paths: resolved.paths, fetched, warnings: resolved.warnings, notes: resolved.notes };
}

/** True when some argument (or a query) has to be looked up on a server. */
async function needsNetwork(args: readonly string[], queries: readonly string[]): Promise<boolean> {
  if (queries.length > 0) return true;
  for (const arg of args) {
    const isPath = await lstat(arg).then(
      () => true,
      () => false,
    );
    if (!isPath && targetOf(arg, DEFAULT_LORE) !== null) return true;
  }
  return false;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function positiveInteger(value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return Number(value);
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number of seconds above 0');
  return n;
}

const UNITS: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9 };

function byteSize(value: string): number {
  const match = /^(\d{1,12}(?:\.\d{1,6})?)\s*([kmg]?)b?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected a size such as 200M, 1G or 5000000');
  const bytes = Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!);
  if (bytes < 1) throw new InvalidArgumentError('expected a size above 0');
  return bytes;
}
