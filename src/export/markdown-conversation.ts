// One review comment and its conversation as Markdown: who said it, when (linked to the archive
// page), its status, the words as a block quote, and the answers nested under it as a list.
import type { Comment, Message, Person, Reply, Role, StatusReason } from '../model.js';
import { codeSpan, escapeInline } from './markdown-escape.js';
import { mailTextMarkdown } from './markdown-mail-text.js';
import { messageUrl } from './message-link.js';

/** What rendering a conversation needs besides the comment: where links go, which mails were rebuilt. */
export interface ConversationContext {
  linkBase: string;
  /** Every message of the review by Message-ID, to know which ones were rebuilt from quotes. */
  messages: ReadonlyMap<string, Message>;
}

/** Past this depth answers are drawn at the same level: a list nested deeper reads as noise. */
const MAX_REPLY_DEPTH = 5;
const LIST_INDENT = '  ';
/** Below this confidence the reader is told the comment may sit on the wrong line or speaker. */
const UNCERTAIN = 0.6;

/** `Alex Williamson`, or the address when the archive kept no name. */
export function personLabel(person: Person): string {
  const name = person.name.trim() || person.address.trim();
  return name === '' ? 'unknown sender' : name;
}

/** `2019-08-27 20:33 UTC`: the model's dates are ISO 8601 in UTC. */
export function formatDate(date: string | null): string {
  if (date === null) return 'date unknown';
  const parsed = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(date);
  return parsed ? `${parsed[1]} ${parsed[2]} UTC` : date;
}

/** The archive URL of a message, none for synthetic ids and messages rebuilt from quotes. */
export function urlOf(messageId: string, ctx: ConversationContext): string | null {
  return messageUrl(messageId, ctx.linkBase, ctx.messages.get(messageId)?.reconstructed === true);
}

/**
 * `**Name** · [date](url)`; the date is the link so every message has exactly one. `rebuilt` marks a
 * message the archive does not hold even when the model has no Message for it (a rebuilt patch).
 */
export function byline(
  author: Person,
  date: string | null,
  messageId: string,
  ctx: ConversationContext,
  rebuilt = false,
  role: Role | null = null,
): string {
  const isRebuilt = rebuilt || ctx.messages.get(messageId)?.reconstructed === true;
  const url = isRebuilt ? null : urlOf(messageId, ctx);
  const when = escapeInline(formatDate(date));
  const dated = url === null ? when : `[${when}](${url})`;
  const note = isRebuilt ? ' · *rebuilt from quotes, not in the archive*' : '';
  const as = role && role !== 'other' ? ` (${role})` : '';
  return `**${escapeInline(personLabel(author))}**${as} · ${dated}${note}`;
}

/**
 * HTML anchor of a rendered comment, the target of the open-items list. It carries `name` as well as
 * `id`: GitHub's sanitizer keeps `name` (prefixed `user-content-`, which its page script resolves).
 */
export function commentAnchorId(index: number): string {
  return `comment-${index}`;
}

/** The comment (with `<a id>` so the open-items list can link to it), its text, its answers. */
export function commentMarkdown(comment: Comment, anchorId: string, ctx: ConversationContext): string[] {
  const notes: string[] = [codeSpan(comment.status), `*${comment.kind}*`];
  if (comment.quoteRecovered) notes.push('*quote markers rebuilt from a web page*');
  if (comment.confidence !== undefined && comment.confidence < UNCERTAIN) notes.push('*placement uncertain*');
  const head = `<a id="${anchorId}" name="${anchorId}"></a>${byline(comment.author, comment.date, comment.messageId, ctx)} · ${notes.join(' · ')}`;
  const out = [head, '', `*Why ${comment.status}:* ${reasonMarkdown(comment.statusReason)}`];
  if (comment.conditionalTrailer) {
    const t = comment.conditionalTrailer;
    out.push('', `*Trailer on condition:* ${escapeInline(`${t.name}: ${t.value}`)} — “${escapeInline(t.condition ?? '')}”`);
  }
  out.push('', ...quoted(comment.text));
  for (const reply of comment.replies) out.push('', ...replyMarkdown(reply, 1, ctx));
  return out;
}

/** "the author agreed — **Ben Luo**: “I will fix this in next version.”" */
function reasonMarkdown(reason: StatusReason): string {
  if (!reason.sentence) return escapeInline(reason.why);
  const who = reason.by ? `${escapeInline(personLabel(reason.by))}: ` : '';
  return `${escapeInline(reason.why)} — ${who}“${escapeInline(reason.sentence)}”`;
}

function replyMarkdown(reply: Reply, depth: number, ctx: ConversationContext): string[] {
  const notes = [`*${reply.kind}*`];
  if (reply.quoteRecovered) notes.push('*quote markers rebuilt from a web page*');
  const body = [`${byline(reply.author, reply.date, reply.messageId, ctx, false, reply.role)} · ${notes.join(' · ')}`, '', ...quoted(reply.text)];
  const nested: string[] = [];
  for (const child of reply.replies) {
    nested.push('', ...replyMarkdown(child, depth + 1, ctx));
  }
  if (depth >= MAX_REPLY_DEPTH) {
    // Too deep to nest again: this answer and its own answers become siblings at this level.
    return [...listItem(body), ...nested];
  }
  return listItem([...body, ...nested]);
}

function quoted(text: string): string[] {
  const lines = mailTextMarkdown(text);
  if (lines.length === 0) return ['> *(no text)*'];
  return lines.map((line) => (line === '' ? '>' : '> ' + line));
}

function listItem(lines: string[]): string[] {
  return lines.map((line, i) => (i === 0 ? '- ' + line : line === '' ? '' : LIST_INDENT + line));
}
