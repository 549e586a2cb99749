// What each line of a marker-less body is, judged on its own: part of a patch (diff, diffstat,
// trailer), code, prose, blank. Web archives lose the leading space of diff context lines and turn
// tabs into one space, so context is recognised as code ("if (vdev->ctx[vector].trigger) {"), and
// only next to real diff lines (the QEMU snippet Ben Luo pasted is code, not the patch).

export type LineKind = 'blank' | 'hunk' | 'diff-header' | 'diff' | 'diffstat' | 'trailer' | 'separator' | 'code' | 'prose';

const HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;
const DIFF_HEADER = /^(?:diff --git \S|index [0-9a-f]{6,}\.\.[0-9a-f]{6,}|--- (?:a\/|\/dev\/null)|\+\+\+ (?:b\/|\/dev\/null)|new file mode \d|deleted file mode \d|similarity index \d|rename (?:from|to) \S|old mode \d|new mode \d)/;
const DIFFSTAT = /^\s*(?:\S.*\s\|\s+(?:\d+ ?[+-]*|Bin \d.*)|\d+ files? changed(?:,.*)?|(?:create|delete) mode \d{6} \S.*|rename \S.*\(\d+%\))\s*$/;
const TRAILER = /^(?:Signed-off-by|Reviewed-by|Acked-by|Tested-by|Reported-by|Suggested-by|Co-developed-by|Fixes|Link|Cc|Closes):\s+\S/i;
const C_WORDS = /\b(?:int|char|bool|void|struct|static|const|unsigned|long|return|if|else|for|while|switch|case|goto|sizeof|u8|u16|u32|u64|NULL)\b/;

/** How much a line looks like C (or shell) code rather than English. */
export function codeScore(line: string): number {
  const t = line.replace(/\u00a0/g, ' ').trim();
  if (!t) return 0;
  let score = 0;
  if (/[;{}]$/.test(t) || /^[{}]$/.test(t) || /^(?:\/\*|\*\/|\* |\*$|#(?:include|define|if|ifdef|ifndef|endif|else)\b)/.test(t)) score += 2;
  if (/[),]$/.test(t)) score += 1;
  if (/->|==|!=|&&|\|\||::|\w\[\w*\]|\+\+|--\w|\w\(/.test(t)) score += 1;
  if (/\b[a-z]+_[a-z_0-9]+\b/.test(t)) score += 1;
  if (C_WORDS.test(t)) score += 1;
  // English: a capitalised sentence with several plain words ending in a full stop.
  const words = t.split(/\s+/).filter((w) => /^[A-Za-z']+[,.]?$/.test(w)).length;
  if (/[.?!]$/.test(t) && !/\)\.$|\*\/$/.test(t)) score -= 2;
  if (words >= 8) score -= 1;
  return score;
}

export function isCodeLike(line: string): boolean {
  return codeScore(line) >= 2;
}

/** The kind of `line`; `inDiff` says whether a hunk header came before it in the body. */
export function lineKind(line: string, inDiff: boolean): LineKind {
  if (!line.trim()) return 'blank';
  if (HUNK.test(line)) return 'hunk';
  if (DIFF_HEADER.test(line)) return 'diff-header';
  if (inDiff && /^[+-]/.test(line) && !/^-- ?$/.test(line)) return 'diff';
  if (DIFFSTAT.test(line)) return 'diffstat';
  if (TRAILER.test(line)) return 'trailer';
  if (/^---\s*$/.test(line)) return 'separator';
  if (isCodeLike(line)) return 'code';
  return 'prose';
}

/**
 * A "+"/"-" line that reads as a diff line even where no hunk header was quoted: reviewers cut the
 * "@@" lines and keep "...". "- Rename …" bullets of prose are not: "-" needs a tab or clear code.
 */
function diffWithoutHeader(line: string): boolean {
  if (/^\+(?:\t|\s*$)/.test(line)) return true;
  if (/^-\t/.test(line)) return true;
  return /^[+-]/.test(line) && !/^-- ?$/.test(line) && codeScore(line.slice(1)) >= 2;
}

/**
 * Kinds of every line. `inDiff` is switched on at the first hunk header, or from the start when the
 * body holds at least three lines that can only be diff lines (a review that cut the headers).
 */
export function lineKinds(lines: string[]): LineKind[] {
  let inDiff = false;
  const headerless = lines.filter(diffWithoutHeader).length >= 3;
  return lines.map((line) => {
    let kind = lineKind(line, inDiff);
    if (!inDiff && headerless && (kind === 'code' || kind === 'prose') && diffWithoutHeader(line)) kind = 'diff';
    if (kind === 'hunk') inDiff = true;
    return kind;
  });
}

export function isPatchMarker(kind: LineKind): boolean {
  return kind === 'hunk' || kind === 'diff-header' || kind === 'diff';
}

/** Lines that open the diff part of a quoted patch (after the commit message). */
export function startsDiffPart(kind: LineKind): boolean {
  return kind === 'hunk' || kind === 'diff-header' || kind === 'diffstat' || kind === 'separator' || kind === 'diff';
}

// Openers of an answer to a review comment, as patch authors on LKML start them.
const ANSWER_OPENER = /^(?:thanks?\b|thank you|sorry|actually|yes\b|yeah|yep|no\b|nope|ok\b|okay|sure\b|right\b|agreed|agree\b|good (?:catch|point)|will (?:do|fix)|done\b|fixed\b|indeed|fair enough|you(?:'re| are) right|i will|i'll|hmm)/i;

export function opensAnswer(line: string): boolean {
  return ANSWER_OPENER.test(line.replace(/\u00a0/g, ' ').trim());
}
