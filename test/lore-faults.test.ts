// What a real public-inbox will not do on cue, from a small loopback server of the test's own: a
// connection cut in the middle of the gzip, a server that stalls, 5xx and 503 with Retry-After, a
// redirect to file:, an HTML page instead of mail, a proxy in between. The mail it serves is real.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshCacheDir, loreCli, removeTempDirs } from './helpers/lore-cli.js';
import { repoRoot, sharedPath } from './helpers/shared.js';

const ID = '20230802160748.11208-1-kabel@kernel.org';
const THREAD = gzipSync(readFileSync(sharedPath('archives/leds-threads/leds-turris-omnia-v3.mbox')));

interface Seen {
  url: string;
  method: string;
  userAgent: string;
  at: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, count: number) => void;

let server: Server;
let base: string;
let handler: Handler;
const seen: Seen[] = [];
const sockets = new Set<Socket>();

function serveThread(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/gzip' });
  res.end(THREAD);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', method: req.method ?? '', userAgent: req.headers['user-agent'] ?? '', at: Date.now() });
    handler(req, res, seen.length);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/all/`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
  await removeTempDirs();
});

beforeEach(() => {
  seen.length = 0;
});

const cliArgs = (...more: string[]) => ['check', '--list', '--no-versions', '--lore', base, ...more, ID];

describe('a download cut short', () => {
  it('keeps the mails that arrived whole, lists where it broke, and tries twice more first', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.write(THREAD.subarray(0, Math.floor(THREAD.length / 2)), () => res.socket?.end());
    };
    const run = await loreCli(cliArgs(), { cacheDir: freshCacheDir() });
    expect(run.code).toBe(1);
    expect(seen).toHaveLength(3);
    const kept = Number(/\(mbox\.gz\): (\d+) mails read: \1 in threads, 0 left out/.exec(run.stdout)?.[1]);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(27);
    expect(run.stdout).toMatch(new RegExp(`t\\.mbox\\.gz:\\d+: download cut short after ${kept} whole mails, last <[^>]+>; it broke at byte [\\d,]+ of the mbox: `));
    expect(run.stdout).toContain('every mail read is in a thread or listed as left out');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^mlreview: ${base.replace(/[.]/g, '\\.')}${ID}/t\\.mbox\\.gz: download cut short: kept ${kept} whole mails, last <[^>]+>; it broke at byte`));
  });

  it('on --refresh, leaves the whole copy in the cache as it was', async () => {
    const cacheDir = freshCacheDir();
    handler = (_req, res) => serveThread(res);
    const first = await loreCli(cliArgs(), { cacheDir });
    expect(first.code, first.stderr).toBe(0);
    const folder = join(cacheDir, 'lore', new URL(base).host.replace(':', '_'));
    const before = readdirSync(folder).map((f) => [f, readFileSync(join(folder, f))] as const);

    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.write(THREAD.subarray(0, 3000), () => res.socket?.end());
    };
    const refresh = await loreCli(cliArgs('--refresh'), { cacheDir });
    expect(refresh.code).toBe(1);
    expect(refresh.stdout).toBe(first.stdout);
    expect(refresh.stderr).toMatch(/^mlreview: \S+\/t\.mbox\.gz: refresh cut short \(\d+ whole mails?.*\); kept the whole copy fetched just now\n$/);
    const after = readdirSync(folder).map((f) => [f, readFileSync(join(folder, f))] as const);
    expect(after.map(([f]) => f)).toEqual(before.map(([f]) => f));
    after.forEach(([, bytes], i) => expect(bytes.equals(before[i]![1])).toBe(true));
  });
});

describe('a server that misbehaves', () => {
  it('stalls: --timeout ends the wait with one line', async () => {
    handler = () => undefined; // never answers
    const run = await loreCli(cliArgs('--timeout', '1'), { cacheDir: freshCacheDir() });
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(15_000);
    expect(run.stderr).toBe(`mlreview: ${base}${ID}/t.mbox.gz: no complete answer within --timeout 1 s\n`);
  });

  it('503 with Retry-After: asked again after the wait it names, with a User-Agent naming mlreview', async () => {
    handler = (_req, res, count) => {
      if (count === 1) {
        res.writeHead(503, { 'retry-after': '1' });
        res.end('busy');
      } else serveThread(res);
    };
    const run = await loreCli(cliArgs(), { cacheDir: freshCacheDir() });
    expect(run.code, run.stderr).toBe(0);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
    expect(run.stdout).toContain('27 mails read: 27 in threads');
    // Both tries say who is asking: mlreview and its version.
    const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    for (const request of seen) expect(request.userAgent.startsWith(`mlreview/${version} `), request.userAgent).toBe(true);
  });

  it('503 asking for a wait past --timeout: one line, without waiting', async () => {
    handler = (_req, res) => {
      res.writeHead(503, { 'retry-after': '3600' });
      res.end();
    };
    const run = await loreCli(cliArgs('--timeout', '30'), { cacheDir: freshCacheDir() });
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(20_000);
    expect(seen).toHaveLength(1);
    expect(run.stderr).toBe(`mlreview: ${base}${ID}/t.mbox.gz: the server asks to be asked again in 3600 s, past --timeout 30 s (503)\n`);
  });

  it('5xx: two more tries with backoff, then one line naming the answer', async () => {
    handler = (_req, res, count) => {
      if (count <= 2) {
        res.writeHead(502);
        res.end();
      } else serveThread(res);
    };
    const recovered = await loreCli(cliArgs(), { cacheDir: freshCacheDir() });
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(seen).toHaveLength(3);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThan(seen[1]!.at - seen[0]!.at);

    seen.length = 0;
    handler = (_req, res) => {
      res.writeHead(500);
      res.end();
    };
    const failed = await loreCli(cliArgs(), { cacheDir: freshCacheDir() });
    expect(failed.code).toBe(1);
    expect(seen).toHaveLength(3);
    expect(failed.stderr).toBe(`mlreview: ${base}${ID}/t.mbox.gz: the server answered 500 Internal Server Error\n`);
  });

  it('follows a redirect to http, never to file:', async () => {
    handler = (req, res) => {
      if (req.url?.startsWith('/all/')) {
        res.writeHead(301, { location: req.url.replace('/all/', '/mirror/') });
        res.end();
      } else serveThread(res);
    };
    const followed = await loreCli(cliArgs(), { cacheDir: freshCacheDir() });
    expect(followed.code, followed.stderr).toBe(0);
    expect(seen.map((s) => s.url)).toEqual([`/all/${ID}/t.mbox.gz`, `/mirror/${ID}/t.mbox.gz`]);

    handler = (_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    };
    const refused = await loreCli(cliArgs(), { cacheDir: freshCacheDir() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`mlreview: ${base}${ID}/t.mbox.gz: the server redirected to a file: address, which mlreview does not follow (only http and https)\n`);
  });

  it('answers an HTML page: named, and nothing is cached (nor left from an earlier, killed download)', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><head><title>Sign in to the hotel network</title></head><body>\u001b[31mred</body></html>');
    };
    const cacheDir = freshCacheDir();
    const folder = join(cacheDir, 'lore', new URL(base).host.replace(':', '_'));
    // A download left by an mlreview killed mid-way (its pid is gone) is swept on the next fetch.
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, '.download-999999999-0123456789ab.tmp'), 'From mboxrd@z');
    const run = await loreCli(cliArgs(), { cacheDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `mlreview: ${base}${ID}/t.mbox.gz: the server answered an HTML page (text/html), not an mbox: "<!DOCTYPE html><html><head><title>Sign in to the hotel network</title></head><bo"\n`,
    );
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe('a proxy', () => {
  let proxy: Server;
  let proxyUrl: string;
  const tunnels: string[] = [];

  beforeAll(async () => {
    // A forward proxy as curl and undici expect one: CONNECT host:port opens a tunnel; a plain
    // request with an absolute URL is passed on.
    proxy = createServer((req, res) => {
      tunnels.push(`GET ${req.url}`);
      const upstream = httpRequest(req.url!, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      tunnels.push(`CONNECT ${req.url}`);
      const [host, port] = (req.url ?? '').split(':');
      const target = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        target.write(head);
        target.pipe(client);
        client.pipe(target);
      });
      target.on('error', () => client.destroy());
      client.on('error', () => target.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('HTTP_PROXY is used, and NO_PROXY names what bypasses it', async () => {
    handler = (_req, res) => serveThread(res);
    const through = await loreCli(cliArgs(), { cacheDir: freshCacheDir(), env: { HTTP_PROXY: proxyUrl } });
    expect(through.code, through.stderr).toBe(0);
    expect(tunnels).toHaveLength(1);
    expect(tunnels[0]).toContain(new URL(base).host);

    tunnels.length = 0;
    const direct = await loreCli(cliArgs(), { cacheDir: freshCacheDir(), env: { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' } });
    expect(direct.code, direct.stderr).toBe(0);
    expect(tunnels).toEqual([]);
    expect(seen).toHaveLength(2);
  });
});
