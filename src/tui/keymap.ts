// Every key as data: this one table drives the input handling and the help overlay, so the help can
// never list a key that does nothing (b4's review TUI keeps its BINDINGS the same way).
import type { Key } from 'ink';

/**
 * Where keys are read: the two screens, and the small modes over them — a list (patches, drafts), a
 * line of text being typed (search, filter), a question with a few answers.
 */
export type Screen = 'threads' | 'review' | 'list' | 'prompt' | 'ask';

export type Action =
  | 'down'
  | 'up'
  | 'page-down'
  | 'page-up'
  | 'top'
  | 'bottom'
  | 'open'
  | 'next-comment'
  | 'prev-comment'
  | 'next-open'
  | 'next-hunk'
  | 'prev-hunk'
  | 'next-file'
  | 'prev-file'
  | 'toggle-fold'
  | 'search'
  | 'filter'
  | 'export'
  | 'next-patch'
  | 'prev-patch'
  | 'patch-list'
  | 'next-version'
  | 'versions'
  | 'older-versions'
  | 'help'
  | 'back'
  | 'quit'
  | 'reply'
  | 'trailer'
  | 'drafts'
  | 'send-draft'
  | 'discard-draft'
  | 'confirm'
  | 'cancel'
  | 'delete-char'
  | 'yes'
  | 'no'
  | 'edit-again'
  | 'keep-draft'
  | 'give-reviewed-by'
  | 'give-acked-by'
  | 'give-tested-by';

export interface Binding {
  /** Key names as `keyName` gives them; two names separated by a space are a sequence (`z a`). */
  keys: string[];
  action: Action;
  help: string;
  screens: Screen[];
}

const BOTH: Screen[] = ['threads', 'review'];
const REVIEW: Screen[] = ['review'];

export const KEYMAP: Binding[] = [
  { keys: ['j', 'down'], action: 'down', help: 'down a line / thread', screens: BOTH },
  { keys: ['k', 'up'], action: 'up', help: 'up a line / thread', screens: BOTH },
  { keys: ['pagedown', 'space', 'C-f'], action: 'page-down', help: 'page down', screens: BOTH },
  { keys: ['pageup', 'C-b'], action: 'page-up', help: 'page up', screens: BOTH },
  { keys: ['g', 'home'], action: 'top', help: 'top', screens: BOTH },
  { keys: ['G', 'end'], action: 'bottom', help: 'bottom', screens: BOTH },
  { keys: ['enter'], action: 'open', help: 'open the thread', screens: ['threads'] },
  { keys: ['n'], action: 'next-comment', help: 'next comment (or match)', screens: REVIEW },
  { keys: ['N'], action: 'prev-comment', help: 'previous comment (or match)', screens: REVIEW },
  { keys: ['o'], action: 'next-open', help: 'next open question', screens: REVIEW },
  { keys: [']'], action: 'next-hunk', help: 'next hunk', screens: REVIEW },
  { keys: ['['], action: 'prev-hunk', help: 'previous hunk', screens: REVIEW },
  { keys: ['}'], action: 'next-file', help: 'next file', screens: REVIEW },
  { keys: ['{'], action: 'prev-file', help: 'previous file', screens: REVIEW },
  { keys: ['enter', 'z a'], action: 'toggle-fold', help: 'fold / unfold conversation', screens: REVIEW },
  { keys: ['/'], action: 'search', help: 'search the mails\' text: words, "a phrase", prefix*, -not, s: f: b:', screens: ['threads'] },
  { keys: ['/'], action: 'search', help: 'search (n/N repeat, Esc)', screens: REVIEW },
  { keys: ['f'], action: 'filter', help: 'show all/open/by reviewer', screens: REVIEW },
  { keys: ['e'], action: 'export', help: 'export thread to Markdown', screens: REVIEW },
  { keys: ['tab'], action: 'next-patch', help: 'next patch', screens: REVIEW },
  { keys: ['S-tab'], action: 'prev-patch', help: 'previous patch', screens: REVIEW },
  { keys: ['p'], action: 'patch-list', help: 'list of patches', screens: REVIEW },
  { keys: ['v'], action: 'next-version', help: "comment's place in the next version", screens: REVIEW },
  { keys: ['V'], action: 'versions', help: 'versions of the series: what is left', screens: REVIEW },
  // Not a letter: typing a letter on the threads screen starts the filter ("vfio").
  { keys: ['+'], action: 'older-versions', help: 'show / hide older versions of a series', screens: ['threads'] },
  { keys: ['?'], action: 'help', help: 'this help', screens: BOTH },
  { keys: ['r'], action: 'reply', help: 'reply to the line, comment or turn at the match/selection (opens $EDITOR)', screens: REVIEW },
  { keys: ['t'], action: 'trailer', help: 'give Reviewed-by/Acked-by/Tested-by to this patch (cover letter: the series)', screens: REVIEW },
  { keys: ['D'], action: 'drafts', help: 'drafts in the outbox: edit, send, discard', screens: BOTH },
  { keys: ['esc'], action: 'back', help: 'clear the filter / quit', screens: ['threads'] },
  { keys: ['esc', 'q'], action: 'back', help: 'back / quit', screens: REVIEW },
  { keys: ['q', 'C-c'], action: 'quit', help: 'quit', screens: ['threads'] },
  { keys: ['C-c'], action: 'quit', help: 'quit from anywhere', screens: ['review', 'list', 'prompt', 'ask'] },
  // The modes: a list (patches, drafts), a line being typed, a question.
  { keys: ['j', 'down'], action: 'down', help: 'next', screens: ['list'] },
  { keys: ['k', 'up'], action: 'up', help: 'previous', screens: ['list'] },
  { keys: ['enter'], action: 'open', help: 'open (a draft: edit it)', screens: ['list'] },
  { keys: ['s'], action: 'send-draft', help: 'send the draft (asks first)', screens: ['list'] },
  { keys: ['x'], action: 'discard-draft', help: 'discard the draft (asks first)', screens: ['list'] },
  { keys: ['esc', 'q', 'p', 'D'], action: 'back', help: 'close the list', screens: ['list'] },
  { keys: ['enter'], action: 'confirm', help: 'done', screens: ['prompt'] },
  { keys: ['esc'], action: 'cancel', help: 'cancel', screens: ['prompt'] },
  { keys: ['backspace'], action: 'delete-char', help: 'delete a character', screens: ['prompt'] },
  { keys: ['y'], action: 'yes', help: 'yes', screens: ['ask'] },
  { keys: ['n', 'esc'], action: 'no', help: 'no / cancel', screens: ['ask'] },
  { keys: ['e'], action: 'edit-again', help: 'edit the draft again', screens: ['ask'] },
  { keys: ['k'], action: 'keep-draft', help: 'keep the draft in the outbox', screens: ['ask'] },
  { keys: ['d'], action: 'discard-draft', help: 'discard the draft', screens: ['ask'] },
  { keys: ['r'], action: 'give-reviewed-by', help: 'Reviewed-by', screens: ['ask'] },
  { keys: ['a'], action: 'give-acked-by', help: 'Acked-by', screens: ['ask'] },
  { keys: ['t'], action: 'give-tested-by', help: 'Tested-by', screens: ['ask'] },
];

/** A keypress as one name: `j`, `G`, `down`, `pagedown`, `enter`, `esc`, `tab`, `S-tab`, `C-c`, `space`. */
export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'S-tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl) return `C-${input}`;
  if (input === ' ') return 'space';
  return input;
}

const CHAR_KEYS: Record<string, string> = { '\r': 'enter', '\n': 'enter', '\t': 'tab', '\u007F': 'backspace', '\b': 'backspace', ' ': 'space' };

/**
 * The keys in one input event. ink splits escape sequences but hands over plain characters that
 * arrive together as one string (a paste, or `jjj` when key repeat outruns a busy frame); a pager must
 * act on each of them.
 */
export function keyEvents(input: string, key: Key): { name: string; input: string }[] {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta) return [{ name: keyName(input, key), input }];
  return chars.map((c) => ({ name: CHAR_KEYS[c] ?? c, input: c }));
}

/** The action a key means in a mode (no sequences there), or null. */
export function actionOf(screen: Screen, name: string): Action | null {
  const found = lookup(screen, name, null);
  return found && 'action' in found ? found.action : null;
}

/** The action a key (or a pending prefix plus this key) means on a screen, or a prefix to wait on. */
export function lookup(
  screen: Screen,
  name: string,
  pending: string | null,
): { action: Action } | { prefix: string } | null {
  const full = pending === null ? name : `${pending} ${name}`;
  let prefix = false;
  for (const b of KEYMAP) {
    if (!b.screens.includes(screen)) continue;
    if (b.keys.includes(full)) return { action: b.action };
    if (pending === null && b.keys.some((k) => k.startsWith(`${name} `))) prefix = true;
  }
  return prefix ? { prefix: name } : null;
}

const LABELS: Record<string, string> = {
  down: '↓',
  up: '↑',
  pagedown: 'PgDn',
  pageup: 'PgUp',
  space: 'Space',
  home: 'Home',
  end: 'End',
  enter: 'Enter',
  esc: 'Esc',
  tab: 'Tab',
  'S-tab': 'Shift-Tab',
};

/** Keys of a binding as the help overlay shows them: `j ↓`, `PgDn Space ^F`, `Enter za`. */
export function keyLabel(keys: string[]): string {
  return keys.map((k) => LABELS[k] ?? k.replace(' ', '').replace(/^C-/, '^').replace(/^\^(.)$/, (_, c: string) => `^${c.toUpperCase()}`)).join(' ');
}
