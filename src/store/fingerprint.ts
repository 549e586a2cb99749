// What an index is valid for: the code that wrote it and the archive it describes. A developer changes
// mlreview without bumping its version, so the code is fingerprinted by content, not by package.json.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IndexUnusable } from './index-db.js';
import type { ArchiveFileFormat } from './source-index.js';

let code: string | null = null;

// Defined only in dist/bundle/ (esbuild's `define`); elsewhere `typeof` finds no such name.
declare const __MLREVIEW_CODE__: string | undefined;

/**
 * A hash of every module of the running mlreview (dist/ when built, src/ under the tests), so any
 * change to the code — a model field added, a linking rule changed — invalidates what it cached.
 */
export function codeFingerprint(): string {
  if (code) return code;
  // The bundle is built with the fingerprint of the code it was made from (scripts/bundle.mjs): the
  // same value, without reading ~200 files at every start.
  if (typeof __MLREVIEW_CODE__ === 'string') return (code = __MLREVIEW_CODE__);
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      // dist/bundle/ is the same code bundled (scripts/bundle.mjs): both are one mlreview, one index.
      if (entry.isDirectory()) {
        if (!(dir === root && entry.name === 'bundle')) walk(path);
      }
      else if (/\.(?:js|ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) hash.update(path.slice(root.length)).update(readFileSync(path));
    }
  };
  walk(root);
  code = hash.digest('hex').slice(0, 32);
  return code;
}

/** How far from each end of the file its fingerprint reads. */
const EDGE = 64 * 1024;

/** The archive as the index saw it: size, mtime and a hash of its first and last bytes. */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
  /** sha1 of the first 64 KiB. */
  head: string;
  /** sha1 of the 64 KiB that end at `size`. */
  tail: string;
}

/** Hashes `length` bytes of the file from `position` (fewer when the file is shorter). */
export function hashRange(path: string, position: number, length: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.max(0, length));
    const read = readSync(fd, buffer, 0, buffer.length, Math.max(0, position));
    return createHash('sha1').update(buffer.subarray(0, read)).digest('hex');
  } finally {
    closeSync(fd);
  }
}

export function identify(path: string, size: number, mtimeMs: number): FileIdentity {
  return { size, mtimeMs, head: hashRange(path, 0, Math.min(EDGE, size)), tail: tailHash(path, size) };
}

/** The fingerprint of the bytes before `size`: an mbox that only grew still has it at its old end. */
export function tailHash(path: string, size: number): string {
  const length = Math.min(EDGE, size);
  return hashRange(path, size - length, length);
}

/**
 * 32 blocks of 4 KiB spread evenly over the file's first `size` bytes: a file rewritten in its middle
 * with the same size, mtime and ends is still noticed when the index opens (each mail's bytes are
 * checked against its hash as well, when its thread is read).
 */
export function sampleHash(path: string, size: number): string {
  const hash = createHash('sha1');
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.alloc(4096);
    for (let i = 0; i < 32; i++) {
      const read = readSync(fd, block, 0, Math.min(block.length, size), Math.floor((size * i) / 32));
      hash.update(block.subarray(0, Math.min(read, Math.max(0, size - Math.floor((size * i) / 32)))));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export function contentHash(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * What became of the archive since its index was written (`meta`): the same file, the same file with
 * mail appended, or anything else. Throws IndexUnusable when the index is not this code's or not this
 * archive's.
 */
export function archiveSince(meta: Record<string, string>, real: string, format: ArchiveFileFormat, size: number, mtimeMs: number): 'unchanged' | 'grown' | 'changed' {
  if (meta.code !== codeFingerprint()) throw new IndexUnusable('made by another mlreview version', true);
  if (meta.path !== real || meta.format !== format) throw new IndexUnusable('of another archive', true);
  const oldSize = Number(meta.size);
  if (size < oldSize) return 'changed';
  const sameHead = hashRange(real, 0, Number(meta.headLength)) === meta.head;
  const sameEnd = sameHead && tailHash(real, oldSize) === meta.tail && sampleHash(real, oldSize) === meta.samples;
  if (!sameEnd) return 'changed';
  if (size === oldSize) return String(mtimeMs) === meta.mtime ? 'unchanged' : 'changed';
  return 'grown';
}
