// Big input through the index (issue 13's aim): `export --format json` of generated mboxes of 20,000
// and 200,000 messages (big-mbox.ts), the index built in the run (cold) and then read (warm), each a
// process of its own. The aim: peak RSS ≤ 1 GB, and the time per mail at 200,000 within 1.2× of the
// time per mail at 20,000 — a run that holds something per mail for the whole run shows here.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBigMbox } from './big-mbox.js';
import { mb, measure, type Measured } from './index-bench.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'bundle', 'cli.js');

interface SizeRun {
  size: number;
  bytes: number;
  cold: Measured;
  warm: Measured;
}

const perMail = (m: Measured, size: number): string => `${((1000 * m.wallS) / size).toFixed(2)} ms`;

export async function benchBigIndex(source: string, sizes: number[]): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mlreview-bench-big-index-'));
  const runs: SizeRun[] = [];
  try {
    for (const size of sizes) {
      const file = join(dir, `generated-${size}.mbox`);
      const cache = join(dir, `cache-${size}`);
      const env = { ...process.env, MLREVIEW_CACHE_DIR: cache, NO_COLOR: '1' };
      try {
        const bytes = await writeBigMbox(source, file, size);
        const cold = await measure(process.execPath, [CLI, 'export', '-f', 'json', file], env);
        const warm = await measure(process.execPath, [CLI, 'export', '-f', 'json', file], env);
        runs.push({ size, bytes, cold, warm });
      } finally {
        await rm(file, { force: true });
        await rm(cache, { recursive: true, force: true });
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const out = [
    '### big input through the index (issue 13)',
    '',
    '`export --format json` of each generated mbox (default `--jobs`), in a process of its own: the index built in the run, then used.',
    '',
    '| archive | mbox size | cold: wall | per mail | peak RSS | warm: wall | per mail | peak RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of runs) {
    out.push(
      `| generated ${r.size.toLocaleString('en')} | ${Math.round(r.bytes / 1e6).toLocaleString('en')} MB | ${r.cold.wallS.toFixed(1)} s | ${perMail(r.cold, r.size)} | ${mb(r.cold)} | ` +
        `${r.warm.wallS.toFixed(1)} s | ${perMail(r.warm, r.size)} | ${mb(r.warm)} |`,
    );
  }
  const [small, big] = [runs[0], runs.at(-1)];
  if (small && big && big !== small) {
    const ratio = (m: (r: SizeRun) => Measured): string => ((m(big).wallS / big.size / (m(small).wallS / small.size)) as number).toFixed(2);
    out.push('', `Time per mail at ${big.size.toLocaleString('en')} ÷ at ${small.size.toLocaleString('en')}: cold ${ratio((r) => r.cold)}, warm ${ratio((r) => r.warm)} (aim ≤ 1.2).`);
  }
  out.push('');
  return out;
}
