// The on-disk index against the aims, side by side with the Python baseline in the same run:
// export without an index, with a cold and a warm one, the browser's threads screen, opening threads,
// an append, and the index's size. Reported, never asserted.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync, appendFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import Database from 'better-sqlite3';
import { openSession } from '../archive/session.js';
import { benchTextSearch } from './search-bench.js';
import { benchTuiFirstFrame } from './tui.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(packageRoot, 'dist', 'bundle', 'cli.js');

export interface Measured {
  wallS: number;
  peakMb: number | null;
  /** User + system CPU seconds of the process and its threads (GNU time), or null. */
  cpuS: number | null;
}

/** Wall time and peak RSS of a command, through GNU time when the machine has it; its output is thrown away (JSON of 200,000 mails is gigabytes). */
export async function measure(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  const time = existsSync('/usr/bin/time');
  const start = performance.now();
  const stderr = await new Promise<string>((resolve, reject) => {
    const argv = time ? ['-f', 'MLREVIEW_BENCH %M %U %S', command, ...args] : args;
    const child = spawn(time ? '/usr/bin/time' : command, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(err) : reject(new Error(`bench: ${command} ${args.join(' ')} exited with ${code}: ${err.trim().split('\n').at(-1)}`))));
  });
  const wallS = (performance.now() - start) / 1000;
  const got = /MLREVIEW_BENCH (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
  return { wallS, peakMb: got ? Number(got[1]) / 1024 : null, cpuS: got ? Number(got[2]) + Number(got[3]) : null };
}

export const mb = (m: Measured): string => (m.peakMb === null ? '—' : `${Math.round(m.peakMb).toLocaleString('en')} MB`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export async function benchIndex(archive: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mlreview-bench-index-'));
  try {
    // The aims are set on the gunzipped archive (an mbox a maintainer keeps and appends to).
    const mbox = join(dir, 'linux-leds.mbox');
    if (archive.endsWith('.gz')) await pipeline(createReadStream(archive), createGunzip(), createWriteStream(mbox));
    else await pipeline(createReadStream(archive), createWriteStream(mbox));
    const mboxSize = (await stat(mbox)).size;
    const cache = join(dir, 'cache');
    const env = { ...process.env, MLREVIEW_CACHE_DIR: cache, NO_COLOR: '1' };
    const out: string[] = ['### on-disk index (issue 13)', ''];

    const python = await measure('python3', [join(packageRoot, 'bench', 'baseline.py'), mbox], env);
    // Linking in-process (`--jobs 1`) beside the worker pool (the default), each cold run on an index of its own.
    const noIndexInProcess = await measure(process.execPath, [CLI, '--no-cache', '--jobs', '1', 'export', '-f', 'json', mbox], env);
    const noIndex = await measure(process.execPath, [CLI, '--no-cache', 'export', '-f', 'json', mbox], env);
    const coldInProcess = await measure(process.execPath, [CLI, '--jobs', '1', 'export', '-f', 'json', mbox], { ...env, MLREVIEW_CACHE_DIR: join(dir, 'cache-in-process') });
    const cold = await measure(process.execPath, [CLI, 'export', '-f', 'json', mbox], env);
    const warm = await measure(process.execPath, [CLI, 'export', '-f', 'json', mbox], env);
    const warmMd = await measure(process.execPath, [CLI, 'export', mbox], env);
    const warmCheck = await measure(process.execPath, [CLI, 'check', mbox], env);
    const indexFile = join(cache, 'index', (await readdir(join(cache, 'index'))).find((n) => n.endsWith('.sqlite'))!);
    const indexSize = (await stat(indexFile)).size;
    const ratio = (m: Measured): string => (m.wallS / python.wallS).toFixed(2);
    out.push(
      `On \`linux-leds.mbox\` (${(mboxSize / 1e6).toFixed(0)} MB gunzipped), one run, each a process of its own:`,
      '',
      '| run | wall | ÷ Python | peak RSS |',
      '|---|---:|---:|---:|',
      `| Python mailbox + email (bench/baseline.py) | ${python.wallS.toFixed(1)} s | 1.00 | ${mb(python)} |`,
      `| \`export --format json --no-cache --jobs 1\` (no index, linked in-process) | ${noIndexInProcess.wallS.toFixed(1)} s | ${ratio(noIndexInProcess)} | ${mb(noIndexInProcess)} |`,
      `| \`export --format json --no-cache\` (no index, worker pool) | ${noIndex.wallS.toFixed(1)} s | ${ratio(noIndex)} | ${mb(noIndex)} |`,
      `| \`export --format json --jobs 1\`, index built in the run (cold, in-process) | ${coldInProcess.wallS.toFixed(1)} s | ${ratio(coldInProcess)} | ${mb(coldInProcess)} |`,
      `| \`export --format json\`, index built in the run (cold, worker pool) | ${cold.wallS.toFixed(1)} s | ${ratio(cold)} | ${mb(cold)} |`,
      `| \`export --format json\`, with the index (warm) | ${warm.wallS.toFixed(1)} s | ${ratio(warm)} | ${mb(warm)} |`,
      `| \`export\` (Markdown), warm | ${warmMd.wallS.toFixed(1)} s | ${ratio(warmMd)} | ${mb(warmMd)} |`,
      `| \`check\`, warm | ${warmCheck.wallS.toFixed(1)} s | ${ratio(warmCheck)} | ${mb(warmCheck)} |`,
      '',
      `Index on disk: ${(indexSize / 1e6).toFixed(1)} MB, ${((100 * indexSize) / mboxSize).toFixed(0)}% of the mbox (mail rows, every linked thread brotli-compressed, every mail's text for \`/\`).`,
      '',
    );
    out.push(...(await benchTextSearch(mbox, cache, indexFile, mboxSize)));

    // The browser: threads screen with no index (a fresh cache dir) and with it.
    const coldCache = join(dir, 'cache-tui');
    const tuiCold = await benchTuiFirstFrame(mbox, { ...env, MLREVIEW_CACHE_DIR: coldCache });
    const tuiWarm = await benchTuiFirstFrame(mbox, env);
    out.push(
      `Browser (\`mlreview linux-leds.mbox\` on a terminal, from spawn): threads screen after ${(tuiCold.threadsMs / 1000).toFixed(2)} s without an index, ` +
        `${(tuiWarm.threadsMs / 1000).toFixed(2)} s with it (node start and ink load included).`,
      '',
    );

    // Opening a thread: the linking of 50 threads of the list, in this process, the index built but the
    // threads not yet linked (what a first open costs), then from the cache.
    const db = new Database(indexFile);
    db.prepare('DELETE FROM linked').run();
    db.close();
    const opens = async (): Promise<number[]> => {
      const session = await openSession([mbox], { cacheDir: cache, notice: () => undefined });
      const picked = [...session.threads.keys()].filter((i) => session.threads[i]!.messages.length > 1).slice(-50);
      const times: number[] = [];
      for (const index of picked) {
        const t = performance.now();
        await session.link(index);
        times.push(performance.now() - t);
      }
      session.close();
      return times.sort((a, b) => a - b);
    };
    const first = await opens();
    const again = await opens();
    out.push(
      `Opening a thread (50 threads of the list with replies, newest first, in-process): first open (decode + link) p50 ${percentile(first, 0.5).toFixed(0)} ms, ` +
        `p95 ${percentile(first, 0.95).toFixed(0)} ms, max ${first.at(-1)!.toFixed(0)} ms; from the cache p50 ${percentile(again, 0.5).toFixed(1)} ms, p95 ${percentile(again, 0.95).toFixed(1)} ms.`,
      '',
    );

    // 100 real mails appended (the vfio and leds-threads mboxes, repeated), then the archive reopened.
    const shared = dirname(archive);
    const extra = ['vfio-irq-update-devid.mbox', ...((await readdir(join(shared, 'leds-threads'))).map((n) => join('leds-threads', n)))].map((n) => readFileSync(join(shared, n)));
    let appended = 0;
    for (const bytes of extra) {
      if (appended >= 100) break;
      const mails = bytes.toString('latin1').split('\nFrom ').map((m, i) => (i === 0 ? m : `From ${m}`));
      for (const mail of mails) {
        if (appended >= 100) break;
        let end = mail.length;
        while (end > 0 && mail[end - 1] === '\n') end--;
        appendFileSync(mbox, `${mail.slice(0, end)}\n\n`, 'latin1');
        appended++;
      }
    }
    const t = performance.now();
    const session = await openSession([mbox], { cacheDir: cache, notice: (line) => out.push(`(notice: ${line})`, '') });
    const reopenMs = performance.now() - t;
    session.close();
    const tuiAppend = await benchTuiFirstFrame(mbox, env);
    out.push(
      `${appended} mails appended, then reopened: threads known after ${(reopenMs / 1000).toFixed(2)} s in-process (tail read, threading); ` +
        `the browser's threads screen after ${(tuiAppend.threadsMs / 1000).toFixed(2)} s from spawn (the list the last run kept, the status saying the new mail is read), ` +
        `with the new mail in it after ${(tuiAppend.currentMs / 1000).toFixed(2)} s.`,
      '',
    );
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
