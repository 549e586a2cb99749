// What the index keeps of each mail: the header pass's message without its body and origin, or why
// the mail is left out — one JSON text per row, the same for an mbox and a Maildir — and the message
// read back from it under the origin the mail has today (a Maildir file may have been renamed since).
import type { Message, Origin } from '../model.js';
import type { Decoded } from '../ingest/decode.js';

interface Head {
  m?: Omit<Message, 'body' | 'origin'>;
  p?: { reason: string };
}

export function headOf(decoded: Decoded): string {
  if ('problem' in decoded) return JSON.stringify({ p: { reason: decoded.problem.reason } } satisfies Head);
  const { body: _body, origin: _origin, ...fields } = decoded.message;
  return JSON.stringify({ m: fields } satisfies Head);
}

/** The row's message (body empty, read later) or the problem that leaves its mail out. */
export function fromHead(head: string, origin: Origin): Decoded {
  const parsed = JSON.parse(head) as Head;
  if (parsed.m) return { message: { ...parsed.m, body: '', origin } };
  return { problem: { where: `${origin.path}:${origin.where}`, reason: parsed.p?.reason ?? 'mail could not be decoded', leftOut: true } };
}
