// What the index's header pass makes of one raw mail, in-process or in a worker of the header pool:
// its header JSON (the message without its body, or why it is left out), the hash of its bytes, and
// for a .gz the mail itself deflated (a gzip stream cannot be read from the middle later).
import { constants, deflateRawSync } from 'node:zlib';
import type { Origin } from '../model.js';
import { decodeHeaders } from '../ingest/headers.js';
import { contentHash } from './fingerprint.js';
import { headOf } from './mail-head.js';

export interface HeaderRow {
  head: string;
  hash: string;
  raw: Uint8Array | null;
}

/** Raw mails handed to a worker: their bytes end to end (moved, not copied), where each ends, and its offset in the archive. */
export interface HeaderBatch {
  id: number;
  path: string;
  gzip: boolean;
  bytes: Uint8Array;
  ends: number[];
  offsets: number[];
}

export interface HeaderRows {
  id: number;
  heads: string[];
  hashes: string[];
  raws: Array<Uint8Array | null>;
}

export function headerRow(bytes: Buffer, origin: Origin, gzip: boolean): HeaderRow {
  return {
    head: headOf(decodeHeaders(bytes, origin)),
    hash: contentHash(bytes),
    // Level 1: the mail is kept for reading back, not for archiving; speed matters more here.
    raw: gzip ? deflateRawSync(bytes, { level: constants.Z_BEST_SPEED }) : null,
  };
}
