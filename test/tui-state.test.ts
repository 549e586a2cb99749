// The UI reducer alone: keys in, state out, no terminal. Each test is a little session a reviewer
// would have: open a thread, walk comments, fold, search, filter, leave.
import { describe, expect, it } from 'vitest';
import { commentKey } from '../src/tui/comment-key.js';
import { commentsOf } from '../src/tui/items.js';
import { initialState, reduce, type UiState, type View } from '../src/tui/state.js';
import { summariseAll } from '../src/tui/threads.js';
import { createView } from '../src/tui/view.js';
import { smallSeries } from './helpers/tui-review.js';

const HEIGHT = 8;

function session(keys: string[], start: UiState = initialState, view?: View): { state: UiState; view: View } {
  const v = view ?? { ...createView(summariseAll(smallSeries().threads), 80, 0), height: HEIGHT };
  let state = start;
  for (const name of keys) state = reduce(state, { type: 'key', name, input: name.length === 1 ? name : '' }, v);
  return { state, view: v };
}

/** Message-ID of the selected comment, read back through the rows the reducer saw. */
function selectedComment(s: UiState): string | null {
  if (!s.review?.selected) return null;
  const { view } = session([], s);
  return view.docFor(s.review).comments.find((c) => commentKey(c) === s.review!.selected)?.messageId ?? null;
}

describe('threads screen', () => {
  it('lists newest first, moves with j/k and opens the thread with Enter', () => {
    const { state, view } = session(['j', 'k']);
    expect(view.threadsFor('').map((t) => t.subject)).toEqual(['[PATCH v2 0/2] small series', '[PATCH] older unrelated change']);
    expect(state.threads.selected).toBe(0);
    const opened = session(['enter']).state;
    expect(opened.screen).toBe('review');
    expect(opened.review?.thread.subject).toBe('[PATCH v2 0/2] small series');
  });

  it('filters by typing, opens the match, and Esc clears the filter', () => {
    const typed = session(['o', 'l', 'd']).state;
    expect(typed.threads).toMatchObject({ filter: 'old', typing: true, selected: 0 });
    const opened = session(['enter'], typed).state;
    expect(opened.review?.thread.subject).toBe('[PATCH] older unrelated change');
    expect(session(['esc'], typed).state.threads).toMatchObject({ filter: '', typing: false });
    // Back from the thread the filter is still there; q quits anyway, Esc clears it.
    const back = session(['enter', 'q'], typed).state;
    expect(back.threads.filter).toBe('old');
    expect(session(['q'], back).state.effect).toEqual({ kind: 'quit' });
    expect(session(['esc'], back).state).toMatchObject({ effect: null, threads: { filter: '' } });
  });

  it('quits with q (as an effect, not by itself) and shows help with ?', () => {
    expect(session(['q']).state.effect).toEqual({ kind: 'quit' });
    const help = session(['?']).state;
    expect(help.help).toBe(true);
    expect(session(['x'], help).state.help).toBe(false);
  });
});

describe('review screen', () => {
  const open = () => session(['enter']).state;

  it('switches patches with Tab and Shift-Tab, stopping at the ends', () => {
    const s = session(['tab', 'tab', 'tab'], open()).state;
    expect(s.review?.item).toBe(2);
    expect(s.message).toBe('last patch');
    expect(session(['S-tab'], s).state.review?.item).toBe(1);
  });

  it('walks every comment in order with n, across patches, and back with N', () => {
    let s = open();
    const walked: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      s = session(['n'], s).state;
      walked.push(selectedComment(s));
    }
    expect(walked).toEqual(['c1', 'c2', 'c3']);
    expect(s.review?.item).toBe(2);
    s = session(['n'], s).state;
    expect(s.message).toBe('no more comments');
    const back = session(['N'], s).state;
    expect(back.review?.item).toBe(1);
    expect(selectedComment(back)).toBe('c2');
  });

  it('keeps the comment it moves to on screen', () => {
    const { state, view } = session(['n', 'n'], open());
    const doc = view.docFor(state.review!);
    const row = doc.commentRows[doc.comments.findIndex((c) => commentKey(c) === state.review!.selected)];
    expect(selectedComment(state)).toBe('c2');
    expect(row).toBeGreaterThanOrEqual(state.review!.offset);
    expect(row).toBeLessThan(state.review!.offset + HEIGHT);
  });

  it('goes to the next open question with o, skipping answered ones', () => {
    const s = session(['tab', 'o'], open()).state;
    expect(selectedComment(s)).toBe('c2');
  });

  it('jumps between hunks and files with ] [ } {', () => {
    const { state, view } = session(['tab', ']'], open());
    const doc = view.docFor(state.review!);
    expect(state.review!.offset).toBe(doc.hunkRows[0]);
    expect(session([']'], state).state.review!.offset).toBe(doc.hunkRows[1]);
    expect(session([']', '['], state).state.review!.offset).toBe(doc.hunkRows[0]);
    const filed = session(['}'], session(['tab'], open()).state).state;
    expect(filed.review!.offset).toBe(doc.fileRows[0]);
  });

  it('folds and unfolds the selected conversation with Enter and with za', () => {
    let s = session(['n'], open()).state;
    s = session(['enter'], s).state;
    expect([...s.review!.folds]).toEqual([s.review!.selected]);
    expect(selectedComment(s)).toBe('c1');
    s = session(['z', 'a'], s).state;
    expect([...s.review!.folds]).toEqual([]);
  });

  it('scrolls with j/k, pages, g and G, never past the ends', () => {
    const { state, view } = session(['tab', 'j', 'j', 'k'], open());
    expect(state.review!.offset).toBe(1);
    const doc = view.docFor(state.review!);
    expect(session(['G'], state).state.review!.offset).toBe(doc.rows.length - HEIGHT);
    expect(session(['G', 'j', 'space'], state).state.review!.offset).toBe(doc.rows.length - HEIGHT);
    expect(session(['pagedown'], state).state.review!.offset).toBe(1 + HEIGHT - 1);
    expect(session(['g', 'k'], state).state.review!.offset).toBe(0);
  });

  it('searches with /, repeats with n, and Esc gives n back to comments', () => {
    let s = session(['tab', '/', 'r', 'e', 't', 'u', 'r', 'n', 'enter'], open()).state;
    const { view } = session([], s);
    const doc = view.docFor(s.review!);
    expect(s.review!.search).toBe('return');
    expect(doc.rows[s.review!.match!].segments.map((x) => x.text).join('')).toContain('return a;');
    s = session(['n'], s).state;
    expect(s.message).toBe('search wrapped around');
    s = session(['esc'], s).state;
    expect(s.review!.search).toBeNull();
    expect(s.screen).toBe('review');
    expect(selectedComment(session(['g', 'n'], s).state)).toBe('c1');
  });

  it('cycles the comment filter all → open → each reviewer → all', () => {
    const labels: string[] = [];
    let s = open();
    for (let i = 0; i < 4; i++) {
      s = session(['f'], s).state;
      labels.push(s.message ?? '');
    }
    expect(labels).toEqual(['comments: open', 'comments: by Alice Reviewer', 'comments: by Carol Second', 'comments: all']);
  });

  it('asks for an export of the open thread with e', () => {
    const s = session(['e'], open()).state;
    expect(s.effect).toMatchObject({ kind: 'export', thread: { subject: '[PATCH v2 0/2] small series' } });
  });

  it('picks a patch from the list with p', () => {
    const s = session(['p', 'j', 'j', 'enter'], open()).state;
    expect(s.review).toMatchObject({ item: 2, list: null });
  });

  it('keeps the selected comment on screen when the terminal is resized', () => {
    const wide = session(['n', 'n'], open()).state;
    const narrow = { ...createView(summariseAll(smallSeries().threads), 24, 0), height: 4 };
    const after = reduce(wide, { type: 'resize' }, narrow);
    const doc = narrow.docFor(after.review!);
    const row = doc.commentRows[doc.comments.findIndex((c) => commentKey(c) === after.review!.selected)];
    expect(row).toBeGreaterThanOrEqual(after.review!.offset);
    expect(row).toBeLessThan(after.review!.offset + 4);
    expect(row).toBeGreaterThan(wide.review!.offset + HEIGHT);
  });

  it('goes back to the threads with q or Esc', () => {
    expect(session(['q'], open()).state.screen).toBe('threads');
    expect(session(['esc'], open()).state.screen).toBe('threads');
  });
});

describe('a thread linked again while it is on screen', () => {
  it('takes the newer thread in place (its badges), and starts over only when its items changed', () => {
    const { state: folded, view } = session(['enter', 'n', 'n', 'enter']);
    // Folded the second comment, then selected the first one again.
    const open = session(['N'], folded, view).state;
    const before = open.review!;
    expect(before.selected).not.toBeNull();
    expect(before.folds.size).toBe(1);
    const again = structuredClone(before.thread);
    const refreshed = reduce(open, { type: 'refreshed', thread: again }, view).review!;
    expect(refreshed.thread).toBe(again);
    expect({ item: refreshed.item, offset: refreshed.offset }).toEqual({ item: before.item, offset: before.offset });
    // The same comments, as new objects: the selection and the fold are on them, in the same places.
    const place = (thread: typeof again, key: string | null): [number, number] => {
      const items = view.itemsFor(thread);
      for (let i = 0; i < items.length; i++) {
        const k = commentsOf(items[i]!).findIndex((c) => commentKey(c) === key);
        if (k >= 0) return [i, k];
      }
      return [-1, -1];
    };
    expect(place(again, refreshed.selected)).toEqual(place(before.thread, before.selected));
    expect(place(before.thread, before.selected)[0]).toBeGreaterThanOrEqual(0);
    expect([...refreshed.folds].map((key) => place(again, key))).toEqual([...before.folds].map((key) => place(before.thread, key)));

    const fewer = { ...again, patches: again.patches.slice(0, 1), series: [] };
    const restarted = reduce(open, { type: 'refreshed', thread: fewer }, view).review!;
    expect(restarted).toMatchObject({ item: 0, offset: 0, selected: null });
    // Another thread's linking leaves the one on screen alone.
    expect(reduce(open, { type: 'refreshed', thread: { ...again, root: 'other@x' } }, view)).toBe(open);
  });
});
