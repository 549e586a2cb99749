// The built CLI as a user runs it against a server: its own cache dir, no proxy from the test's
// environment unless the test sets one (a CI proxy must not sit between mlreview and loopback).
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, type CliResult } from './cli.js';

const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'no_proxy', 'all_proxy'];

export interface LoreRun {
  cacheDir?: string;
  env?: Record<string, string>;
  cwd?: string;
}

const made: string[] = [];

/** A new temp folder (a cache dir, a working dir); `removeTempDirs` removes them all after the tests. */
export function freshCacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlreview-lore-'));
  made.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Runs mlreview; never throws on a non-zero exit, which the result carries. */
export function loreCli(args: string[], run: LoreRun = {}): Promise<CliResult & { ms: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) if (PROXY_VARIABLES.includes(name.toLowerCase())) delete env[name];
  delete env.MLREVIEW_LORE;
  Object.assign(env, run.env);
  if (run.cacheDir) env.MLREVIEW_CACHE_DIR = run.cacheDir;
  const started = performance.now();
  return new Promise((resolve) => {
    execFile('node', [CLI, ...args], { env, cwd: run.cwd, maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}
