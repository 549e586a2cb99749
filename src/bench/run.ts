// `npm run bench`: how fast each stage of the pipeline runs on the real archives, next to the raw
// read speed of the same file, then peak memory on big generated mboxes. Speed is measured here,
// never by timed assertions in tests.
//
// `npm run bench -- --no-big` skips the big-input section (it writes and reads ~2 GB);
// MLREVIEW_BENCH_SIZES=20000,200000 chooses its sizes, MLREVIEW_BENCH_HEAP_MB caps the heap of its runs.
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { readSources } from '../ingest/index.js';
import { splitMbox } from '../ingest/mbox.js';
import { accountFor } from '../accounting.js';
import { reviewFromSources } from '../pipeline.js';
import { benchMemory, benchSizes } from './memory.js';
import { benchTui } from './tui.js';
import { followVersions } from '../versions/index.js';
import { benchIndex } from './index-bench.js';
import { benchBigIndex } from './big-index.js';

const shared = resolve(process.env.MLREVIEW_SHARED ?? join(process.cwd(), '..', 'shared'));

function stream(path: string): NodeJS.ReadableStream {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  return path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
}

async function rawRead(path: string): Promise<{ bytes: number; messages: number }> {
  let bytes = 0;
  let messages = 0;
  let previous = 0x0a;
  for await (const chunk of stream(path) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    // Count "\nFrom " the cheapest way: the floor any mbox reader has to pay.
    let i = chunk.indexOf('From ');
    while (i >= 0) {
      if ((i === 0 ? previous : chunk[i - 1]) === 0x0a) messages++;
      i = chunk.indexOf('From ', i + 5);
    }
    previous = chunk[chunk.length - 1] ?? previous;
  }
  return { bytes, messages };
}

function row(stage: string, ms: number, messages: number, bytes: number): string {
  const seconds = ms / 1000;
  const rate = messages / seconds;
  const mb = bytes / 1e6 / seconds;
  return `| ${stage.padEnd(34)} | ${seconds.toFixed(2).padStart(7)} s | ${Math.round(rate).toLocaleString('en').padStart(9)} msg/s | ${mb.toFixed(1).padStart(7)} MB/s |`;
}

async function benchArchive(path: string): Promise<string[]> {
  const out: string[] = [`### ${path.replace(`${shared}/`, '')}`, ''];
  out.push('| stage | time | messages/s | MB/s |', '|---|---:|---:|---:|');
  let t = performance.now();
  const raw = await rawRead(path);
  out.push(row('raw read (+gunzip), count From_', performance.now() - t, raw.messages, raw.bytes));

  t = performance.now();
  let split = 0;
  for await (const _mail of splitMbox(stream(path) as AsyncIterable<Buffer>)) split++;
  out.push(row('split into mails (streaming)', performance.now() - t, split, raw.bytes));

  t = performance.now();
  const reads = await readSources(path);
  const decodeMs = performance.now() - t;
  const messages = reads.reduce((n, r) => n + r.messages.length, 0);
  out.push(row('read + decode (mailparser)', decodeMs, messages, raw.bytes));

  t = performance.now();
  const review = reviewFromSources(reads);
  const linkMs = performance.now() - t;
  out.push(row('thread, series, patches, review', linkMs, messages, raw.bytes));
  // Part of the row above, run again alone (it is pure: linked threads in, new ones out). The second
  // run finds each pair of file versions already aligned (cached on the hunks), so it is a floor.
  t = performance.now();
  followVersions(review.threads);
  out.push(row('  versions stage again (floor)', performance.now() - t, messages, raw.bytes));
  out.push(row('whole pipeline', decodeMs + linkMs, messages, raw.bytes));

  const books = accountFor(review);
  out.push(
    '',
    `${messages.toLocaleString('en')} messages, ${books.threads.toLocaleString('en')} threads, ` +
      `${books.patches.toLocaleString('en')} patches, ${books.comments.toLocaleString('en')} comments, ${books.problems} problems; ` +
      `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    '',
  );
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // The bench's runs index archives: into a cache of its own, never the user's.
  const cache = process.env.MLREVIEW_CACHE_DIR ? null : mkdtempSync(join(tmpdir(), 'mlreview-bench-cache-'));
  if (cache) process.env.MLREVIEW_CACHE_DIR = cache;
  try {
    await benchAll(args);
  } finally {
    if (cache) rmSync(cache, { recursive: true, force: true });
  }
}

async function benchAll(args: string[]): Promise<void> {
  const big = !args.includes('--no-big');
  const given = args.filter((a) => !a.startsWith('--'));
  const archives = given.length ? given : [join(shared, 'archives', 'linux-leds.mbox.gz')];
  for (const path of archives) {
    if (!existsSync(path)) throw new Error(`bench: ${path} not found (set MLREVIEW_SHARED or pass archive paths)`);
  }
  const lines = [
    `mlreview bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    '',
  ];
  for (const path of archives) {
    lines.push(`(${(statSync(path).size / 1e6).toFixed(0)} MB on disk)`);
    lines.push(...(await benchArchive(path)));
  }
  // The on-disk index against its aims, beside the Python baseline (`--no-index` skips it).
  if (!args.includes('--no-index')) lines.push(...(await benchIndex(archives[0]!)));
  // The review browser: key-press-to-frame on a large thread, first frame on the biggest archive.
  lines.push(...(await benchTui(archives[0]!)));
  // Big input from the first archive's real mails, after the timings so they run on a quiet heap.
  if (big) lines.push(...(await benchMemory(archives[0]!, benchSizes())));
  if (big && !args.includes('--no-index')) lines.push(...(await benchBigIndex(archives[0]!, benchSizes())));
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
