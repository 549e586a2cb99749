// One HTTP exchange with a public-inbox server, on undici (the library behind Node's own fetch):
// proxies from HTTPS_PROXY/HTTP_PROXY/NO_PROXY, a 10 s connect timeout, our User-Agent, redirects
// followed by hand so that only http(s) is ever followed, and every failure turned into a typed error
// that says whether trying again can help.
import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';

export interface HttpOptions {
  userAgent: string;
  /** The whole exchange, redirects included, stops when this fires (the caller's --timeout). */
  signal: AbortSignal;
  /** A server that sends nothing for this long is given up on (headers or body). */
  idleMs?: number;
  dispatcher?: Dispatcher;
}

export interface Answer {
  /** Where the mail really came from, after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: AsyncIterable<Buffer>;
  /** Stops reading the body early (a --limit reached) without leaving the socket half-read. */
  close(): void;
}

/** The server answered, but not with the mail. `retryAfterMs` when it asked to be asked again later. */
export class HttpStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly retryAfterMs: number | null,
  ) {
    super(`${url}: the server answered ${status}${statusText ? ` ${statusText}` : ''}`);
  }
}

/** No answer at all: the network, DNS, a refused or reset connection, a stalled server. */
export class ConnectionError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
    /** True when the server could not be reached at all (offline, DNS, refused): the cache should answer. */
    readonly unreachable: boolean,
    /** True when trying again may work (a reset, a stall). */
    readonly transient: boolean,
  ) {
    super(`${url}: ${reason}`);
  }
}

/** A redirect that mlreview refuses to follow (`file:`, `ftp:`, …) or a chain too long. */
export class RedirectError extends Error {}

const MAX_REDIRECTS = 5;
const CONNECT_TIMEOUT_MS = 10_000;

let shared: Dispatcher | null = null;

/** One agent for the process, so connections to the server are reused between downloads. */
export function defaultDispatcher(): Dispatcher {
  // EnvHttpProxyAgent reads HTTP_PROXY, HTTPS_PROXY and NO_PROXY (either case) as curl does.
  shared ??= new EnvHttpProxyAgent({ connect: { timeout: CONNECT_TIMEOUT_MS } });
  return shared;
}

/** Sends one request, follows http(s) redirects, and gives the 2xx answer; anything else throws. */
export async function open(url: string, method: 'GET' | 'POST', options: HttpOptions): Promise<Answer> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await send(current, method, options);
    const status = response.statusCode;
    if (status >= 300 && status < 400 && status !== 304) {
      await response.body.dump().catch(() => undefined);
      const location = header(response.headers, 'location');
      if (!location) throw new HttpStatusError(current, status, 'redirect without a Location', null);
      const next = new URL(location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new RedirectError(`${current}: the server redirected to a ${next.protocol} address, which mlreview does not follow (only http and https)`);
      }
      if (hop >= MAX_REDIRECTS) throw new RedirectError(`${url}: more than ${MAX_REDIRECTS} redirects`);
      current = next.toString();
      continue;
    }
    if (status < 200 || status >= 300) {
      await response.body.dump().catch(() => undefined);
      throw new HttpStatusError(current, status, STATUS_TEXT[status] ?? '', retryAfter(header(response.headers, 'retry-after')));
    }
    const body = response.body;
    return {
      url: current,
      status,
      contentType: header(response.headers, 'content-type') ?? '',
      body: body as AsyncIterable<Buffer>,
      close: () => body.destroy(),
    };
  }
}

async function send(url: string, method: 'GET' | 'POST', options: HttpOptions): Promise<Dispatcher.ResponseData> {
  const idle = options.idleMs ?? 30_000;
  try {
    return await request(url, {
      method,
      dispatcher: options.dispatcher ?? defaultDispatcher(),
      signal: options.signal,
      headersTimeout: idle,
      bodyTimeout: idle,
      headers: {
        'user-agent': options.userAgent,
        accept: 'application/gzip, application/mbox, text/plain;q=0.5',
        ...(method === 'POST' ? { 'content-length': '0' } : {}),
      },
    });
  } catch (error) {
    throw connectionError(url, error, options.signal);
  }
}

/** Any failure below HTTP (on connect or while the body streams) as a ConnectionError. */
export function connectionError(url: string, error: unknown, signal?: AbortSignal): Error {
  if (error instanceof ConnectionError || error instanceof HttpStatusError || error instanceof RedirectError) return error;
  if (signal?.aborted) return signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
  const code = codeOf(error);
  const detail = errorText(error);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new ConnectionError(url, `cannot resolve the server's name (${detail})`, true, false);
    case 'ECONNREFUSED':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
    case 'EHOSTDOWN':
      return new ConnectionError(url, `cannot connect to the server (${detail})`, true, false);
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new ConnectionError(url, `no connection within ${CONNECT_TIMEOUT_MS / 1000} s`, true, false);
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new ConnectionError(url, 'the server stopped sending', false, true);
    default:
      // Resets, a socket closed mid-answer, a cut gzip stream: worth another try.
      return new ConnectionError(url, detail, false, true);
  }
}

function codeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  if (typeof e?.code === 'string' && e.code !== 'UND_ERR') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

function errorText(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; cause?: { message?: unknown } } | null;
  const message = typeof e?.message === 'string' && e.message ? e.message : String(error);
  const cause = typeof e?.cause?.message === 'string' ? e.cause.message : '';
  return (cause && !message.includes(cause) ? `${message}: ${cause}` : message).replace(/\s+/g, ' ').trim();
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `Retry-After: 120` or an HTTP date (RFC 9110 §10.2.3), as milliseconds from now. */
export function retryAfter(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
