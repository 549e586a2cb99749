// Decoding (mailparser) and patch parsing are per-mail work, most of the time spent on a big
// archive: spread them over worker threads, one per core, and keep the archive order.
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Origin } from '../model.js';
import { readPatch, type PatchRead } from '../patch/index.js';
import { decodeMail, type Decoded } from './decode.js';

export type DecodedMail = Decoded & { patch?: PatchRead };

export interface MailDecoder {
  decode(bytes: Buffer, origin: Origin): Promise<DecodedMail>;
  close(): Promise<void>;
}

export interface WorkRequest {
  id: number;
  bytes: Uint8Array;
  origin: Origin;
}

export interface WorkResult {
  id: number;
  result: DecodedMail;
}

/** Decoding and patch parsing of one mail: what a worker does, and the fallback in-process. */
export async function decodeAndReadPatch(bytes: Buffer, origin: Origin): Promise<DecodedMail> {
  const decoded = await decodeMail(bytes, origin);
  if (!('message' in decoded)) return decoded;
  const patch = readPatch(decoded.message);
  return { ...decoded, patch };
}

const inProcess: MailDecoder = {
  decode: decodeAndReadPatch,
  close: async () => {},
};

// The worker script exists only in the compiled build (dist/); under vitest, which runs src/*.ts,
// decoding stays in-process.
const WORKER_URL = new URL('./decode-worker.js', import.meta.url);
const BATCH = 24;

/** A decoder for `expectedBytes` of mail: worker threads when the archive is big enough to pay off. */
export function mailDecoder(expectedBytes: number): MailDecoder {
  const cores = Math.min(availableParallelism(), 8);
  if (expectedBytes < 4 << 20 || cores < 2 || !existsSync(fileURLToPath(WORKER_URL))) return inProcess;
  return new WorkerPool(cores);
}

class WorkerPool implements MailDecoder {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: DecodedMail) => void; reject: (e: Error) => void }>();
  private readonly batches: WorkRequest[][];
  private nextId = 0;
  private next = 0;
  private flushScheduled = false;

  constructor(size: number) {
    this.batches = Array.from({ length: size }, () => []);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_URL);
      worker.on('message', (results: WorkResult[]) => {
        for (const { id, result } of results) {
          this.waiting.get(id)?.resolve(result);
          this.waiting.delete(id);
        }
      });
      worker.on('error', (error) => this.failAll(error));
      this.workers.push(worker);
    }
  }

  decode(bytes: Buffer, origin: Origin): Promise<DecodedMail> {
    const id = this.nextId++;
    const promise = new Promise<DecodedMail>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    const worker = this.next;
    this.next = (this.next + 1) % this.workers.length;
    // A copy we can transfer: mbox slices share their memory with Node's buffer pool.
    this.batches[worker]!.push({ id, bytes: new Uint8Array(bytes), origin });
    if (this.batches[worker]!.length >= BATCH) this.flush(worker);
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        for (let w = 0; w < this.workers.length; w++) this.flush(w);
      });
    }
    return promise;
  }

  private flush(worker: number): void {
    const batch = this.batches[worker]!;
    if (batch.length === 0) return;
    this.batches[worker] = [];
    this.workers[worker]!.postMessage(batch, batch.map((r) => r.bytes.buffer as ArrayBuffer));
  }

  private failAll(error: Error): void {
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
