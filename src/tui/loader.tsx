// What the browser shows while the archives are read: a progress line, then the threads screen.
import { Text, useApp, useInput } from 'ink';
import { useCallback, useEffect, useState } from 'react';
import type { BrowseArchive } from '../archive/browse.js';
import type { Review, Thread } from '../model.js';
import { App } from './app.js';
import type { DraftDesk } from './draft-desk.js';
import { safeLine } from './sanitize.js';
import type { LoadProgress } from './run.js';
import { byteSize, fetchingLine, megabytes } from './progress-text.js';

/** Reading progress as it comes, for a screen that mounts after the reading started. */
export interface ProgressFeed {
  latest: LoadProgress;
  listen(onProgress: (p: LoadProgress) => void): () => void;
}

interface LoaderProps {
  /** The archive being opened (or a review already whole); started before ink loaded, so reading and loading overlap. */
  loading: Promise<BrowseArchive | Review>;
  progress: ProgressFeed;
  exportDir: string;
  colour: boolean;
  exportThread: (review: Review, thread: Thread, dir: string) => Promise<string>;
  /** Ctrl-C while reading or linking: the terminal is given back and the process stops. */
  onInterrupt: () => void;
  desk?: DraftDesk;
}

/** A review read whole, as an archive with nothing left to link. */
function whole(review: Review): BrowseArchive {
  return {
    review: () => review,
    pending: () => false,
    listed: () => null,
    progress: () => ({ linked: review.threads.length, total: review.threads.length }),
    subscribe: () => () => undefined,
    prioritise: () => undefined,
    close: () => undefined,
  };
}

/** Shows reading progress until the threads are known, then the browser. */
export function Loader({ loading, progress: feed, exportDir, colour, exportThread, onInterrupt, desk }: LoaderProps) {
  const { exit } = useApp();
  const [archive, setArchive] = useState<BrowseArchive | null>(null);
  const [review, setReview] = useState<Review | null>(null);
  // Keys typed while reading would echo over the screen without raw mode; only Ctrl-C means anything.
  const linkingNow = archive !== null && archive.progress().linked < archive.progress().total;
  // While threads are still being linked in the background, Ctrl-C stops the process as it does while
  // reading (exit 130), not only the browser.
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') onInterrupt();
    },
    { isActive: review === null || linkingNow },
  );
  const [progress, setProgress] = useState<LoadProgress>(feed.latest);
  useEffect(() => feed.listen(setProgress), [feed]);
  useEffect(() => {
    let live = true;
    let unsubscribe = (): void => undefined;
    loading.then(
      (value) => {
        if (!live) return;
        const opened = 'subscribe' in value ? value : whole(value);
        setArchive(opened);
        setReview(opened.review());
        unsubscribe = opened.subscribe(
          (r) => live && setReview(r),
          // The archive behind a kept list could not be read after all: the browser stops, saying why.
          (error) => live && exit(error),
        );
      },
      (error: unknown) => exit(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [loading, exit]);
  const pending = useCallback((thread: Thread) => archive?.pending(thread) ?? false, [archive]);
  const listed = useCallback((thread: Thread) => archive?.listed(thread) ?? null, [archive]);
  const onList = useCallback((roots: string[]) => archive?.prioritise(roots), [archive]);
  const onOpen = useCallback((thread: Thread) => archive?.prioritise([thread.root]), [archive]);
  if (review === null || archive === null) {
    if (progress.totalThreads) {
      const done = `${(progress.threads ?? 0).toLocaleString('en')} of ${progress.totalThreads.toLocaleString('en')} threads`;
      return <Text>{`mlreview: linking review comments to their lines… ${done}   (Ctrl-C stops)`}</Text>;
    }
    if (progress.fetching) return <Text wrap="truncate-end">{safeLine(fetchingLine(progress.fetching))}</Text>;
    const bytes = progress.bytes ? ` · ${megabytes(progress.bytes)}` : '';
    return <Text>{`mlreview: reading archives… ${progress.messages.toLocaleString('en')} messages${bytes}   (Ctrl-C stops)`}</Text>;
  }
  const { linked, total, appended } = archive.progress();
  const linking =
    appended !== undefined
      ? `reading the ${byteSize(appended)} of mail added since the last run`
      : linked < total
        ? `linking ${linked.toLocaleString('en')} of ${total.toLocaleString('en')} threads`
        : undefined;
  return (
    <App
      review={review}
      colour={colour}
      exportThread={(thread) => exportThread(review, thread, exportDir)}
      pending={pending}
      listed={listed}
      onList={onList}
      onOpen={onOpen}
      linking={linking}
      search={archive.search}
      desk={desk}
    />
  );
}
