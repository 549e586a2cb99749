// A linked thread as the store keeps it: JSON, with the hunk lines brought back as PatchLine (src/patch
// keeps `kind` and `text` as getters on the prototype, which JSON does not carry). Anything else of the
// model is plain data; a new class in the model needs its reviver here, and the round-trip test
// (test/store-codec.test.ts) fails until it has one.
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Thread } from '../model.js';
import { PatchLine } from '../patch/hunk-line.js';

export function encodeThread(thread: Thread): string {
  return JSON.stringify(thread);
}

export function decodeThread(json: string): Thread {
  const thread = JSON.parse(json) as Thread;
  for (const patch of thread.patches) {
    for (const file of patch.files) {
      for (const hunk of file.hunks) {
        hunk.lines = hunk.lines.map((line) => {
          const revived = new PatchLine(line.raw, line.oldLine, line.newLine);
          if (line.noNewlineAtEnd) revived.noNewlineAtEnd = true;
          return revived;
        });
      }
    }
  }
  return thread;
}

// Brotli at quality 5 with a 4 MiB window: on the leds-threads archive the linked rows are 47% smaller
// than deflate at level 1 (a thread's patches repeat its quoted hunks further apart than deflate's
// 32 KiB reach), read back in half the time, and written at ~90 MB/s (measured, docs/benchmarks.md).
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_LGWIN]: 22 } };

/** An encoded thread (or any JSON) as the index stores it, compressed by whoever linked it: a worker of the pool, or the session. */
export function packEncoded(json: string): Buffer {
  return brotliCompressSync(Buffer.from(json, 'utf8'), BROTLI);
}

export function unpackEncoded(packed: Uint8Array): string {
  return brotliDecompressSync(packed).toString('utf8');
}
