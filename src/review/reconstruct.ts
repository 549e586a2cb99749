// Mails the archive does not hold, rebuilt from what a later mail quotes of them.
//
// Alex Williamson's mail of 29 Aug 2019 answers a Ben Luo mail that answers an Alex mail, neither
// in the archive; Ben's v5 answer quotes an Alex review that is missing too. The quote one level
// down is the missing mail's text, its attribution line names the writer and the time, and the
// References header names the missing Message-IDs in order. A missing patch is rebuilt the same
// way, with line numbers only where a quoted hunk header gives them.
import type { FileDiff, Hunk, HunkLine, Message, Patch, Person } from '../model.js';
import { splitPatchMail } from '../patch/split.js';
import { newPatch } from '../patch/index.js';
import { parseSubject } from '../thread/subject.js';
import { isAttribution, parseAttribution } from './attribution.js';
import { isSnip } from './boilerplate.js';
import type { MailText } from './mail.js';
import { completePerson } from './person.js';
import { unquoteOnce } from './quotes.js';

/**
 * The mail `child` quotes, as a Message with `reconstructed: true`, or null when it quotes nothing.
 * `people` are the thread's writers, to complete a name the attribution gives without an address.
 */
export interface RebuiltMail {
  message: Message;
  /** Body line indexes where the child's quote resumed after the child's own text: possible cuts. */
  gaps: Set<number>;
}

export function rebuildQuotedMail(child: MailText, id: string, people: readonly Person[]): RebuiltMail | null {
  const lines: string[] = [];
  const gaps = new Set<number>();
  let inQuote = false;
  for (const line of child.lines) {
    if (line.depth === 0) {
      if (line.text.trim()) inQuote = false;
      continue;
    }
    if (!inQuote && lines.length) gaps.add(lines.length);
    inQuote = true;
    lines.push(unquoteOnce(line));
  }
  if (!lines.some((l) => l.trim() !== '')) return null;
  let attribution = child.attribution;
  // Apple Mail puts the attribution inside the quote, as its first line.
  const first = lines.findIndex((l) => l.trim() !== '');
  if (!attribution && first >= 0 && isAttribution(lines[first]!)) {
    attribution = parseAttribution(lines[first]!, child.offsetMinutes);
    lines.splice(0, first + 1);
    const shifted = [...gaps].map((g) => g - first - 1).filter((g) => g > 0);
    gaps.clear();
    for (const g of shifted) gaps.add(g);
  }
  const refs = child.message.references;
  const at = refs.indexOf(id);
  const references = at >= 0 ? refs.slice(0, at) : [];
  const author = completePerson(attribution?.author ?? { name: '', address: '' }, people);
  const message: Message = {
    id,
    subject: child.message.subject,
    from: author,
    date: attribution?.date ?? null,
    inReplyTo: references.at(-1) ?? null,
    references,
    body: lines.join('\n'),
    origin: { path: child.message.origin.path, where: `${child.message.origin.where} (quoted in <${child.message.id}>)` },
    reconstructed: true,
  };
  if (child.message.quoteRecovered) message.quoteRecovered = true;
  return { message, gaps };
}

const DIFF_LINE = /^(?:diff --git |@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@|\+\+\+ |--- a\/|Index: )/;

/** True when a rebuilt mail is the patch itself: its own (unquoted) text holds diff headers. */
export function looksLikePatch(message: Message): boolean {
  if (!parseSubject(message.subject).isPatch) return false;
  let diffish = 0;
  for (const line of message.body.split('\n')) {
    if (/^\s*>/.test(line)) continue;
    if (DIFF_LINE.test(line)) return true;
    if (/^[+-][^+-]/.test(line)) diffish++;
  }
  return diffish >= 3;
}

/** The Patch a rebuilt patch mail gives: what the quotes show, nothing invented. */
export function rebuildPatch({ message, gaps }: RebuiltMail): Patch {
  const subject = message.subject.replace(/^\s*(?:re|aw|sv)\s*:\s*/i, '');
  const patch = newPatch(message, splitPatchMail(message.body), filesFromQuotes(message.body.split('\n'), gaps), subject);
  patch.reconstructed = true;
  return patch;
}

/**
 * Files and hunks from quoted diff lines. Numbers run from a quoted hunk header and stop at a snip
 * marker or where the header was not quoted. When a hunk holds fewer lines than its header counts,
 * the reviewer cut something at one of the places where the quote was interrupted (`gaps`), and
 * nobody can say which: numbers stop at the first of them (tglx's review of vfio v3 2/3 quotes
 * 74 of 84 lines of "@@ -2064,6 +2064,84 @@").
 */
export function filesFromQuotes(lines: string[], gaps: ReadonlySet<number> = new Set()): FileDiff[] {
  const files: FileDiff[] = [];
  let file: FileDiff | null = null;
  let hunk: Hunk | null = null;
  let oldNo: number | null = null;
  let newNo: number | null = null;
  const bodyIndex = new Map<HunkLine, number>();
  const ensureFile = (oldPath: string, newPath: string): FileDiff => {
    const found = files.find((f) => f.newPath === newPath || (newPath === '/dev/null' && f.oldPath === oldPath));
    if (found) return found;
    const created: FileDiff = {
      oldPath,
      newPath,
      status: oldPath === '/dev/null' ? 'added' : newPath === '/dev/null' ? 'deleted' : oldPath !== newPath ? 'renamed' : 'modified',
      binary: false,
      headers: [],
      hunks: [],
    };
    files.push(created);
    return created;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const git = /^diff --git a\/([^ \t]+) b\/([^ \t]+)/.exec(raw);
    if (git) {
      file = ensureFile(git[1]!, git[2]!);
      hunk = null;
      continue;
    }
    const plus = /^\+\+\+ (?:b\/)?([^ \t]+)/.exec(raw);
    const minus = /^--- (?:a\/)?([^ \t]+)/.exec(raw);
    if (minus && /^\+\+\+ /.test(lines[i + 1] ?? '')) continue;
    if (plus) {
      const previous = /^--- (?:a\/)?([^ \t]+)/.exec(lines[i - 1] ?? '');
      file = ensureFile(previous?.[1] ?? plus[1]!, plus[1]!);
      hunk = null;
      continue;
    }
    if (/^index [0-9a-f]+\.\.[0-9a-f]+/.test(raw) || /^(?:new|deleted) file mode /.test(raw)) {
      file?.headers.push(raw);
      continue;
    }
    const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/.exec(raw);
    if (h) {
      if (!file) file = ensureFile('', '');
      const oldLines = h[2] === undefined ? 1 : Number(h[2]);
      const newLines = h[4] === undefined ? 1 : Number(h[4]);
      hunk = {
        header: raw.trimEnd(),
        oldStart: Number(h[1]),
        oldLines,
        newStart: Number(h[3]),
        newLines,
        section: (h[5] ?? '').trimEnd(),
        lines: [],
      };
      file.hunks.push(hunk);
      oldNo = oldLines === 0 ? Number(h[1]) + 1 : Number(h[1]);
      newNo = newLines === 0 ? Number(h[3]) + 1 : Number(h[3]);
      continue;
    }
    if (!file) continue;
    if (isSnip(raw)) {
      oldNo = null;
      newNo = null;
      continue;
    }
    const marker = raw[0] ?? ' ';
    if (marker !== '+' && marker !== '-' && marker !== ' ' && raw !== '') continue;
    if (!hunk) {
      // Lines quoted without their hunk header: a hunk whose place in the file is unknown.
      hunk = { header: '', oldStart: 0, oldLines: 0, newStart: 0, newLines: 0, section: '', lines: [] };
      file.hunks.push(hunk);
      oldNo = null;
      newNo = null;
    }
    const kind = marker === '+' ? 'add' : marker === '-' ? 'del' : 'context';
    const line: HunkLine = {
      kind,
      raw,
      text: raw.slice(1),
      oldLine: kind === 'add' || oldNo === null ? null : oldNo,
      newLine: kind === 'del' || newNo === null ? null : newNo,
    };
    if (kind !== 'add' && oldNo !== null) oldNo++;
    if (kind !== 'del' && newNo !== null) newNo++;
    hunk.lines.push(line);
    bodyIndex.set(line, i);
  }
  for (const f of files) for (const h of f.hunks) forgetNumbersAfterCut(h, gaps, bodyIndex);
  return files;
}

function forgetNumbersAfterCut(hunk: Hunk, gaps: ReadonlySet<number>, bodyIndex: Map<HunkLine, number>): void {
  if (!hunk.header || !hunk.lines.length) return;
  const olds = hunk.lines.filter((l) => l.kind !== 'add').length;
  const news = hunk.lines.filter((l) => l.kind !== 'del').length;
  if (olds >= hunk.oldLines && news >= hunk.newLines) return;
  const first = bodyIndex.get(hunk.lines[0]!)!;
  const last = bodyIndex.get(hunk.lines[hunk.lines.length - 1]!)!;
  const cut = [...gaps].filter((g) => g > first && g <= last).sort((a, b) => a - b)[0];
  if (cut === undefined) return;
  for (const line of hunk.lines) {
    if (bodyIndex.get(line)! < cut) continue;
    line.oldLine = null;
    line.newLine = null;
  }
}
