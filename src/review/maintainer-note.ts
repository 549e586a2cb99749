// "Applied, thanks!", "Thanks, applied to for-next.", "Queued for 6.9": a maintainer telling the
// series' state, not commenting on a line (Patchwork shows it as "Accepted"). b4's thank-you mail
// follows it with the list of commits; a note that also asks or requests something is a comment.
import type { AppliedNote, Person } from '../model.js';
import { commentKind, sentencesOf } from './classify.js';

// The note's first words: "Applied", "Thanks, applied", "Patch applied", "Series queued", "I've
// picked this up", "Now applied". Read from the start of the turn only: "applied." on a wrapped
// line in mid-paragraph is prose.
const NOTE_START =
  /^(?:(?:thanks|thank you|thx)[,!.]?\s+)?(?:(?:i'?ve|i have|we'?ve|now|patch|series|both|all|whole series|this|the series|the patch)\s+)?(?:applied|queued|picked(?: this| it| them)? up|merged|pushed|taken|pulled)\b|^(?:(?:thanks|thank you|thx)[,!.]?\s+)?(?:i'?ll|i will|will) (?:pick|take|apply|queue)(?: (?:this|it|them|these|the series))?(?: up)?\b/i;

// b4's thank-you mail lists each applied commit: "[1/2] leds: …" then "      commit: 1234abcd".
const B4_COMMIT = /^[ \t]*commit: [0-9a-f]{7,40}[ \t]*$|^[ \t]*\[\d+\/\d+\] \S/m;

// b4 ty's commit lines, greeting and sign-off lines: what a note may carry besides itself.
const NOTE_BODY_LINE =
  /^\s*(?:\[\d+\/\d+\]\s|commit:\s|\(no commit info\)|https?:\/\/\S+\s*$|best regards|regards|cheers|thanks|thank you|--\s*$|[-=]+\s*$|\w+(?: \w+){0,3}\s*$)/i;

/** True when the turn is a maintainer's applied/queued note (and nothing else). */
export function isMaintainerNote(text: string): boolean {
  const t = text.trim();
  if (!NOTE_START.test(t)) return false;
  const first = sentencesOf(t)[0] ?? t;
  // "Applied?" or "Applied, but why did you drop the second hunk?": a question, not a note.
  if (/\?/.test(first)) return false;
  // b4 ty: the commit list, then the maintainer's standing paragraphs ("please engage with people
  // reporting problems …"), which ask nothing of this patch.
  if (B4_COMMIT.test(t)) return true;
  const rest = t.slice(t.indexOf(first) + first.length);
  const lines = rest.split('\n').filter((l) => l.trim());
  const prose = lines.filter((l) => !NOTE_BODY_LINE.test(l)).join(' ');
  if (!prose.trim()) return true;
  // "Applied, thanks. Please use a proper subject prefix next time" asks for something: a comment.
  const kind = commentKind(prose);
  return kind === 'ack' || kind === 'remark';
}

/** The note as the series' state: who, when, where to, and its first lines. */
export function appliedNote(text: string, messageId: string, by: Person, date: string | null): AppliedNote {
  const t = text.trim();
  return { messageId, by, date, where: whereApplied(t), text: t.split('\n').slice(0, 3).join('\n').trim() };
}

/**
 * "Applied to for-5.4 branch of linux-leds.git", "queued for 6.9", "applied to the testing branch of
 * iio.git", "picked up into mips-next": the words after to/into/for/on, up to the sentence's end.
 */
function whereApplied(text: string): string | null {
  const first = text.split('\n').slice(0, 2).join(' ');
  const m = /\b(?:applied|queued|picked up|merged|pushed|taken)\s+(?:it\s+|them\s+|this\s+)?(?:up\s+)?(?:to|into|in|for|on|onto)\s+([^\s,;!?]+(?:\s+[^\s,;!?]+){0,6})/i.exec(first);
  if (!m) return null;
  let where = m[1]!;
  const thanks = /\bthanks?\b/i.exec(where);
  if (thanks) where = where.slice(0, thanks.index);
  // Trailing punctuation and spaces, without a `[.,]+$` regex (quadratic on a long run of them).
  let end = where.length;
  while (end > 0 && '.,;:! \t'.includes(where[end - 1]!)) end--;
  return where.slice(0, end) || null;
}
