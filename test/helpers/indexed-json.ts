// The review as JSON through the on-disk index (or without it, cacheDir null), and the lines it wrote
// for stderr: what the index tests compare against the in-memory review.
import { linkArchive } from '../../src/archive/linked.js';
import { writeJson } from '../../src/export/json.js';

export async function indexedJson(paths: string[], cacheDir: string | null): Promise<{ json: string; notices: string[] }> {
  const notices: string[] = [];
  const archive = await linkArchive(paths, { cacheDir, notice: (line) => notices.push(line) });
  let json = '';
  try {
    await writeJson(archive, async (text) => void (json += text));
  } finally {
    archive.close();
  }
  return { json, notices };
}
