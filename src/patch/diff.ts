// jsdiff's parsed patch → mlreview's FileDiff/Hunk/HunkLine, with old/new line numbers computed
// once for every line (STYLE: one adapter; b4 re-walks hunks in four places).
import { parsePatch, type StructuredPatch } from 'diff';
import type { FileDiff, FileStatus, Hunk, HunkLine } from '../model.js';

export interface ParsedDiff {
  files: FileDiff[];
  /** Set when jsdiff refused the text (hunk counts a mail client mangled): the raw diff, kept. */
  unparsed?: string;
  error?: string;
  /** Set when the hunk counts were wrong and recounted from the lines: why jsdiff refused them. */
  recounted?: string;
}

export function parseDiff(diff: string): ParsedDiff {
  if (!diff.trim()) return { files: [] };
  let structured: StructuredPatch[];
  let recounted: string | undefined;
  try {
    structured = parsePatch(restoreBlankContext(diff));
  } catch (error) {
    // Like `git apply --recount`: trust the lines, not the counts a hand-edit or a client broke.
    try {
      structured = parsePatch(recountHunks(restoreBlankContext(diff)));
      recounted = (error as Error).message;
    } catch {
      return { files: [], unparsed: diff, error: (error as Error).message };
    }
  }
  const sections = hunkSections(diff);
  const gitHeaders = extendedHeaders(diff);
  let hunkIndex = 0;
  const files: FileDiff[] = [];
  for (const [i, patch] of structured.entries()) {
    const hunks = patch.hunks.map((h) => {
      const written = sections[hunkIndex++];
      // jsdiff adds 1 to a start whose count is 0 ("@@ -0,0 +1,3 @@"); keep the numbers as written.
      const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
      const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart;
      return toHunk(oldStart, h.oldLines, newStart, h.newLines, h.lines, written?.section ?? '', written?.header);
    });
    // jsdiff yields an empty entry for text that had no file header at all: nothing to show.
    if (!patch.oldFileName && !patch.newFileName && hunks.length === 0) continue;
    files.push({
      oldPath: stripPrefix(patch.oldFileName ?? '/dev/null'),
      newPath: stripPrefix(patch.newFileName ?? '/dev/null'),
      status: statusOf(patch),
      binary: Boolean(patch.isBinary),
      headers: gitHeaders[i] ?? [],
      hunks,
    });
  }
  return recounted ? { files, recounted } : { files };
}

export function toHunk(
  oldStart: number,
  oldLines: number,
  newStart: number,
  newLines: number,
  raw: string[],
  section: string,
  writtenHeader?: string,
): Hunk {
  const lines: HunkLine[] = [];
  // A hunk of a new file says "-0,0": the first line of the old side is then 0, numbering from 1.
  let oldLine = oldLines === 0 ? oldStart + 1 : oldStart;
  let newLine = newLines === 0 ? newStart + 1 : newStart;
  for (const line of raw) {
    const marker = line[0];
    if (marker === '\\') {
      const previous = lines[lines.length - 1];
      if (previous) previous.noNewlineAtEnd = true;
      continue;
    }
    if (marker === '+') {
      lines.push({ kind: 'add', raw: line, text: line.slice(1), oldLine: null, newLine: newLine++ });
    } else if (marker === '-') {
      lines.push({ kind: 'del', raw: line, text: line.slice(1), oldLine: oldLine++, newLine: null });
    } else {
      lines.push({ kind: 'context', raw: line, text: line.slice(1), oldLine: oldLine++, newLine: newLine++ });
    }
  }
  const header = writtenHeader ?? `@@ -${oldStart}${oldLines === 1 ? '' : `,${oldLines}`} +${newStart}${newLines === 1 ? '' : `,${newLines}`} @@${section ? ` ${section}` : ''}`;
  return { header, oldStart, oldLines, newStart, newLines, section, lines };
}

function statusOf(patch: StructuredPatch): FileStatus {
  if (patch.isRename) return 'renamed';
  if (patch.isCopy) return 'copied';
  if (patch.isCreate || patch.oldFileName === '/dev/null') return 'added';
  if (patch.isDelete || patch.newFileName === '/dev/null') return 'deleted';
  return 'modified';
}

function stripPrefix(path: string): string {
  if (path === '/dev/null') return path;
  return path.replace(/^[ab]\//, '');
}

/**
 * Mail clients (Gmail, Outlook, lists' footers filters) strip the single space of a blank context
 * line. git apply reads an empty line inside a hunk as that blank context line; so do we, counting
 * the hunk's lines so an empty line after the hunk's end stays what it is.
 */
export function restoreBlankContext(diff: string): string {
  const lines = diff.split('\n');
  let oldLeft = 0;
  let newLeft = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
    if (header) {
      oldLeft = header[1] === undefined ? 1 : Number(header[1]);
      newLeft = header[2] === undefined ? 1 : Number(header[2]);
      continue;
    }
    if (oldLeft <= 0 && newLeft <= 0) continue;
    if (line === '') {
      lines[i] = ' ';
      oldLeft--;
      newLeft--;
    } else if (line[0] === '+') newLeft--;
    else if (line[0] === '-') oldLeft--;
    else if (line[0] === ' ') {
      oldLeft--;
      newLeft--;
    } else if (line[0] !== '\\') {
      oldLeft = 0;
      newLeft = 0;
    }
  }
  return lines.join('\n');
}

/** Rewrites every hunk header's line counts from the lines that follow it. */
export function recountHunks(diff: string): string {
  const lines = diff.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/.exec(lines[i]!);
    if (!header) continue;
    let oldCount = 0;
    let newCount = 0;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      if (line.startsWith('@@') || line.startsWith('diff ')) break;
      if (line.startsWith('--- ') && (lines[j + 1] ?? '').startsWith('+++ ')) break;
      if (line[0] === '+') newCount++;
      else if (line[0] === '-') oldCount++;
      else if (line[0] === ' ') {
        oldCount++;
        newCount++;
      } else if (line[0] !== '\\') break;
    }
    lines[i] = `@@ -${header[1]},${oldCount} +${header[2]},${newCount} @@${header[3]}`;
    i = j - 1;
  }
  return lines.join('\n');
}

/** Hunk headers as written, with the function context after the second "@@" (jsdiff drops both). */
function hunkSections(diff: string): Array<{ header: string; section: string }> {
  const sections: Array<{ header: string; section: string }> = [];
  for (const line of diff.split('\n')) {
    const m = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@ ?(.*)$/.exec(line);
    if (m) sections.push({ header: line.trimEnd(), section: (m[1] ?? '').trimEnd() });
  }
  return sections;
}

/** `index …`, mode, rename and similarity lines of each `diff --git` block, in file order. */
function extendedHeaders(diff: string): string[][] {
  const result: string[][] = [];
  let current: string[] | null = null;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ') || line.startsWith('Index: ')) {
      current = [];
      result.push(current);
      continue;
    }
    if (!current) continue;
    if (/^(?:index |old mode |new mode |deleted file mode |new file mode |similarity index |dissimilarity index |rename from |rename to |copy from |copy to |Binary files )/.test(line)) {
      current.push(line);
    } else if (line.startsWith('@@') || line.startsWith('--- ') || line.startsWith('+++ ')) {
      if (line.startsWith('@@')) current = null;
    }
  }
  return result;
}
