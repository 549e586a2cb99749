// threads → linked review on every core: whole-archive `export` and `check` link the threads nobody
// has linked yet in worker threads (link-worker.ts), each reading its thread's mails itself by offset,
// while this thread only files what comes back in the cache. The result is the one the session
// would have linked in-process — the same code, the same cache — and a thread a worker could not
// link (it died, or failed) is linked here instead. The browser stays in-process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { linkingTurns, type LinkProgress } from '../pipeline.js';
import type { Mailmap } from '../thread/mailmap.js';
import type { ThreadFacts } from '../store/linked-cache.js';
import { ArchiveMoved } from '../store/mail-ref.js';
import type { JobAnswer, JobRequest } from './link-worker.js';
import type { ArchiveSession, LinkJob } from './session.js';

const WORKER = new URL('./link-worker.js', import.meta.url);

/** A worker died or could not start: its threads are linked in-process instead. */
class WorkerLost extends Error {}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (linked: { packed: Buffer; facts: ThreadFacts }) => void; reject: (error: Error) => void }>;
}

export class LinkPool {
  private readonly slots: Slot[] = [];
  private next = 0;
  closed = false;

  constructor(size: number, mailmap: Mailmap | undefined) {
    // Built code only: under the tests' TypeScript sources there is no worker script to start.
    if (!existsSync(fileURLToPath(WORKER))) throw new Error(`link pool: ${fileURLToPath(WORKER)} is missing (run \`npm run build\`)`);
    for (let i = 0; i < size; i++) this.start(mailmap);
  }

  /** Threads that can be in the pool at once: one being linked and one waiting, per worker. */
  get capacity(): number {
    return Math.max(1, this.slots.length * 2);
  }

  link(job: LinkJob): Promise<{ packed: Buffer; facts: ThreadFacts }> {
    const slot = this.slots.reduce<Slot | undefined>((best, s) => (!best || s.pending.size < best.pending.size ? s : best), undefined);
    if (!slot) return Promise.reject(new WorkerLost('no worker left'));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      const request: JobRequest = { id, ...job };
      slot.worker.postMessage(request);
    });
  }

  /** Stops every worker at once (a Ctrl-C, an error, or the work done); what they were linking is dropped. */
  async close(): Promise<void> {
    this.closed = true;
    const stopping: Array<Promise<number>> = [];
    for (const slot of this.slots.splice(0)) {
      for (const { reject } of slot.pending.values()) reject(new WorkerLost('pool closed'));
      stopping.push(slot.worker.terminate());
    }
    await Promise.all(stopping);
  }

  private start(mailmap: Mailmap | undefined): void {
    const worker = new Worker(WORKER, { workerData: { mailmap } });
    const slot: Slot = { worker, pending: new Map() };
    this.slots.push(slot);
    worker.on('message', (answer: JobAnswer) => {
      const job = slot.pending.get(answer.id);
      slot.pending.delete(answer.id);
      if (!job) return;
      if ('packed' in answer) job.resolve({ packed: Buffer.from(answer.packed.buffer, answer.packed.byteOffset, answer.packed.byteLength), facts: answer.facts });
      else if ('moved' in answer) job.reject(new ArchiveMoved(answer.moved, true));
      else job.reject(new WorkerLost(answer.failed));
    });
    const lost = (why: string): void => {
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      for (const { reject } of slot.pending.values()) reject(new WorkerLost(why));
      slot.pending.clear();
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`worker exited with code ${code}`));
  }
}

// Starting a worker costs about as much as linking a few dozen threads (a module graph loaded and a
// heap of its own): below this many threads to link, they are linked in-process.
const WORTH_A_POOL = 200;

/** True when the session has enough threads not yet linked (nor cached) to be worth a pool. */
export function poolPays(session: ArchiveSession): boolean {
  if (!session.job) return false;
  let unknown = 0;
  for (let index = 0; index < session.threads.length && unknown < WORTH_A_POOL; index++) if (!session.known(index)) unknown++;
  return unknown >= WORTH_A_POOL;
}

export interface PoolOptions {
  jobs: number;
  mailmap?: Mailmap;
  signal?: AbortSignal;
  onLinking?: (progress: LinkProgress) => void;
}

/**
 * The facts of every thread of the session, in archive order: known ones from the cache, the others
 * linked by the pool (or here, when a thread's mails are not all in an indexed archive, or its worker
 * gave up on it) and filed in the cache as `session.link` would.
 */
export async function factsPooled(session: ArchiveSession, options: PoolOptions): Promise<ThreadFacts[]> {
  const { threads } = session;
  const facts: ThreadFacts[] = new Array<ThreadFacts>(threads.length);
  const inFlight = new Set<Promise<void>>();
  let pool: LinkPool | null = null;
  // The first error of a thread in the pool (the archive changed under its index): thrown at the next step.
  const failures: unknown[] = [];
  let done = 0;
  const turn = linkingTurns(options);
  const progress = (): Promise<void> => turn({ threads: done, total: threads.length });
  const { signal } = options;
  let stopWaiting = (): void => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    if (!signal) return;
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    stopWaiting = () => signal.removeEventListener('abort', onAbort);
  });
  aborted.catch(() => undefined);
  // Waits for one thread in the pool to come back; a Ctrl-C does not wait for it.
  const oneBack = async (): Promise<void> => {
    await Promise.race([...inFlight, aborted]);
    if (failures.length > 0) throw failures[0];
  };
  try {
    for (let index = 0; index < threads.length; index++) {
      signal?.throwIfAborted();
      if (failures.length > 0) throw failures[0];
      const known = session.known(index);
      const job = known ? null : (session.job?.(index) ?? null);
      if (!job) {
        facts[index] = known ?? (await session.link(index)).facts;
        done++;
        await progress();
        continue;
      }
      pool ??= new LinkPool(options.jobs, options.mailmap);
      while (inFlight.size >= pool.capacity) await oneBack();
      const used = pool;
      const task: Promise<void> = used
        .link(job)
        .then(
          (linked) => {
            session.keepLinked!(index, linked.packed, linked.facts);
            return linked.facts;
          },
          async (error: unknown) => {
            // The thread is linked here instead, where its error (if any) is what the user would have seen.
            if (error instanceof WorkerLost && !used.closed) return (await session.link(index)).facts;
            throw error;
          },
        )
        .then(
          (linked) => {
            facts[index] = linked;
            done++;
          },
          (error: unknown) => void failures.push(error),
        )
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      await progress();
    }
    while (inFlight.size > 0) {
      await oneBack();
      await progress();
    }
    if (failures.length > 0) throw failures[0];
    options.onLinking?.({ threads: threads.length, total: threads.length });
    return facts;
  } finally {
    stopWaiting();
    await pool?.close();
  }
}
