// The fuzz tests' way to run an archive through the real, built mlreview: one worker thread that reads
// a path at a time, and a watchdog that terminates it when a case does not come back. A synchronous
// infinite loop or a catastrophically backtracking regex holds the thread forever; vitest's timeout
// cannot stop that, terminating the worker can, and the test then fails naming the case.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { repoRoot } from './shared.js';

export interface CaseResult {
  /** Mails the reader found, over all sources. */
  mails: number;
  messages: number;
  threads: number;
  problems: number;
  /** TUI rows built for every item of every thread. */
  rows: number;
  balanced: boolean;
  unbalanced: unknown;
  /** Raw ESC/CSI in a face's output, or a face that did not return a string. */
  faults: string[];
}

export type CaseOutcome =
  | { kind: 'done'; result: CaseResult; ms: number }
  /** `name`: the error's class, so a deliberate ArchiveError ("not a mail archive") can be told from a bug. */
  | { kind: 'crash'; name: string; error: string }
  | { kind: 'hang'; seconds: number };

const DIST = join(repoRoot, 'dist');

/** dist/ is what `npm test` builds first; without it the worker has nothing to run. */
export function assertBuilt(): void {
  for (const file of ['pipeline.js', 'accounting.js', 'export/markdown.js', 'tui/rows.js']) {
    if (!existsSync(join(DIST, file))) {
      throw new Error(`fuzz tests run the built mlreview, and ${join(DIST, file)} is missing: run \`npm run build\` (npm test does it first)`);
    }
  }
}

export class ArchiveRunner {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private next = 0;
  private readonly pending = new Map<number, (outcome: CaseOutcome) => void>();

  /** `hangSeconds`: when a case counts as hung. Hang detection, not a speed limit: keep it generous. */
  constructor(private readonly hangSeconds: number) {
    assertBuilt();
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(new URL('./fuzz-worker.mjs', import.meta.url), { workerData: { dist: pathToFileURL(DIST).href } });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (message: { ready?: true; id?: number; ok?: boolean; result?: CaseResult; name?: string; error?: string }) => {
        if (message.ready) {
          worker.off('error', reject);
          resolve();
          return;
        }
        const settle = this.pending.get(message.id!);
        this.pending.delete(message.id!);
        settle?.(message.ok ? { kind: 'done', result: message.result!, ms: 0 } : { kind: 'crash', name: message.name!, error: message.error! });
      });
      worker.on('error', (error) => {
        for (const settle of this.pending.values()) settle({ kind: 'crash', name: 'WorkerDied', error: `worker died: ${error.stack ?? error.message}` });
        this.pending.clear();
        this.reset();
      });
    });
    return this.ready;
  }

  private reset(): void {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    void worker?.terminate();
  }

  /** Reads `path` with buildReview, renders every face and balances the books; never throws. */
  async run(path: string): Promise<CaseOutcome> {
    await this.start();
    const id = this.next++;
    const started = Date.now();
    return new Promise<CaseOutcome>((resolve) => {
      const watchdog = setTimeout(() => {
        this.pending.delete(id);
        this.reset();
        resolve({ kind: 'hang', seconds: this.hangSeconds });
      }, this.hangSeconds * 1000);
      this.pending.set(id, (outcome) => {
        clearTimeout(watchdog);
        resolve(outcome.kind === 'done' ? { ...outcome, ms: Date.now() - started } : outcome);
      });
      this.worker!.postMessage({ id, path });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    await worker?.terminate();
  }
}
