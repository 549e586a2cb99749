// The built command as a user runs it (bin: the bundle, dist/bundle/cli.js) with its exit code, stdout and stderr.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './shared.js';

const run = promisify(execFile);

export const CLI = join(repoRoot, 'dist', 'bundle', 'cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs mlreview with NO_COLOR; never throws on a non-zero exit, which the result carries. */
export async function mlreview(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('node', [CLI, ...args], { maxBuffer: 256 << 20, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
