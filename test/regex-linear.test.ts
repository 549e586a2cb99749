// Every regular expression in src/ runs in time linear in its input: mail is hostile, and one 1 MB line
// against a regex that backtracks (`\s+$` re-scans a run of spaces from each of its characters) hangs
// the reader. recheck proves each one safe or gives the attack string that makes it blow up.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { checkSync, type Diagnostics } from 'recheck';
import { describe, expect, test } from 'vitest';
import { collectRegexes } from './helpers/regex-inventory.js';
import { repoRoot } from './helpers/shared.js';

const inventory = collectRegexes(join(repoRoot, 'src'), repoRoot);

// recheck's fuzzer takes a minute of CPU for all of them, so a regex once proven safe by this recheck
// version and seed is not proven again: the verdict is a function of the regex, its flags, the version
// and the seed alone. Two records of proofs: one on this machine (node_modules/.cache), and one in the
// repo (test/regex-linear-proven.json, written with MLREVIEW_REGEX_RECORD=1 after a full check) so a
// fresh clone and CI prove only the regexes added or edited since. An edited regex is a new key; only
// `safe` verdicts are kept; MLREVIEW_REGEX_NOCACHE=1 proves everything again.
const RECHECK_VERSION = (createRequire(import.meta.url)('recheck/package.json') as { version: string }).version;
const RANDOM_SEED = 20261207;
const CACHE = join(repoRoot, 'node_modules', '.cache', 'mlreview', `regex-linear-recheck-${RECHECK_VERSION}-seed${RANDOM_SEED}.json`);

const RECORD = join(repoRoot, 'test', 'regex-linear-proven.json');

interface Record {
  recheck: string;
  seed: number;
  safe: string[];
}

function readCache(): Set<string> {
  if (process.env.MLREVIEW_REGEX_NOCACHE) return new Set();
  const safe = new Set<string>();
  try {
    if (existsSync(CACHE)) for (const key of JSON.parse(readFileSync(CACHE, 'utf8')) as string[]) safe.add(key);
  } catch {
    // a torn cache file only costs a full check
  }
  const record = JSON.parse(readFileSync(RECORD, 'utf8')) as Record;
  // Proofs by another recheck version or seed prove nothing here.
  if (record.recheck === RECHECK_VERSION && record.seed === RANDOM_SEED) for (const key of record.safe) safe.add(key);
  return safe;
}

// RegExps built at run time, each read by hand: the template is filled with escaped literal words.
const READ_BY_HAND = new Map<string, string>([
  [
    'src/ingest/mojibake.ts',
    'attribution templates: `^W (date) W(time), (.+) W(:\\s*)$` with escaped words; checked below with the seed\'s words',
  ],
]);

function describeDiagnostics(where: string, source: string, d: Diagnostics): string {
  if (d.status === 'vulnerable') {
    return `${where} /${source}/ is ${d.complexity.type}${d.complexity.type === 'polynomial' ? ` (degree ${d.complexity.degree})` : ''}: attack ${d.attack.pattern}`;
  }
  if (d.status === 'unknown') return `${where} /${source}/ could not be checked: ${JSON.stringify(d.error)}`;
  return '';
}

describe('regular expressions in src/', () => {
  test('the compiler finds them all, and every RegExp built at run time has been read by hand', () => {
    expect(inventory.files).toBeGreaterThan(50);
    expect(inventory.regexes.length).toBeGreaterThan(300);
    const unread = inventory.dynamic.filter((d) => !READ_BY_HAND.has(d.where.replace(/:\d+$/, '')));
    expect(unread.map((d) => `${d.where}: ${d.text}`)).toEqual([]);
  });

  test('the mojibake attribution template, filled with the lead bytes of the seed (在, 上午, 写道), is linear', () => {
    const filled = String.raw`^å (\d{4}/\d{1,2}/\d{1,2}) ää(\d{1,2}:\d{2}(?::\d{2})?), (.+) åé(:\s*)$`;
    const d = checkSync(filled, '', { timeout: null });
    expect(describeDiagnostics('src/ingest/mojibake.ts (template)', filled, d)).toBe('');
  }, 120_000);

  test('every one is linear (recheck says safe)', () => {
    const started = Date.now();
    // Identical regexes are checked once.
    const unique = new Map<string, { source: string; flags: string; where: string[] }>();
    for (const r of inventory.regexes) {
      const key = `/${r.source}/${r.flags}`;
      const entry = unique.get(key) ?? { source: r.source, flags: r.flags, where: [] };
      entry.where.push(r.where);
      unique.set(key, entry);
    }
    const safe = readCache();
    let checked = 0;
    const results = [...unique.entries()].map(([key, r]) => {
      if (safe.has(key)) return { r, d: { status: 'safe' } as Diagnostics };
      checked += 1;
      // No time limit: on a loaded machine a timeout would read as "unknown", not as a verdict.
      // recheck's fuzz checker is randomised: without a seed the same regex was "safe" in one run and
      // "polynomial" in the next. A fixed seed gives every machine and run the same verdict.
      const d = checkSync(r.source, r.flags, { timeout: null, randomSeed: RANDOM_SEED });
      if (d.status === 'safe') safe.add(key);
      return { r, d };
    });
    mkdirSync(dirname(CACHE), { recursive: true });
    writeFileSync(CACHE, JSON.stringify([...safe].sort()));
    if (process.env.MLREVIEW_REGEX_RECORD) {
      const record: Record = { recheck: RECHECK_VERSION, seed: RANDOM_SEED, safe: [...unique.keys()].filter((key) => safe.has(key)).sort() };
      writeFileSync(RECORD, `${JSON.stringify(record, null, 1)}\n`);
    }
    const failures = results.filter(({ d }) => d.status !== 'safe').map(({ r, d }) => describeDiagnostics(r.where.join(', '), r.source, d));
    console.log(
      `regex-linear: ${inventory.regexes.length} regexes (${unique.size} distinct, ${checked} checked now, the rest proven before) ` +
        `in ${inventory.files} files, recheck took ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s, ${failures.length} not linear; ${inventory.dynamic.length} built at run time read by hand`,
    );
    expect(failures).toEqual([]);
  }, 600_000);
});
