// To and Cc of a mail, read from its raw header block. decode.ts hides these fields from mailparser
// (parsing every address of a kernel Cc list was a third of its time on linux-leds); a reply-all
// needs them, so they are read here with nodemailer's address parser, which is the cheap part.
import addressparser from 'nodemailer/lib/addressparser';
import libmime from 'libmime';
import type { Person } from '../model.js';

export interface Recipients {
  to: Person[];
  cc: Person[];
}

/** The header block of a raw mail, folded lines joined, as text (8-bit names read as UTF-8). */
function headerFields(bytes: Buffer, names: ReadonlySet<string>): Map<string, string[]> {
  let end = bytes.indexOf('\n\n');
  const crlf = bytes.indexOf('\r\n\r\n');
  if (crlf >= 0 && (end < 0 || crlf < end)) end = crlf;
  const head = bytes.toString('utf8', 0, end < 0 ? bytes.length : end).replace(/\r\n/g, '\n');
  const fields = new Map<string, string[]>();
  let current: string[] | null = null;
  let index = -1;
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line)) {
      if (current && index >= 0) current[index] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
    if (!names.has(name)) {
      current = null;
      continue;
    }
    current = fields.get(name) ?? [];
    fields.set(name, current);
    index = current.push(line.slice(colon + 1).trim()) - 1;
  }
  return fields;
}

function people(values: string[] | undefined): Person[] {
  const out: Person[] = [];
  for (const value of values ?? []) {
    for (const a of addressparser(value, { flatten: true })) {
      const address = (a.address ?? '').trim();
      let name = a.name ?? '';
      try {
        name = libmime.decodeWords(name);
      } catch {
        // An encoded word in an unknown charset: the name as written is still a name.
      }
      if (address || name) out.push({ name: name.replace(/\s+/g, ' ').trim(), address });
    }
  }
  return out;
}

const WANTED = new Set(['to', 'cc']);

/** To and Cc as people; empty lists when the mail has none. */
export function readRecipients(bytes: Buffer): Recipients {
  const fields = headerFields(bytes, WANTED);
  return { to: people(fields.get('to')), cc: people(fields.get('cc')) };
}
