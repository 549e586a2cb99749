// A patch mail's body, split the way `git am` reads it: commit message, trailers, the `---` line,
// notes and diffstat, then the diff, then the signature git send-email adds ("-- \n2.17.1").
import { hunkLineCounts } from './diff.js';
import { lineOffsets, textOfLines } from './line-slices.js';

export interface PatchParts {
  /** The commit message body, trailers removed. */
  commitMessage: string;
  /** The trailer block's lines (`Signed-off-by: …`), in order. */
  trailerLines: string[];
  /** Text between `---` and the diff that is not the diffstat (changelog "v2: …" notes). */
  notes: string;
  diffstat: string[];
  /** From the first file header to the end of the last hunk; '' when the mail has no diff. */
  diff: string;
}

// Where a diff starts: git's header, a plain unified diff, or CVS/SVN's "Index:" header.
const DIFF_START = /^(?:diff --git |diff -|Index: |--- (?:a\/|\S+\s)|=== modified file )/;
// " drivers/vfio/pci/vfio_pci_intrs.c | 112 +++++++----", "Bin 0 -> 1234 bytes"
const DIFFSTAT_FILE = /^ \S.*\|\s+(?:\d+ ?[+-]*$|Bin\b)/;
const DIFFSTAT_SUMMARY = /^ \d+ files? changed(?:, \d+ insertions?\(\+\))?(?:, \d+ deletions?\(-\))?/;
const DIFFSTAT_MODE = /^ (?:create|delete|rename|copy|mode change) /;
// Trailer keys as git interpret-trailers accepts them: "Word-Word:" at line start.
export const TRAILER_LINE = /^([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*):\s*(\S.*)$/;
const KNOWN_TRAILERS = new Set(
  [
    'signed-off-by', 'reviewed-by', 'acked-by', 'tested-by', 'reported-by', 'suggested-by', 'co-developed-by',
    'fixes', 'link', 'cc', 'closes', 'requested-by', 'reported-and-tested-by', 'message-id', 'bisected-by',
    'debugged-by', 'originally-by', 'helped-by', 'based-on-patch-by', 'noticed-by', 'cc-stable', 'change-id',
  ],
);

export function isKnownTrailer(name: string): boolean {
  return KNOWN_TRAILERS.has(name.toLowerCase());
}

export function splitPatchMail(body: string): PatchParts {
  const lines = body.split('\n');
  let diffStart = lines.findIndex((line, i) => DIFF_START.test(line) && isDiffHeaderAt(lines, i));
  if (diffStart < 0) diffStart = lines.length;

  // The "---" that git format-patch writes between the message and the diffstat.
  let separator = -1;
  for (let i = 0; i < diffStart; i++) {
    if (lines[i] === '---' || lines[i] === '--- ') {
      separator = i;
      break;
    }
  }
  const messageEnd = separator >= 0 ? separator : diffStart;
  const { message, trailers } = splitTrailers(lines.slice(0, messageEnd));

  const diffstat: string[] = [];
  const notes: string[] = [];
  for (const line of lines.slice(separator >= 0 ? separator + 1 : diffStart, diffStart)) {
    if (DIFFSTAT_FILE.test(line) || DIFFSTAT_SUMMARY.test(line) || DIFFSTAT_MODE.test(line)) diffstat.push(line);
    else notes.push(line);
  }

  // The commit message and the diff are cut out of the body rather than joined from its lines: the
  // body stays in the model anyway, and a joined copy, pinned by every hunk line sliced from it,
  // doubled a patch's memory (a 2 GB archive did not fit in the heap).
  const at = lineOffsets(lines);
  const diffEnd = diffStart < lines.length ? diffStart + stripSignature(lines.slice(diffStart)).length : diffStart;
  return {
    commitMessage: textOfLines(body, at, 0, message.length).trim(),
    trailerLines: trailers,
    notes: notes.join('\n').trim(),
    diffstat,
    diff: textOfLines(body, at, diffStart, diffEnd),
  };
}

/** The trailer block is the last paragraph of the message when every line of it is `Key: value`. */
function splitTrailers(lines: string[]): { message: string[]; trailers: string[] } {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  let start = end;
  while (start > 0 && lines[start - 1]!.trim() !== '') start--;
  const block = lines.slice(start, end);
  const isTrailerBlock =
    block.length > 0 &&
    block.some((l) => TRAILER_LINE.test(l) && isKnownTrailer(TRAILER_LINE.exec(l)![1]!)) &&
    // Continuation lines (indented) and "[ bracketed notes ]" maintainers add are allowed in the block.
    block.every((l) => TRAILER_LINE.test(l) || /^\s+\S/.test(l) || /^\[.*\]$/.test(l.trim()));
  if (!isTrailerBlock) return { message: lines.slice(0, end), trailers: [] };
  return { message: lines.slice(0, start), trailers: block.filter((l) => TRAILER_LINE.test(l)) };
}

/** A `--- x` line only starts a diff when a `+++` line follows; otherwise it is prose. */
function isDiffHeaderAt(lines: string[], i: number): boolean {
  const line = lines[i]!;
  if (line.startsWith('--- ')) return (lines[i + 1] ?? '').startsWith('+++ ');
  return true;
}

/**
 * git send-email ends every patch with "-- " and the git version; some clients drop the space ("--"),
 * and lists and company servers append footers after it (" a Linux Foundation Collaborative
 * Project", which starts with a space like a context line). Inside a hunk "-- " is a removed line
 * reading "- ", so the signature is the first "--"/"-- " line met where no hunk is still open,
 * counting each hunk's lines from its header.
 */
function stripSignature(lines: string[]): string[] {
  let oldLeft = 0;
  let newLeft = 0;
  let cut = lines.length;
  let closedAt = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const open = oldLeft > 0 || newLeft > 0;
    if (!open && (line === '-- ' || line === '--')) {
      cut = i;
      break;
    }
    const counts = hunkLineCounts(line);
    if (counts) {
      [oldLeft, newLeft] = counts;
    } else if (open) {
      const marker = line === '' ? ' ' : line[0];
      if (marker === '+') newLeft--;
      else if (marker === '-') oldLeft--;
      else if (marker === ' ') {
        oldLeft--;
        newLeft--;
      }
      if (oldLeft <= 0 && newLeft <= 0) closedAt = i + 1;
    }
  }
  // Trailing empty lines go, except those a hunk still counts (blank context lines whose space a
  // mail client stripped at the end of the mail).
  let end = cut;
  while (end > closedAt && lines[end - 1] === '') end--;
  return lines.slice(0, end);
}
