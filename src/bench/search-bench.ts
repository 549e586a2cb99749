// `/` on the threads screen, on the index the exports left (every thread linked, so every mail's text
// written): what the text table weighs, how long a search takes, and what writing the text costs the
// linking that fills it. Reported, never asserted.
import Database from 'better-sqlite3';
import { openSession } from '../archive/session.js';

/** What a maintainer types: words, a phrase, a prefix, a field, an exclusion, OR, kernel syntax. */
const QUERIES = ['eventfd leak', 'lp55xx', '"led class"', 'led_classdev_register*', 'f:pavel brightness', 'pattern -s:pattern', 'brightness OR trigger', 'the', '[PATCH v2]'];

/** CPU milliseconds of this process so far: beside wall time, what a loaded machine does not inflate. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Bytes of the tables whose names start with `prefix` (SQLite's dbstat). */
function tableBytes(file: string, prefix: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ?').pluck().get(`${prefix}%`) as number;
  } finally {
    db.close();
  }
}

async function linkEveryThread(mbox: string, cache: string): Promise<{ wall: number; cpu: number }> {
  const session = await openSession([mbox], { cacheDir: cache, notice: () => undefined });
  const start = performance.now();
  const cpu = cpuMs();
  for (let i = 0; i < session.threads.length; i++) await session.link(i);
  session.close();
  return { wall: performance.now() - start, cpu: cpuMs() - cpu };
}

export async function benchTextSearch(mbox: string, cache: string, indexFile: string, mboxSize: number): Promise<string[]> {
  const out: string[] = [];
  const text = tableBytes(indexFile, 'mail_text');
  out.push(
    `Text search (\`/\`): the FTS5 tables hold ${(text / 1e6).toFixed(1)} MB of the index, ${((100 * text) / mboxSize).toFixed(1)}% of the mbox ` +
      '(contentless, `detail=full`; prose without quoted lines, and of a diff its added and removed lines, files and functions).',
    '',
  );

  const session = await openSession([mbox], { cacheDir: cache, notice: () => undefined });
  const rows: string[] = [];
  for (const query of QUERIES) {
    const times: number[] = [];
    const cpu: number[] = [];
    let start = performance.now();
    let found = session.search.find(query);
    const first = performance.now() - start;
    for (let i = 0; i < 6; i++) {
      start = performance.now();
      const before = cpuMs();
      found = session.search.find(query);
      cpu.push(cpuMs() - before);
      times.push(performance.now() - start);
    }
    const threads = found?.kind === 'text' ? found.roots.size.toLocaleString('en') : '—';
    rows.push(`| \`${query}\` | ${threads} | ${first.toFixed(1)} ms | ${median(times).toFixed(1)} ms | ${Math.max(...times).toFixed(1)} ms | ${median(cpu).toFixed(1)} ms |`);
  }
  session.close();
  out.push(
    '| query (every thread linked, text of every mail indexed) | threads | first (index opened) | median | max | median CPU |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  );

  // Filling: every thread linked from the cache with the text tables gone (written again as the
  // threads come), then once more with them in place.
  const db = new Database(indexFile);
  db.exec('DROP TABLE IF EXISTS mail_text; DROP TABLE IF EXISTS mail_text_key');
  db.close();
  const filling = await linkEveryThread(mbox, cache);
  const filled = await linkEveryThread(mbox, cache);
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  out.push(
    `Filling the text while every thread is read back from the cache: ${s(filling.wall)} (CPU ${s(filling.cpu)}), against ${s(filled.wall)} (CPU ${s(filled.cpu)}) ` +
      `with the text already in: ${s(filling.wall - filled.wall)} (CPU ${s(filling.cpu - filled.cpu)}) for the text of every mail, spread over the browser's background linking or an export's.`,
    '',
  );
  return out;
}
