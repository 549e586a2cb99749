// Runs one archive at a time through the built reader, pipeline and every face, in a worker thread,
// so the test can terminate it when a case never finishes: a synchronous infinite loop (or a regex
// that backtracks for hours) cannot be stopped by vitest's timeout, only by killing its thread.
// Plain JavaScript on purpose: it imports dist/ (what `npm test` builds first), no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';

const dist = workerData.dist;
const { buildReview } = await import(`${dist}/pipeline.js`);
const { accountFor } = await import(`${dist}/accounting.js`);
const { renderJson } = await import(`${dist}/export/json.js`);
const { renderMarkdown } = await import(`${dist}/export/markdown.js`);
const { renderPlainText } = await import(`${dist}/export/text.js`);
const { itemsOf } = await import(`${dist}/tui/items.js`);
const { buildDocument } = await import(`${dist}/tui/rows.js`);
const { ALL } = await import(`${dist}/tui/filter.js`);

// ESC and the 8-bit CSI: either one starts a terminal control sequence.
const RAW_CONTROL = /[\u001b\u009b]/;

function rawControlIn(face, text) {
  const at = text.search(RAW_CONTROL);
  return at < 0 ? null : `${face} output holds a raw ESC/CSI at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 30), at + 30))}`;
}

async function runCase(path) {
  const review = await buildReview([path]);
  const faults = [];
  const faces = {
    json: renderJson(review),
    markdown: renderMarkdown(review),
    text: renderPlainText(review, { color: false, width: 80 }),
  };
  for (const [face, out] of Object.entries(faces)) {
    if (typeof out !== 'string') faults.push(`${face} output is not a string`);
    else {
      const fault = rawControlIn(face, out);
      if (fault) faults.push(fault);
    }
  }
  // The browser's rows for every item of every thread: what the screen would draw.
  let rows = 0;
  for (const thread of review.threads) {
    for (const item of itemsOf(thread)) {
      const doc = buildDocument(item, { width: 100, folds: new Set(), filter: ALL });
      rows += doc.rows.length;
      for (const row of doc.rows) {
        for (const segment of row.segments) {
          const fault = rawControlIn('tui row', segment.text);
          if (fault) {
            faults.push(fault);
            break;
          }
        }
      }
    }
  }
  const accounting = accountFor(review);
  return {
    mails: review.sources.reduce((n, s) => n + s.mails, 0),
    messages: review.sources.reduce((n, s) => n + s.messages, 0),
    threads: review.threads.length,
    problems: accounting.problems,
    rows,
    balanced: accounting.balanced,
    unbalanced: accounting.balanced ? null : { sources: accounting.sources, listedTwice: accounting.listedTwice },
    faults,
  };
}

parentPort.on('message', async ({ id, path }) => {
  try {
    parentPort.postMessage({ id, ok: true, result: await runCase(path) });
  } catch (error) {
    parentPort.postMessage({
      id,
      ok: false,
      name: error instanceof Error ? error.name : typeof error,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
parentPort.postMessage({ ready: true });
