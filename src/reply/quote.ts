// What a reply quotes: only the part it talks about, the way kernel reviewers trim — the file's diff
// header and the hunk header above the lines of a patch (so a reader and mlreview's own linker know
// where they are), the words of a comment with the patch lines it was about.
import type { Comment, FileDiff, Message, Patch, Reply } from '../model.js';

/** Lines of the hunk shown above the line answered: enough context to read it, no more. */
const CONTEXT_BEFORE = 3;
/** Lines of an earlier turn quoted above the one answered. */
const EARLIER_LINES = 4;

/** `> ` on each line; `>` alone on an empty one, as git and mutt write it (no trailing space). */
export function quoteLines(lines: readonly string[], depth = 1): string[] {
  const marks = '>'.repeat(depth);
  return lines.map((line) => (line === '' ? marks : line.startsWith('>') ? `${marks}${line}` : `${marks} ${line}`));
}

/** `Tue, 27 Aug 2019 20:33:05 +0000` from an ISO date: the date as a mail header writes it, in UTC. */
export function mailDate(iso: string): string {
  return new Date(iso).toUTCString().replace(/GMT$/, '+0000');
}

/** "On Tue, 27 Aug 2019 20:33:05 +0000, Alex Williamson wrote:" — the line mlreview reads back as an attribution. */
export function attributionLine(who: { name: string; address: string }, date: string | null): string {
  const name = who.name || who.address || 'someone';
  return date ? `On ${mailDate(date)}, ${name} wrote:` : `${name} wrote:`;
}

/** The `diff --git` header of a file as the patch wrote it. */
export function fileHeader(file: FileDiff): string[] {
  const a = file.oldPath === '/dev/null' ? '/dev/null' : `a/${file.oldPath}`;
  const b = file.newPath === '/dev/null' ? '/dev/null' : `b/${file.newPath}`;
  const gitOld = file.oldPath === '/dev/null' ? file.newPath : file.oldPath;
  const gitNew = file.newPath === '/dev/null' ? file.oldPath : file.newPath;
  return [`diff --git a/${gitOld} b/${gitNew}`, ...file.headers, `--- ${a}`, `+++ ${b}`];
}

/** The lines a reply to a line of a patch quotes: diff header, hunk header, the line and a few above. */
export function patchLineQuote(patch: Patch, file: number, hunk: number, line: number): string[] {
  const f = patch.files[file];
  const h = f.hunks[hunk];
  const from = Math.max(0, line - CONTEXT_BEFORE);
  return [...fileHeader(f), h.header, ...h.lines.slice(from, line + 1).map((l) => l.raw)];
}

function textLines(text: string): string[] {
  const lines = text.trimEnd().split('\n');
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

/** A comment answered: the patch lines it sits under (quoted once more), then its words. */
export function commentQuote(comment: Comment): string[] {
  const patchLines = comment.anchor.quote.length > 0 ? comment.anchor.quote : comment.anchor.text ? [comment.anchor.text] : [];
  const inner = patchLines.length > 0 ? [...quoteLines(patchLines.slice(-CONTEXT_BEFORE - 1)), ''] : [];
  return [...inner, ...textLines(comment.text)];
}

/** The turns from the comment down to `turn`, or null when the turn is not in this conversation. */
export function turnPath(replies: readonly Reply[], turn: Reply): Reply[] | null {
  for (const r of replies) {
    if (r === turn) return [r];
    const below = turnPath(r.replies, turn);
    if (below) return [r, ...below];
  }
  return null;
}

/** A turn answered: the end of what it answered (quoted once more), then its words. */
export function turnQuote(comment: Comment, turn: Reply): string[] {
  const path = turnPath(comment.replies, turn) ?? [turn];
  const earlier = path.length >= 2 ? path[path.length - 2].text : comment.text;
  const before = textLines(earlier).slice(-EARLIER_LINES);
  return [...quoteLines(before), '', ...textLines(turn.text)];
}

/** A whole mail answered (no line named): its text without the signature. */
export function mailQuote(message: Message): string[] {
  const lines = textLines(message.body);
  const sig = lines.indexOf('-- ');
  return sig >= 0 ? lines.slice(0, sig) : lines;
}
