// What the browser shows while the archives are read: a progress line, then the threads screen.
import { Text, useApp, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { Review, Thread } from '../model.js';
import { App } from './app.js';
import type { DraftDesk } from './draft-desk.js';
import { safeLine } from './sanitize.js';
import type { LoadProgress } from './run.js';
import { fetchingLine, megabytes } from './progress-text.js';

/** Reading progress as it comes, for a screen that mounts after the reading started. */
export interface ProgressFeed {
  latest: LoadProgress;
  listen(onProgress: (p: LoadProgress) => void): () => void;
}


interface LoaderProps {
  /** The review being built; started before ink loaded, so reading and loading overlap. */
  loading: Promise<Review>;
  progress: ProgressFeed;
  exportDir: string;
  colour: boolean;
  exportThread: (review: Review, thread: Thread, dir: string) => Promise<string>;
  /** Ctrl-C while reading or linking: the terminal is given back and the process stops. */
  onInterrupt: () => void;
  desk?: DraftDesk;
}

/** Shows reading progress until the review is built, then the browser. */
export function Loader({ loading, progress: feed, exportDir, colour, exportThread, onInterrupt, desk }: LoaderProps) {
  const { exit } = useApp();
  const [review, setReview] = useState<Review | null>(null);
  // Keys typed while reading would echo over the screen without raw mode; only Ctrl-C means anything.
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') onInterrupt();
    },
    { isActive: review === null },
  );
  const [progress, setProgress] = useState<LoadProgress>(feed.latest);
  useEffect(() => feed.listen(setProgress), [feed]);
  useEffect(() => {
    let live = true;
    loading.then(
      (r) => live && setReview(r),
      (error: unknown) => exit(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      live = false;
    };
  }, [loading, exit]);
  if (review === null) {
    if (progress.totalThreads) {
      const done = `${(progress.threads ?? 0).toLocaleString('en')} of ${progress.totalThreads.toLocaleString('en')} threads`;
      return <Text>{`mlreview: linking review comments to their lines… ${done}   (Ctrl-C stops)`}</Text>;
    }
    if (progress.fetching) return <Text wrap="truncate-end">{safeLine(fetchingLine(progress.fetching))}</Text>;
    const bytes = progress.bytes ? ` · ${megabytes(progress.bytes)}` : '';
    return <Text>{`mlreview: reading archives… ${progress.messages.toLocaleString('en')} messages${bytes}   (Ctrl-C stops)`}</Text>;
  }
  return <App review={review} colour={colour} exportThread={(thread) => exportThread(review, thread, exportDir)} desk={desk} />;
}

