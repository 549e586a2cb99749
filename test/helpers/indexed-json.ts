// The review as JSON through the on-disk index (or without it, cacheDir null), the lines it wrote
// for stderr and the reading progress it reported: what the index tests compare against the
// in-memory review.
import { linkArchive } from '../../src/archive/linked.js';
import { writeJson } from '../../src/export/json.js';
import type { ReadProgress } from '../../src/ingest/index.js';

export async function indexedJson(paths: string[], cacheDir: string | null): Promise<{ json: string; notices: string[]; progress: ReadProgress[] }> {
  const notices: string[] = [];
  const progress: ReadProgress[] = [];
  const archive = await linkArchive(paths, { cacheDir, notice: (line) => notices.push(line), onProgress: (p) => progress.push(p) });
  let json = '';
  try {
    await writeJson(archive, async (text) => void (json += text));
  } finally {
    archive.close();
  }
  return { json, notices, progress };
}
