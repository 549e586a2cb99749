// A draft as the mail that goes out, composed by nodemailer: encoded words for non-ASCII names,
// quoted-printable text (soft line breaks only: a long code line arrives unbroken), never
// format=flowed, a Message-ID of its own. nodemailer sends plain ASCII with short lines as 7bit and
// anything else as QP or base64 by its own measure (it has no 8bit for text); QP is forced so a
// mostly non-ASCII answer is still readable in a raw archive, never base64.
import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Person } from '../model.js';
import type { Draft } from './draft.js';

const address = (p: Person): { name: string; address: string } => ({ name: p.name, address: p.address });

/** `<20261207.mlreview.3f9c…@example.org>`: unique, and in the sender's own domain as RFC 5322 suggests. */
export function newMessageId(from: Person, now = new Date()): string {
  const domain = from.address.split('@')[1] || 'mlreview.invalid';
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `${day}.mlreview.${randomBytes(8).toString('hex')}@${domain}`;
}

export interface MailOptions {
  messageId: string;
  date: Date;
  /** Headers only the outbox keeps (X-Mlreview-*); never given when the mail is sent. */
  extraHeaders?: Record<string, string>;
}

export function composeMail(draft: Draft, options: MailOptions): Promise<Buffer> {
  const composer = new MailComposer({
    from: address(draft.from),
    to: draft.to.map(address),
    cc: draft.cc.map(address),
    subject: draft.subject,
    inReplyTo: draft.inReplyTo ? `<${draft.inReplyTo}>` : undefined,
    references: draft.references.map((id) => `<${id}>`),
    messageId: `<${options.messageId}>`,
    date: options.date,
    text: draft.body,
    textEncoding: 'quoted-printable',
    headers: options.extraHeaders,
    // Nothing in a draft may make the composer read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    xMailer: false,
  });
  return new Promise((resolve, reject) => composer.compile().build((error, message) => (error ? reject(error) : resolve(message))));
}
