// sources → index on more than one core: the header pass of a big archive decodes its mails' headers
// in worker threads (header-worker.ts) while this thread splits the file, numbers the rows and writes
// them. Mails go in batches (one message per mail would cost more than a header decode); answers are
// taken in mail order by the reader (src/ingest/index.ts keeps several decodes in flight). A worker
// that dies or fails leaves its mails to this thread: the rows are the same either way.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Origin } from '../model.js';
import { headerRow, type HeaderBatch, type HeaderRow, type HeaderRows } from './header-row.js';

const WORKER = new URL('./header-worker.js', import.meta.url);

/** Mails per message to a worker. */
const BATCH = 64;

/** Batches a worker may have queued before this thread takes the next one itself. */
const QUEUED = 4;

/** Below this many bytes to read, starting a worker costs more than it saves (an appended tail, a thread). */
export const POOL_FROM_BYTES = 16 << 20;

/** Workers for a header pass: the cores but the one this thread splits and writes on, at most 3; none on a single core. */
export function headerWorkers(): number {
  return Math.min(3, availableParallelism() - 1);
}

interface Waiting {
  resolve: (row: HeaderRow) => void;
  bytes: Buffer;
  origin: Origin;
}

interface Slot {
  worker: Worker;
  /** Batches posted and not answered, by id: their mails' promises. */
  pending: Map<number, Waiting[]>;
  posted: number;
  /**
   * Batches the worker has answered, counted by the worker itself: its answers reach this thread only
   * when its event loop turns, which a busy header pass seldom lets happen, so `pending` overstates
   * what the worker still has to do.
   */
  answered: Int32Array;
}

/** Batches the worker has not answered yet, as it stands now. */
const queued = (slot: Slot): number => slot.posted - Atomics.load(slot.answered, 0);

export class HeaderPool {
  private readonly slots: Slot[] = [];
  private batch: Waiting[] = [];
  private flushing = false;
  private next = 0;
  private closed = false;

  /** Null where the built worker script is not there (the tests run the TypeScript sources) or there are no spare cores. */
  static start(path: string, gzip: boolean, workers = headerWorkers()): HeaderPool | null {
    if (workers < 1 || !existsSync(fileURLToPath(WORKER))) return null;
    return new HeaderPool(path, gzip, workers);
  }

  private constructor(
    private readonly path: string,
    private readonly gzip: boolean,
    workers: number,
  ) {
    for (let i = 0; i < workers; i++) this.spawn();
  }

  /** The row of one mail; never rejects (a mail a worker could not answer is done here). */
  row(bytes: Buffer, origin: Origin): Promise<HeaderRow> {
    return new Promise((resolve) => {
      this.batch.push({ resolve, bytes, origin });
      if (this.batch.length >= BATCH) this.flush();
      else if (!this.flushing) {
        // A part batch goes when the reader waits for an answer (the event loop turns), not later.
        this.flushing = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Stops the workers; `finish`: mails not answered yet are done here (else dropped: the read was stopped). */
  async close(finish = true): Promise<void> {
    this.closed = true;
    if (finish) this.flush();
    else this.batch = [];
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot, finish)));
  }

  private flush(): void {
    this.flushing = false;
    const mails = this.batch.splice(0);
    if (mails.length === 0) return;
    const slot = this.closed ? undefined : this.slots.reduce<Slot | undefined>((best, s) => (!best || queued(s) < queued(best) ? s : best), undefined);
    // Every worker has work queued: this thread decodes the batch itself rather than wait for them.
    if (!slot || queued(slot) >= QUEUED) return this.inProcess(mails);
    const id = this.next++;
    const size = mails.reduce((n, m) => n + m.bytes.length, 0);
    const bytes = new Uint8Array(size);
    const ends: number[] = [];
    let end = 0;
    for (const mail of mails) {
      bytes.set(mail.bytes, end);
      ends.push((end += mail.bytes.length));
    }
    slot.pending.set(id, mails);
    slot.posted++;
    const batch: HeaderBatch = { id, path: this.path, gzip: this.gzip, bytes, ends, offsets: mails.map((m) => Number(m.origin.where)) };
    slot.worker.postMessage(batch, [bytes.buffer]);
  }

  private inProcess(mails: Waiting[]): void {
    for (const mail of mails) mail.resolve(headerRow(mail.bytes, mail.origin, this.gzip));
  }

  private spawn(): void {
    const answered = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(WORKER, { workerData: { answered } });
    const slot: Slot = { worker, pending: new Map(), posted: 0, answered };
    this.slots.push(slot);
    worker.on('message', (answer: HeaderRows) => {
      const mails = slot.pending.get(answer.id);
      slot.pending.delete(answer.id);
      mails?.forEach((mail, i) => {
        mail.resolve({ head: answer.heads[i]!, hash: answer.hashes[i]!, raw: answer.raws[i] ?? null });
      });
    });
    const lost = (): void => {
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      for (const mails of slot.pending.values()) this.inProcess(mails);
      slot.pending.clear();
    };
    worker.on('error', lost);
    worker.on('exit', lost);
  }

  private async retire(slot: Slot, finish: boolean): Promise<void> {
    // Answers still on their way are not waited for: whatever was not answered is done here.
    if (finish) for (const mails of slot.pending.values()) this.inProcess(mails);
    slot.pending.clear();
    await slot.worker.terminate();
  }
}
