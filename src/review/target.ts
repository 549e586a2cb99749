// What a turn talks about: the last quoted line above it, traced to the patch line or the earlier
// turn it came from. A turn above every quote, or under a quote of the whole previous mail, answers
// that mail as a whole and joins the conversation of its last turn.
import type { Turn } from './mail.js';
import type { LineOrigin, TracedMail } from './origins.js';
import type { PatchText } from './patch-text.js';

export type Target =
  | { kind: 'patch'; text: PatchText; index: number | null; quoted: number[] }
  | { kind: 'turn'; turn: Turn; line: number }
  /** A short answer to a whole review ("Thanks, I'll address all of this in v2"): every turn of it. */
  | { kind: 'turns'; turns: Turn[] }
  | { kind: 'none' };

/** What a turn talks about. */
export function targetOf(traced: TracedMail, turn: Turn): Target {
  const { mail, origins, parent } = traced;
  const block = turn.quoteAbove;
  if (block && !coversWholeParent(traced, turn)) {
    // The last quoted line above the turn that was found; then earlier quotes of the same mail.
    // A blank "+" line right under what the reviewer means (Jeff Layton on cifs 4/10 quotes the
    // strnlen() line and the empty line after it) is not where the comment sits.
    // Unless the comment is about that very line ("Redundant blank line?").
    const aboutBlank = /\b(?:blank|empty|new) ?lines?\b|\bnewline|\bwhitespace/i.test(turn.lines.join(' '));
    let blank: LineOrigin | null = null;
    for (let i = block.start + block.lines.length - 1; i >= 0; i--) {
      const origin = origins[i];
      if (!origin || mail.lines[i]!.depth === 0) continue;
      if (!aboutBlank && origin.kind === 'patch' && isBlankPatchLine(origin.text, origin.index) && i >= block.start) {
        blank ??= origin;
        continue;
      }
      const chosen = origin.kind === 'turn' && blank ? blank : origin;
      if (chosen.kind === 'turn') return { kind: 'turn', turn: chosen.turn, line: chosen.line };
      return { kind: 'patch', text: chosen.text, index: chosen.index, quoted: quotedPatchLines(traced, block, chosen.text) };
    }
    if (blank?.kind === 'patch') return { kind: 'patch', text: blank.text, index: blank.index, quoted: quotedPatchLines(traced, block, blank.text) };
  }
  if (!parent) return { kind: 'none' };
  if (parent.kind === 'patch') {
    // A bot's report names its line: "vim +449 drivers/leds/leds-mp3326.c".
    const named = turn.pointsAt ? lineOf(parent.text, turn.pointsAt.file, turn.pointsAt.line) : null;
    return { kind: 'patch', text: parent.text, index: named, quoted: [] };
  }
  // The whole parent answered: the conversation of the parent's last turn (up the chain if it has
  // none) — or, for a short word on a whole review, every turn of it.
  for (let p: TracedMail | null = parent.traced; p; p = p.parent?.kind === 'mail' ? p.parent.traced : null) {
    const last = p.mail.turns[p.mail.turns.length - 1];
    if (last && p.mail.turns.length > 1 && (answersWholeReview(traced, turn) || promisesOverReview(traced, turn))) {
      return { kind: 'turns', turns: [...p.mail.turns] };
    }
    if (last) return { kind: 'turn', turn: last, line: last.lines.length - 1 };
    if (p.parent?.kind === 'patch') return { kind: 'patch', text: p.parent.text, index: null, quoted: [] };
  }
  return { kind: 'none' };
}

/**
 * A first turn placed below a quote that runs from the start of what the parent said to its end
 * answers the parent as a whole. A long quote is not enough: a reply deep in a thread quotes
 * mostly older mail and can still stop in the middle of what the parent itself said.
 */
function coversWholeParent(traced: TracedMail, turn: Turn): boolean {
  const span = traced.parentSpan;
  if (!span || traced.mail.turns[0] !== turn || !turn.quoteAbove) return false;
  let min = Infinity;
  let max = -Infinity;
  let later = false;
  const seen = new Set<number>();
  for (const block of traced.mail.blocks) {
    if (!block.quoted) continue;
    if (block.start > turn.quoteAbove.start) {
      // More of the parent quoted below the turn: the turn answers the place it sits at.
      later ||= block.lines.some((_, k) => traced.parentIndex[block.start + k] !== null);
      continue;
    }
    block.lines.forEach((_, k) => {
      const index = traced.parentIndex[block.start + k];
      if (index === null || index === undefined) return;
      seen.add(index);
      min = Math.min(min, index);
      max = Math.max(max, index);
    });
  }
  // Slack of a few lines: reviewers drop the greeting and the sign-off.
  // Quoted from start to end, and nearly all of it: a quote of the commit message, "[...]" and the
  // last hunk (Scott Lovenberg on cifs 10/10) answers that hunk, not the whole patch.
  return !later && min <= span.first + 3 && max >= span.last - 2 && span.last - span.first > 3 && seen.size >= 0.8 * span.lines;
}

// "I'll address all of these", "thanks for the review", "will fix in the next version": words about
// the review as a whole.
const WHOLE_REVIEW =
  /\b(?:all|every|each|these|those|them|your) (?:of (?:these|those|them|it|this|your)|comments?|points?|suggestions?|feedback|remarks|reviews?|issues)\b|\bthe (?:review|comments|feedback|suggestions)\b|\b(?:next|new|following) (?:version|revision|iteration|spin|series)\b|\bv\d+\b/i;

/**
 * A reply whose one turn sits above or below a quote of the whole review (or quotes nothing) and is
 * short, or speaks of the review as a whole: it answers every comment of that review, not the last.
 */
function answersWholeReview(traced: TracedMail, turn: Turn): boolean {
  if (traced.mail.turns.length !== 1 || traced.mail.turns[0] !== turn) return false;
  const text = turn.lines.join(' ').trim();
  return text.length <= 200 || (text.length <= 600 && WHOLE_REVIEW.test(text));
}

/**
 * "Thanks for the feedback. I will address your comments in the next version. I have a few
 * questions though" above the whole quoted review, with answers to some points inline below (André
 * Apitzsch on sy7802 v2): the promise covers every point the mail does not answer on its own.
 */
function promisesOverReview(traced: TracedMail, turn: Turn): boolean {
  if (traced.mail.turns[0] !== turn || turn.quoteAbove) return false;
  const text = turn.lines.join(' ').trim();
  return text.length <= 600 && WHOLE_REVIEW.test(text);
}

/** The index of the diff line of `file` at `line` on the new side, or null when the patch lacks it. */
function lineOf(text: PatchText, file: string, line: number): number | null {
  const index = text.lines.findIndex((l) => l.file === file && l.hunkLine?.newLine === line && l.hunkLine.kind !== 'del');
  return index >= 0 ? index : null;
}

function isBlankPatchLine(text: PatchText, index: number): boolean {
  const line = text.lines[index]!;
  return line.section === 'diff' && line.hunkLine !== null && line.raw.slice(1).trim() === '';
}

function quotedPatchLines(traced: TracedMail, block: NonNullable<Turn['quoteAbove']>, text: PatchText): number[] {
  const out: number[] = [];
  block.lines.forEach((_, k) => {
    const origin = traced.origins[block.start + k];
    if (origin?.kind === 'patch' && origin.text === text) out.push(origin.index);
  });
  return out;
}

