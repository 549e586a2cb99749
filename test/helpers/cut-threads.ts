// The threads of a big mbox that hold given Message-IDs, as a small mbox in a temp dir: label tests
// on a handful of linux-leds threads should not pay for reading its 23,200 mails. The cut keeps whole
// threads (every mail linked through Message-ID, In-Reply-To or References), bytes untouched, so the
// pipeline threads and links them exactly as it does in the whole archive.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const ID = /<([^<>\s]+)>/g;

function headerOf(mail: string): string {
  const end = mail.search(/\r?\n\r?\n/);
  return (end < 0 ? mail : mail.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
}

function idsIn(header: string, name: string): string[] {
  const out: string[] = [];
  for (const line of header.split(/\r?\n/)) {
    if (!line.toLowerCase().startsWith(`${name}:`)) continue;
    for (const m of line.matchAll(ID)) out.push(m[1]!);
  }
  return out;
}

/** Writes the threads of `path` holding any of `ids` to a new mbox and returns its path. */
export function cutThreads(path: string, ids: readonly string[]): string {
  const bytes = readFileSync(path);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('latin1');
  const mails = text.split(/\n(?=From )/);
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const own: Array<string | null> = mails.map((mail) => {
    const header = headerOf(mail);
    const id = idsIn(header, 'message-id')[0] ?? null;
    if (!id) return null;
    find(id);
    for (const ref of [...idsIn(header, 'in-reply-to'), ...idsIn(header, 'references')]) union(id, ref);
    return id;
  });
  const wanted = new Set(ids.map((id) => find(id)));
  const kept = mails.filter((_, i) => own[i] !== null && wanted.has(find(own[i]!)));
  const out = join(mkdtempSync(join(tmpdir(), 'mlreview-cut-')), 'threads.mbox');
  // The split took the newline before each "From " line: give it back, so the blank line that ends
  // every mail in an mbox is there again.
  writeFileSync(out, Buffer.from(kept.map((m) => `${m}\n`).join(''), 'latin1'));
  return out;
}
