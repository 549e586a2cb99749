// Turns → review comments with their conversations.
//
// A turn that talks about a patch line (see target.ts) is a review comment anchored there; a turn
// that talks about another turn answers it (Ben's answer under Alex's comment, Alex's follow-up
// under Ben's answer, and so on at any depth). When answers sit between the paragraphs of one
// reviewer turn, the turn is cut there into separate comments, each with its own answers.
import type { Comment, Person, Reply } from '../model.js';
import { anchorAt, wholePatchAnchor } from './anchor.js';
import { commentKind, commentStatus, replyKind, type Turn as StatusTurn } from './classify.js';
import { turnText, type Turn } from './mail.js';
import type { TracedMail } from './origins.js';
import type { PatchText } from './patch-text.js';
import { samePerson } from './person.js';
import { targetOf } from './target.js';

interface Root {
  turn: Turn;
  text: PatchText;
  index: number | null;
  quoted: number[];
}

/** Comments per patch (or cover letter), built from every traced mail of a thread. */
export function buildComments(traced: readonly TracedMail[], authorOf: (text: PatchText) => Person | null): Map<PatchText, Comment[]> {
  const roots: Root[] = [];
  const children = new Map<Turn, Array<{ turn: Turn; line: number }>>();
  for (const t of traced) {
    for (const turn of t.mail.turns) {
      const target = targetOf(t, turn);
      if (target.kind === 'patch') roots.push({ turn, text: target.text, index: target.index, quoted: target.quoted });
      else if (target.kind === 'turn' && target.turn !== turn) {
        const list = children.get(target.turn) ?? [];
        list.push({ turn, line: target.line });
        children.set(target.turn, list);
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
  return result;
}

/** One root turn → one comment, or several when answers sit between its paragraphs. */
function commentsOf(root: Root, children: Map<Turn, Array<{ turn: Turn; line: number }>>, patchAuthor: Person | null): Comment[] {
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
      .map((a) => toReply(a.turn, children, patchAuthor, new Set([turn])));
    const comment: Comment = {
      messageId: message.id,
      author,
      date: message.date,
      text,
      // A short lead-in to a Reviewed-by/Acked-by is the approval itself.
      kind: turn.givesTrailer && text.length < 160 && !/\?/.test(text) ? 'ack' : commentKind(text),
      status: commentStatus(flatten(replies, author, patchAuthor)),
      anchor,
      replies,
      confidence: confidenceOf(turn, root),
    };
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

function toReply(turn: Turn, children: Map<Turn, Array<{ turn: Turn; line: number }>>, patchAuthor: Person | null, seen: Set<Turn>): Reply {
  const message = turn.mail.message;
  const text = turnText(turn);
  const nextSeen = new Set(seen).add(turn);
  const below = [...(children.get(turn) ?? [])]
    .filter((c) => !nextSeen.has(c.turn))
    .sort((a, b) => order(a.turn, b.turn) || a.line - b.line);
  const reply: Reply = {
    messageId: message.id,
    author: message.from,
    date: message.date,
    text,
    kind: replyKind(text, patchAuthor !== null && samePerson(message.from, patchAuthor)),
    replies: below.map((c) => toReply(c.turn, children, patchAuthor, nextSeen)),
  };
  if (message.quoteRecovered) reply.quoteRecovered = true;
  return reply;
}

/** Every turn of a conversation, for its status: who answered what. */
function flatten(replies: Reply[], commenter: Person, patchAuthor: Person | null): StatusTurn[] {
  const out: StatusTurn[] = [];
  const answerer = (p: Person): boolean =>
    patchAuthor && !samePerson(commenter, patchAuthor) ? samePerson(p, patchAuthor) : !samePerson(p, commenter);
  const walk = (list: Reply[]): void => {
    for (const r of list) {
      out.push({ text: r.text, byAnswerer: answerer(r.author), date: r.date });
      walk(r.replies);
    }
  };
  walk(replies);
  return out;
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
