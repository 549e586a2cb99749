// The review browser once the archives are read: holds the UI state, hands keys to the reducer with
// the view it needs, and runs the effects the reducer asks for (quit, export).
import { Box, type Key, Text, useApp, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { age } from '../text/age.js';
import type { Review, Thread } from '../model.js';
import type { ListedThread } from '../review/thread-listing.js';
import type { DeskResult, DraftDesk } from './draft-desk.js';
import { DraftsList } from './drafts-list.js';
import { HelpOverlay, PanelOverlay } from './help-overlay.js';
import { safeLine } from './sanitize.js';
import { keyEvents } from './keymap.js';
import { REVIEW_CHROME, ReviewScreen } from './review-screen.js';
import { type DraftLine, type Effect, initialState, reduce, type UiEvent, type UiState, type View } from './state.js';
import { summariseAll } from './threads.js';
import { THREADS_CHROME, ThreadsScreen } from './threads-screen.js';
import { type TerminalSize, useTerminalSize } from './use-terminal-size.js';
import { createView, type SearchText } from './view.js';

export interface AppProps {
  review: Review;
  colour: boolean;
  /** Writes the thread's Markdown and gives the path written. */
  exportThread?: (thread: Thread) => Promise<string>;
  /** Pins the terminal size (tests, benchmarks); otherwise the real terminal's, following resizes. */
  size?: TerminalSize;
  /** Called when the user quits (q on the threads screen). */
  onQuit?: () => void;
  /** Replies, trailers and the outbox; without it `r`, `t` and `D` say they are not available. */
  desk?: DraftDesk;
  /** True for a thread still being linked in the background (a lazily opened archive). */
  pending?: (thread: Thread) => boolean;
  /** What the last whole run listed of a thread still pending: its line shows that until the thread is linked. */
  listed?: (thread: Thread) => ListedThread | null;
  /** The threads in list order, once: the background linking follows it. */
  onList?: (roots: string[]) => void;
  /** A thread not linked yet was opened: link it next. */
  onOpen?: (thread: Thread) => void;
  /** `linking 1,234 of 10,000 threads`, while the background linking runs. */
  linking?: string;
  /** `/`: the threads whose mails hold the words; without it `/` filters the list's columns. */
  search?: SearchText;
}

const NOTHING_PENDING = (): boolean => false;
const NOTHING_LISTED = (): null => null;

export function App({ review: given, colour, exportThread, size: fixedSize, onQuit, desk, pending = NOTHING_PENDING, listed = NOTHING_LISTED, onList, onOpen, linking, search }: AppProps) {
  const size = useTerminalSize(fixedSize);
  const { exit } = useApp();
  // The review as read, then with the user's drafts linked in (they change as drafts are written).
  const [review, setReview] = useState(given);
  // A lazily opened archive hands a newer review as its threads are linked in the background.
  useEffect(() => setReview(given), [given]);
  const [drafts, setDrafts] = useState<DraftLine[]>([]);
  const reviewRef = useRef(review);
  reviewRef.current = review;
  const summaries = useMemo(() => summariseAll(review.threads, pending, listed), [review, pending, listed]);
  // What is still going on comes before what was read: a narrow terminal cuts the end of the title.
  const reading = useMemo(() => [...(linking ? [linking] : []), readingSummary(review)].join(' · '), [review, linking]);
  const listSent = useRef(false);
  useEffect(() => {
    if (listSent.current) return;
    listSent.current = true;
    onList?.(summaries.map((s) => s.thread.root));
  }, [onList, summaries]);
  const base = useMemo(() => createView(summaries, size.columns, 0, search), [summaries, size.columns, search]);
  const viewRef = useRef<View>(base);

  const [state, dispatch] = useReducer(
    (s: UiState, e: UiEvent): UiState => {
      const chrome = s.screen === 'threads' ? THREADS_CHROME : REVIEW_CHROME;
      return reduce(s, e, { ...viewRef.current, height: Math.max(1, size.rows - 1 - chrome) });
    },
    initialState,
  );
  viewRef.current = { ...base, drafts };

  const firstSize = useRef(true);
  useEffect(() => {
    if (firstSize.current) {
      firstSize.current = false;
      return;
    }
    dispatch({ type: 'resize' });
  }, [size.columns, size.rows]);

  const applyDesk = useCallback((result: DeskResult) => {
    if (result.review) setReview((reviewRef.current = result.review));
    for (const [from, to] of result.replaced ?? []) dispatch({ type: 'thread-replaced', from, to });
    if (result.drafts) setDrafts(result.drafts);
    if (result.ask) dispatch({ type: 'ask', ask: result.ask });
    if (result.message) dispatch({ type: 'message', text: result.message });
  }, []);
  const deskFailed = useCallback((error: unknown) => dispatch({ type: 'message', text: `draft: ${error instanceof Error ? error.message : String(error)}` }), []);
  useEffect(() => {
    desk?.attach(given).then(applyDesk, deskFailed);
  }, [desk, given, applyDesk, deskFailed]);

  const runDesk = useCallback(
    (effect: Extract<Effect, { kind: 'reply' | 'draft' | 'after-edit' }>) => {
      if (!desk) {
        dispatch({ type: 'message', text: 'replies are not available here' });
        return;
      }
      const now = reviewRef.current;
      const work =
        effect.kind === 'reply'
          ? desk.reply(now, effect.thread, effect.target)
          : effect.kind === 'draft'
            ? desk.draft(now, effect.action, effect.messageId)
            : desk.afterEdit(now, effect.choice);
      work.then(applyDesk, deskFailed);
    },
    [desk, applyDesk, deskFailed],
  );

  useEffect(() => {
    const effect = state.effect;
    if (effect === null) return;
    dispatch({ type: 'effect-done' });
    if (effect.kind === 'quit') {
      onQuit?.();
      exit();
      return;
    }
    if (effect.kind === 'reply' || effect.kind === 'draft' || effect.kind === 'after-edit') {
      runDesk(effect);
      return;
    }
    if (!exportThread) {
      dispatch({ type: 'message', text: 'export is not available here' });
      return;
    }
    exportThread(effect.thread).then(
      (path) => dispatch({ type: 'message', text: `exported to ${path}` }),
      (error: unknown) => dispatch({ type: 'message', text: `export failed: ${error instanceof Error ? error.message : String(error)}` }),
    );
  }, [state.effect, exit, exportThread, onQuit, runDesk]);

  // One input hook for the whole browser, never unmounted: the reducer routes each key by screen and
  // overlay, so per-screen hooks would add nothing but churn — ink switches raw mode off (and resets
  // its escape-sequence parser) whenever the last active useInput unmounts, i.e. at every screen change.
  const onInput = useCallback((input: string, key: Key) => {
    for (const k of keyEvents(input, key)) dispatch({ type: 'key', ...k });
  }, []);
  useInput(onInput);
  const screen = state.screen === 'review' && state.review ? 'review' : 'threads';

  // The thread on screen: linked first if it was not, and swapped in once the background has it.
  const shown = state.review?.thread ?? null;
  useEffect(() => {
    if (shown === null) return;
    const latest = review.threads.find((t) => t.root === shown.root);
    if (!pending(shown)) {
      // Linked again with its other versions linked too: the `v5: changed` badges come in place.
      if (latest && latest !== shown && !pending(latest)) dispatch({ type: 'refreshed', thread: latest });
      return;
    }
    if (latest && !pending(latest)) dispatch({ type: 'linked', thread: latest });
    else onOpen?.(shown);
  }, [shown, review, pending, onOpen]);

  // A question is asked on the status line of whatever is on screen.
  const message = state.ask?.text ?? state.message;
  if (state.help) return <HelpOverlay screen={screen} size={size} />;
  if (state.drafts !== null) return <DraftsList drafts={drafts} selected={state.drafts} size={size} message={message} />;
  if (state.panel) return <PanelOverlay panel={state.panel} size={size} />;
  if (screen === 'review' && state.review && pending(state.review.thread)) {
    // Opened before the background linking reached it: it is linked next, and shown when it is.
    return (
      <Box flexDirection="column">
        <Text bold>{safeLine(state.review.thread.subject)}</Text>
        <Text>{`linking this thread… (${listed(state.review.thread)?.messages ?? state.review.thread.messages.length} messages)   q goes back`}</Text>
      </Box>
    );
  }
  if (screen === 'review' && state.review) {
    const items = base.itemsFor(state.review.thread);
    return (
      <ReviewScreen
        state={state.review}
        items={items}
        doc={base.docFor(state.review)}
        size={size}
        colour={colour}
        message={message}
      />
    );
  }
  return (
    <ThreadsScreen
      state={state.threads}
      threads={base.threadsFor(state.threads.filter, state.threads.older, state.threads.text)}
      found={state.threads.text ? base.searchFor?.(state.threads.filter) : undefined}
      total={summaries.length}
      reading={reading}
      size={size}
      message={message}
    />
  );
}

/**
 * `23,200 mails · 13 left out · 317 problems (mlreview check --list)`: what was read, on the title line,
 * so mails the review could not take are never silently missing from the browser.
 */
export function readingSummary(review: Review, now: Date = new Date()): string {
  const mails = review.sources.reduce((n, s) => n + s.mails, 0);
  const problems = review.sources.flatMap((s) => s.problems);
  const leftOut = problems.filter((p) => p.leftOut).length;
  const parts = [`${mails.toLocaleString('en')} ${mails === 1 ? 'mail' : 'mails'}`];
  // Mail fetched from a server is a copy: say how old the oldest one is, so a stale review shows.
  const fetched = review.sources.flatMap((s) => (s.fetchedAt ? [Date.parse(s.fetchedAt)] : [])).filter((t) => !Number.isNaN(t));
  if (fetched.length) parts.push(`fetched ${age(new Date(Math.min(...fetched)), now)}`);
  if (leftOut) parts.push(`${leftOut.toLocaleString('en')} left out`);
  if (problems.length) parts.push(`${problems.length.toLocaleString('en')} ${problems.length === 1 ? 'problem' : 'problems'} (mlreview check --list)`);
  return parts.join(' · ');
}
