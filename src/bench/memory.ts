// Big input: peak memory of the whole pipeline on the real archive and on generated mboxes of
// 20,000 and 200,000 messages (~2 GB), each in a child process of its own. "Bounded by the model"
// means the peak RSS is the finished model plus a bounded working set, not a multiple of the file.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBigMbox } from './big-mbox.js';
import type { MemoryRun } from './memory-child.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'memory-child.js');

/** Sizes from MLREVIEW_BENCH_SIZES ("20000,200000"), the default when unset. */
export function benchSizes(env = process.env.MLREVIEW_BENCH_SIZES): number[] {
  if (!env) return [20_000, 200_000];
  return env
    .split(',')
    .map((s) => Number(s.trim().replace(/_/g, '')))
    .filter((n) => Number.isInteger(n) && n > 0);
}

function runChild(archive: string): Promise<MemoryRun | { failed: string }> {
  return new Promise((resolve) => {
    // MLREVIEW_BENCH_HEAP_MB caps the child's old space: the pipeline finishing under a cap a little
    // above its model shows the working set is bounded, whatever V8 does with free memory.
    const cap = Number(process.env.MLREVIEW_BENCH_HEAP_MB);
    const flags = cap > 0 ? [`--max-old-space-size=${cap}`] : [];
    const child = spawn(process.execPath, [...flags, '--expose-gc', CHILD, archive], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    // Keep the end of stderr: an out-of-memory death prints its reason last.
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('close', (code, signal) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) return resolve(JSON.parse(line) as MemoryRun);
      const reason = err.split('\n').find((l) => /heap out of memory|Error/.test(l)) ?? err.trim().split('\n').at(-1) ?? '';
      resolve({ failed: `exit ${code ?? signal}${reason ? `: ${reason.trim()}` : ''}` });
    });
  });
}

const MB = (bytes: number): string => `${Math.round(bytes / 1e6).toLocaleString('en')} MB`;

function row(label: string, size: number, run: MemoryRun | { failed: string }): string {
  if ('failed' in run) return `| ${label} | ${MB(size)} | failed: ${run.failed} | | | | | |`;
  const n = (x: number): string => x.toLocaleString('en');
  return (
    `| ${label} | ${MB(size)} | ${n(run.messages)} | ${n(run.threads)} / ${n(run.patches)} / ${n(run.comments)} | ` +
    `${(run.wallMs / 1000).toFixed(1)} s | ${MB(run.peakRss)} | ${MB(run.modelHeap)} | ${(run.peakRss / run.modelHeap).toFixed(1)}× |`
  );
}

/** The memory section of `npm run bench`: the source archive as is, then each generated size. */
export async function benchMemory(source: string, sizes: number[]): Promise<string[]> {
  const out = [
    '### big input (whole pipeline in a child process)',
    '',
    '| archive | mbox size | messages | threads / patches / comments | time | peak RSS | model heap after GC | RSS ÷ model |',
    '|---|---:|---:|---|---:|---:|---:|---:|',
  ];
  const runs: Array<MemoryRun | { failed: string }> = [];
  const measure = async (label: string, file: string, size: number): Promise<void> => {
    const run = await runChild(file);
    runs.push(run);
    out.push(row(label, size, run));
  };
  await measure(`${basename(source)} (gzip)`, source, (await stat(source)).size);
  const dir = await mkdtemp(join(tmpdir(), 'mlreview-bench-'));
  try {
    for (const size of sizes) {
      const file = join(dir, `generated-${size}.mbox`);
      try {
        await measure(`generated ${size.toLocaleString('en')}`, file, await writeBigMbox(source, file, size));
      } finally {
        await rm(file, { force: true });
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const limit = runs.find((r): r is MemoryRun => !('failed' in r))?.heapLimit;
  if (limit) out.push('', `V8 heap limit of the child: ${MB(limit)}${process.env.MLREVIEW_BENCH_HEAP_MB ? ` (MLREVIEW_BENCH_HEAP_MB=${process.env.MLREVIEW_BENCH_HEAP_MB})` : " (node's default)"}.`);
  out.push('');
  return out;
}
