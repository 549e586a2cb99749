// The header pass: a mail's threading and listing fields (Message-ID, References, Subject, From,
// Date) without decoding its MIME body. simpleParser spends most of its time per mail setting up
// streams, not in the body: on linux-leds a headers-only simpleParser run took as long as the full
// decode (16 s). Here the header block goes through the same two pieces simpleParser uses —
// mailsplit's `Headers` for the lines, MailParser's `processHeaders` for the values — and then
// through decode.ts's own `toMessage`, so every field is the one the full decode gives.
import { Headers } from '@zone-eu/mailsplit';
import { MailParser, type ParsedMail } from 'mailparser';
import type { Origin } from '../model.js';
import { errorText, looksLikeHeaders, toMessage, withoutUnusedHeaders, type Decoded, type RecipientFields } from './decode.js';

interface HeaderLine {
  key: string;
  line: string;
}

// `processHeaders` is MailParser's own header decoding (encoded words, addresses, dates, ids); it is
// marked internal, so its type is declared here rather than cast at every call.
interface HeaderProcessor {
  processHeaders(lines: HeaderLine[]): Map<string, unknown>;
}

// mailsplit refuses a header block over 1 MiB (MAX_HEAD_SIZE); the full decode then fails, and so
// must the header pass, or the index would thread a mail the review cannot show.
const MAX_HEAD_SIZE = 1024 * 1024;

// simpleParser copies these header values onto the mail under camel-case names (its own list, so a
// field toMessage starts reading — Reply-To for B4 Relay, To/Cc for replies — is there too).
const COPIED = ['subject', 'references', 'date', 'to', 'from', 'cc', 'bcc', 'message-id', 'in-reply-to', 'reply-to'] as const;

let processor: HeaderProcessor | null = null;

/** The mail's Message fields with an empty body. Never throws, like decodeMail. */
export function decodeHeaders(bytes: Buffer, origin: Origin): Decoded {
  const where = `${origin.path}:${origin.where}`;
  if (!looksLikeHeaders(bytes)) {
    return { problem: { where, reason: 'not a mail: no header block (expected "Name: value" lines)' } };
  }
  const recipients: RecipientFields = { to: [], cc: [] };
  const block = headerBlock(withoutUnusedHeaders(bytes, recipients));
  if (block.length > MAX_HEAD_SIZE) return { problem: { where, reason: 'mail could not be decoded: Max header size for a MIME node exceeded' } };
  try {
    // One parser serves every mail: processHeaders keeps no state between calls.
    processor ??= new MailParser() as unknown as HeaderProcessor;
    const lines = new Headers(block).getList() as HeaderLine[];
    const headers = processor.processHeaders(lines);
    const parsed: Record<string, unknown> = { headers, headerLines: lines, attachments: [] };
    for (const key of COPIED) {
      if (headers.has(key)) parsed[key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = headers.get(key);
    }
    return { message: toMessage(parsed as unknown as ParsedMail, bytes, origin, recipients) };
  } catch (error) {
    return { problem: { where, reason: `mail headers could not be read: ${errorText(error)}` } };
  }
}

/** The bytes up to and including the first empty line ("\n" or "\r\n"), as mailsplit cuts them. */
function headerBlock(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length) {
    const eol = bytes.indexOf(0x0a, start);
    if (eol < 0) return bytes;
    const length = eol - start;
    if (length === 0 || (length === 1 && bytes[start] === 0x0d)) return bytes.subarray(0, eol + 1);
    start = eol + 1;
  }
  return bytes;
}
