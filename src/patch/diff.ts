// jsdiff's parsed patch → mlreview's FileDiff/Hunk/HunkLine, with old/new line numbers computed
// once for every line (STYLE: one adapter; b4 re-walks hunks in four places).
import { parsePatch, type StructuredPatch } from 'diff';
import type { FileDiff, FileStatus, Hunk, HunkLine } from '../model.js';
import { PatchLine } from './hunk-line.js';
import { lineOffsets, textOfLines } from './line-slices.js';

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
  const files: FileDiff[] = [];
  let recounted: string | undefined;
  const unparsed: string[] = [];
  let error: string | undefined;
  // One `diff --git` block at a time: a block jsdiff cannot read (no a/ b/ prefixes, a GIT binary
  // patch, a file header a mail client broke) then costs only its own hunks, never the other files
  // and the comments on them. The broken block is kept as text, the reason with it.
  for (const block of gitBlocks(diff)) {
    const parsed = parseBlock(block);
    if ('error' in parsed) {
      unparsed.push(block);
      error ??= parsed.error;
      continue;
    }
    recounted ??= parsed.recounted;
    files.push(...parsed.files);
  }
  const result: ParsedDiff = { files };
  if (recounted) result.recounted = recounted;
  if (unparsed.length > 0) {
    result.unparsed = unparsed.join('\n');
    result.error = error;
  }
  return result;
}

function parseBlock(block: string): { files: FileDiff[]; recounted?: string } | { error: string } {
  let structured: StructuredPatch[];
  let recounted: string | undefined;
  const text = restoreBlankContext(block);
  try {
    structured = parsePatch(text);
  } catch (error) {
    // Like `git apply --recount`: trust the lines, not the counts a hand-edit or a client broke.
    try {
      structured = parsePatch(recountHunks(text));
      recounted = (error as Error).message;
    } catch {
      return { error: (error as Error).message };
    }
  }
  const sections = hunkSections(block);
  const git = gitMetadata(block);
  let hunkIndex = 0;
  const files: FileDiff[] = [];
  for (const patch of structured) {
    const hunks = patch.hunks.map((h) => {
      const written = sections[hunkIndex++];
      // jsdiff adds 1 to a start whose count is 0 ("@@ -0,0 +1,3 @@"); keep the numbers as written.
      const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
      const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart;
      return toHunk(oldStart, h.oldLines, newStart, h.newLines, h.lines, written?.section ?? '', written?.header);
    });
    const oldName = patch.oldFileName ?? git?.oldPath;
    const newName = patch.newFileName ?? git?.newPath;
    // jsdiff yields an empty entry for text that had no file header at all: nothing to show.
    if (!oldName && !newName && hunks.length === 0) continue;
    files.push({
      oldPath: stripPrefix(oldName ?? '/dev/null'),
      newPath: stripPrefix(newName ?? '/dev/null'),
      status: statusOf(patch),
      binary: Boolean(patch.isBinary) || Boolean(git?.binary),
      headers: git?.headers ?? [],
      hunks,
    });
  }
  if (files.length === 0 && git) {
    files.push({
      oldPath: git.created ? '/dev/null' : git.oldPath,
      newPath: git.deleted ? '/dev/null' : git.newPath,
      status: git.created ? 'added' : git.deleted ? 'deleted' : git.oldPath !== git.newPath ? 'renamed' : 'modified',
      binary: git.binary,
      headers: git.headers,
      hunks: [],
    });
  }
  return recounted ? { files, recounted } : { files };
}

/** Splits at `diff --git` lines; text without them (plain unified or CVS diffs) is one block. */
function gitBlocks(diff: string): string[] {
  const lines = diff.split('\n');
  const starts = lines.flatMap((l, i) => (l.startsWith('diff --git ') ? [i] : []));
  if (starts.length === 0) return [diff];
  if (starts[0]! > 0) starts.unshift(0);
  // Slices of the diff (itself a slice of the mail body), so the hunk lines jsdiff cuts from a block
  // point into the body instead of pinning a copy of it.
  const at = lineOffsets(lines);
  return starts.map((start, k) => textOfLines(diff, at, start, starts[k + 1] ?? lines.length));
}

interface GitMetadata {
  oldPath: string;
  newPath: string;
  binary: boolean;
  created: boolean;
  deleted: boolean;
  headers: string[];
}

/** What the `diff --git` line and its extended headers say, for blocks jsdiff names no file for. */
function gitMetadata(block: string): GitMetadata | null {
  const lines = block.split('\n');
  const first = lines[0] ?? '';
  if (!first.startsWith('diff --git ')) return null;
  const paths = first.slice('diff --git '.length);
  // "a/x b/x", or with --no-prefix "x x": split in the middle when both halves are equal.
  const half = (paths.length - 1) / 2;
  let oldPath = paths;
  let newPath = paths;
  const prefixed = /^a\/(.*) b\/(.*)/.exec(paths);
  if (prefixed) [oldPath, newPath] = [prefixed[1]!, prefixed[2]!];
  else if (Number.isInteger(half) && paths[half] === ' ') [oldPath, newPath] = [paths.slice(0, half), paths.slice(half + 1)];
  const headers: string[] = [];
  let binary = false;
  for (const line of lines.slice(1)) {
    if (line.startsWith('@@') || line.startsWith('--- ')) break;
    if (/^(?:index |old mode |new mode |deleted file mode |new file mode |similarity index |dissimilarity index |rename from |rename to |copy from |copy to )/.test(line)) headers.push(line);
    if (line.startsWith('rename from ') || line.startsWith('copy from ')) oldPath = line.slice(line.indexOf('from ') + 5);
    if (line.startsWith('rename to ') || line.startsWith('copy to ')) newPath = line.slice(line.indexOf('to ') + 3);
    if (line === 'GIT binary patch' || /^Binary files .* differ$/.test(line)) binary = true;
  }
  return {
    oldPath,
    newPath,
    binary,
    created: headers.some((h) => h.startsWith('new file mode')),
    deleted: headers.some((h) => h.startsWith('deleted file mode')),
    headers,
  };
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
      lines.push(new PatchLine(line, null, newLine++));
    } else if (marker === '-') {
      lines.push(new PatchLine(line, oldLine++, null));
    } else {
      lines.push(new PatchLine(line, oldLine++, newLine++));
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
 * The old and new line counts a hunk header announces ("@@ -284,70 +284,106 @@"; a count left out
 * is 1), or null when the line is no hunk header.
 */
export function hunkLineCounts(line: string): [number, number] | null {
  const header = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
  if (!header) return null;
  return [header[1] === undefined ? 1 : Number(header[1]), header[2] === undefined ? 1 : Number(header[2])];
}

/**
 * Mail clients (Gmail, Outlook, lists' footers filters) strip the single space of a blank context
 * line. git apply reads an empty line inside a hunk as that blank context line; so do we, counting
 * the hunk's lines so an empty line after the hunk's end stays what it is.
 */
export function restoreBlankContext(diff: string): string {
  const lines = diff.split('\n');
  let restored = false;
  let oldLeft = 0;
  let newLeft = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const counts = hunkLineCounts(line);
    if (counts) {
      [oldLeft, newLeft] = counts;
      continue;
    }
    if (oldLeft <= 0 && newLeft <= 0) continue;
    if (line === '') {
      lines[i] = ' ';
      restored = true;
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
  // Unchanged, the diff itself: hunk lines then slice the mail body, not a joined copy of it.
  return restored ? lines.join('\n') : diff;
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
