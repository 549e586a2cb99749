// One worker of the link pool (link-pool.ts): given a thread as threading gave it and where each of
// its mails is, it reads the mails itself, decodes and links the thread, and hands back only what the
// cache keeps — the encoded thread, compressed (its buffer moved, not copied) — and the thread's facts.
// Decoded mails and linked models never cross to the main thread: copying them back is what lost
// the earlier try at workers its gain (docs/benchmarks.md).
import { parentPort, workerData } from 'node:worker_threads';
import type { Message } from '../model.js';
import { decodeMail } from '../ingest/decode.js';
import type { Mailmap } from '../thread/mailmap.js';
import type { ThreadFacts } from '../store/linked-cache.js';
import { readMail, type MailRef } from '../store/mail-ref.js';
import { owned } from '../store/owned-bytes.js';
import { encodeThread, packEncoded } from '../store/thread-codec.js';
import type { LinkJob } from './session.js';
import { linkWithBodies } from './thread-link.js';

export interface JobRequest extends LinkJob {
  id: number;
}

export type JobAnswer =
  | { id: number; packed: Uint8Array; facts: ThreadFacts }
  /** A mail's bytes are not the ones indexed: the archive changed under its index. */
  | { id: number; moved: string }
  /** Anything else that went wrong: the main thread links the thread itself (and meets the same error there). */
  | { id: number; failed: string };

class Moved extends Error {}

async function answer(job: JobRequest, mailmap: Mailmap | undefined): Promise<JobAnswer> {
  const refs = new Map<Message, MailRef>(job.thread.messages.map((entry, i) => [entry.message, job.mails[i]!]));
  try {
    const { thread, facts } = await linkWithBodies(
      job.thread,
      (message) => {
        const read = readMail(refs.get(message)!);
        if ('moved' in read) throw new Moved(read.moved);
        return decodeMail(read.bytes, message.origin);
      },
      mailmap,
    );
    return { id: job.id, packed: owned(packEncoded(encodeThread(thread))), facts };
  } catch (error) {
    if (error instanceof Moved) return { id: job.id, moved: error.message };
    return { id: job.id, failed: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

const port = parentPort;
if (port) {
  const { mailmap } = workerData as { mailmap?: Mailmap };
  // One thread at a time, in the order posted: a second job waits here rather than interleaving with
  // the first one's mail decoding and doubling what the worker holds.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (job: JobRequest) => {
    queue = queue.then(async () => {
      const result = await answer(job, mailmap);
      port.postMessage(result, 'packed' in result ? [result.packed.buffer as ArrayBuffer] : []);
    });
  });
}
