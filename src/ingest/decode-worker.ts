// Worker thread: decodes batches of raw mails and parses their patches (see decode-pool.ts).
import { parentPort } from 'node:worker_threads';
import { decodeAndReadPatch, type WorkRequest, type WorkResult } from './decode-pool.js';

parentPort?.on('message', async (batch: WorkRequest[]) => {
  const results: WorkResult[] = [];
  for (const request of batch) {
    const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
    try {
      results.push({ id: request.id, result: await decodeAndReadPatch(bytes, request.origin) });
    } catch (error) {
      // decodeMail never throws by design; if it still does, the mail becomes a problem, not a hang.
      const where = `${request.origin.path}:${request.origin.where}`;
      results.push({ id: request.id, result: { problem: { where, reason: `mail could not be decoded: ${String(error)}` } } });
    }
  }
  parentPort!.postMessage(results);
});
