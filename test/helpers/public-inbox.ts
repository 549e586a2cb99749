// A real public-inbox on loopback, the software lore.kernel.org runs (Debian's `public-inbox`), with
// the shared archives in it: the vfio series and the bundled vfio thread, and the leds-threads. One
// inbox named `all`, so its URLs have lore's shape: http://127.0.0.1:PORT/all/<msgid>/t.mbox.gz.
// HOME and PI_CONFIG point into a temp dir; every server started is stopped by its pid.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, sharedPath } from './shared.js';

const run = promisify(execFile);

export interface PublicInbox {
  /** The folder holding the config and the inbox. */
  root: string;
  env: NodeJS.ProcessEnv;
  /** Stops every server started on it and removes the folder. */
  remove(): Promise<void>;
  /** Starts `public-inbox-httpd` on a free loopback port; several may serve the same inbox. */
  serve(): Promise<InboxServer>;
  /** Imports more mbox files, as a list's new mail arrives: servers already started serve it too. */
  add(files: string[]): Promise<void>;
}

export interface InboxServer {
  /** `http://127.0.0.1:PORT/all/`: what `--lore` is given. */
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const TOOLS = ['public-inbox-init', 'public-inbox-httpd', 'perl', 'git'];

/** Fails with what to install when the public-inbox tools are missing (CI installs them, .ci/run). */
export async function requirePublicInbox(): Promise<void> {
  for (const tool of TOOLS) {
    await run('sh', ['-c', `command -v ${tool}`]).catch(() => {
      throw new Error(
        `the lore tests need Debian's public-inbox (${tool} is not on PATH): apt-get install -y public-inbox — .ci/run installs it`,
      );
    });
  }
}

/** The shared archives the inbox holds, in the order they are imported. */
export function inboxArchives(): string[] {
  const leds = sharedPath('archives/leds-threads');
  const vfio = sharedPath('archives/vfio-series');
  return [
    sharedPath('archives/vfio-irq-update-devid.mbox'),
    ...readdirSync(vfio).filter((f) => f.endsWith('.mbox')).sort().map((f) => join(vfio, f)),
    ...readdirSync(leds).filter((f) => f.endsWith('.mbox')).sort().map((f) => join(leds, f)),
  ];
}

/** Builds the inbox (about 8 s here); call once per test run and share it. */
export async function buildPublicInbox(): Promise<PublicInbox> {
  await requirePublicInbox();
  const root = await mkdtemp(join(tmpdir(), 'mlreview-public-inbox-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: root, PI_CONFIG: join(root, 'config'), LANG: 'C.UTF-8' };
  const servers = new Set<InboxServer>();
  try {
    await run('public-inbox-init', ['-V2', 'all', join(root, 'all'), 'http://127.0.0.1/all', 'all@example.org'], { env });
    await run('git', ['config', '-f', env.PI_CONFIG!, 'publicinboxmda.spamcheck', 'none'], { env });
    await importMboxes(env, inboxArchives());
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  const inbox: PublicInbox = {
    root,
    env,
    async serve() {
      const server = await startHttpd(root, env);
      servers.add(server);
      const stop = server.stop;
      server.stop = async () => {
        servers.delete(server);
        await stop();
      };
      return server;
    },
    add: (files) => importMboxes(env, files),
    async remove() {
      await Promise.all([...servers].map((s) => s.stop()));
      await rm(root, { recursive: true, force: true });
    },
  };
  return inbox;
}

async function importMboxes(env: NodeJS.ProcessEnv, files: string[]): Promise<void> {
  await run('perl', [join(repoRoot, 'test', 'helpers', 'public-inbox-import.pl'), 'all', ...files], { env });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function startHttpd(root: string, env: NodeJS.ProcessEnv): Promise<InboxServer> {
  // The port is asked of the OS, then given to httpd: another process could take it in between,
  // so a server that does not come up is tried once more on another port.
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const log = join(root, `httpd-${port}.log`);
    const fd = openSync(log, 'a');
    // -W0: no worker processes, so the one pid is the whole server.
    const child = spawn('public-inbox-httpd', ['-W0', '-l', `http://127.0.0.1:${port}`], { env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const up = await waitUntilServing(port, child);
    if (up) {
      const server: InboxServer = {
        url: `http://127.0.0.1:${port}/all/`,
        port,
        pid: child.pid!,
        stop: () => stopChild(child),
      };
      return server;
    }
    await stopChild(child);
    if (attempt >= 1) throw new Error(`public-inbox-httpd did not start on port ${port}: ${await readFile(log, 'utf8').catch(() => '')}`);
  }
}

async function waitUntilServing(port: number, child: ChildProcess): Promise<boolean> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) return false;
    const ok = await fetch(`http://127.0.0.1:${port}/all/_/text/config/raw`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid!, 'SIGTERM');
  const timer = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(child.pid!, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
