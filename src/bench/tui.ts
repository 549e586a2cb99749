// How instant the review browser feels: key-press-to-frame time on a 10,000-line, 500-comment thread
// made from the real vfio review, and time to first frame of the real CLI on the 23,000-message
// linux-leds archive. Reported, never asserted (speed depends on the machine).
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Comment, Patch, Review, Thread } from '../model.js';
import { buildReview } from '../pipeline.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEED = join(packageRoot, 'archives', 'vfio-irq-update-devid.mbox');

export interface KeyTiming {
  key: string;
  /** Key press to the frame written to the terminal. */
  ms: number;
  /** Of which ink's layout and drawing of the frame (its onRender renderTime). */
  inkMs: number;
  /** CPU time the process spent from key to frame: what the key costs, whatever else the machine runs. */
  cpuMs: number;
}

export interface TuiKeyBench {
  /** Hunk lines and comments of the generated thread. */
  lines: number;
  comments: number;
  /** Milliseconds from Enter on the thread to its first review frame (rows built once). */
  openMs: number;
  keys: KeyTiming[];
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Median of ink's own share (layout and cell grid) of a frame. */
  inkMedianMs: number;
  cpuMedianMs: number;
}

export interface TuiFirstFrameBench {
  archive: string;
  /** From spawning `node dist/bundle/cli.js ARCHIVE` on a pseudo-terminal to the progress line. */
  firstFrameMs: number;
  /** To the threads screen (everything read, threaded and linked; or the list an earlier run kept). */
  threadsMs: number;
  /** To a threads screen of the archive as it is now: later than `threadsMs` when the list on screen first was an earlier run's, of an archive mail was appended to since. */
  currentMs: number;
}

function copyPatch(patch: Patch, copies: number): Patch {
  const files: Patch['files'] = [];
  const comments: Comment[] = [];
  for (let k = 0; k < copies; k++) {
    const prefix = `copy${k}/`;
    for (const f of patch.files) {
      const hunks = f.hunks.map((h) => ({ ...h, lines: h.lines.map((l) => ({ ...l, kind: l.kind, text: l.text })) }));
      files.push({ ...f, oldPath: prefix + f.oldPath, newPath: prefix + f.newPath, hunks });
    }
    for (const c of patch.comments) {
      const file = c.anchor.file === null ? null : prefix + c.anchor.file;
      comments.push({ ...c, messageId: `${c.messageId}.${k}`, anchor: { ...c.anchor, file } });
    }
  }
  return { ...patch, files, comments };
}

/**
 * One thread holding the most-commented patch of the real vfio review, its files and comments
 * repeated until it has at least `lines` hunk lines and `comments` comments.
 */
export async function largeThread(lines = 10_000, comments = 500): Promise<{ review: Review; lines: number; comments: number }> {
  const seed = await buildReview([SEED]);
  const source = seed.threads.flatMap((t) => t.patches).sort((a, b) => b.comments.length - a.comments.length)[0];
  if (!source || source.comments.length === 0) throw new Error(`bench: no commented patch in ${SEED}`);
  const perCopy = source.files.reduce((n, f) => n + f.hunks.reduce((m, h) => m + h.lines.length, 0), 0);
  const copies = Math.max(Math.ceil(lines / perCopy), Math.ceil(comments / source.comments.length));
  const patch = copyPatch(source, copies);
  const thread: Thread = { subject: patch.subject, root: patch.messageId, messages: [], series: [], patches: [patch] };
  return { review: { sources: [], threads: [thread] }, lines: perCopy * copies, comments: patch.comments.length };
}

/** A terminal for ink that records when each frame is written. */
class BenchTerminal extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 120;
  readonly rows = 40;
  private waiter: (() => void) | null = null;
  write = (_frame: string): boolean => {
    const done = this.waiter;
    this.waiter = null;
    done?.();
    return true;
  };
  /** Resolves true at the next write, false when nothing was drawn within the time. */
  nextFrame(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(false);
      }, timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }
}

/** Keyboard for ink: what a terminal in raw mode would deliver, one key at a time. */
class BenchKeyboard extends EventEmitter {
  readonly isTTY = true;
  private pending: string | null = null;
  press(key: string): void {
    this.pending = key;
    this.emit('readable');
  }
  read = (): string | null => {
    const key = this.pending;
    this.pending = null;
    return key;
  };
  setRawMode(): void {}
  setEncoding(): void {}
  ref(): void {}
  unref(): void {}
  resume(): void {}
  pause(): void {}
}

const ENTER = '\r';
const SPACE = ' ';

/** A reading session: scroll, page, jump between comments, hunks and files, fold, search. */
function session(): string[] {
  const keys: string[] = [];
  const repeat = (key: string, n: number) => {
    for (let i = 0; i < n; i++) keys.push(key);
  };
  repeat('j', 60);
  repeat(SPACE, 20);
  repeat('k', 20);
  repeat('n', 80);
  repeat('N', 20);
  for (let i = 0; i < 10; i++) keys.push('z', 'a');
  repeat(']', 30);
  repeat('}', 20);
  repeat('{', 10);
  repeat('o', 20);
  keys.push('G', 'g');
  repeat('j', 20);
  return keys;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

/** Key-press-to-frame times on the large thread, through ink's real renderer (not its debug mode). */
export async function benchTuiKeys(): Promise<TuiKeyBench> {
  // Both are read when ink and React load, hence the dynamic imports below: is-in-ci makes ink hold
  // every frame until exit, and React's development build times every render for its devtools.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  process.env.NODE_ENV = 'production';
  const [{ render }, { createElement }, { App }] = await Promise.all([import('ink'), import('react'), import('../tui/app.js')]);
  const { review, lines, comments } = await largeThread();
  let lastRender = 0;
  const terminal = new BenchTerminal();
  const keyboard = new BenchKeyboard();
  const stream = (s: EventEmitter) => s as unknown as NodeJS.WriteStream;
  const instance = render(createElement(App, { review, colour: true }), {
    stdout: stream(terminal),
    stderr: stream(terminal),
    stdin: keyboard as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
    onRender: ({ renderTime }) => {
      lastRender = renderTime;
    },
  });
  const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
  // null when the key changed nothing on screen (the `z` of `za`, `o` with no open question left).
  let lastCpu = 0;
  const press = async (key: string, timeoutMs = 2_000): Promise<number | null> => {
    // Past ink's 60 fps throttle, so every key gets its own frame as it would from a person.
    await pause();
    const frame = terminal.nextFrame(timeoutMs);
    const cpu = process.cpuUsage();
    const start = performance.now();
    keyboard.press(key);
    const drawn = await frame;
    const elapsed = performance.now() - start;
    const used = process.cpuUsage(cpu);
    lastCpu = (used.user + used.system) / 1000;
    return drawn ? elapsed : null;
  };
  try {
    const openMs = await press(ENTER, 60_000);
    if (openMs === null) throw new Error('bench: the thread did not open (is CI set? ink draws nothing in CI)');
    const keys: KeyTiming[] = [];
    for (const key of session()) {
      const ms = await press(key);
      if (ms !== null) keys.push({ key, ms, inkMs: lastRender, cpuMs: lastCpu });
    }
    if (keys.length === 0) throw new Error('bench: no key redrew the screen');
    const sorted = keys.map((k) => k.ms).sort((a, b) => a - b);
    return {
      lines,
      comments,
      openMs,
      keys,
      medianMs: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      maxMs: sorted[sorted.length - 1],
      inkMedianMs: percentile(keys.map((k) => k.inkMs).sort((a, b) => a - b), 0.5),
      cpuMedianMs: percentile(keys.map((k) => k.cpuMs).sort((a, b) => a - b), 0.5),
    };
  } finally {
    instance.unmount();
  }
}

/** Time to the progress line and to the threads screen of the real CLI on a pseudo-terminal. */
export async function benchTuiFirstFrame(archive: string, env: NodeJS.ProcessEnv = process.env): Promise<TuiFirstFrameBench> {
  const cli = join(packageRoot, 'dist', 'bundle', 'cli.js');
  const quoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  // util-linux `script` gives the CLI a terminal, which is what makes it open the browser.
  const command = `stty cols 120 rows 40; env -u CI -u CONTINUOUS_INTEGRATION ${quoted(process.execPath)} ${quoted(cli)} ${quoted(archive)}`;
  const start = performance.now();
  const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'], env });
  let screen = '';
  let firstFrameMs = -1;
  let threadsMs = -1;
  let currentMs = -1;
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve());
    // A bench that cannot see the screen must end, not wait forever.
    const limit = setTimeout(() => child.kill('SIGKILL'), 5 * 60_000);
    child.on('exit', () => clearTimeout(limit));
    child.stdout.on('data', (chunk: Buffer) => {
      // ink may redraw part of a line: read the text without cursor and colour sequences.
      const text = chunk.toString('utf8').replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
      screen += text;
      if (firstFrameMs < 0 && screen.includes('reading archives')) firstFrameMs = performance.now() - start;
      if (threadsMs < 0 && /mlreview — [\d,]+ threads?/.test(screen)) threadsMs = performance.now() - start;
      // A title that no longer says the list is an earlier run's while the mail added since is read.
      const titles = threadsMs < 0 ? [] : (screen.slice(-text.length - 200).match(/mlreview — [\d,]+ threads?[^\n]*/g) ?? []);
      if (currentMs < 0 && titles.some((t) => !t.includes('of mail added since'))) {
        currentMs = performance.now() - start;
        // Until the browser quits: a key typed in the instant between its first frame and its input
        // handler can be lost (seen once with the index, whose first frame comes early).
        const quit = setInterval(() => child.stdin.write('q'), 500);
        child.on('exit', () => clearInterval(quit));
        child.stdin.write('q');
      }
      if (screen.length > 1 << 20) screen = screen.slice(-4096);
    });
  });
  if (firstFrameMs < 0 || currentMs < 0) throw new Error(`bench: the browser never showed ${firstFrameMs < 0 ? 'its progress line' : 'the threads'}`);
  return { archive, firstFrameMs, threadsMs, currentMs };
}

/** The TUI section of `npm run bench`, as Markdown lines. */
export async function benchTui(archive: string): Promise<string[]> {
  const keys = await benchTuiKeys();
  const first = await benchTuiFirstFrame(archive);
  const byKey = new Map<string, number[]>();
  for (const k of keys.keys) byKey.set(k.key, [...(byKey.get(k.key) ?? []), k.ms]);
  const name = (k: string) => (k === ' ' ? 'Space' : k === '\r' ? 'Enter' : k);
  const perKey = [...byKey]
    .map(([k, ms]) => `${name(k)} ${percentile(ms.sort((a, b) => a - b), 0.5).toFixed(1)}`)
    .join(' · ');
  return [
    '### review browser (TUI)',
    '',
    `Key press to frame on one thread of ${keys.lines.toLocaleString('en')} hunk lines and ${keys.comments} comments ` +
      `(the vfio v4 3/3 review repeated), 120×40, ${keys.keys.length} keys:`,
    '',
    `| median | p95 | max | CPU per key (median) | ink's share (median) | open the thread |`,
    '|---:|---:|---:|---:|---:|---:|',
    `| ${keys.medianMs.toFixed(1)} ms | ${keys.p95Ms.toFixed(1)} ms | ${keys.maxMs.toFixed(1)} ms | ${keys.cpuMedianMs.toFixed(1)} ms | ${keys.inkMedianMs.toFixed(1)} ms | ${keys.openMs.toFixed(0)} ms |`,
    '',
    `median by key (ms): ${perKey}`,
    '',
    `\`mlreview ${first.archive.replace(/^.*\/(archives\/)/, '$1')}\` on a terminal: progress line after ${first.firstFrameMs.toFixed(0)} ms, ` +
      `threads screen after ${(first.threadsMs / 1000).toFixed(1)} s.`,
    '',
  ];
}
