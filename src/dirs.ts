// Where mlreview keeps what it writes: the cache (indexes, fetched mail — safe to delete, rebuilt on
// demand) and the data directory (drafts not yet sent — never deleted by mlreview). XDG Base Directory
// rules, as git, b4 and lei follow them; an explicit option or variable wins so tests and users can
// point them elsewhere.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DirOptions {
  /** `--cache-dir DIR` / `--data-dir DIR` from the command line. */
  explicit?: string;
  /** The environment to read; `process.env` unless a test gives its own. */
  env?: NodeJS.ProcessEnv;
}

/** `--cache-dir`, else `MLREVIEW_CACHE_DIR`, else `$XDG_CACHE_HOME/mlreview`, else `~/.cache/mlreview`. */
export function cacheDir(options: DirOptions = {}): string {
  const env = options.env ?? process.env;
  return pick(options.explicit, env.MLREVIEW_CACHE_DIR, env.XDG_CACHE_HOME, join(home(env), '.cache'));
}

/** `--data-dir`, else `MLREVIEW_DATA_DIR`, else `$XDG_DATA_HOME/mlreview`, else `~/.local/share/mlreview`. */
export function dataDir(options: DirOptions = {}): string {
  const env = options.env ?? process.env;
  return pick(options.explicit, env.MLREVIEW_DATA_DIR, env.XDG_DATA_HOME, join(home(env), '.local', 'share'));
}

function pick(explicit: string | undefined, own: string | undefined, xdg: string | undefined, fallback: string): string {
  if (explicit) return resolve(explicit);
  if (own) return resolve(own);
  // The XDG spec: a relative path in these variables is invalid and must be ignored.
  const base = xdg && xdg.startsWith('/') ? xdg : fallback;
  return join(base, 'mlreview');
}

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}
