// Splits an mbox stream into raw messages without ever holding the whole file in memory.
//
// A line starting with "From " separates messages only when it looks like a real From_ line
// ("From sender date", as mutt, public-inbox and git format-patch write it) and starts the file or
// follows a blank line: mboxo archives leave unescaped "From " lines inside bodies, and those are
// body text. Unescaping follows mboxrd (">From " → "From ", ">>From " → ">From "), which is also
// right for mboxo writers since they only ever add one ">".
import type { Readable } from 'node:stream';

/** One message's bytes as the mbox holds them, From_ line removed and >From unescaped. */
export interface RawMail {
  bytes: Buffer;
  /** Byte offset of the From_ line in the (decompressed) stream. */
  offset: number;
}

const NL = 0x0a;

// "From " + something + a 4-digit year somewhere: covers
// "From MAILER-DAEMON Fri Jul  8 12:08:34 2011", "From 8f3e... Mon Sep 17 00:00:00 2001",
// "From luoben@linux.alibaba.com Thu Aug 22 23:34:43 2019". Linear: no nested quantifiers.
const FROM_LINE = /^From [^ \r\n]+ [^\r\n]*\d{4}/;

/** True when the line (without line end) is a plausible From_ separator. */
export function isFromLine(line: string): boolean {
  return line.startsWith('From ') && FROM_LINE.test(line);
}

/** Removes one `>` from `>From `, `>>From `… lines (mboxrd). */
function unescapeFromLines(bytes: Buffer): Buffer {
  // Fast path: most messages hold no escaped From_ line at all.
  if (bytes.indexOf('>From ') < 0) return bytes;
  const text = bytes.toString('latin1');
  const out = text.replace(/^>(>*From )/gm, '$1');
  return Buffer.from(out, 'latin1');
}

/**
 * Streams raw messages out of an mbox. Works on chunks of any size; the memory held is the message
 * being assembled plus one chunk. Body bytes are moved in bulk: only lines that start with "From "
 * are looked at one by one, which keeps the splitter near raw read speed.
 */
export async function* splitMbox(stream: AsyncIterable<Buffer> | Readable): AsyncGenerator<RawMail> {
  let parts: Buffer[] = []; // bytes of the message being assembled
  let started = false; // a message (or a From_-less preamble) is being assembled
  let messageStart = 0;
  let buf: Buffer<ArrayBufferLike> = Buffer.alloc(0); // bytes not yet moved into parts
  let base = 0; // stream offset of buf[0]
  let before: Buffer<ArrayBufferLike> = Buffer.from('\n\n'); // the two bytes before buf[0]: the stream start counts as blank lines

  const byteAt = (i: number): number => (i >= 0 ? buf[i] : before[before.length + i]);
  const blankLineBefore = (lineStart: number): boolean => {
    if (byteAt(lineStart - 1) !== NL) return false;
    const b = byteAt(lineStart - 2);
    return b === NL || (b === 0x0d && byteAt(lineStart - 3) === NL) || base + lineStart <= 1;
  };
  const take = (end: number): void => {
    if (end <= 0) return;
    const slice = buf.subarray(0, end);
    if (started || hasContent(slice)) {
      started = true;
      parts.push(Buffer.from(slice));
    }
    before = Buffer.concat([before, slice.subarray(-3)]).subarray(-3);
    buf = buf.subarray(end);
    base += end;
  };
  const finish = (): RawMail | null => {
    if (!started) return null;
    let bytes: Buffer = Buffer.concat(parts);
    parts = [];
    // The blank line before the next From_ line belongs to the separator, not to the body.
    bytes = dropFinalBlankLine(bytes);
    return { bytes: unescapeFromLines(bytes), offset: messageStart };
  };

  const scan = function* (final: boolean): Generator<RawMail> {
    let search = 0;
    for (;;) {
      let lineStart = -1;
      if (search === 0 && buf.length >= 5 && buf.toString('latin1', 0, 5) === 'From ' && byteAt(-1) === NL) {
        lineStart = 0;
      } else {
        const i = buf.indexOf('\nFrom ', Math.max(search - 1, 0));
        if (i >= 0) lineStart = i + 1;
      }
      if (lineStart < 0) break;
      let eol = buf.indexOf(NL, lineStart);
      if (eol < 0) {
        if (!final) {
          take(lineStart); // keep the incomplete line for the next chunk
          return;
        }
        eol = buf.length;
      }
      const line = buf.toString('latin1', lineStart, Math.min(eol, lineStart + 400)).replace(/\r$/, '');
      // The first line of the file is a separator whatever follows "From " (fuzzed and hand-cut
      // mboxes write "From nobody" or "From pat016" with no date).
      const atFileStart = base + lineStart === 0;
      if (atFileStart || (blankLineBefore(lineStart) && isFromLine(line))) {
        take(lineStart);
        eol -= lineStart; // take() moved buf to start at the From_ line
        const mail = finish();
        if (mail) yield mail;
        started = true;
        messageStart = base;
        const skip = Math.min(eol + 1, buf.length);
        before = Buffer.concat([before, buf.subarray(Math.max(skip - 3, 0), skip)]).subarray(-3);
        buf = buf.subarray(skip);
        base += skip;
        search = 0;
      } else {
        search = eol + 1;
      }
    }
    // Everything up to the last line start that cannot begin a separator can move now.
    const lastNl = buf.lastIndexOf(NL);
    take(final ? buf.length : lastNl + 1);
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    yield* scan(false);
  }
  yield* scan(true);
  const last = finish();
  if (last) yield last;
}

function hasContent(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== NL && b !== 0x0d && b !== 0x20 && b !== 0x09) return true;
  return false;
}

function dropFinalBlankLine(bytes: Buffer): Buffer {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === NL) {
    let e = end - 1;
    if (e > 0 && bytes[e - 1] === 0x0d) e--;
    if (e > 0 && bytes[e - 1] === NL) return bytes.subarray(0, e);
  }
  return bytes;
}

/**
 * The mail of one mbox segment (its From_ line up to the next one, as the index records it), cut and
 * unescaped exactly as `splitMbox` cuts it from the whole file.
 */
export function splitOne(segment: Buffer): Buffer {
  const eol = segment.indexOf(NL);
  const content = eol < 0 ? Buffer.alloc(0) : segment.subarray(eol + 1);
  return unescapeFromLines(dropFinalBlankLine(content));
}
