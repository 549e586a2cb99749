// A linked thread as the store keeps it: JSON, with the hunk lines brought back as PatchLine (src/patch
// keeps `kind` and `text` as getters on the prototype, which JSON does not carry). Anything else of the
// model is plain data; a new class in the model needs its reviver here, and the round-trip test
// (test/store-codec.test.ts) fails until it has one.
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
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

/** An encoded thread as the cache stores it, deflated (by whoever linked it: a worker of the pool, or the session). */
export function packEncoded(json: string): Buffer {
  // Level 1: this is read back often and soon; speed matters more than the last few per cent.
  return deflateRawSync(Buffer.from(json, 'utf8'), { level: constants.Z_BEST_SPEED });
}

export function unpackEncoded(packed: Uint8Array): string {
  return inflateRawSync(packed).toString('utf8');
}
