// What of a mail the text search reads. A reviewer searches for what someone wrote — a word of a
// review, a name in a Reviewed-by — and for what a patch touches — a function, a file. So a mail's
// own prose is kept with its trailers and diffstat, and of a diff the lines it adds and removes, the
// files it names and the functions its hunk headers name. Left out: quoted lines (the mail they quote
// is in the archive and indexed there; kept, every reply in a thread would repeat its parent and the
// index grow several times) and a diff's context lines (unchanged code the patch only shows).
import { quoteDepth } from '../review/quotes.js';

export interface MailText {
  /** The writer's own lines outside any diff. */
  body: string;
  /** Added and removed lines, file names, the function of each hunk header. */
  patch: string;
}

/** Past this a mail's text is cut: a 10 MB generated patch would otherwise cost more than the rest. */
export const TEXT_LIMIT = 256 * 1024;

const DIFF_HEADER = ['index ', 'new file mode', 'deleted file mode', 'old mode', 'new mode', 'similarity index', 'dissimilarity index', 'rename from', 'rename to', 'copy from', 'copy to', 'Binary files', '\\ No newline'];

/** `diff --git a/x b/y` → `x y`; `+++ b/x` → `x`. */
function pathsOf(line: string): string {
  return line
    .split(' ')
    .filter((w) => w.startsWith('a/') || w.startsWith('b/'))
    .map((w) => w.slice(2))
    .join(' ');
}

function startsDiff(lines: string[], i: number): boolean {
  const line = lines[i]!;
  return line.startsWith('diff --git ') || (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ '));
}

/** The part of a diff line that is searched; null when the line ends the diff. */
function diffPart(line: string): string | null {
  if (line === '' || line.startsWith(' ')) return '';
  if (line.startsWith('diff --git ') || line.startsWith('+++ ') || line.startsWith('--- ')) return pathsOf(line) || line.slice(4);
  if (line.startsWith('+') || line.startsWith('-')) return line.slice(1);
  if (line.startsWith('@@')) {
    // `@@ -12,6 +12,7 @@ static int foo(void)`: the function the hunk is in.
    const close = line.indexOf('@@', 2);
    return close < 0 ? '' : line.slice(close + 2);
  }
  return DIFF_HEADER.some((h) => line.startsWith(h)) ? '' : null;
}

export function mailText(body: string): MailText {
  const lines = body.split('\n');
  const prose: string[] = [];
  const patch: string[] = [];
  let inDiff = false;
  let size = 0;
  for (let i = 0; i < lines.length && size < TEXT_LIMIT; i++) {
    const line = lines[i]!;
    if (!inDiff && quoteDepth(line).depth > 0) continue;
    inDiff ||= startsDiff(lines, i);
    const part = inDiff ? diffPart(line) : null;
    if (part === null) {
      inDiff = false;
      if (quoteDepth(line).depth > 0) continue;
      prose.push(line);
      size += line.length + 1;
    } else if (part !== '') {
      patch.push(part);
      size += part.length + 1;
    }
  }
  return { body: prose.join('\n'), patch: patch.join('\n') };
}
