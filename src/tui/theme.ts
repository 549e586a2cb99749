// What each kind of text looks like. The rows say only *what* a piece of text is (a Tone); the ink
// screens and the plain-text export both read this one table, so the two never disagree on colours.
import type { CommentKind, CommentStatus } from '../model.js';

export type Tone =
  | 'plain'
  | 'title'
  | 'meta'
  | 'commit'
  | 'trailer'
  | 'diffstat'
  | 'file'
  | 'file-meta'
  | 'hunk'
  | 'add'
  | 'del'
  | 'context'
  | 'lineno'
  | 'gutter'
  | 'author'
  | 'date'
  | 'kind'
  | 'open'
  | 'answered'
  | 'acknowledged'
  | 'comment'
  | 'reply'
  | 'fold'
  | 'warning';

export type Colour = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white' | 'gray';

export interface Style {
  color?: Colour;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

const STYLES: Record<Tone, Style> = {
  plain: {},
  title: { bold: true },
  meta: { dim: true },
  commit: {},
  trailer: { color: 'cyan' },
  diffstat: { dim: true },
  file: { bold: true, color: 'yellow' },
  'file-meta': { dim: true },
  hunk: { color: 'cyan' },
  add: { color: 'green' },
  del: { color: 'red' },
  context: {},
  lineno: { dim: true },
  gutter: { color: 'gray' },
  author: { bold: true, color: 'magenta' },
  date: { dim: true },
  kind: { color: 'blue' },
  // Badges read without colour too (NO_COLOR): the words themselves say the status.
  open: { bold: true, color: 'red', inverse: true },
  answered: { color: 'green', inverse: true },
  acknowledged: { color: 'blue', inverse: true },
  comment: {},
  reply: {},
  fold: { dim: true },
  warning: { color: 'yellow' },
};

/** The style of a tone; with colour off only the attributes that need no colour are kept. */
export function styleOf(tone: Tone, colour: boolean): Style {
  const style = STYLES[tone];
  if (colour) return style;
  const { color: _dropped, ...rest } = style;
  return rest;
}

export function statusTone(status: CommentStatus): Tone {
  return status;
}

export function statusLabel(status: CommentStatus): string {
  return status === 'acknowledged' ? 'ACKED' : status.toUpperCase();
}

export function kindLabel(kind: CommentKind): string {
  return kind;
}

const SGR_COLOUR: Record<Colour, number> = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  white: 37,
  gray: 90,
};

/** Text wrapped in SGR codes for plain-text output (the UI lets ink do this). */
export function sgr(text: string, style: Style): string {
  const codes: number[] = [];
  if (style.bold) codes.push(1);
  if (style.dim) codes.push(2);
  if (style.inverse) codes.push(7);
  if (style.color) codes.push(SGR_COLOUR[style.color]);
  // Colour on blanks draws nothing, but every escape code is work for ink on every frame.
  if (codes.length === 0 || text === '' || (!style.inverse && /^ *$/.test(text))) return text;
  return `\u001B[${codes.join(';')}m${text}\u001B[0m`;
}
