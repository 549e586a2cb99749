// Sending the outbox: each draft goes out on its own; one that is sent leaves the outbox, one that
// fails stays there with the error, so nothing the user wrote is lost to a dropped connection.
import addressparser from 'nodemailer/lib/addressparser';
import { decodedHeader, headerValue, markFailed, type OutboxEntry, removeDraft, withoutOutboxHeaders } from '../outbox/outbox.js';
import type { Envelope, Sender } from './transport.js';

export interface Delivery {
  messageId: string;
  subject: string;
  /** null when sent. */
  error: string | null;
}

// An address that starts with "-" would be an option to a sendmail command, and the addresses come
// from mail anyone can write: only plain local@domain goes on the envelope.
const ENVELOPE_ADDRESS = /^[^\s@<>"'\\-][^\s@<>"'\\]*@[^\s@<>"'\\-][^\s@<>"'\\]*$/;

function addresses(raw: string, field: string): string[] {
  const value = headerValue(raw, field);
  const found = value ? addressparser(value, { flatten: true }).map((a) => a.address).filter(Boolean) : [];
  const bad = found.find((a) => !ENVELOPE_ADDRESS.test(a));
  if (bad !== undefined) throw new Error(`${field}: not a mail address: ${JSON.stringify(bad)}`);
  return found;
}

/** Envelope of a composed mail: its From, and everyone on To and Cc (Bcc never appears in a draft). */
export function envelopeOf(raw: string): Envelope {
  const [from] = addresses(raw, 'From');
  const to = [...new Set([...addresses(raw, 'To'), ...addresses(raw, 'Cc')])];
  if (!from) throw new Error('the draft has no From address');
  if (to.length === 0) throw new Error('the draft has no recipient (To or Cc)');
  return { from, to };
}

export async function deliver(
  entries: OutboxEntry[],
  sender: Sender,
  outbox: string | null,
  onDelivery: (d: Delivery) => void = () => undefined,
): Promise<Delivery[]> {
  const results: Delivery[] = [];
  try {
    for (const entry of entries) {
      const subject = decodedHeader(entry.raw, 'Subject');
      let error: string | null = null;
      try {
        const raw = withoutOutboxHeaders(entry.raw);
        await sender.send(raw, envelopeOf(raw));
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      if (outbox !== null) {
        if (error === null) await removeDraft(outbox, entry.messageId);
        else await markFailed(outbox, entry.messageId, error);
      }
      const delivery = { messageId: entry.messageId, subject, error };
      results.push(delivery);
      onDelivery(delivery);
    }
  } finally {
    sender.close();
  }
  return results;
}
