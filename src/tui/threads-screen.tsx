// The threads screen: every series/thread of the archive, newest first, narrowed by typing.
import { Box, Text } from 'ink';
import type { ThreadsFound } from '../archive/thread-search.js';
import { Line } from './row-line.js';
import { padToWidth, safeLine, truncateToWidth } from './sanitize.js';
import type { ThreadsState } from './state.js';
import type { ThreadSummary } from './threads.js';
import type { TerminalSize } from './use-terminal-size.js';

/** Lines the screen uses besides the list: title, column header, status line. */
export const THREADS_CHROME = 3;

function versions(s: ThreadSummary): string {
  // `v4 +v3,5`: this thread is v4, the archives also hold v3 and v5.
  const others = s.otherVersions.length > 0 ? ` +v${s.otherVersions.join(',')}` : '';
  return `v${s.version}${others}`;
}

/** A count, or `…` while the thread is still being linked in the background. */
function counted(s: ThreadSummary, n: number): string {
  return s.linked ? String(n) : '…';
}

interface Column {
  title: string;
  width: number;
  value: (s: ThreadSummary) => string;
  right?: boolean;
  /** Narrow terminals drop columns, lowest priority first, so the subject keeps room to be read. */
  priority: number;
}

/** "applied", "part-applied" (some patches of the series), "superseded", "in review", "new". */
function stateLabel(s: ThreadSummary): string {
  if (!s.linked) return '…';
  if (s.state === null) return '';
  if (s.state === 'in-review') return 'in review';
  return s.state === 'applied' && s.partial ? 'part-applied' : s.state;
}

const COLUMNS: Column[] = [
  { title: 'date', width: 10, value: (s) => s.date?.slice(0, 10) ?? '', priority: 5 },
  { title: 'ver', width: 8, value: versions, priority: 3 },
  { title: 'state', width: 12, value: stateLabel, priority: 0.5 },
  { title: 'pat', width: 3, value: (s) => counted(s, s.patches), right: true, priority: 4 },
  { title: 'cmt', width: 3, value: (s) => counted(s, s.comments), right: true, priority: 6 },
  { title: 'open', width: 4, value: (s) => counted(s, s.open), right: true, priority: 6 },
  { title: 'R/A/T', width: 7, value: (s) => (s.linked ? `${s.trailers.reviewed}/${s.trailers.acked}/${s.trailers.tested}` : '…'), right: true, priority: 2 },
  { title: 'author', width: 14, value: (s) => safeLine(s.author), priority: 1 },
];

const MIN_SUBJECT = 36;

/** The columns that fit beside a readable subject at this width. */
function columnsFor(width: number): Column[] {
  const kept = [...COLUMNS];
  const used = () => kept.reduce((n, c) => n + c.width + 1, 0);
  while (kept.length > 0 && width - used() < MIN_SUBJECT) {
    const lowest = kept.reduce((a, b) => (b.priority < a.priority ? b : a));
    kept.splice(kept.indexOf(lowest), 1);
  }
  return kept;
}

function cell(text: string, width: number, right = false): string {
  const cut = truncateToWidth(text, width);
  return right ? cut.padStart(width) : padToWidth(cut, width);
}

/** One thread as a line of aligned columns; the subject takes what is left of the width. */
export function threadLine(s: ThreadSummary, width: number): string {
  const fixed = columnsFor(width).map((c) => `${cell(c.value(s), c.width, c.right)} `).join('');
  return padToWidth(`${fixed}${safeLine(s.subject)}`, width);
}

export function threadHeader(width: number): string {
  const fixed = columnsFor(width).map((c) => `${cell(c.title, c.width, c.right)} `).join('');
  return padToWidth(`${fixed}subject`, width);
}

interface Props {
  state: ThreadsState;
  threads: ThreadSummary[];
  total: number;
  /** What was read: mails, left out, problems (see readingSummary in app.tsx). */
  reading?: string;
  size: TerminalSize;
  message: string | null;
  /** What `/` found (state.text), to say how it searched; undefined for the list filter. */
  found?: ThreadsFound | null;
}

const n = (count: number): string => count.toLocaleString('en');

/**
 * The status line while filtering or searching: what is typed, and what it was matched against —
 * the list's columns (typing), every mail's text (`/`), or, until the text is indexed or without an
 * index, the subjects.
 */
export function filterStatus(state: ThreadsState, found: ThreadsFound | null | undefined, matching: number): string {
  const typed = `${safeLine(state.filter)}${state.typing ? '▏' : ''}`;
  const keys = 'Enter open · Esc clear';
  if (!state.text) return `filter: ${typed}   ${keys} · / searches the mails' text`;
  const count = `${n(matching)} ${matching === 1 ? 'thread' : 'threads'}`;
  if (found === null || found === undefined) return `search: ${typed}   words, "a phrase", prefix*, -not, s: f: b:   ${keys}`;
  if (found.kind === 'subjects') return `search (subjects, authors only: ${safeLine(found.why)}): ${typed}   ${count}   ${keys}`;
  const scope = found.searched === found.total ? 'text of every mail searched' : `text searched in ${n(found.searched)} of ${n(found.total)} threads, subjects in the rest`;
  return `search: ${typed}   ${count} · ${scope}   ${keys}`;
}

export function ThreadsScreen({ state, threads, total, reading, size, message, found }: Props) {
  const height = Math.max(1, size.rows - 1 - THREADS_CHROME);
  const width = size.columns;
  const shown = threads.slice(state.offset, state.offset + height);
  const plural = total === 1 ? 'thread' : 'threads';
  // Unfiltered, the list holds one row per series: say how many threads hold only older versions (`+`).
  const older = total - threads.length;
  const counted =
    state.filter === '' && older > 0 && !state.older
      ? `${n(total)} ${plural} · ${n(older)} with older versions only (+)`
      : threads.length === total
        ? `${n(total)} ${plural}`
        : `${n(threads.length)} of ${n(total)} ${plural}`;
  const status =
    (message === null ? null : safeLine(message)) ??
    (state.typing || state.filter ? filterStatus(state, found, threads.length) : "type to filter · / search the mails' text · ↑↓ j k move · Enter open · ? help · q quit");
  return (
    <Box flexDirection="column">
      <Line text={truncateToWidth(`mlreview — ${counted}${reading ? ` · ${reading}` : ''}`, width)} inverse />
      <Text dimColor wrap="truncate-end">
        {`  ${threadHeader(width - 2)}`}
      </Text>
      {shown.map((s, i) => (
        <Line
          key={state.offset + i}
          text={(state.offset + i === state.selected ? '› ' : '  ') + threadLine(s, width - 2)}
          inverse={state.offset + i === state.selected}
        />
      ))}
      {Array.from({ length: height - shown.length }, (_, i) => (
        <Line key={`pad${i}`} text={i === 0 && threads.length === 0 ? 'no thread matches' : ''} dim />
      ))}
      <Line text={truncateToWidth(status, width)} inverse />
    </Box>
  );
}
