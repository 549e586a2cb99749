// Every test file gets a cache directory of its own under the system's temp dir: mlreview now keeps
// indexes there, and tests never write into ~/.cache/mlreview (nor share an index with another file
// running at the same time). Commands the tests start inherit it through the environment.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'mlreview-test-cache-'));
process.env.MLREVIEW_CACHE_DIR = dir;
delete process.env.XDG_CACHE_HOME;

afterAll(() => rmSync(dir, { recursive: true, force: true }));
