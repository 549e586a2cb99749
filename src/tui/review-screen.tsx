// The review screen: one patch at a time, every comment under its line. Only the rows on screen are
// drawn (rows.slice(offset, offset + height)); the document itself is built once and memoized.
import { Box } from 'ink';
import { commentKey } from './comment-key.js';
import type { ReviewItem } from './items.js';
import { Line, RowLine } from './row-line.js';
import type { ReviewDocument } from './rows.js';
import { safeLine, truncateToWidth } from './sanitize.js';
import type { ReviewState } from './state.js';
import { filterLabel } from './filter.js';
import { positionOf } from './status.js';
import type { TerminalSize } from './use-terminal-size.js';

/** Lines the screen uses besides the body: title and status line. */
export const REVIEW_CHROME = 2;

interface Props {
  state: ReviewState;
  items: ReviewItem[];
  doc: ReviewDocument;
  size: TerminalSize;
  colour: boolean;
  message: string | null;
}

function statusLine(state: ReviewState, items: ReviewItem[], doc: ReviewDocument, offset: number, message: string | null): string {
  if (state.prompt !== null) return `/${safeLine(state.prompt)}▏`;
  const where = positionOf(doc, offset, state.selected);
  const parts = [`patch ${state.item + 1}/${items.length}`];
  if (where.file) parts.push(safeLine(where.file));
  if (where.hunk) parts.push(`hunk ${where.hunk[0]}/${where.hunk[1]}`);
  parts.push(`comment ${where.comment[0] || '–'}/${where.comment[1]}`);
  if (state.filter.by !== 'all') parts.push(`showing ${filterLabel(state.filter)}`);
  if (state.search !== null) parts.push(`/${safeLine(state.search)} (n/N, Esc)`);
  const text = parts.join(' · ');
  // A message can name a path or an error from a file: drawn as safely as mail text.
  return message ? `${safeLine(message)}  —  ${text}` : `${text} · ? help`;
}

function PatchList({ items, selected, height, width }: { items: ReviewItem[]; selected: number; height: number; width: number }) {
  const start = Math.max(0, Math.min(selected - Math.floor(height / 2), items.length - height + 1));
  const shown = items.slice(start, start + height - 1);
  return (
    <Box flexDirection="column">
      <Line text="Patches of the thread (j/k, Enter open, Esc close)" inverse />
      {shown.map((item, i) => (
        <Line
          key={start + i}
          text={truncateToWidth(`${start + i === selected ? '› ' : '  '}${safeLine(item.label)}`, width)}
          inverse={start + i === selected}
        />
      ))}
      {Array.from({ length: Math.max(0, height - 1 - shown.length) }, (_, i) => (
        <Line key={`pad${i}`} text="" />
      ))}
    </Box>
  );
}

export function ReviewScreen({ state, items, doc, size, colour, message }: Props) {
  const height = Math.max(1, size.rows - 1 - REVIEW_CHROME);
  const width = size.columns;
  // After a resize or a fold the document may be shorter than the old offset.
  const offset = Math.max(0, Math.min(state.offset, doc.rows.length - height));
  const item = items[state.item];
  const title = truncateToWidth(`${state.item + 1}/${items.length} ${safeLine(item?.label ?? '')}  —  ${safeLine(state.thread.subject)}`, width);
  const shown = doc.rows.slice(offset, offset + height);
  return (
    <Box flexDirection="column">
      <Line text={title} inverse />
      {state.list !== null ? (
        <PatchList items={items} selected={state.list} height={height} width={width} />
      ) : (
        <Box flexDirection="column">
          {shown.map((row, i) => (
            <RowLine
              key={offset + i}
              row={row}
              colour={colour}
              highlight={offset + i === state.match || (row.head === true && row.comment !== undefined && commentKey(row.comment) === state.selected)}
            />
          ))}
          {Array.from({ length: height - shown.length }, (_, i) => (
            <Line key={`pad${i}`} text={i === 0 && doc.rows.length === 0 ? 'nothing to show' : ''} dim />
          ))}
        </Box>
      )}
      <Line text={truncateToWidth(statusLine(state, items, doc, offset, message), width)} inverse />
    </Box>
  );
}
