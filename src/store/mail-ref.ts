// index → one mail's bytes: where a mail of an indexed archive is (its row's offset, length and sum),
// read back by whoever holds the reference — the session, or a worker linking threads (the row is
// a few numbers to post; the decoded mail it stands for is not).
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { fileErrorReason } from '../ingest/archive-error.js';
import { splitOne } from '../ingest/mbox.js';
import { contentHash } from './fingerprint.js';
import { IndexUnusable } from './index-db.js';

export interface MailRef {
  /** The archive as the user named it (what the mail's origin says). */
  path: string;
  format: 'mbox' | 'mbox.gz' | 'maildir';
  /** Its byte offset in the mbox; 0 in a Maildir. */
  offset: number;
  /** Maildir: the mail's file, which holds it whole, and its name in the Maildir (`cur/…`). */
  file?: { path: string; name: string };
  /** Bytes from its From_ line to the next one (plain mbox); 0 when `raw` holds it. */
  length: number;
  /** sha1 of the raw mail, checked against what is read. */
  hash: string;
  /** mbox.gz: the raw mail, deflated, as its index row keeps it. */
  raw: Buffer | Uint8Array | null;
}

/** Thrown when the archive no longer holds the bytes the index points at. */
export class ArchiveMoved extends IndexUnusable {}

/** The raw mail as decodeMail reads it; ArchiveMoved when the archive no longer holds it where its index says. */
export function rawMail(ref: MailRef): Buffer {
  const read = readMail(ref);
  if ('moved' in read) throw new ArchiveMoved(read.moved, true);
  return read.bytes;
}

/** The raw mail as decodeMail reads it, or why the archive no longer holds it where its index says (for a worker to post). */
export function readMail(ref: MailRef): { bytes: Buffer } | { moved: string } {
  if (ref.format === 'maildir') return fileMail(ref);
  const bytes = ref.format === 'mbox.gz' ? inflateRawSync(ref.raw ?? Buffer.alloc(0)) : mailAt(ref);
  if (contentHash(bytes) !== ref.hash) return { moved: `out of date (the mail at ${ref.path}:${ref.offset} is not the one indexed)` };
  return { bytes };
}

/** A Maildir's mail: its whole file, which may have gone or been rewritten since it was indexed. */
function fileMail(ref: MailRef): { bytes: Buffer } | { moved: string } {
  const where = `${ref.path}:${ref.file?.name ?? ''}`;
  let bytes: Buffer;
  try {
    bytes = readFileSync(ref.file?.path ?? '');
  } catch (error) {
    return { moved: `out of date (the mail ${where} cannot be read: ${fileErrorReason(error)})` };
  }
  if (contentHash(bytes) !== ref.hash) return { moved: `out of date (the mail ${where} is not the one indexed)` };
  return { bytes };
}

/** The raw mail at the row's place, cut and unescaped exactly as the whole-file split cuts it. */
function mailAt(ref: MailRef): Buffer {
  const fd = openSync(ref.path, 'r');
  const buffer = Buffer.alloc(ref.length);
  let read = 0;
  try {
    read = readSync(fd, buffer, 0, ref.length, ref.offset);
  } finally {
    closeSync(fd);
  }
  return splitOne(buffer.subarray(0, read));
}
