// The few header fields the downloader needs from a raw mail (its Message-ID, to leave out mail
// already held), read without decoding the whole mail: a search can bring thousands of them.
import { cleanMessageId } from '../ingest/message-id.js';

// A header block longer than this is not read further: the Message-ID is near the top in practice,
// and a hostile mail must not make the reader scan megabytes for it.
const HEADER_LIMIT = 256 * 1024;

/** The value of the first `name:` field of the header block, folded lines joined; null when absent. */
export function headerField(bytes: Buffer, name: string): string | null {
  const text = bytes.subarray(0, HEADER_LIMIT).toString('latin1');
  const lines = text.split('\n');
  const wanted = `${name.toLowerCase()}:`;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '') return null;
    if (line.slice(0, wanted.length).toLowerCase() !== wanted) continue;
    let value = line.slice(wanted.length);
    // RFC 5322 §2.2.3: a line starting with white space continues the field above.
    while (i + 1 < lines.length && /^[ \t]/.test(lines[i + 1]!)) value += ` ${lines[++i]!.replace(/\r$/, '').trim()}`;
    return value.trim();
  }
  return null;
}

export function headerMessageId(bytes: Buffer): string | null {
  return cleanMessageId(headerField(bytes, 'message-id'));
}
