// The keymap is the single source of truth: every key the issue names is bound, no key means two
// things on one screen, and the help overlay lists exactly the table.
import { describe, expect, it } from 'vitest';
import { helpLines } from '../src/tui/help-overlay.js';
import { keyEvents, KEYMAP, keyName, lookup, type Screen } from '../src/tui/keymap.js';

const noKey = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

describe('keymap', () => {
  it('binds every key the review browser promises', () => {
    const review: [string, string][] = [
      ['j', 'down'], ['down', 'down'], ['k', 'up'], ['up', 'up'], ['pagedown', 'page-down'], ['space', 'page-down'], ['pageup', 'page-up'],
      ['g', 'top'], ['G', 'bottom'], ['n', 'next-comment'], ['N', 'prev-comment'], ['o', 'next-open'], [']', 'next-hunk'], ['[', 'prev-hunk'],
      ['}', 'next-file'], ['{', 'prev-file'], ['enter', 'toggle-fold'], ['/', 'search'], ['f', 'filter'], ['e', 'export'],
      ['esc', 'back'], ['q', 'back'], ['?', 'help'], ['tab', 'next-patch'], ['S-tab', 'prev-patch'],
    ];
    for (const [key, action] of review) expect(lookup('review', key, null), key).toEqual({ action });
    expect(lookup('review', 'z', null)).toEqual({ prefix: 'z' });
    expect(lookup('review', 'a', 'z')).toEqual({ action: 'toggle-fold' });
    expect(lookup('threads', 'enter', null)).toEqual({ action: 'open' });
  });

  it('never gives one key two actions on the same screen', () => {
    for (const screen of ['threads', 'review'] as Screen[]) {
      const seen = new Map<string, string>();
      for (const b of KEYMAP.filter((x) => x.screens.includes(screen))) {
        for (const k of b.keys) {
          expect(seen.get(k), `${screen}: ${k}`).toBeUndefined();
          seen.set(k, b.action);
        }
      }
    }
  });

  it('lists every binding of a screen in its help', () => {
    const help = helpLines('review').join('\n');
    for (const b of KEYMAP.filter((x) => x.screens.includes('review'))) expect(help).toContain(b.help);
    expect(help).toContain('Shift-Tab');
    expect(help).toContain('PgDn Space');
  });

  it('names keys from ink key events, and splits characters that arrive together', () => {
    expect(keyName('', { ...noKey, downArrow: true })).toBe('down');
    expect(keyName('', { ...noKey, tab: true, shift: true })).toBe('S-tab');
    expect(keyName(' ', noKey)).toBe('space');
    expect(keyEvents('jj\r', noKey).map((k) => k.name)).toEqual(['j', 'j', 'enter']);
    expect(keyEvents('n', noKey)).toEqual([{ name: 'n', input: 'n' }]);
  });
});
