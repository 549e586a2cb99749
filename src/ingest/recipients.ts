// To and Cc of a mail as people, for a reply-all. decode.ts keeps the header values as text (parsing
// the addresses of every kernel Cc list was a third of mailparser's time on linux-leds); they are
// parsed here, with nodemailer's address parser, only for the mail being answered.
import addressparser from 'nodemailer/lib/addressparser';
import type { Message, Person } from '../model.js';
import { decodeWords } from './encoded-words.js';

export interface Recipients {
  to: Person[];
  cc: Person[];
}

/** People in an address header value: groups flattened, encoded-word names decoded. */
export function peopleIn(value: string | undefined): Person[] {
  const out: Person[] = [];
  for (const a of value ? addressparser(value, { flatten: true }) : []) {
    const address = (a.address ?? '').trim();
    const raw = a.name ?? '';
    const name = raw.includes('=?') ? decodeWords(raw) : raw;
    if (address || name) out.push({ name: name.replace(/\s+/g, ' ').trim(), address });
  }
  return out;
}

export function recipientsOf(message: Message): Recipients {
  return { to: peopleIn(message.to), cc: peopleIn(message.cc) };
}
