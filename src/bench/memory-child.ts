// Run by the memory bench in a process of its own (`node --expose-gc`), so its peak RSS is the
// pipeline's alone: reads one archive into the whole model, then reports what the model retains
// after a forced garbage collection. Prints one JSON line.
import { getHeapStatistics } from 'node:v8';
import { accountFor } from '../accounting.js';
import { buildReview } from '../pipeline.js';

export interface MemoryRun {
  messages: number;
  threads: number;
  patches: number;
  comments: number;
  problems: number;
  wallMs: number;
  /** process.resourceUsage().maxRSS, in bytes. */
  peakRss: number;
  /** Heap in use after a forced GC with the finished model held, less the heap before reading. */
  modelHeap: number;
  /** V8's heap limit in this process. */
  heapLimit: number;
}

function usedAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('bench: memory-child needs node --expose-gc');
  gc();
  gc();
  return getHeapStatistics().used_heap_size;
}

async function main(): Promise<void> {
  const path = process.argv[2];
  if (!path) throw new Error('usage: node --expose-gc dist/bench/memory-child.js ARCHIVE');
  const before = usedAfterGc();
  const start = performance.now();
  const review = await buildReview([path]);
  const wallMs = performance.now() - start;
  const modelHeap = usedAfterGc() - before;
  const books = accountFor(review);
  const run: MemoryRun = {
    messages: review.sources.reduce((n, s) => n + s.messages, 0),
    threads: books.threads,
    patches: books.patches,
    comments: books.comments,
    problems: books.problems,
    wallMs,
    peakRss: process.resourceUsage().maxRSS * 1024,
    modelHeap,
    heapLimit: getHeapStatistics().heap_size_limit,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

await main();
