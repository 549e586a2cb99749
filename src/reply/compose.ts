// A reply to what the reviewer points at — a line of a patch, a comment, a turn of a conversation,
// a whole mail — or a trailer given to a patch or (from its cover letter) to a series.
import { recipientsOf } from '../ingest/recipients.js';
import type { Comment, Message, Patch, Person, Reply, Thread } from '../model.js';
import { type ComposedDraft, type Draft, replyAll, replySubject, formatPerson } from './draft.js';
import { attributionLine, commentQuote, mailQuote, patchLineQuote, quoteLines, turnQuote } from './quote.js';

import type { TrailerKind } from './trailer-kinds.js';
export { TRAILER_KINDS, type TrailerKind } from './trailer-kinds.js';

const TRAILER_NAME: Record<TrailerKind, string> = {
  'reviewed-by': 'Reviewed-by',
  'acked-by': 'Acked-by',
  'tested-by': 'Tested-by',
};

/** What a reply answers. `file`, `hunk` and `line` index `patch.files[file].hunks[hunk].lines[line]`. */
export type ReplyTarget =
  | { kind: 'line'; patch: Patch; file: number; hunk: number; line: number }
  | { kind: 'comment'; comment: Comment }
  | { kind: 'turn'; comment: Comment; turn: Reply }
  | { kind: 'mail'; messageId: string }
  | { kind: 'trailer'; messageId: string; trailer: TrailerKind };

export class ReplyError extends Error {}

export function trailerLine(kind: TrailerKind, me: Person): string {
  return `${TRAILER_NAME[kind]}: ${formatPerson(me)}`;
}

/** The Message-ID the target's reply answers. */
export function answeredId(target: ReplyTarget): string {
  switch (target.kind) {
    case 'line':
      return target.patch.messageId;
    case 'comment':
      return target.comment.messageId;
    case 'turn':
      return target.turn.messageId;
    default:
      return target.messageId;
  }
}

function messageIn(thread: Thread, id: string): Message {
  const found = thread.messages.find((m) => m.message.id === id)?.message;
  if (!found) throw new ReplyError(`<${id}> is not in this thread's archive: there is no mail to answer`);
  if (found.reconstructed) throw new ReplyError(`<${id}> is not in the archive (only rebuilt from quotes): its headers are unknown`);
  return found;
}

/** The body: attribution, the quote, an empty line for the answer (the cursor), and what follows. */
function body(message: Message, quoted: string[], after: string[] = []): { text: string; cursor: number } {
  const head = [attributionLine(message.from, message.date), ...quoteLines(quoted), ''];
  const lines = [...head, '', ...after];
  return { text: `${lines.join('\n')}\n`, cursor: head.length };
}

export function composeReply(thread: Thread, target: ReplyTarget, me: Person): ComposedDraft {
  const message = messageIn(thread, answeredId(target));
  let text: { text: string; cursor: number };
  switch (target.kind) {
    case 'line':
      text = body(message, patchLineQuote(target.patch, target.file, target.hunk, target.line));
      break;
    case 'comment':
      text = body(message, commentQuote(target.comment));
      break;
    case 'turn':
      text = body(message, turnQuote(target.comment, target.turn));
      break;
    case 'mail':
      text = body(message, mailQuote(message));
      break;
    case 'trailer':
      // What b4 collects: the trailer alone on its line; the words above it are the user's to add.
      text = { text: `\n${trailerLine(target.trailer, me)}\n`, cursor: 0 };
      break;
  }
  const recipients = recipientsOf(message);
  const { to, cc } = replyAll(message.from, recipients.to, recipients.cc, me);
  const draft: Draft = {
    from: me,
    to,
    cc,
    subject: replySubject(message.subject),
    inReplyTo: message.id,
    references: [...message.references.filter((r) => r !== message.id), message.id],
    body: text.text,
  };
  return { draft, cursorLine: text.cursor };
}
