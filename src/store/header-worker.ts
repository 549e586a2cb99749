// One worker of the header pool (header-pool.ts): given a batch of raw mails, it decodes each one's
// headers and hands back what the index keeps of it — the row's header JSON, the hash of its bytes,
// and for a .gz the mail deflated — as the in-process header pass would make them.
import { parentPort, workerData } from 'node:worker_threads';
import { headerRow, type HeaderBatch, type HeaderRows } from './header-row.js';
import { owned } from './owned-bytes.js';

function answer(batch: HeaderBatch): HeaderRows {
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  const rows = batch.offsets.map((offset, i) => headerRow(bytes.subarray(batch.ends[i - 1] ?? 0, batch.ends[i]), { path: batch.path, where: String(offset) }, batch.gzip));
  return { id: batch.id, heads: rows.map((r) => r.head), hashes: rows.map((r) => r.hash), raws: rows.map((r) => (r.raw ? owned(r.raw) : null)) };
}

const port = parentPort;
if (port) {
  // Counted here, read by the pool at once (its own copy of the answers waits for its event loop).
  const { answered } = workerData as { answered: Int32Array };
  port.on('message', (batch: HeaderBatch) => {
    const rows = answer(batch);
    // Each deflated mail has a buffer of its own (owned(), above): moved, not copied.
    port.postMessage(rows, rows.raws.flatMap((raw) => (raw ? [raw.buffer as ArrayBuffer] : [])));
    Atomics.add(answered, 0, 1);
  });
}
