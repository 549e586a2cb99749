// `D`: the drafts in the outbox — what is written and not yet sent, and why a send failed.
import { Box } from 'ink';
import { Line } from './row-line.js';
import { safeLine, truncateToWidth } from './sanitize.js';
import type { DraftLine } from './state.js';
import type { TerminalSize } from './use-terminal-size.js';

interface Props {
  drafts: DraftLine[];
  selected: number;
  size: TerminalSize;
  message: string | null;
}

export function DraftsList({ drafts, selected, size, message }: Props) {
  const height = Math.max(1, size.rows - 3);
  const start = Math.max(0, Math.min(selected - Math.floor(height / 2), drafts.length - height));
  const shown = drafts.slice(start, start + height);
  const help = 'Enter edit · s send · x discard · Esc close';
  return (
    <Box flexDirection="column">
      <Line text={truncateToWidth(`Drafts in the outbox: ${drafts.length}`, size.columns)} inverse />
      {shown.map((d, i) => (
        <Line key={d.messageId} text={truncateToWidth(`${start + i === selected ? '› ' : '  '}${safeLine(d.label)}`, size.columns)} inverse={start + i === selected} />
      ))}
      {Array.from({ length: height - shown.length }, (_, i) => (
        <Line key={`pad${i}`} text={i === 0 && drafts.length === 0 ? 'the outbox is empty' : ''} />
      ))}
      <Line text={truncateToWidth(message ? `${safeLine(message)}  —  ${help}` : help, size.columns)} inverse />
    </Box>
  );
}
