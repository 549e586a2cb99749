// Turns → review comments with their conversations.
//
// A turn that talks about a patch line (see target.ts) is a review comment anchored there; a turn
// that talks about another turn answers it (Ben's answer under Alex's comment, Alex's follow-up
// under Ben's answer, and so on at any depth). When answers sit between the paragraphs of one
// reviewer turn, the turn is cut there into separate comments, each with its own answers.
import type { AppliedNote, Comment, Person, Reply, Trailer } from '../model.js';
import { anchorAt, wholePatchAnchor } from './anchor.js';
import { commentKind, replyKind } from './classify.js';
import { appliedNote, isMaintainerNote } from './maintainer-note.js';
import { turnText, type Turn } from './mail.js';
import type { TracedMail } from './origins.js';
import type { PatchText } from './patch-text.js';
import { roleOf, speaksForPatch, type AuthorSide } from './roles.js';
import { inheritSameHere } from './same-here.js';
import { conversationStatus, isPleasantry, type StatusTurn } from './status.js';
import { targetOf } from './target.js';

interface Root {
  turn: Turn;
  text: PatchText;
  index: number | null;
  quoted: number[];
}

export interface LinkedComments {
  comments: Map<PatchText, Comment[]>;
  /** Maintainers' "Applied, thanks!" per patch (or cover letter): its state, not a comment. */
  applied: Map<PatchText, AppliedNote>;
}

/** Comments per patch (or cover letter), built from every traced mail of a thread. */
export function buildComments(traced: readonly TracedMail[], authorOf: (text: PatchText) => AuthorSide): LinkedComments {
  const roots: Root[] = [];
  const children = new Map<Turn, Array<{ turn: Turn; line: number }>>();
  const addChild = (parent: Turn, turn: Turn, line: number): void => {
    if (parent === turn) return;
    const list = children.get(parent) ?? [];
    list.push({ turn, line });
    children.set(parent, list);
  };
  const applied = new Map<PatchText, AppliedNote>();
  for (const t of traced) {
    for (const turn of t.mail.turns) {
      const target = targetOf(t, turn);
      if (target.kind === 'patch') {
        const text = turnText(turn);
        const message = turn.mail.message;
        if (isMaintainerNote(text) && !speaksForPatch(authorOf(target.text), message.from)) {
          const known = applied.get(target.text);
          if (!known || (known.date ?? '') < (message.date ?? '')) applied.set(target.text, appliedNote(text, message.id, message.from, message.date));
          continue;
        }
        // "Thanks, looks good to me:" + Reviewed-by is a trailer given, shown with the trailers; a
        // bare "Thanks!" to a patch says nothing on it. Neither is a comment.
        if ((turn.givesTrailer && approvesOnly(text)) || isPleasantry(text)) continue;
        roots.push({ turn, text: target.text, index: target.index, quoted: target.quoted });
      } else if (target.kind === 'turn') addChild(target.turn, turn, target.line);
      else if (target.kind === 'turns') for (const parent of target.turns) addChild(parent, turn, parent.lines.length - 1);
    }
  }
  // In patch order (comments on the patch as a whole first), then by date.
  roots.sort((a, b) => (a.index ?? -1) - (b.index ?? -1) || order(a.turn, b.turn));
  const result = new Map<PatchText, Comment[]>();
  for (const root of roots) {
    const list = result.get(root.text) ?? [];
    list.push(...commentsOf(root, children, authorOf(root.text)));
    result.set(root.text, list);
  }
  for (const [text, list] of result) result.set(text, inheritSameHere(list, authorOf(text)));
  return { comments: result, applied };
}

/** A lead-in to a trailer that asks for nothing: thanks, praise, "tested on my board". */
function approvesOnly(text: string): boolean {
  if (!text) return true;
  const kind = commentKind(text);
  return text.length < 400 && (kind === 'ack' || kind === 'remark');
}

/** One root turn → one comment, or several when answers sit between its paragraphs. */
function commentsOf(root: Root, children: Map<Turn, Array<{ turn: Turn; line: number }>>, side: AuthorSide): Comment[] {
  const { turn } = root;
  const answers = [...(children.get(turn) ?? [])].sort((a, b) => a.line - b.line || order(a.turn, b.turn));
  const lastLine = lastContentLine(turn.lines);
  // No cut before a tail of link references ("[0] Documentation/leds/leds-class.rst"): they
  // belong to the text that cites them.
  const cuts = [...new Set(answers.map((a) => a.line).filter((line) => line < lastLine && hasTextAfter(turn.lines, line) && !onlyReferencesAfter(turn.lines, line)))];
  const segments: Array<{ from: number; to: number }> = [];
  let from = 0;
  for (const cut of cuts) {
    segments.push({ from, to: cut });
    from = cut + 1;
  }
  segments.push({ from, to: turn.lines.length - 1 });
  const author = turn.mail.message.from;
  const message = turn.mail.message;
  const anchor = root.index === null ? wholePatchAnchor(root.text) : anchorAt(root.text, root.index, root.quoted);
  const texts = segmentTexts(turn.lines, segments);
  const comments: Comment[] = [];
  segments.forEach((seg, n) => {
    const text = texts[n]!;
    if (!text) return;
    const replies = answers
      .filter((a) => a.line >= seg.from && (a.line <= seg.to || seg === segments[segments.length - 1]))
      .map((a) => toReply(a.turn, children, side, author, new Set([turn])));
    const verdict = conversationStatus(flatten(replies), authorKnown(side, author));
    const comment: Comment = {
      messageId: message.id,
      author,
      date: message.date,
      text,
      // A short lead-in to a Reviewed-by/Acked-by is the approval itself.
      kind: turn.givesTrailer && text.length < 160 && !/\?/.test(text) ? 'ack' : commentKind(text),
      status: verdict.status,
      statusReason: verdict.reason,
      anchor,
      replies,
      confidence: confidenceOf(turn, root),
    };
    const condition = conditionalTrailerOf(turn);
    if (condition) comment.conditionalTrailer = condition;
    if (message.quoteRecovered) comment.quoteRecovered = true;
    comments.push(comment);
  });
  return comments;
}

/**
 * The text of each segment. A cut inside a paragraph falls where the answer was written, often in
 * mid-sentence ("…the last time you looked?  Can you" / "validate the root directory…?", David
 * Howells on cifs 5/10): the unfinished sentence moves down to the segment it belongs to.
 */
function segmentTexts(lines: string[], segments: Array<{ from: number; to: number }>): string[] {
  const parts = segments.map((seg) => lines.slice(seg.from, seg.to + 1).map((l) => l.replace(/(?<![ \t])[ \t]+$/, '')));
  for (let n = 0; n + 1 < parts.length; n++) {
    const part = parts[n]!;
    const next = parts[n + 1]!;
    const last = part[part.length - 1];
    if (last === undefined || !last.trim() || !next[0]?.trim() || /[.?!:)]$/.test(last)) continue;
    // Without `$`, which (after a line break `.` cannot cross) made the search re-read the line from
    // every sentence end; a line holding a break is left alone, as the anchored regex left it.
    const m = /[\r\u2028\u2029]/.test(last) ? null : /^(.*[.?!])\s+(\S.*)/.exec(last);
    if (!m) continue;
    part[part.length - 1] = m[1]!;
    next[0] = `${m[2]} ${next[0]!.trimStart()}`;
  }
  return parts.map((p) => p.join('\n').trim());
}

function toReply(
  turn: Turn,
  children: Map<Turn, Array<{ turn: Turn; line: number }>>,
  side: AuthorSide,
  commenter: Person,
  seen: Set<Turn>,
): Reply {
  const message = turn.mail.message;
  const text = turnText(turn);
  const nextSeen = new Set(seen).add(turn);
  const below = [...(children.get(turn) ?? [])]
    .filter((c) => !nextSeen.has(c.turn))
    .sort((a, b) => order(a.turn, b.turn) || a.line - b.line);
  const role = roleOf(side, commenter, message.from);
  const reply: Reply = {
    messageId: message.id,
    author: message.from,
    role,
    date: message.date,
    text,
    kind: replyKind(text, role === 'author' || role === 'co-author'),
    replies: below.map((c) => toReply(c.turn, children, side, commenter, nextSeen)),
  };
  if (message.quoteRecovered) reply.quoteRecovered = true;
  return reply;
}

/**
 * Whether the author side can answer this comment: not when the thread names no author, nor when
 * the comment is the author's own note on their patch (then anyone else's word answers it).
 */
function authorKnown(side: AuthorSide, commenter: Person): boolean {
  return side.author !== null && !speaksForPatch(side, commenter);
}

/** Every turn of a conversation, for its status: who said what, when. */
function flatten(replies: Reply[]): StatusTurn[] {
  const out: StatusTurn[] = [];
  const walk = (list: Reply[]): void => {
    for (const r of list) {
      out.push({ text: r.text, by: r.author, role: r.role, date: r.date, messageId: r.messageId });
      walk(r.replies);
    }
  };
  walk(replies);
  return out;
}

/** "With that fixed, Reviewed-by: …" in the same mail: the trailer hangs on the comments above it. */
function conditionalTrailerOf(turn: Turn): Trailer | undefined {
  const lastLine = turn.bodyLines[turn.bodyLines.length - 1] ?? -1;
  return turn.mail.trailers.find((t) => t.condition && (turn.mail.trailerAt.get(t) ?? -1) > lastLine);
}

/** Real mail matched in full is sure; rebuilt mails and whole-patch fallbacks less so. */
function confidenceOf(turn: Turn, root: Root): number {
  const message = turn.mail.message;
  // A page whose markers were rebuilt carries how sure that rebuild was (src/ingest/requote.ts).
  let c = message.quoteRecovered ? (message.quoteConfidence ?? 0.8) : 1;
  if (message.reconstructed) c -= 0.2;
  if (root.index === null) c -= 0.3;
  return Math.max(0.1, Math.round(c * 10) / 10);
}

function order(a: Turn, b: Turn): number {
  const da = a.mail.message.date ?? '';
  const db = b.mail.message.date ?? '';
  if (da !== db) return da < db ? -1 : 1;
  if (a.mail === b.mail) return a.block - b.block;
  return 0;
}

function lastContentLine(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim()) return i;
  return -1;
}

function onlyReferencesAfter(lines: string[], line: number): boolean {
  const rest = lines.slice(line + 1).filter((l) => l.trim());
  return rest.length > 0 && rest.every((l) => /^\s*(?:\[\d+\]:?\s+\S|https?:\/\/\S+\s*$)/.test(l));
}

function hasTextAfter(lines: string[], line: number): boolean {
  for (let i = line + 1; i < lines.length; i++) if (lines[i]!.trim()) return true;
  return false;
}
