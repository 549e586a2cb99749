// A user's world for the reply and send tests: a HOME, a global git config of the test's own (never
// the real user's), a data directory for the outbox, and mlreview run from a directory outside any
// repository so no repository config leaks in.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, type CliResult } from './cli.js';

export interface MailEnv {
  dir: string;
  dataDir: string;
  outbox: string;
  env: NodeJS.ProcessEnv;
  /** Replaces the global git config with these lines. */
  gitConfig: (text: string) => void;
  run: (...args: string[]) => Promise<CliResult>;
}

export function mailEnv(name: string): MailEnv {
  const dir = mkdtempSync(join(tmpdir(), `mlreview-${name}-`));
  const home = join(dir, 'home');
  const dataDir = join(dir, 'data');
  const work = join(dir, 'work');
  mkdirSync(home);
  mkdirSync(work);
  const config = join(dir, 'gitconfig');
  writeFileSync(config, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_GLOBAL: config,
    GIT_CONFIG_NOSYSTEM: '1',
    MLREVIEW_DATA_DIR: dataDir,
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
  };
  return {
    dir,
    dataDir,
    outbox: join(dataDir, 'outbox.mbox'),
    env,
    gitConfig: (text) => writeFileSync(config, text),
    run: (...args) =>
      new Promise((resolve) => {
        execFile('node', [CLI, ...args], { cwd: work, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
          const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
          resolve({ code, stdout, stderr });
        });
      }),
  };
}
