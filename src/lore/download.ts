// An mbox download from a public-inbox server into a file, mail by mail: only whole mails are
// written, so a download cut short keeps what arrived and says where it broke. Tried again with
// backoff on resets, stalls and 5xx, after the server's Retry-After on 429/503, never past --timeout.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { splitMbox, type RawMail } from '../ingest/mbox.js';
import { checkedHead } from '../ingest/stream-head.js';
import { oneLine } from '../text/control-chars.js';
import { ConnectionError, HttpStatusError, connectionError, open, type Answer, type HttpOptions } from './http.js';
import { headerMessageId } from './mail-header.js';

export interface DownloadRequest {
  url: string;
  method: 'GET' | 'POST';
}

export interface DownloadProgress {
  url: string;
  /** Bytes received from the network so far (compressed, as the server sent them). */
  bytes: number;
  /** Whole mails written so far. */
  mails: number;
}

export interface DownloadOptions {
  http: Omit<HttpOptions, 'signal'>;
  /** The whole download, retries and waits included. */
  timeoutMs: number;
  /** Neither the bytes received nor the mbox they unpack to may pass this. */
  maxBytes: number;
  /** Keep at most this many mails; the answer says when there were more. */
  limit?: number;
  /** Message-IDs already held elsewhere: left out of the file (a versions search finds the thread itself). */
  skip?: ReadonlySet<string>;
  retries?: number;
  backoffMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

/** Where a download broke: after how many whole mails, at which byte of the mbox, and why. */
export interface Cut {
  reason: string;
  mails: number;
  /** How far into the unpacked mbox the answer got. */
  atByte: number;
  /** The last whole mail kept, if any. */
  lastMessageId: string | null;
  /** False when another try would end the same way (the size cap, the --timeout). */
  retryable: boolean;
}

export interface Downloaded {
  /** The URL the mail came from, after redirects. */
  url: string;
  mails: number;
  /** Mails the server sent that `skip` left out. */
  skipped: number;
  /** True when `limit` stopped it with more mails still coming. */
  limited: boolean;
  cut: Cut | null;
}

/** The server answered something that is not an mbox (an HTML page, a text message). */
export class NotMboxError extends Error {}

/** A cut that another try cannot mend: the size cap was reached. */
class SizeCapError extends Error {}

const FROM_LINE = 'From mboxrd@z Thu Jan  1 00:00:00 1970\n';
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Downloads the mbox at `request` into `file` (gzip-compressed mboxrd). Throws when nothing usable
 * arrived; a download cut after some whole mails resolves with `cut` set and those mails in the file.
 */
export async function downloadMbox(request: DownloadRequest, file: string, options: DownloadOptions): Promise<Downloaded> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const deadline = Date.now() + options.timeoutMs;
  const retries = options.retries ?? 2;
  const backoff = options.backoffMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= retries;
    let result: Downloaded;
    try {
      result = await attemptDownload(request, file, options, signal);
    } catch (error) {
      const failure = timeout.aborted ? timedOut(request.url, options.timeoutMs) : error;
      if (failure === error && options.signal?.aborted) throw error;
      const wait = last ? null : retryWait(failure, attempt, backoff);
      if (wait === null) throw failure;
      if (Date.now() + wait > deadline) {
        throw failure instanceof HttpStatusError && failure.retryAfterMs !== null
          ? new ConnectionError(request.url, `the server asks to be asked again in ${Math.ceil(wait / 1000)} s, past --timeout ${options.timeoutMs / 1000} s (${failure.status})`, false, false)
          : failure;
      }
      await sleep(wait, undefined, { signal }).catch(() => {
        throw timeout.aborted ? timedOut(request.url, options.timeoutMs) : signal.reason;
      });
      continue;
    }
    if (result.cut?.retryable && !last) {
      if (!timeout.aborted && Date.now() + backoff * 2 ** attempt < deadline) {
        await sleep(backoff * 2 ** attempt, undefined, { signal }).catch(() => undefined);
        if (!signal.aborted) continue;
      }
    }
    return result;
  }
}

function timedOut(url: string, ms: number): ConnectionError {
  return new ConnectionError(url, `no complete answer within --timeout ${ms / 1000} s`, false, false);
}

/** How long to wait before trying again, or null when another try cannot help. */
function retryWait(error: unknown, attempt: number, backoff: number): number | null {
  if (error instanceof HttpStatusError) {
    if ((error.status === 429 || error.status === 503) && error.retryAfterMs !== null) return error.retryAfterMs;
    if (error.status === 429 || error.status >= 500) return backoff * 2 ** attempt;
    return null;
  }
  if (error instanceof ConnectionError && error.transient) return backoff * 2 ** attempt;
  return null;
}

async function attemptDownload(request: DownloadRequest, file: string, options: DownloadOptions, signal: AbortSignal): Promise<Downloaded> {
  const answer = await open(request.url, request.method, { ...options.http, signal });
  const out = createGzip();
  const sink = createWriteStream(file);
  out.pipe(sink);
  const result: Downloaded = { url: answer.url, mails: 0, skipped: 0, limited: false, cut: null };
  const network: Cap = { limit: options.maxBytes, used: 0, hit: false };
  const unpacked: Cap = { limit: options.maxBytes, used: 0, hit: false };
  // A progress line redrawn ten times a second is live enough and costs nothing.
  let reported = -Infinity;
  const progress = (force = false): void => {
    if (!options.onProgress || (!force && performance.now() - reported < 100)) return;
    reported = performance.now();
    options.onProgress({ url: answer.url, bytes: network.used, mails: result.mails });
  };
  progress(true);
  // A mail is written once the next one has begun, or the answer has ended whole: the mail being
  // read when the answer broke off, or the size cap cut it, is never written as if it were whole.
  let held: { raw: RawMail; id: string | null } | null = null;
  let lastId: string | null = null;
  const write = async (): Promise<void> => {
    if (!held) return;
    if (!out.write(mboxEntry(held.raw))) await once(out, 'drain');
    result.mails += 1;
    lastId = held.id;
    held = null;
  };
  try {
    const body = capped(answer.body, network, () => {
      progress();
      if (network.hit) answer.close();
    });
    for await (const raw of splitMbox(capped(await mboxBytes(answer, body), unpacked))) {
      const id = headerMessageId(raw.bytes);
      if (id !== null && options.skip?.has(id)) {
        result.skipped += 1;
        continue;
      }
      await write();
      if (options.limit !== undefined && result.mails >= options.limit) {
        result.limited = true;
        answer.close();
        break;
      }
      held = { raw, id };
    }
    if (network.hit || unpacked.hit) throw new SizeCapError(`stopped at --max-bytes ${options.maxBytes.toLocaleString('en')}`);
    await write();
  } catch (caught) {
    const capHit = network.hit || unpacked.hit;
    // Past the cap the gzip stream ends early: that is the cap, not a broken server.
    const error = capHit && !(caught instanceof NotMboxError) ? new SizeCapError(`stopped at --max-bytes ${options.maxBytes.toLocaleString('en')}`) : caught;
    if (error instanceof NotMboxError || options.signal?.aborted) {
      await discard(out, sink, file);
      throw error;
    }
    // What came whole before a reset or a stall is kept; the mail held back was whole unless the cap cut it.
    if (!capHit) await write();
    const failure = error instanceof SizeCapError ? error : connectionError(answer.url, error);
    const reason = failure instanceof ConnectionError ? failure.reason : failure.message;
    if (result.mails === 0) {
      await discard(out, sink, file);
      throw failure instanceof ConnectionError
        ? new ConnectionError(answer.url, `the download broke before the first whole mail: ${reason}`, false, failure.transient)
        : new ConnectionError(answer.url, `${reason} before the first whole mail`, false, false);
    }
    result.cut = {
      reason: oneLine(signal.aborted ? 'no complete answer within --timeout' : reason),
      mails: result.mails,
      atByte: unpacked.used,
      lastMessageId: lastId,
      retryable: !capHit && !signal.aborted,
    };
  }
  out.end();
  await once(sink, 'close');
  if (result.mails === 0 && result.skipped === 0 && !result.cut) {
    await rm(file, { force: true });
    throw new NotMboxError(`${answer.url}: the server answered an empty mbox`);
  }
  progress(true);
  return result;
}

/** Bytes allowed through a stage, and whether a stream was cut at the limit. */
interface Cap {
  limit: number;
  used: number;
  hit: boolean;
}

/** The stream up to `cap.limit` bytes, then its end: what came before the cap can still be read whole. */
async function* capped(stream: AsyncIterable<Buffer>, cap: Cap, onChunk?: () => void): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    const room = cap.limit - cap.used;
    if (chunk.length > room) {
      cap.hit = true;
      cap.used += room;
      if (room > 0) yield chunk.subarray(0, room);
      onChunk?.();
      return;
    }
    cap.used += chunk.length;
    onChunk?.();
    yield chunk;
  }
}

async function discard(out: NodeJS.WritableStream & { destroy(): void }, sink: NodeJS.WritableStream & { destroy(): void }, file: string): Promise<void> {
  out.destroy();
  sink.destroy();
  await rm(file, { force: true });
}

/**
 * The body as mbox bytes: gunzipped when it is a gzip (t.mbox.gz, search results), as it is when it
 * is already an mbox; anything else (an HTML page, a proxy's message) is named and refused.
 */
async function mboxBytes(answer: Answer, body: AsyncIterable<Buffer>): Promise<AsyncIterable<Buffer>> {
  const iterator = body[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  const rest = (async function* () {
    if (head.length) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  const gzip = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  // 5 bytes say `From ` or not; a shorter answer is checked whole.
  return checkedHead(gzip ? gunzipped(rest) : rest, 5, (head) => checkMboxHead(answer, head));
}

/**
 * The gunzipped stream. When the network fails mid-way, what gzip can still unpack of the bytes that
 * came is given first, then the network's error: those are the whole mails a cut download keeps.
 */
async function* gunzipped(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  let failure: unknown = null;
  const feed = (async () => {
    try {
      for await (const chunk of compressed) {
        if (gunzip.destroyed) return;
        if (!gunzip.write(chunk)) await once(gunzip, 'drain');
      }
    } catch (error) {
      failure = error;
    }
    // The reader may have stopped early (a --limit reached) and destroyed gzip already.
    if (!gunzip.destroyed) gunzip.end();
  })();
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    // gzip's own "unexpected end of file" after a network failure: the network's error says why.
    await feed;
    throw failure ?? error;
  } finally {
    gunzip.destroy();
  }
  await feed;
  if (failure) throw failure;
}

function checkMboxHead(answer: Answer, head: Buffer): void {
  if (head.subarray(0, 5).toString('latin1') === 'From ') return;
  const type = answer.contentType.split(';')[0]?.trim() || 'no Content-Type';
  const text = oneLine(head.subarray(0, 300).toString('utf8')).slice(0, 80);
  const what = /html/i.test(type) || /^\s*<(!doctype|html)/i.test(text) ? `an HTML page (${type})` : `${type}`;
  throw new NotMboxError(`${answer.url}: the server answered ${what}, not an mbox: "${text}"`);
}

/** One mail as mboxrd: a From_ line, `>From ` escaped once more, a blank line after. */
function mboxEntry(raw: RawMail): Buffer {
  let bytes = raw.bytes;
  if (bytes.indexOf('From ') >= 0) bytes = Buffer.from(bytes.toString('latin1').replace(/^(>*From )/gm, '>$1'), 'latin1');
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? '\n' : '\n\n';
  return Buffer.concat([Buffer.from(FROM_LINE), bytes, Buffer.from(end)]);
}
