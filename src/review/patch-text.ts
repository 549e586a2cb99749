// A patch mail (or cover letter) laid out line by line as a reviewer quotes it, each line knowing
// its section, file, hunk and HunkLine. Quotes are matched against these lines; anchors are read
// from them. Built from the mail body (which holds the changelog notes and `---` a reviewer may
// quote) and tied to the HunkLines src/patch computed, so line numbers are computed in one place.
import type { AnchorSection, FileDiff, Hunk, HunkLine, Patch, Series } from '../model.js';
import { isSnip } from './boilerplate.js';

export interface PatchLine {
  raw: string;
  section: AnchorSection;
  /** New path (old path for a deleted file); null outside the diff. */
  file: string | null;
  /** Hunk header as written; null outside a hunk. */
  hunk: string | null;
  hunkLine: HunkLine | null;
  /** 1-based position within its section, the line number of commit-message and cover anchors. */
  sectionLine: number;
}

export interface PatchText {
  /** Message-ID of the patch mail or cover letter. */
  id: string;
  patch: Patch | null;
  series: Series | null;
  lines: PatchLine[];
}

// Where a diff starts: git's header, a plain unified diff, or CVS/SVN's "Index:" header.
const DIFF_START = /^(?:diff --git |diff -|Index: |--- (?:a\/|\S+\s)|=== modified file )/;
const DIFFSTAT = /^ \S.*\|\s+(?:\d+ ?[+-]*$|Bin\b)|^ \d+ files? changed|^ (?:create|delete|rename|copy|mode change) /;
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The lines of a patch. `body` is the patch mail's body; without it the Patch's fields are laid out. */
export function patchText(patch: Patch, body: string | null): PatchText {
  const lines = (body ?? bodyFromPatch(patch)).split('\n');
  const diffStart = findDiffStart(lines);
  let separator = -1;
  for (let i = 0; i < diffStart; i++) {
    if (lines[i] === '---' || lines[i] === '--- ') {
      separator = i;
      break;
    }
  }
  const out: PatchLine[] = [];
  const messageEnd = separator >= 0 ? separator : diffStart;
  let commitLine = 0;
  let statLine = 0;
  for (let i = 0; i < diffStart; i++) {
    const raw = lines[i]!;
    // Changelog notes under the `---` are the author's prose: shown with the commit message.
    // The `---` line opens the diffstat but is not one of its lines (src/patch numbers them so).
    if (i === separator) {
      out.push({ raw, section: 'diffstat', file: null, hunk: null, hunkLine: null, sectionLine: 0 });
      continue;
    }
    const stat = i >= messageEnd && DIFFSTAT.test(raw);
    const section: AnchorSection = stat ? 'diffstat' : 'commit-message';
    out.push({ raw, section, file: null, hunk: null, hunkLine: null, sectionLine: stat ? ++statLine : ++commitLine });
  }
  out.push(...diffLines(withoutSignature(lines.slice(diffStart)), patch.files));
  return { id: patch.messageId, patch, series: null, lines: out };
}

/** The lines of a cover letter: its prose and its diffstat. */
export function coverText(series: Series, id: string, body: string): PatchText {
  let prose = 0;
  let stat = 0;
  const lines = body.split('\n').map((raw): PatchLine => {
    const isStat = DIFFSTAT.test(raw);
    return {
      raw,
      section: isStat ? 'diffstat' : 'cover-letter',
      file: null,
      hunk: null,
      hunkLine: null,
      sectionLine: isStat ? ++stat : ++prose,
    };
  });
  return { id, patch: null, series, lines };
}

/** git send-email ends a patch with "-- " and its version: not patch text a comment can sit under. */
function withoutSignature(lines: string[]): string[] {
  const sig = lines.lastIndexOf('-- ');
  return sig >= 0 && lines.length - sig <= 12 ? lines.slice(0, sig) : lines;
}

function findDiffStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!DIFF_START.test(line)) continue;
    if (line.startsWith('--- ') && !(lines[i + 1] ?? '').startsWith('+++ ')) continue;
    return i;
  }
  return lines.length;
}

/** Walks the diff text, pairing every hunk line with the HunkLine src/patch made for it. */
function diffLines(lines: string[], files: readonly FileDiff[]): PatchLine[] {
  const out: PatchLine[] = [];
  let file: FileDiff | null = null;
  let fileName: string | null = null;
  const usedHunks = new Set<Hunk>();
  let hunk: Hunk | null = null;
  let header: string | null = null;
  let next = 0; // index into hunk.lines
  let oldNo: number | null = null;
  let newNo: number | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  let diffLine = 0;
  for (const raw of lines) {
    const push = (hunkLine: HunkLine | null): void => {
      out.push({ raw, section: 'diff', file: fileName, hunk: header, hunkLine, sectionLine: ++diffLine });
    };
    // A hunk ends when its counts are used up, or early where a reviewer trimmed it and the quote
    // goes on with the next hunk or file.
    const startsHeader = raw.startsWith('diff --git ') || HUNK_HEADER.test(raw);
    const inHunk = header !== null && (oldLeft > 0 || newLeft > 0) && !startsHeader;
    if (!inHunk) {
      const git = /^diff --git a\/([^ \t]+) b\/([^ \t]+)/.exec(raw);
      if (git) {
        file = files.find((f) => f.newPath === git[2] || f.oldPath === git[1]) ?? null;
        fileName = git[2]!;
        header = null;
        push(null);
        continue;
      }
      const minus = /^--- (?:a\/)?([^ \t]+)/.exec(raw);
      const plus = /^\+\+\+ (?:b\/)?([^ \t]+)/.exec(raw);
      if (plus) {
        const path = plus[1]!;
        if (path !== '/dev/null') fileName = path;
        file = files.find((f) => f.newPath === path || (path === '/dev/null' && f.oldPath === fileName)) ?? file;
        push(null);
        continue;
      }
      if (minus && !raw.startsWith('--- a/dev/null')) {
        if (minus[1] !== '/dev/null') fileName = minus[1]!;
        push(null);
        continue;
      }
      const h = HUNK_HEADER.exec(raw);
      if (h) {
        header = raw.trimEnd();
        hunk = file?.hunks.find((k) => !usedHunks.has(k) && k.header === header) ?? null;
        if (hunk) usedHunks.add(hunk);
        next = 0;
        oldNo = Number(h[1]);
        newNo = Number(h[3]);
        oldLeft = h[2] === undefined ? 1 : Number(h[2]);
        newLeft = h[4] === undefined ? 1 : Number(h[4]);
        if (oldLeft === 0) oldNo += 1;
        if (newLeft === 0) newNo += 1;
        push(null);
        continue;
      }
      push(null);
      continue;
    }
    const marker = raw[0] ?? ' ';
    if (marker === '\\') {
      push(null);
      continue;
    }
    if (isSnip(raw) && !(hunk?.lines[next]?.raw.trimEnd() === raw.trimEnd())) {
      // "[...]" inside a quoted hunk (patches rebuilt from quotes): the numbers below are unknown.
      oldNo = null;
      newNo = null;
      hunk = null;
      push(null);
      continue;
    }
    const kind = marker === '+' ? 'add' : marker === '-' ? 'del' : 'context';
    let hunkLine: HunkLine | null = null;
    const candidate = hunk?.lines[next];
    if (candidate && candidate.raw.trimEnd() === raw.trimEnd()) {
      hunkLine = candidate;
      next++;
    } else if (oldNo !== null && newNo !== null) {
      // src/patch could not parse this diff (or parsed it differently): count from the header.
      hunkLine = {
        kind,
        raw,
        text: raw.slice(1),
        oldLine: kind === 'add' ? null : oldNo,
        newLine: kind === 'del' ? null : newNo,
      };
    }
    if (kind !== 'add') {
      oldLeft--;
      if (oldNo !== null) oldNo++;
    }
    if (kind !== 'del') {
      newLeft--;
      if (newNo !== null) newNo++;
    }
    push(hunkLine);
  }
  return out;
}

/** A patch whose mail body is not at hand, written out the way git format-patch would. */
function bodyFromPatch(patch: Patch): string {
  const out: string[] = [patch.commitMessage, ''];
  for (const t of patch.trailers) if (t.from === patch.messageId) out.push(`${t.name}: ${t.value}`);
  out.push('---', ...patch.diffstat, '');
  for (const f of patch.files) {
    out.push(`diff --git a/${f.oldPath} b/${f.newPath}`, ...f.headers);
    out.push(`--- ${f.oldPath === '/dev/null' ? f.oldPath : `a/${f.oldPath}`}`);
    out.push(`+++ ${f.newPath === '/dev/null' ? f.newPath : `b/${f.newPath}`}`);
    for (const h of f.hunks) out.push(h.header, ...h.lines.map((l) => l.raw));
  }
  if (patch.unparsedDiff) out.push(patch.unparsedDiff);
  return out.join('\n');
}
