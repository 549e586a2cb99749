// Big mboxes for the memory bench, made from real mail: the linux-leds archive written out as many
// times as it takes to reach the number of messages asked for. Each copy after the first gets its
// own Message-IDs (and the In-Reply-To/References that point at them), so its threads stay apart
// and nothing collapses as a duplicate; the mails themselves are untouched.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { splitMbox } from '../ingest/mbox.js';

const ID_HEADER = /^(?:message-id|in-reply-to|references)\s*:/i;

function mails(source: string): AsyncGenerator<{ bytes: Buffer }> {
  const file = createReadStream(source, { highWaterMark: 1 << 20 });
  return splitMbox(source.endsWith('.gz') ? file.pipe(createGunzip()) : file);
}

/** The mail with every Message-ID in its ID headers given the copy's suffix. */
export function copyOfMail(bytes: Buffer, copy: number): Buffer {
  if (copy === 0) return bytes;
  let end = bytes.indexOf('\n\n');
  if (end < 0) end = bytes.length;
  const lines = bytes.toString('latin1', 0, end).split('\n');
  let inIdHeader = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Folded References continue on lines that start with white space.
    if (!/^[ \t]/.test(line)) inIdHeader = ID_HEADER.test(line);
    if (!inIdHeader) continue;
    lines[i] = /</.test(line)
      ? line.replace(/<([^<>\s]*)>/g, `<$1.copy${copy}>`)
      : line.replace(/^(message-id\s*:\s*)(\S+)/i, `$1$2.copy${copy}`);
  }
  // Mails without a Message-ID are named by a hash of their bytes: this header keeps copies apart.
  lines.push(`X-Mlreview-Bench-Copy: ${copy}`);
  return Buffer.concat([Buffer.from(lines.join('\n'), 'latin1'), bytes.subarray(end)]);
}

/** mboxrd: a body line reading "From " (after any ">") gets one more ">", as splitMbox removes one. */
function escapeFromLines(bytes: Buffer): Buffer {
  if (bytes.indexOf('From ') < 0) return bytes;
  return Buffer.from(bytes.toString('latin1').replace(/^(>*From )/gm, '>$1'), 'latin1');
}

async function write(out: WriteStream, chunk: Buffer | string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Writes `messages` mails from `source` to `target` as an mbox; returns its size in bytes. */
export async function writeBigMbox(source: string, target: string, messages: number): Promise<number> {
  const out = createWriteStream(target);
  let written = 0;
  for (let copy = 0; written < messages; copy++) {
    const before = written;
    for await (const mail of mails(source)) {
      if (written >= messages) break;
      await write(out, 'From mlreview-bench Thu Jan  1 00:00:00 2026\n');
      const bytes = escapeFromLines(copyOfMail(mail.bytes, copy));
      await write(out, bytes);
      // The blank line before the next From_ line is the separator's, which splitMbox took off.
      await write(out, bytes[bytes.length - 1] === 0x0a ? '\n' : '\n\n');
      written++;
    }
    if (written === before) throw new Error(`bench: ${source} holds no mail`);
  }
  out.end();
  await once(out, 'finish');
  return out.bytesWritten;
}
