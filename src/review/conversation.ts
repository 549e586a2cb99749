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
import { conversationStatus, isIntroduction, isPleasantry, type StatusTurn } from './status.js';
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
  // "Applied, thanks!" is no comment, but "Next time, please make checkpatch.pl happy" in a reply to
  // it is one: on the patch the note was about.
  const notes = new Map<Turn, PatchText>();
  for (const t of traced) {
    // A word on the whole review goes to the points this mail does not answer one by one.
    const wholeReview: Array<{ turn: Turn; parents: Turn[] }> = [];
    for (const turn of t.mail.turns) {
      const target = targetOf(t, turn);
      if (target.kind === 'patch') {
        const text = turnText(turn);
        const message = turn.mail.message;
        if (isMaintainerNote(text) && !speaksForPatch(authorOf(target.text), message.from)) {
          const known = applied.get(target.text);
          if (!known || (known.date ?? '') < (message.date ?? '')) applied.set(target.text, appliedNote(text, message.id, message.from, message.date));
          notes.set(turn, target.text);
          continue;
        }
        // "Thanks, looks good to me:" + Reviewed-by is a trailer given, shown with the trailers; a
        // bare "Thanks!" to a patch says nothing on it. Neither is a comment.
        if ((turn.givesTrailer && approvesOnly(text)) || isPleasantry(text)) continue;
        roots.push({ turn, text: target.text, index: target.index, quoted: target.quoted });
        continue;
      }
      // "Thanks for the review! Comments inline." over a point-by-point answer: no answer by itself.
      if (t.mail.turns.length > 1 && turn === t.mail.turns[0] && !turn.quoteAbove && isIntroduction(turnText(turn))) continue;
      const noted = target.kind === 'turn' ? notes.get(target.turn) : undefined;
      if (noted) {
        if (!isPleasantry(turnText(turn))) roots.push({ turn, text: noted, index: null, quoted: [] });
        continue;
      }
      if (target.kind === 'turn') addChild(target.turn, turn, target.line);
      else if (target.kind === 'turns') wholeReview.push({ turn, parents: target.turns });
    }
    for (const { turn, parents } of wholeReview) {
      for (const parent of parents) {
        const answered = (children.get(parent) ?? []).some((c) => c.turn.mail === t.mail);
        if (!answered) addChild(parent, turn, parent.lines.length - 1);
      }
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

// What a reviewer writes around a trailer that asks nothing: thanks, praise, where it was tested.
const APPROVAL =
  /^(?:thanks|thank you|thx|looks (?:good|fine|ok|sane|reasonable|correct|right)|lgtm|nice|great|good|fine|tested|for the|fwiw|feel free|ack|this (?:looks|is) (?:good|fine|nice|ok|how i would)|with (?:this|that)|so:?$|hence|therefore|otherwise|all good|no objections?|makes sense|seems (?:good|fine|ok|reasonable|sane)|other than that|apart from that|i think (?:this|it) (?:is|looks) (?:good|fine|ready|ok)|i (?:really )?like|works (?:here|for me|fine)|i'?m (?:fine|ok|happy) with|strong(?:ly)? ack|they (?:are|look) (?:really |very )?(?:nice|good|great|fine)|i (?:have )?tested|(?:really )?nice)/i;

/**
 * A lead-in to a trailer that asks for nothing: "Thanks, looks good to me:", "Tested on my board".
 * Anything more — "It's just a move of the existing code… but I would expect someone converts this",
 * "For future patches: prefix AF_XDP work with …" — is a comment beside the trailer.
 */
function approvesOnly(text: string): boolean {
  if (!text) return true;
  if (text.length > 200 || /\bbut\b|\?/i.test(text)) return false;
  const kind = commentKind(text);
  if (kind !== 'ack' && kind !== 'remark') return false;
  return text.split(/(?<=[.!:])\s+|\n+/).every((s) => !s.trim() || APPROVAL.test(s.trim()) || /^[-=*_~.!:)(]+$/.test(s.trim()));
}

/** One root turn → one comment, or several when answers sit between its paragraphs. */
function commentsOf(root: Root, children: Map<Turn, Array<{ turn: Turn; line: number }>>, side: AuthorSide): Comment[] {
  const { turn } = root;
  const answers = [...(children.get(turn) ?? [])].sort((a, b) => a.line - b.line || order(a.turn, b.turn));
  const lastLine = lastContentLine(turn.lines);
  // No cut before a tail of link references ("[0] Documentation/leds/leds-class.rst"): they
  // belong to the text that cites them.
  const cuts = turn.report ? [] : [...new Set(answers.map((a) => a.line).filter((line) => line < lastLine && hasTextAfter(turn.lines, line) && !onlyReferencesAfter(turn.lines, line)))];
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
    const verdict = conversationStatus(flatten(replies), authorKnown(side, author), text);
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
    const { kept, raised } = splitThirdVoices(comment.replies, side);
    comments.push(raised.length ? { ...comment, replies: kept, ...statusOf(kept, side, author, text) } : comment);
    for (const r of raised) {
      const replies = r.replies.map((x) => withRoles(x, side, r.author));
      comments.push({
        messageId: r.messageId,
        author: r.author,
        date: r.date,
        text: r.text,
        kind: commentKind(r.text),
        ...statusOf(replies, side, r.author, r.text),
        anchor,
        replies,
        confidence: comment.confidence ?? 1,
        ...(r.quoteRecovered ? { quoteRecovered: true } : {}),
      });
    }
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

function statusOf(replies: Reply[], side: AuthorSide, commenter: Person, text: string): Pick<Comment, 'status' | 'statusReason'> {
  const verdict = conversationStatus(flatten(replies), authorKnown(side, commenter), text);
  return { status: verdict.status, statusReason: verdict.reason };
}

/**
 * Another reviewer's question or request in the middle of a conversation is that reviewer's own
 * comment on the same line, with its own answers and status (Krzysztof Kozlowski asking "Which
 * binding is this?" under the author's answer to Lee Jones): it goes on their open items, not on
 * Lee's. Returns the conversation without them, and them with their answers.
 */
function splitThirdVoices(replies: Reply[], side: AuthorSide): { kept: Reply[]; raised: Reply[] } {
  const raised: Reply[] = [];
  const walk = (list: Reply[]): Reply[] =>
    list.flatMap((r) => {
      // Not a third voice that answers ("Correct. led_access mutex was introduced to …": Jacek
      // Anaszewski explaining to the reviewer), only one that asks or requests.
      const asks =
        r.role === 'other' && !speaksForPatch(side, r.author) && (r.kind === 'question' || r.kind === 'request') && !ANSWERS_FIRST.test(r.text);
      if (asks) {
        raised.push(r);
        return [];
      }
      const below = walk(r.replies);
      return [below.length === r.replies.length && below.every((b, i) => b === r.replies[i]) ? r : { ...r, replies: below }];
    });
  const kept = walk(replies);
  return { kept, raised };
}

const ANSWERS_FIRST = /^\s*(?:correct|right|yes|yep|indeed|exactly|true|agreed?|no\b|nope|ok(?:ay)?\b|ah\b|well\b|actually|because|it'?s|that'?s|this is)/i;

/** A conversation with every speaker's role seen from another commenter. */
function withRoles(reply: Reply, side: AuthorSide, commenter: Person): Reply {
  return { ...reply, role: roleOf(side, commenter, reply.author), replies: reply.replies.map((r) => withRoles(r, side, commenter)) };
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
