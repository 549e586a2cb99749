#!/usr/bin/env node
// The one place that turns core errors into messages and exit codes: 0 ok, 1 error, 2 usage.
import { createWriteStream, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { ArchiveError, onFile } from './ingest/archive-error.js';
import type { Mailmap } from './thread/mailmap.js';
import { addReplyCommands, ReplyUsageError } from './cli-reply.js';
import { DEFAULT_LINK_BASE } from './export/message-link.js';
// The faces are loaded by the command that writes them: the browser starts without any of them.
const textFace = () => import('./export/text.js');
import type { LinkedArchive } from './archive/linked.js';
import type { BrowseArchive } from './archive/browse.js';
import type { SessionOptions } from './archive/session.js';
import type { Review, Thread } from './model.js';
import { oneLine } from './text/control-chars.js';
import type { LoadProgress } from './tui/run.js';
import { fetchingLine } from './tui/progress-text.js';
import { argumentSources, positiveInteger, withLoreOptions, type LoreOptions } from './lore/options.js';
import type { FetchReport } from './lore/fetch.js';

// dist/cli.js, or dist/bundle/cli.js as bin runs it: the package is the first folder up with a package.json.
const packageRoot = ((dir: string): string => {
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})(dirname(fileURLToPath(import.meta.url)));
const BUNDLED = join(packageRoot, 'archives');

class UsageError extends Error {}

function version(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

// What fetching told the user (a cut download, a refresh that failed, a --limit reached): printed
// once the command's output is out, so it is neither lost in the browser's screen nor mixed in a pipe.
const fetchReport: FetchReport = { warnings: [], notes: [] };

function useColor(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

// The pipeline (mailparser, parse5, jsdiff, SQLite) loads on demand, so the browser's first frame and
// --help/--version do not wait for it.
async function sessionOptions(archives: string[], common: CommonOptions & LoreOptions, onProgress?: (p: LoadProgress) => void): Promise<{ paths: string[]; options: SessionOptions }> {
  const mailmap = common.mailmap ? await readMailmap(common.mailmap) : undefined;
  const sources = await argumentSources(archives, common, {
    userAgent: `mlreview/${version()} (+review reader; node ${process.version})`,
    defaultPaths: [BUNDLED],
    onProgress: (p) => onProgress?.({ messages: 0, fetching: p }),
  });
  fetchReport.warnings.push(...sources.warnings);
  fetchReport.notes.push(...sources.notes);
  let cacheDir: string | null = null;
  if (common.cache !== false) cacheDir = (await import('./dirs.js')).cacheDir({ explicit: common.cacheDir });
  return { paths: sources.paths, options: { cacheDir, mailmap, fetched: sources.fetched } };
}

/** The whole review in memory (`reply` looks messages up across it), through the index like the others. */
async function load(archives: string[], common: CommonOptions & LoreOptions): Promise<Review> {
  const archive = await open(archives, common);
  try {
    const threads: Thread[] = [];
    for (let index = 0; index < archive.size; index++) threads.push(await archive.thread(index));
    return { sources: archive.sources, threads };
  } finally {
    archive.close();
  }
}

/** The review linked thread by thread into the store (export, check, the text of a pipe). */
async function open(archives: string[], common: CommonOptions & LoreOptions, onProgress?: (p: LoadProgress) => void): Promise<LinkedArchive> {
  const [{ linkArchive }, { paths, options }] = await Promise.all([import('./archive/linked.js'), sessionOptions(archives, common, onProgress)]);
  let read: LoadProgress = { messages: 0 };
  return linkArchive(paths, {
    ...options,
    jobs: common.jobs ?? defaultJobs(),
    onProgress: (p) => onProgress?.((read = { messages: p.messages, bytes: p.bytes })),
    onLinking: (l) => onProgress?.({ ...read, threads: l.threads, totalThreads: l.total }),
  });
}

/**
 * The browser's archive: threads as soon as the header pass has them, linked in the background. Lines
 * about the index wait until the terminal is given back, so they are not drawn over the screen.
 */
async function browse(archives: string[], common: CommonOptions & LoreOptions, notices: string[], onProgress: (p: LoadProgress) => void): Promise<BrowseArchive> {
  const [{ listedArchive }, { paths, options }] = await Promise.all([import('./archive/listed-browse.js'), sessionOptions(archives, common, onProgress)]);
  const opts = { ...options, notice: (line: string) => void notices.push(line), onProgress: (p: { messages: number; bytes?: number }) => onProgress({ messages: p.messages, bytes: p.bytes }) };
  const open = async (): Promise<BrowseArchive> => (await import('./archive/browse.js')).browseArchive(paths, opts);
  // An archive unchanged since a run that linked all of it shows the list that run kept at once.
  return listedArchive(paths, opts, open) ?? open();
}

/** Fetch progress on stderr for export and check, when a person is watching it (never into a log). */
function stderrProgress(): ((p: LoadProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let shown = false;
  process.once('beforeExit', () => shown && process.stderr.write('\r\u001B[2K'));
  return (p) => {
    if (!p.fetching) {
      if (shown) process.stderr.write('\r\u001B[2K');
      shown = false;
      return;
    }
    shown = true;
    process.stderr.write(`\r\u001B[2K${oneLine(fetchingLine(p.fetching)).slice(0, (process.stderr.columns || 80) - 1)}`);
  };
}

/** Options every command takes. */
interface CommonOptions {
  mailmap?: string;
  cacheDir?: string;
  /** commander's `--no-cache`: false when given. */
  cache?: boolean;
  jobs?: number;
}

// A worker links threads on a core of its own and holds a heap of its own: one per core pays on the
// 2 cores measured (docs/benchmarks.md); past 4 the memory grows faster than the time falls.
function defaultJobs(): number {
  return Math.min(4, availableParallelism());
}

const MAILMAP_HELP = "git .mailmap naming each person's other names and addresses (to know the author answering from another address)";

/** The .mailmap named by --mailmap; a line it cannot read is named on stderr, never dropped silently. */
async function readMailmap(path: string): Promise<Mailmap> {
  const { readFile } = await import('node:fs/promises');
  const { parseMailmap } = await import('./thread/mailmap.js');
  const text = await onFile(path, () => readFile(path, 'utf8'));
  const { mailmap, problems } = parseMailmap(text, path);
  for (const p of problems) process.stderr.write(`mlreview: ${oneLine(path)}:${p.line}: ${p.reason} (line ignored)\n`);
  return mailmap;
}

/**
 * Standard output or FILE, written a piece at a time and waiting for the reader (a pager, a pipe). A
 * file is written under a temporary name and renamed when complete: an interrupted export leaves no
 * half-written review behind.
 */
function sink(file: string | undefined): { write: (text: string) => Promise<void>; end: () => Promise<void> } {
  const temp = file && file !== '-' ? join(dirname(file), `.${basename(file)}.${process.pid}.tmp`) : null;
  const stream = temp ? createWriteStream(temp) : process.stdout;
  const dropTemp = (): void => {
    if (temp) rmSync(temp, { force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    dropTemp();
    process.kill(process.pid, signal);
  };
  if (temp) for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);
  const failed = new Promise<never>((_resolve, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  const write = (text: string): Promise<void> =>
    Promise.race([failed, new Promise<void>((resolve) => (stream.write(text) ? resolve() : stream.once('drain', resolve)))]);
  const end = async (): Promise<void> => {
    if (!temp || !file) return;
    try {
      await Promise.race([failed, new Promise<void>((resolve) => stream.end(resolve))]);
      renameSync(temp, file);
    } catch (error) {
      dropTemp();
      throw error;
    } finally {
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, onSignal);
    }
  };
  return { write, end };
}

export function program(): Command {
  const cli = new Command();
  // Before any .command(): subcommands copy these settings when they are created.
  cli.exitOverride();
  cli.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  cli.configureHelp({ showGlobalOptions: true });
  cli
    .name('mlreview')
    .description('Read patch reviews on mailing lists: every review comment on the hunk line it talks about.')
    .version(version(), '-V, --version')
    .option('--debug', 'show stack traces on errors')
    // The program's, so every command takes it (commander merges it into each command's options).
    .option('--mailmap <file>', MAILMAP_HELP)
    .option('--data-dir <dir>', 'where the outbox of drafts is (default: $MLREVIEW_DATA_DIR, $XDG_DATA_HOME/mlreview)')
    .option('--no-cache', 'read the archives without an index, and keep none')
    .option('-j, --jobs <n>', 'export, check, reply: threads linked at once, each in a worker thread (1: one at a time, in-process; default: one per core, at most 4)', positiveInteger)
    .argument('[archives...]', 'mbox, mbox.gz, Maildir, .eml, folder of patches, web-archive page, Message-ID or lore link (default: the bundled archives)')
    .action(async (archives: string[], opts: CommonOptions & LoreOptions & { dataDir?: string }) => {
      // The browser needs a terminal both ways (keys in, frames out); a pipe gets the review as text.
      if (process.stdout.isTTY && process.stdin.isTTY) {
        // Loaded only here: React picks its build from NODE_ENV when it loads (the development one
        // times every render), and the other commands need neither React nor ink.
        process.env.NODE_ENV ??= 'production';
        const { runTui } = await import('./tui/run.js');
        const notices: string[] = [];
        let opened: BrowseArchive | null = null;
        try {
          await runTui(async (onProgress) => (opened = await browse(archives, opts, notices, onProgress)), { dataDir: opts.dataDir });
        } finally {
          // Quitting stops the background linking; what it linked so far stays cached.
          (opened as BrowseArchive | null)?.close();
          for (const line of notices) process.stderr.write(`${line}\n`);
        }
        return;
      }
      const [archive, { writePlainText }] = await Promise.all([open(archives, opts, stderrProgress()), textFace()]);
      try {
        await writePlainText(archive, sink(undefined).write, { color: useColor() });
      } finally {
        archive.close();
      }
    });

  cli
    .command('export')
    .description('write the review as Markdown (default), JSON (schema mlreview/1) or plain text')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['md', 'json', 'text']).default('md'))
    .option('-t, --thread <message-id>', 'only the thread holding this Message-ID')
    .option('--open-only', 'Markdown: only the comments still open')
    .option('--link-base <url>', 'Markdown: archive URL prefix of message links', DEFAULT_LINK_BASE)
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .option('--range <from..to>', 'Markdown or JSON: the interdiff of each series between two versions (4..5), patch by patch, with the comments on their lines')
    .argument('[archives...]', 'archives, Message-IDs or lore links to read (default: the bundled archives)')
    .action(async (archives: string[], opts: CommonOptions & { format: string; thread?: string; output?: string; openOnly?: boolean; linkBase: string; range?: string }, command: Command) => {
      const [{ interdiffs, parseRange, rangeJson, renderRangeMarkdown, VersionRangeError }, { writeMarkdown }, { escapeHidden, writeJson }, { writePlainText }] = await Promise.all([
        import('./export/range-diff.js'),
        import('./export/markdown.js'),
        import('./export/json.js'),
        textFace(),
      ]);
      let range: ReturnType<typeof parseRange> | null = null;
      if (opts.range !== undefined) {
        if (opts.format === 'text') throw new UsageError('--range writes Markdown or JSON, not text');
        try {
          range = parseRange(opts.range);
        } catch (error) {
          if (error instanceof VersionRangeError) throw new UsageError(error.message);
          throw error;
        }
      }
      // The program's options (--mailmap, the lore options) are read wherever they are written.
      const archive = await open(archives, command.optsWithGlobals<CommonOptions & LoreOptions>(), stderrProgress());
      try {
        const { thread } = opts;
        if (thread && ![...Array(archive.size).keys()].some((i) => archive.holds(i, thread))) {
          throw new UsageError(`no thread holds Message-ID ${thread}`);
        }
        const out = sink(opts.output);
        if (range !== null) {
          // A range compares whole series histories, across threads: it reads the whole review.
          const threads: Thread[] = [];
          for (let index = 0; index < archive.size; index++) threads.push(await archive.thread(index));
          const series = interdiffs({ sources: archive.sources, threads }, range, thread);
          await out.write(opts.format === 'json' ? `${escapeHidden(JSON.stringify(rangeJson(series, range), null, 2))}\n` : renderRangeMarkdown(series, range));
        } else if (opts.format === 'md') await writeMarkdown(archive, out.write, { thread, openOnly: opts.openOnly, linkBase: opts.linkBase });
        else if (opts.format === 'text') await writePlainText(archive, out.write, { color: false, thread });
        else await writeJson(archive, out.write, { thread });
        await out.end();
      } finally {
        archive.close();
      }
    });

  cli
    .command('check')
    .description('account for every mail read: in a thread or left out with its reason; threads, patches, comments, problems by reason')
    .option('--strict', 'exit 1 when there is any problem, not only when mails are unaccounted for')
    .option('--list', 'list every problem with where it is, not only their counts by reason')
    .argument('[archives...]', 'archives, Message-IDs or lore links to read (default: the bundled archives)')
    .action(async (archives: string[], opts: CommonOptions & { strict?: boolean; list?: boolean }, command: Command) => {
      const [{ Books }, { renderAccounting }] = await Promise.all([import('./accounting.js'), import('./export/accounting.js')]);
      const archive = await open(archives, command.optsWithGlobals<CommonOptions & LoreOptions>(), stderrProgress());
      const books = new Books();
      try {
        for (let index = 0; index < archive.size; index++) books.add(await archive.thread(index));
      } finally {
        archive.close();
      }
      const accounting = books.close(archive.sources);
      process.stdout.write(renderAccounting(accounting, opts.list ? archive.sources.flatMap((s) => s.problems) : []));
      // Books that do not balance mean mlreview lost a mail: always a failure.
      if (!accounting.balanced || (opts.strict && accounting.problems > 0)) process.exitCode = 1;
    });
  // `reply` reads its archives like every command: from files or, through the program's lore
  // options, from a server.
  addReplyCommands(cli, (archives, common) => load(archives, { ...(cli.opts() as CommonOptions & LoreOptions), ...common }));
  // Every command that reads a review can read it from a server too: the options are the program's,
  // so commander takes them before or after the command's name, and each command's help lists them.
  withLoreOptions(cli);
  return cli;
}

async function main(argv: string[]): Promise<number> {
  const cli = program();
  const debug = argv.includes('--debug');
  try {
    await cli.parseAsync(argv);
    for (const note of fetchReport.notes) process.stderr.write(`mlreview: ${oneLine(note)}\n`);
    for (const warning of fetchReport.warnings) process.stderr.write(`mlreview: ${oneLine(warning)}\n`);
    // Mail that did not all arrive is a failure even when what arrived was shown.
    if (fetchReport.warnings.length > 0) return 1;
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander already printed the usage error
    }
    if (error instanceof UsageError || error instanceof ReplyUsageError) {
      process.stderr.write(`mlreview: ${oneLine(error.message)}\n`);
      return 2;
    }
    if (error instanceof ArchiveError) {
      process.stderr.write(`mlreview: ${oneLine(error.path)}: ${oneLine(error.reason)}\n`);
      if (debug) process.stderr.write(`${error.stack}\n`);
      return 1;
    }
    process.stderr.write(`mlreview: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

// `mlreview export … | head`: the reader went away, which is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`mlreview: standard output: ${error.message}\n`);
  process.exit(1);
});

process.exitCode = await main(process.argv);
