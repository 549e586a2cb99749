// A comment drawn as a card under the line it talks about: who, when, what kind, its status badge,
// the words wrapped to the width, and the conversation nested below (answers, follow-ups).
import type { Comment, Person, Reply, Role, StatusReason } from '../model.js';
import { displayWidth, safeLine, terminalSafe, truncateToWidth, wrapToWidth } from './sanitize.js';
import { fitSegments, type Row, type Segment } from './row.js';
import { kindLabel, statusLabel } from './theme.js';
import { nextVersionBadge } from './versions-panel.js';

/** Replies deeper than this are drawn at this depth, so a long back-and-forth keeps its width. */
const MAX_NESTING = 6;
const NEST = 2;
// ASCII for the same reason as the hunk gutter (rows.ts): card bodies are a third of the rows.
const BAR = '| ';

export function personName(person: Person): string {
  return safeLine(person.name || person.address || 'unknown');
}

/** `2019-08-27 20:33` (UTC) from an ISO date; '' when the mail had none. */
export function shortDate(iso: string | null): string {
  if (iso === null) return '';
  return iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso;
}

/** `2019-08-27`: the day is what a card needs; the minute is in the patch header and the exports. */
export function day(iso: string | null): string {
  return iso === null ? 'undated' : iso.slice(0, 10);
}

/** " (author)", " (co-author)", " (reviewer)": who speaks, seen from the comment; nothing for others. */
export function roleLabel(role: Role): string {
  return role === 'other' ? '' : ` (${role})`;
}

/**
 * Why the comment has its status, in one line: "the author agreed — Ben Luo: “I will fix this in
 * next version.”". A reviewer opens a card for this; it must not need the whole conversation read.
 */
export function reasonLine(reason: StatusReason): string {
  const who = reason.by ? `${safeLine(reason.by.name || reason.by.address)}: ` : '';
  return reason.sentence ? `${reason.why} — ${who}“${safeLine(reason.sentence)}”` : reason.why;
}

function countReplies(replies: Reply[]): number {
  return replies.reduce((n, r) => n + 1 + countReplies(r.replies), 0);
}

/** The text's lines, safe and without the blank runs mail clients leave around signatures. */
function paragraphs(text: string): string[] {
  const lines = terminalSafe(text).split('\n').map((l) => safeLine(l).trimEnd());
  const out: string[] = [];
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

interface CardContext {
  comment: Comment;
  indent: string;
  width: number;
}

function textRows(ctx: CardContext, lead: string, text: string, as: Row['kind'] | 'meta', turn?: Reply): Row[] {
  const kind: Row['kind'] = as === 'meta' ? 'comment' : as;
  const room = Math.max(8, ctx.width - displayWidth(ctx.indent) - displayWidth(BAR) - displayWidth(lead));
  const rows: Row[] = [];
  for (const line of paragraphs(text)) {
    // A reply that still quotes the text it answers: keep the quote, but quiet.
    const tone = line.startsWith('>') || as === 'meta' ? 'meta' : kind === 'reply' ? 'reply' : 'comment';
    for (const part of wrapToWidth(line, room, 'prose')) {
      rows.push({ kind, comment: ctx.comment, ...(turn ? { turn } : {}), segments: bar(ctx, lead, [{ text: part, tone }]) });
    }
  }
  return rows;
}

function bar(ctx: CardContext, lead: string, rest: Segment[]): Segment[] {
  const segments: Segment[] = [
    { text: ctx.indent, tone: 'plain' },
    { text: BAR, tone: 'gutter' },
    ...(lead ? [{ text: lead, tone: 'plain' as const }] : []),
    ...rest,
  ];
  return fitSegments(segments, ctx.width, displayWidth, truncateToWidth);
}

function replyRows(ctx: CardContext, replies: Reply[], depth: number): Row[] {
  const rows: Row[] = [];
  const lead = ' '.repeat(Math.min(depth, MAX_NESTING) * NEST);
  for (const reply of replies) {
    const head: Segment[] = [
      { text: '↳ ', tone: 'gutter' },
      { text: personName(reply.author), tone: 'author' },
      { text: roleLabel(reply.role), tone: 'date' },
      { text: ` · ${day(reply.date)} · `, tone: 'date' },
      { text: kindLabel(reply.kind), tone: 'kind' },
      ...(reply.quoteRecovered ? [{ text: ' · quote rebuilt', tone: 'warning' as const }] : []),
      ...(reply.draft ? [{ text: ' · draft, not sent', tone: 'warning' as const }] : []),
    ];
    rows.push({ kind: 'reply', comment: ctx.comment, turn: reply, segments: bar(ctx, lead.slice(NEST), head) });
    rows.push(...textRows(ctx, lead, reply.text, 'reply', reply));
    rows.push(...replyRows(ctx, reply.replies, depth + 1));
  }
  return rows;
}

/**
 * The rows of one comment card. Folded, it keeps its header and first line and says how many
 * replies it hides; a comment is never folded out of sight.
 */
export function cardRows(comment: Comment, indentWidth: number, width: number, folded: boolean): Row[] {
  const ctx: CardContext = { comment, indent: ' '.repeat(Math.max(0, indentWidth)), width };
  const replies = countReplies(comment.replies);
  const head: Segment[] = [
    { text: folded ? '▸ ' : '▾ ', tone: 'gutter' },
    { text: personName(comment.author), tone: 'author' },
    { text: ` · ${day(comment.date)} · `, tone: 'date' },
    { text: kindLabel(comment.kind), tone: 'kind' },
    { text: ' ', tone: 'plain' },
    { text: ` ${statusLabel(comment.status)} `, tone: comment.status },
  ];
  const badge = nextVersionBadge(comment.nextVersion);
  if (badge !== null) head.push({ text: ` · ${badge}`, tone: comment.nextVersion?.state === 'unchanged' ? 'warning' : 'fold' });
  if (comment.quoteRecovered) head.push({ text: ' · quote rebuilt', tone: 'warning' });
  if (comment.draft) head.push({ text: ' · draft, not sent', tone: 'warning' });
  if (comment.confidence !== undefined && comment.confidence < 0.5) {
    head.push({ text: ' · placement uncertain', tone: 'warning' });
  }
  if (replies > 0) {
    head.push({ text: ` · ${replies} ${replies === 1 ? 'reply' : 'replies'}${folded ? ' hidden' : ''}`, tone: 'fold' });
  }
  const rows: Row[] = [{ kind: 'comment', head: true, comment, segments: bar(ctx, '', head) }];
  const body = textRows(ctx, '', comment.text, 'comment');
  if (folded) {
    rows.push(...body.slice(0, 1));
    if (body.length > 1) {
      rows.push({ kind: 'fold', comment, segments: bar(ctx, '', [{ text: `… ${body.length - 1} more lines`, tone: 'fold' }]) });
    }
  } else rows.push(...body);
  // Why the badge says what it says: the status is what a reviewer opens the card for, so the
  // deciding sentence shows even when the conversation is folded away.
  rows.push(...textRows(ctx, '', `why ${comment.status}: ${reasonLine(comment.statusReason)}`, 'meta'));
  if (comment.conditionalTrailer) {
    const t = comment.conditionalTrailer;
    rows.push(...textRows(ctx, '', `trailer on condition (${t.condition ?? 'once this is fixed'}): ${t.name}: ${t.value}`, 'meta'));
  }
  if (!folded) rows.push(...replyRows(ctx, comment.replies, 1));
  return rows;
}
