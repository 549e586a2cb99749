// The review browser's entry: alternate screen, a progress line at once, then the threads screen.
// The terminal is given back as it was found on quit, on Ctrl-C, on SIGTERM/SIGHUP and on a crash.
// ink, React and the screens are imported only once the progress line is up: loading them takes a
// second or more on a busy machine, and the first frame must not wait for it.
import { writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { constants } from 'node:os';
import { renderMarkdown } from '../export/markdown.js';
import type { Review, Thread } from '../model.js';
import type { DraftDesk } from './draft-desk.js';
import type { FetchingProgress } from './progress-text.js';
import type { BrowseArchive } from '../archive/browse.js';

export interface LoadProgress {
  messages: number;
  bytes?: number;
  /** Once every source is read: threads whose review comments are linked, of `totalThreads`. */
  threads?: number;
  totalThreads?: number;
  /** While mail is fetched from a server, before any is read. */
  fetching?: FetchingProgress;
}

export type LoadReview = (onProgress: (p: LoadProgress) => void) => Promise<BrowseArchive | Review>;

export interface TuiOptions {
  /** Where `e` writes `<slug>.md`; the working directory when absent. */
  exportDir?: string;
  /** Where the outbox of drafts is; `dataDir()` when absent. */
  dataDir?: string;
}

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h\u001B[H';
// Show the cursor again and leave the alternate screen: the shell gets back what it had.
const LEAVE_ALTERNATE_SCREEN = '\u001B[?25h\u001B[?1049l';
const HOME_AND_CLEAR_LINE = '\u001B[H\u001B[2K';
export const PLACEHOLDER = 'mlreview: reading archives…';

/** `vfio-pci-make-use-of-irq-update-devid`: the thread subject as a file name. */
export function exportSlug(subject: string): string {
  const slug = subject
    .replace(/^(\s*(re|fwd?|aw|sv)\s*:\s*)+/i, '')
    .replace(/\[[^[\]]*\]/g, ' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|(?<!-)-+$/g, '')
    .slice(0, 60)
    .replace(/(?<!-)-+$/, '');
  return slug || 'thread';
}

/** Writes the thread's Markdown to `<dir>/<slug>.md` and gives the absolute path. */
export async function exportThreadMarkdown(review: Review, thread: Thread, dir: string): Promise<string> {
  const path = resolve(join(dir, `${exportSlug(thread.subject)}.md`));
  await mkdir(dir, { recursive: true });
  await writeFile(path, renderMarkdown(review, { thread: thread.root }));
  return path;
}

/**
 * The drafts desk, loaded on first use: nodemailer and the outbox are not needed for the first frame
 * (nor, mostly, at all: most sessions only read).
 */
function lazyDesk(dir: string | undefined): DraftDesk {
  let desk: Promise<DraftDesk> | null = null;
  const get = (): Promise<DraftDesk> =>
    (desk ??= Promise.all([import('./draft-desk.js'), import('../outbox/outbox.js'), import('../dirs.js')]).then(([d, o, dirs]) =>
      d.createDraftDesk({ outbox: o.outboxPath(dir ?? dirs.dataDir()) }),
    ));
  return {
    attach: (review) => get().then((d) => d.attach(review)),
    reply: (review, thread, target) => get().then((d) => d.reply(review, thread, target)),
    draft: (review, action, id) => get().then((d) => d.draft(review, action, id)),
    afterEdit: (review, choice) => get().then((d) => d.afterEdit(review, choice)),
  };
}

/**
 * Runs the review browser on a terminal until the user quits. Resolves when the terminal is restored;
 * rejects with the loader's error (the CLI turns it into a message and an exit code).
 */
export async function runTui(load: LoadReview, opts: TuiOptions = {}): Promise<void> {
  const stdout = process.stdout;
  const colour = !process.env.NO_COLOR;
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    // A shell left in raw mode echoes nothing and ignores Enter: undo it before anything else.
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    // Synchronous: this also runs from process 'exit', where no async write completes.
    writeFileSync(stdout.fd, LEAVE_ALTERNATE_SCREEN);
  };
  // Restore before Node prints an uncaught error, so it lands on the normal screen.
  const onCrash = (): void => restore();
  let unmount: (() => void) | null = null;
  // Ctrl-C while reading (see Loader), or SIGINT/SIGTERM/SIGHUP from outside: give the terminal back,
  // then let the signal do what it would have done.
  const onSignal = (signal: NodeJS.Signals): void => {
    unmount?.();
    restore();
    removeHandlers();
    // Another library's signal-exit may still hold the signal (restore-cursor, through ink's cursor):
    // it raises it again only on a later turn of the event loop, and by then the process may be ending
    // by itself, with status 0. The status says the signal either way, as a shell reports it (130).
    process.exitCode = 128 + constants.signals[signal];
    process.kill(process.pid, signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const removeHandlers = (): void => {
    process.off('exit', restore);
    process.off('uncaughtExceptionMonitor', onCrash);
    for (const signal of signals) process.off(signal, onSignal);
  };
  process.on('exit', restore);
  process.on('uncaughtExceptionMonitor', onCrash);
  for (const signal of signals) process.on(signal, onSignal);
  stdout.write(`${ENTER_ALTERNATE_SCREEN}${PLACEHOLDER}`);
  // No echo from the first moment: keys typed while ink loads would be printed over the screen.
  // They wait, unread, for ink; a Ctrl-C among them reaches the Loader, which stops the process.
  if (process.stdin.isTTY) process.stdin.setRawMode(true);

  let listener: ((p: LoadProgress) => void) | null = null;
  const progress = {
    latest: { messages: 0 } as LoadProgress,
    listen(onProgress: (p: LoadProgress) => void) {
      listener = onProgress;
      return () => {
        listener = null;
      };
    },
  };
  const loading = load((p) => {
    progress.latest = p;
    listener?.(p);
  });
  // The Loader reports a failure; until it is mounted, keep Node from calling it unhandled.
  loading.catch(() => undefined);
  try {
    // React is CommonJS: its module.exports is the default export both under Node and in the bundle
    // (which cannot see a CommonJS module's named exports through a dynamic import).
    const [{ render }, { default: React }, { Loader }] = await Promise.all([import('ink'), import('react'), import('./loader.js')]);
    const { createElement } = React;
    // ink draws from the cursor: take it back to the top-left, over the placeholder.
    stdout.write(HOME_AND_CLEAR_LINE);
    const loader = createElement(Loader, {
      loading,
      progress,
      exportDir: opts.exportDir ?? process.cwd(),
      colour,
      exportThread: exportThreadMarkdown,
      onInterrupt: () => onSignal('SIGINT'),
      desk: lazyDesk(opts.dataDir),
    });
    const instance = render(loader, {
      // Ctrl-C is a key like the others (keymap.ts): it must also stop a reading that is still going.
      exitOnCtrlC: false,
      // A key repeat of 30/s must not queue frames behind a 30 fps throttle.
      maxFps: 60,
    });
    unmount = () => instance.unmount();
    try {
      await instance.waitUntilExit();
    } finally {
      instance.cleanup();
    }
  } finally {
    restore();
    removeHandlers();
  }
}
