// All UI state and its transitions, pure: (state, key, what is on screen) → state. Components only
// draw a state and forward keys; side effects (quit, write an export) are returned as data.
import type { Patch, Thread } from '../model.js';
import { commentKey } from './comment-key.js';
import { nextVersionPanel, type Panel, versionsPanel } from './versions-panel.js';
import { ALL, type CommentFilter, filterLabel, nextFilter, reviewersOf } from './filter.js';
import { commentsOf, type ReviewItem } from './items.js';
import { type Action, actionOf, lookup, type Screen } from './keymap.js';
import { replyTargetAt } from './reply-target.js';
import type { ReplyTarget, TrailerKind } from '../reply/compose.js';
import type { ReviewDocument } from './rows.js';
import {
  clamp,
  type Found,
  foldTarget,
  jumpComment,
  maxOffset,
  openItem,
  scrollTo,
  searchStep,
  selectedIndex,
} from './navigation.js';
import type { ThreadSummary } from './threads.js';
import type { ThreadsFound } from '../archive/thread-search.js';
import { awaitsAnswer } from '../review/awaiting.js';

export interface ThreadsState {
  filter: string;
  /** True while keys type into the filter rather than act. */
  typing: boolean;
  selected: number;
  offset: number;
  /** True when threads holding only older versions of a series are listed too (`v`). */
  older?: boolean;
  /** True when the line typed after `/` searches the text of every mail, not the list's columns. */
  text?: boolean;
}

export interface ReviewState {
  thread: Thread;
  item: number;
  /** Index of the first row on screen. */
  offset: number;
  /** commentKey of the selected comment (what `n` moved to, what Enter folds). */
  selected: string | null;
  folds: ReadonlySet<string>;
  filter: CommentFilter;
  /** The last search, repeated by `n`/`N` until Esc clears it. */
  search: string | null;
  /** Row of the current search match. */
  match: number | null;
  /** Search text being typed after `/`. */
  prompt: string | null;
  /** First key of a sequence (`z` of `za`). */
  pending: string | null;
  /** Selection in the patch list overlay, null when closed. */
  list: number | null;
}

export type Effect =
  | { kind: 'quit' }
  | { kind: 'export'; thread: Thread }
  /** Compose a reply (or a trailer) and hand it to the editor / the outbox. */
  | { kind: 'reply'; thread: Thread; target: ReplyTarget }
  | { kind: 'draft'; action: 'edit' | 'send' | 'discard'; messageId: string }
  /** The answer to the question asked after the editor closed (see Ask). */
  | { kind: 'after-edit'; choice: 'edit-again' | 'keep' | 'discard' };

/** A question with a few answers (keys of the `ask` mode); an answer missing from `answers` is not offered. */
export interface Ask {
  text: string;
  answers: Partial<Record<Action, Effect | null>>;
}

/** One draft of the outbox as the drafts list shows it. */
export interface DraftLine {
  messageId: string;
  label: string;
}

export interface UiState {
  screen: 'threads' | 'review';
  help: boolean;
  /** An overlay of lines (a comment in the next version, a series' versions); any key closes it. */
  panel?: Panel | null;
  threads: ThreadsState;
  review: ReviewState | null;
  /** One-shot line for the status bar (export path, "no more comments"); cleared by the next key. */
  message: string | null;
  effect: Effect | null;
  /** The drafts list (selected line), null when closed. */
  drafts: number | null;
  /** A question waiting for its answer, drawn on the status line. */
  ask: Ask | null;
}

/**
 * What the reducer may look at besides the state: the body height and memoized lookups that depend
 * only on their arguments, so two keys typed before a redraw still see rows that match the state.
 */
export interface View {
  /** Rows of the body (review) or of the list (threads). */
  height: number;
  /** Columns of the terminal (overlays lay their lines out to it). */
  width?: number;
  /** The threads listed for a filter (`text`: a search of the mails' text, see ThreadsFound). */
  threadsFor: (filter: string, older?: boolean, text?: boolean) => ThreadSummary[];
  /** What `/` found for a query (the screen says how it searched); absent: nothing to search with. */
  searchFor?: (query: string) => ThreadsFound | null;
  /** A patch of any thread by Message-ID (a series' versions live in several threads). */
  patchFor?: (id: string) => Patch | undefined;
  itemsFor: (thread: Thread) => ReviewItem[];
  /** The rows of an item of the open thread at the current width, folds and filter. */
  docFor: (review: ReviewState, item?: number) => ReviewDocument;
  /** The outbox, for the drafts list. */
  drafts?: DraftLine[];
}

export type UiEvent =
  | { type: 'key'; name: string; input: string }
  /** The terminal changed size: rows were rewrapped, row indexes moved. */
  | { type: 'resize' }
  | { type: 'message'; text: string }
  /** The thread on screen was linked in the background: its comments replace its bare messages. */
  | { type: 'linked'; thread: Thread }
  /** A newer linking of the thread on screen (its comments followed into another version): same place. */
  | { type: 'refreshed'; thread: Thread }
  | { type: 'effect-done' }
  | { type: 'ask'; ask: Ask }
  /** A thread was linked again (a draft added or removed): the open review follows it. */
  | { type: 'thread-replaced'; from: Thread; to: Thread };

export const initialState: UiState = {
  screen: 'threads',
  help: false,
  threads: { filter: '', typing: false, selected: 0, offset: 0 },
  review: null,
  message: null,
  effect: null,
  drafts: null,
  ask: null,
};


/** Printable text a key typed, '' for keys that do something else. */
function typed(name: string, input: string): string {
  if (name === 'space') return ' ';
  if (name !== input || input === '' || /[\u0000-\u001F\u007F-\u009F]/.test(input)) return '';
  return input;
}

// ---- threads screen --------------------------------------------------------------------------

function moveThreads(t: ThreadsState, to: number, view: View): ThreadsState {
  const selected = clamp(to, 0, Math.max(0, view.threadsFor(t.filter, t.older, t.text).length - 1));
  const h = Math.max(1, view.height);
  const offset = selected < t.offset ? selected : selected >= t.offset + h ? selected - h + 1 : t.offset;
  return { ...t, selected, offset };
}

function openThread(state: UiState, view: View): UiState {
  const summary = view.threadsFor(state.threads.filter, state.threads.older, state.threads.text)[state.threads.selected];
  if (!summary) return { ...state, message: 'no thread matches the filter' };
  const review: ReviewState = {
    thread: summary.thread,
    item: 0,
    offset: 0,
    selected: null,
    folds: new Set(),
    filter: ALL,
    search: null,
    match: null,
    prompt: null,
    pending: null,
    list: null,
  };
  return { ...state, screen: 'review', review, threads: { ...state.threads, typing: false } };
}

function threadsNav(state: UiState, action: Action, view: View): UiState | null {
  const t = state.threads;
  const page = Math.max(1, view.height - 1);
  const to: Partial<Record<Action, number>> = {
    down: t.selected + 1,
    up: t.selected - 1,
    'page-down': t.selected + page,
    'page-up': t.selected - page,
    top: 0,
    bottom: view.threadsFor(t.filter, t.older, t.text).length - 1,
  };
  const target = to[action];
  return target === undefined ? null : { ...state, threads: moveThreads(t, target, view) };
}

function threadsKey(state: UiState, name: string, input: string, view: View): UiState {
  const t = state.threads;
  const text = typed(name, input);
  if (t.typing) {
    const editing = actionOf('prompt', name);
    if (editing === 'cancel') return { ...state, threads: { filter: '', typing: false, selected: 0, offset: 0 } };
    if (editing === 'confirm') return openThread(state, view);
    if (editing === 'delete-char') return { ...state, threads: { ...t, filter: t.filter.slice(0, -1), selected: 0, offset: 0 } };
    if (text) return { ...state, threads: { ...t, filter: t.filter + text, selected: 0, offset: 0 } };
  }
  const found = lookup('threads', name, null);
  const action = found && 'action' in found ? found.action : null;
  if (action === null || (t.typing && !['down', 'up', 'page-down', 'page-up'].includes(action))) {
    // Typing starts the filter: a maintainer types "vfio" and the list narrows.
    if (text && !t.typing) return { ...state, threads: { ...t, typing: true, filter: text, selected: 0, offset: 0 } };
    return state;
  }
  const moved = threadsNav(state, action, view);
  if (moved) return moved;
  switch (action) {
    case 'open':
      return openThread(state, view);
    case 'search':
      // The words typed so far (a filter left from before) become the search's first words.
      return { ...state, threads: { ...t, typing: true, text: true, selected: 0, offset: 0 } };
    case 'versions': {
      const summary = view.threadsFor(t.filter, t.older, t.text)[t.selected];
      return summary ? versionsOf(state, summary.thread, view) : state;
    }
    case 'older-versions':
      return { ...state, threads: { ...t, older: !t.older, selected: 0, offset: 0 }, message: t.older ? 'newest versions only' : 'older versions shown' };
    case 'help':
      return { ...state, help: true };
    case 'back':
      // Esc undoes the filter first; q (quit) always quits, even with a filter left from an earlier search.
      if (t.filter !== '') return { ...state, threads: { filter: '', typing: false, selected: 0, offset: 0 } };
      return { ...state, effect: { kind: 'quit' } };
    case 'quit':
      return { ...state, effect: { kind: 'quit' } };
    case 'drafts':
      return openDrafts(state, view);
    default:
      return state;
  }
}

function versionsOf(state: UiState, thread: Thread, view: View): UiState {
  const versions = thread.series.find((s) => s.versions)?.versions;
  if (!versions) return { ...state, message: 'no other version of this series in the archives' };
  return { ...state, panel: versionsPanel(versions, view.patchFor ?? (() => undefined), view.width ?? 80) };
}

// ---- review screen ---------------------------------------------------------------------------

function applyFound(state: UiState, found: Found): UiState {
  const message = found.message ?? null;
  return 'review' in found ? { ...state, review: found.review, message } : { ...state, message };
}

function reviewAction(state: UiState, r: ReviewState, action: Action, view: View): UiState {
  const doc = view.docFor(r);
  const h = Math.max(1, view.height);
  const scroll = (offset: number): UiState => ({ ...state, review: scrollTo(r, offset, doc, h) });
  const jumpRow = (rows: number[], dir: 1 | -1, what: string): UiState => {
    const row = dir > 0 ? rows.find((x) => x > r.offset) : rows.findLast((x) => x < r.offset);
    return row === undefined ? { ...state, message: `no ${what}` } : scroll(row);
  };
  switch (action) {
    case 'down':
      return scroll(r.offset + 1);
    case 'up':
      return scroll(r.offset - 1);
    case 'page-down':
      return scroll(r.offset + Math.max(1, h - 1));
    case 'page-up':
      return scroll(r.offset - Math.max(1, h - 1));
    case 'top':
      return scroll(0);
    case 'bottom':
      return scroll(maxOffset(doc, h));
    case 'next-comment':
    case 'prev-comment': {
      const dir = action === 'next-comment' ? 1 : -1;
      if (r.search !== null) return applyFound(state, searchStep(r, view, dir, false));
      return applyFound(state, jumpComment(r, view, dir, () => true, dir > 0 ? 'no more comments' : 'no earlier comment'));
    }
    case 'next-open':
      return applyFound(state, jumpComment(r, view, 1, (i, d) => awaitsAnswer(d.comments[i]), 'no open question after this'));
    case 'next-hunk':
      return jumpRow(doc.hunkRows, 1, 'next hunk');
    case 'prev-hunk':
      return jumpRow(doc.hunkRows, -1, 'previous hunk');
    case 'next-file':
      return jumpRow(doc.fileRows, 1, 'next file');
    case 'prev-file':
      return jumpRow(doc.fileRows, -1, 'previous file');
    case 'toggle-fold': {
      const id = foldTarget(r, doc, h);
      if (id === null) return { ...state, message: 'no comment on screen' };
      const folds = new Set(r.folds);
      if (!folds.delete(id)) folds.add(id);
      return { ...state, review: { ...r, folds, selected: id } };
    }
    case 'search':
      return { ...state, review: { ...r, prompt: '' } };
    case 'filter': {
      const filter = nextFilter(r.filter, reviewersOf(view.itemsFor(r.thread).flatMap(commentsOf)));
      return { ...state, review: { ...r, filter, selected: null, match: null, offset: 0 }, message: `comments: ${filterLabel(filter)}` };
    }
    case 'export':
      return { ...state, effect: { kind: 'export', thread: r.thread }, message: 'exporting…' };
    case 'next-patch':
    case 'prev-patch': {
      const item = r.item + (action === 'next-patch' ? 1 : -1);
      if (item < 0 || item >= view.itemsFor(r.thread).length) return { ...state, message: item < 0 ? 'first patch' : 'last patch' };
      return { ...state, review: openItem(r, item) };
    }
    case 'patch-list':
      return { ...state, review: { ...r, list: r.item } };
    case 'reply': {
      const target = replyTargetAt(r, doc, view.itemsFor(r.thread)[r.item], h);
      if (target === null) return { ...state, message: 'nothing to answer here: search (/) for a line or select a comment (n) first' };
      return { ...state, effect: { kind: 'reply', thread: r.thread, target } };
    }
    case 'trailer': {
      const item = view.itemsFor(r.thread)[r.item];
      const messageId = item?.kind === 'patch' ? item.patch.messageId : item?.kind === 'cover' ? item.series.cover : null;
      if (!messageId) return { ...state, message: 'a trailer is given to a patch or, from its cover letter, to the series' };
      const give = (trailer: TrailerKind): Effect => ({ kind: 'reply', thread: r.thread, target: { kind: 'trailer', messageId, trailer } });
      const to = item?.kind === 'cover' ? 'the whole series' : 'this patch';
      return {
        ...state,
        ask: {
          text: `Give ${to}: r Reviewed-by · a Acked-by · t Tested-by · Esc cancel`,
          answers: { 'give-reviewed-by': give('reviewed-by'), 'give-acked-by': give('acked-by'), 'give-tested-by': give('tested-by'), no: null },
        },
      };
    }
    case 'drafts':
      return openDrafts(state, view);
    case 'next-version': {
      const id = r.selected ?? foldTarget(r, doc, h);
      const comment = id === null ? undefined : doc.comments.find((c) => commentKey(c) === id);
      if (!comment) return { ...state, message: 'no comment on screen' };
      const item = view.itemsFor(r.thread)[r.item];
      const version = item?.kind === 'patch' ? item.patch.version : item?.kind === 'cover' ? item.series.version : 1;
      return { ...state, panel: nextVersionPanel(comment, version, view.width ?? 80) };
    }
    case 'versions':
      return versionsOf(state, r.thread, view);
    case 'help':
      return { ...state, help: true };
    case 'back':
      if (r.search !== null) return { ...state, review: { ...r, search: null, match: null } };
      return { ...state, screen: 'threads', review: null };
    default:
      return state;
  }
}

function listKey(state: UiState, r: ReviewState, name: string, view: View): UiState {
  const list = r.list ?? 0;
  const last = view.itemsFor(r.thread).length - 1;
  switch (actionOf('list', name)) {
    case 'down':
      return { ...state, review: { ...r, list: clamp(list + 1, 0, last) } };
    case 'up':
      return { ...state, review: { ...r, list: clamp(list - 1, 0, last) } };
    case 'open':
      return { ...state, review: openItem(r, list) };
    case 'back':
      return { ...state, review: { ...r, list: null } };
    default:
      return state;
  }
}

function openDrafts(state: UiState, view: View): UiState {
  if (!view.drafts?.length) return { ...state, message: 'no drafts in the outbox (r replies, t gives a trailer)' };
  return { ...state, drafts: 0 };
}

/** Keys of the drafts list: move, edit (Enter), send or discard after a yes. */
function draftsKey(state: UiState, name: string, view: View): UiState {
  const drafts = view.drafts ?? [];
  const at = clamp(state.drafts ?? 0, 0, Math.max(0, drafts.length - 1));
  const draft = drafts[at];
  switch (actionOf('list', name)) {
    case 'down':
      return { ...state, drafts: clamp(at + 1, 0, drafts.length - 1) };
    case 'up':
      return { ...state, drafts: clamp(at - 1, 0, drafts.length - 1) };
    case 'back':
      return { ...state, drafts: null };
    case 'open':
      return draft ? { ...state, effect: { kind: 'draft', action: 'edit', messageId: draft.messageId } } : state;
    case 'send-draft':
      if (!draft) return state;
      // The answers first: a long subject is cut at the screen's edge, the keys must not be.
      return { ...state, ask: { text: `Send this draft now? y send · n keep it — ${draft.label}`, answers: { yes: { kind: 'draft', action: 'send', messageId: draft.messageId }, no: null } } };
    case 'discard-draft':
      if (!draft) return state;
      return { ...state, ask: { text: `Discard this draft? y discard · n keep it — ${draft.label}`, answers: { yes: { kind: 'draft', action: 'discard', messageId: draft.messageId }, no: null } } };
    default:
      return state;
  }
}

/** A question's answer: only the answers it offers; any other key leaves it asked. */
function askKey(state: UiState, ask: Ask, name: string): UiState {
  const action = actionOf('ask', name);
  if (action === null || !(action in ask.answers)) return { ...state, message: null };
  const effect = ask.answers[action] ?? null;
  return { ...state, ask: null, effect, message: effect ? null : 'cancelled' };
}

function promptKey(state: UiState, r: ReviewState, name: string, input: string, view: View): UiState {
  const prompt = r.prompt ?? '';
  const editing = actionOf('prompt', name);
  if (editing === 'cancel') return { ...state, review: { ...r, prompt: null } };
  if (editing === 'delete-char') return { ...state, review: { ...r, prompt: prompt.slice(0, -1) } };
  if (editing === 'confirm') {
    if (prompt === '') return { ...state, review: { ...r, prompt: null } };
    const searching = { ...r, prompt: null, search: prompt, match: null };
    return applyFound({ ...state, review: searching }, searchStep(searching, view, 1, true));
  }
  const text = typed(name, input);
  return text ? { ...state, review: { ...r, prompt: prompt + text } } : state;
}

function reviewKey(state: UiState, name: string, input: string, view: View): UiState {
  const r = state.review;
  if (r === null) return { ...state, screen: 'threads' };
  if (r.list !== null) return listKey(state, r, name, view);
  if (r.prompt !== null) return promptKey(state, r, name, input, view);
  const found = lookup('review', name, r.pending);
  if (found === null) return r.pending === null ? state : { ...state, review: { ...r, pending: null } };
  if ('prefix' in found) return { ...state, review: { ...r, pending: found.prefix } };
  return reviewAction({ ...state, review: { ...r, pending: null } }, { ...r, pending: null }, found.action, view);
}

/** After a resize the selected comment stays on screen; the old offset counted rows of another width. */
function resized(state: UiState, view: View): UiState {
  const r = state.review;
  if (r === null || r.selected === null) return state;
  const doc = view.docFor(r);
  const s = selectedIndex(r, doc);
  if (s < 0) return state;
  const offset = clamp(doc.commentRows[s] - Math.floor(view.height / 3), 0, maxOffset(doc, view.height));
  return { ...state, review: { ...r, offset, match: null } };
}

/** Where keys are read now: a question, a list, a line being typed, or the screen itself. */
export function modeOf(state: UiState): Screen {
  if (state.ask) return 'ask';
  if (state.drafts !== null) return 'list';
  if (state.screen === 'threads') return state.threads.typing ? 'prompt' : 'threads';
  if (state.review?.list != null) return 'list';
  if (state.review?.prompt != null) return 'prompt';
  return 'review';
}

export function reduce(state: UiState, event: UiEvent, view: View): UiState {
  switch (event.type) {
    case 'message':
      return { ...state, message: event.text };
    case 'effect-done':
      return { ...state, effect: null };
    case 'ask':
      return { ...state, ask: event.ask };
    case 'thread-replaced': {
      const r = state.review;
      if (r === null || r.thread !== event.from) return state;
      // Comment keys name comment objects, which the new linking replaced: selection and folds start over.
      return { ...state, review: { ...r, thread: event.to, selected: null, folds: new Set(), match: null } };
    }
    case 'linked':
      if (state.review === null || state.review.thread.root !== event.thread.root) return state;
      return { ...state, review: { ...state.review, thread: event.thread, item: 0, offset: 0, selected: null, folds: new Set(), match: null } };
    case 'refreshed': {
      const r = state.review;
      if (r === null || r.thread.root !== event.thread.root) return state;
      // The same patches and comments with more known of them (the versions stage's badges): the
      // reader stays where they are; anything else starts the thread over, as a first link does.
      const before = view.itemsFor(r.thread);
      const after = view.itemsFor(event.thread);
      if (after.length !== before.length) return reduce(state, { type: 'linked', thread: event.thread }, view);
      // Comment keys name comment objects, which the newer linking replaced: the selection and the
      // folds move to the comments in the same places.
      const moved = new Map<string, string>();
      before.forEach((item, i) => {
        const old = commentsOf(item);
        const now = commentsOf(after[i]!);
        if (old.length === now.length) old.forEach((c, k) => moved.set(commentKey(c), commentKey(now[k]!)));
      });
      const selected = r.selected === null ? null : (moved.get(r.selected) ?? null);
      const folds = new Set([...r.folds].flatMap((key) => (moved.has(key) ? [moved.get(key)!] : [])));
      return { ...state, review: { ...r, thread: event.thread, selected, folds } };
    }
    case 'resize':
      return resized(state, view);
    case 'key': {
      const cleared = { ...state, message: null };
      if (actionOf(modeOf(state), event.name) === 'quit') return { ...cleared, effect: { kind: 'quit' } };
      if (state.ask) return askKey(state, state.ask, event.name);
      // Any key closes the help: it is an overlay, not a mode to get lost in.
      if (state.help) return { ...cleared, help: false };
      if (state.panel) return { ...cleared, panel: null };
      if (state.drafts !== null) return draftsKey(cleared, event.name, view);
      if (state.screen === 'threads') return threadsKey(cleared, event.name, event.input, view);
      return reviewKey(cleared, event.name, event.input, view);
    }
  }
}
