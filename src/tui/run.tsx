// The review browser's entry: alternate screen, a progress line at once, then the threads screen.
// The terminal is given back as it was found on quit, on Ctrl-C, on SIGTERM/SIGHUP and on a crash.
import { writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { render, Text, useApp } from 'ink';
import { useEffect, useState } from 'react';
import { renderMarkdown } from '../export/markdown.js';
import type { Review, Thread } from '../model.js';
import { App } from './app.js';

export interface LoadProgress {
  messages: number;
  bytes?: number;
}

export type LoadReview = (onProgress: (p: LoadProgress) => void) => Promise<Review>;

export interface TuiOptions {
  /** Where `e` writes `<slug>.md`; the working directory when absent. */
  exportDir?: string;
}

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h\u001B[H';
// Show the cursor again and leave the alternate screen: the shell gets back what it had.
const LEAVE_ALTERNATE_SCREEN = '\u001B[?25h\u001B[?1049l';

/** `vfio-pci-make-use-of-irq-update-devid`: the thread subject as a file name. */
export function exportSlug(subject: string): string {
  const slug = subject
    .replace(/^(\s*(re|fwd?|aw|sv)\s*:\s*)+/i, '')
    .replace(/\[[^\]]*\]/g, ' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'thread';
}

/** Writes the thread's Markdown to `<dir>/<slug>.md` and gives the absolute path. */
export async function exportThreadMarkdown(review: Review, thread: Thread, dir: string): Promise<string> {
  const path = resolve(join(dir, `${exportSlug(thread.subject)}.md`));
  await mkdir(dir, { recursive: true });
  await writeFile(path, renderMarkdown(review, { thread: thread.root }));
  return path;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

interface LoaderProps {
  load: LoadReview;
  exportDir: string;
  colour: boolean;
}

/** Shows reading progress until the review is built, then the browser. */
export function Loader({ load, exportDir, colour }: LoaderProps) {
  const { exit } = useApp();
  const [progress, setProgress] = useState<LoadProgress>({ messages: 0 });
  const [review, setReview] = useState<Review | null>(null);
  useEffect(() => {
    let live = true;
    load((p) => live && setProgress(p)).then(
      (r) => live && setReview(r),
      (error: unknown) => exit(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      live = false;
    };
  }, [load, exit]);
  if (review === null) {
    const bytes = progress.bytes ? ` · ${megabytes(progress.bytes)}` : '';
    return <Text>{`mlreview: reading archives… ${progress.messages.toLocaleString('en')} messages${bytes}`}</Text>;
  }
  return <App review={review} colour={colour} exportThread={(thread) => exportThreadMarkdown(review, thread, exportDir)} />;
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
    // Synchronous: this also runs from process 'exit', where no async write completes.
    writeFileSync(stdout.fd, LEAVE_ALTERNATE_SCREEN);
  };
  stdout.write(ENTER_ALTERNATE_SCREEN);

  const instance = render(<Loader load={load} exportDir={opts.exportDir ?? process.cwd()} colour={colour} />, {
    exitOnCtrlC: true,
    // A key repeat of 30/s must not queue frames behind a 30 fps throttle.
    maxFps: 60,
  });
  const onSignal = (): void => {
    instance.unmount();
    restore();
  };
  // Restore before Node prints an uncaught error, so it lands on the normal screen.
  const onCrash = (): void => restore();
  process.on('exit', restore);
  process.on('uncaughtExceptionMonitor', onCrash);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
    restore();
    process.off('exit', restore);
    process.off('uncaughtExceptionMonitor', onCrash);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
}
