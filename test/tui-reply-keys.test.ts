// r, t and D in the reducer: what `r` answers (the search match's line, the selected comment, a turn
// of its conversation), the trailer question, the drafts list and its questions — and that every mode
// reads its keys from the keymap table, so the help and the handling cannot drift apart.
import { describe, expect, it } from 'vitest';
import { KEYMAP, lookup, type Screen } from '../src/tui/keymap.js';
import { initialState, reduce, type UiState, type View } from '../src/tui/state.js';
import { summariseAll } from '../src/tui/threads.js';
import { createView } from '../src/tui/view.js';
import { smallSeries } from './helpers/tui-review.js';

const HEIGHT = 8;

function session(keys: string[], start: UiState = initialState, extra: Partial<View> = {}): UiState {
  const v = { ...createView(summariseAll(smallSeries().threads), 80, 0), height: HEIGHT, ...extra };
  let state = start;
  for (const name of keys) state = reduce(state, { type: 'key', name, input: name.length === 1 ? name : '' }, v);
  return state;
}

const open = (): UiState => session(['enter']);

describe('r: reply to what the screen points at', () => {
  it('on a search match in a hunk, answers that line of the patch', () => {
    const s = session(['tab', '/', 'i', 'n', 't', ' ', 'c', 'enter', 'r'], open());
    expect(s.effect).toMatchObject({ kind: 'reply', target: { kind: 'line', patch: { messageId: 'p1' }, file: 0, hunk: 0, line: 3 } });
    const target = s.effect?.kind === 'reply' ? s.effect.target : null;
    expect(target?.kind === 'line' && target.patch.files[0].hunks[0].lines[3].raw).toBe('+int c;');
  });

  it('counts hunks within their file when the match is in a later hunk', () => {
    const s = session(['tab', '/', 'z', '(', 'enter', 'r'], open());
    expect(s.effect).toMatchObject({ kind: 'reply', target: { kind: 'line', file: 0, hunk: 1, line: 2 } });
  });

  it('on the selected comment answers the comment; on a search match in its conversation, that turn', () => {
    expect(session(['n', 'r'], open()).effect).toMatchObject({ kind: 'reply', target: { kind: 'comment', comment: { messageId: 'c1' } } });
    const turn = session(['tab', '/', 'b', 'e', 'f', 'o', 'r', 'e', ' ', 't', 'h', 'e', ' ', 'l', 'o', 'o', 'p', 'enter', 'r'], open());
    expect(turn.effect).toMatchObject({ kind: 'reply', target: { kind: 'turn', comment: { messageId: 'c1' }, turn: { messageId: 'r1' } } });
  });

  it('says what to do when nothing on screen can be answered', () => {
    // The cover letter of the series has no hunk line and no comment.
    const s = session(['r'], open());
    expect(s.effect).toBeNull();
    expect(s.message).toContain('nothing to answer here');
  });
});

describe('t: a trailer, after choosing which', () => {
  it('asks which trailer, offers only its answers, and gives it to the patch', () => {
    const asked = session(['tab', 't'], open());
    expect(asked.ask?.text).toBe('Give this patch: r Reviewed-by · a Acked-by · t Tested-by · Esc cancel');
    // A key the question does not offer leaves it asked.
    expect(session(['j'], asked).ask).not.toBeNull();
    expect(session(['a'], asked).effect).toEqual({ kind: 'reply', thread: asked.review!.thread, target: { kind: 'trailer', messageId: 'p1', trailer: 'acked-by' } });
    const cancelled = session(['esc'], asked);
    expect(cancelled).toMatchObject({ ask: null, effect: null, message: 'cancelled', screen: 'review' });
  });

  it('from the cover letter, gives it to the whole series', () => {
    expect(session(['t'], open()).ask?.text).toContain('Give the whole series');
  });
});

describe('D: the drafts list', () => {
  const drafts = [
    { messageId: 'd1@x', label: 'Re: first' },
    { messageId: 'd2@x', label: 'Re: second' },
  ];

  it('says the outbox is empty, or lists it; Enter edits, s and x ask before they act', () => {
    expect(session(['D']).message).toContain('no drafts in the outbox');
    const listed = session(['D', 'j'], initialState, { drafts });
    expect(listed.drafts).toBe(1);
    expect(session(['enter'], listed, { drafts }).effect).toEqual({ kind: 'draft', action: 'edit', messageId: 'd2@x' });
    const asked = session(['s'], listed, { drafts });
    expect(asked.effect).toBeNull();
    expect(asked.ask?.text).toBe('Send this draft now? y send · n keep it — Re: second');
    expect(session(['y'], asked, { drafts }).effect).toEqual({ kind: 'draft', action: 'send', messageId: 'd2@x' });
    expect(session(['n'], asked, { drafts })).toMatchObject({ effect: null, ask: null, drafts: 1 });
    expect(session(['x', 'y'], listed, { drafts }).effect).toEqual({ kind: 'draft', action: 'discard', messageId: 'd2@x' });
    expect(session(['esc'], listed, { drafts }).drafts).toBeNull();
  });
});

describe('every mode reads the keymap table', () => {
  it('quits with Ctrl-C from a question, a list, a prompt and both screens', () => {
    const modes: UiState[] = [initialState, open(), session(['tab', 't'], open()), session(['p'], open()), session(['/'], open()), session(['v', 'f'])];
    for (const s of modes) expect(session(['C-c'], s).effect).toEqual({ kind: 'quit' });
  });

  it('gives no key two meanings in any mode, and binds r, t, D where they work', () => {
    for (const screen of ['threads', 'review', 'list', 'prompt', 'ask'] as Screen[]) {
      const seen = new Map<string, string>();
      for (const b of KEYMAP.filter((x) => x.screens.includes(screen))) {
        for (const k of b.keys) {
          expect(seen.get(k), `${screen}: ${k}`).toBeUndefined();
          seen.set(k, b.action);
        }
      }
    }
    expect(lookup('review', 'r', null)).toEqual({ action: 'reply' });
    expect(lookup('review', 't', null)).toEqual({ action: 'trailer' });
    expect(lookup('threads', 'D', null)).toEqual({ action: 'drafts' });
    expect(lookup('threads', 'q', null)).toEqual({ action: 'quit' });
  });

  it('q on the threads screen quits even with a filter left; Esc clears the filter first', () => {
    const filtered = session(['enter', 'q'], session(['o', 'l', 'd']));
    expect(filtered.threads.filter).toBe('old');
    expect(session(['q'], filtered).effect).toEqual({ kind: 'quit' });
    expect(session(['esc'], filtered)).toMatchObject({ effect: null, threads: { filter: '' } });
  });
});
