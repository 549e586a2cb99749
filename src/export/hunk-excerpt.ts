// The few diff lines around a comment's anchor: what the reviewer was looking at, not the whole hunk
// (the v4 3/3 hunk of vfio_pci_intrs.c is 106 lines long; Alex's comments each sit under 2–15 quoted
// lines of it).
import type { Hunk, HunkLine } from '../model.js';

/** Lines shown above the anchored line at least, and at most when the reviewer quoted more. */
const BEFORE_MIN = 3;
const BEFORE_MAX = 8;
/** Lines shown below the anchored line: the comment is about what comes before it, mostly. */
const AFTER = 2;

export interface HunkExcerpt {
  /** A `@@ -a,b +c,d @@ section` header whose numbers are those of the excerpt itself. */
  header: string;
  /** The excerpt's lines as the patch has them (with `+`/`-`/` ` markers). */
  lines: string[];
}

/**
 * The excerpt around the line at index `at` of the hunk (the place the core resolved the comment's
 * anchor to), with as many lines above it as the reviewer quoted (3 to 8).
 */
export function hunkExcerpt(hunk: Hunk, at: number, quoted: number): HunkExcerpt | null {
  if (at < 0 || at >= hunk.lines.length) return null;
  const before = Math.max(BEFORE_MIN, Math.min(quoted - 1, BEFORE_MAX));
  const first = Math.max(0, at - before);
  const last = Math.min(hunk.lines.length - 1, at + AFTER);
  const window = hunk.lines.slice(first, last + 1);
  const lines: string[] = [];
  for (const line of window) {
    lines.push(line.raw);
    // Part of the diff: without it the excerpt says the file ends with a newline.
    if (line.noNewlineAtEnd) lines.push('\\ No newline at end of file');
  }
  return { header: excerptHeader(hunk, first, window), lines };
}

function excerptHeader(hunk: Hunk, first: number, window: HunkLine[]): string {
  const oldCount = window.filter((line) => line.kind !== 'add').length;
  const newCount = window.filter((line) => line.kind !== 'del').length;
  const oldStart = startLine(hunk, first, window, 'oldLine', hunk.oldStart, hunk.oldLines);
  const newStart = startLine(hunk, first, window, 'newLine', hunk.newStart, hunk.newLines);
  const section = hunk.section ? ' ' + hunk.section : '';
  return `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@${section}`;
}

// A side with no line in the excerpt starts, as in unified diff, at the line before it (0 at the top).
function startLine(
  hunk: Hunk,
  first: number,
  window: HunkLine[],
  key: 'oldLine' | 'newLine',
  hunkStart: number,
  hunkCount: number,
): number {
  const own = window.find((line) => line[key] !== null)?.[key];
  if (own !== undefined && own !== null) return own;
  for (let i = first - 1; i >= 0; i--) {
    const earlier = hunk.lines[i][key];
    if (earlier !== null) return earlier;
  }
  // A hunk with no line on this side already gives the line before as its start (`@@ -10,0 +11,2 @@`).
  return hunkCount === 0 ? hunkStart : Math.max(0, hunkStart - 1);
}
