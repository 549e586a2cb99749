// The few diff lines around a comment's anchor: what the reviewer was looking at, not the whole hunk
// (the v4 3/3 hunk of vfio_pci_intrs.c is 106 lines long; Alex's comments each sit under 2–15 quoted
// lines of it).
import type { Anchor, Hunk, HunkLine } from '../model.js';

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

/** Index of the anchored line in the hunk, or -1 when the anchor does not name a line of it. */
export function anchoredLineIndex(hunk: Hunk, anchor: Anchor): number {
  if (anchor.line === null || anchor.side === null) return -1;
  const side = anchor.side;
  return hunk.lines.findIndex((line) =>
    side === 'old'
      ? line.oldLine === anchor.line && line.kind !== 'add'
      : line.newLine === anchor.line && line.kind !== 'del',
  );
}

/** The excerpt around the anchored line, or null when the line is not in the hunk. */
export function hunkExcerpt(hunk: Hunk, anchor: Anchor): HunkExcerpt | null {
  const at = anchoredLineIndex(hunk, anchor);
  if (at < 0) return null;
  const before = Math.max(BEFORE_MIN, Math.min(anchor.quote.length - 1, BEFORE_MAX));
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
