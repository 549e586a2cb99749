// `?`: every key, straight from the keymap table, for the screen it was asked on.
import { Box } from 'ink';
import { KEYMAP, keyLabel, type Screen } from './keymap.js';
import { Line } from './row-line.js';
import { padToWidth, truncateToWidth } from './sanitize.js';
import type { TerminalSize } from './use-terminal-size.js';

const KEY_COLUMN = 14;

/** The help lines for a screen: the bindings of that screen, then the ones that work everywhere. */
export function helpLines(screen: Screen): string[] {
  const lines = KEYMAP.filter((b) => b.screens.includes(screen)).map(
    (b) => `${padToWidth(keyLabel(b.keys), KEY_COLUMN)}${b.help}`,
  );
  if (screen === 'threads') lines.push(`${padToWidth('type', KEY_COLUMN)}filter threads`);
  return lines;
}

interface Props {
  screen: Screen;
  size: TerminalSize;
}

export function HelpOverlay({ screen, size }: Props) {
  const height = Math.max(1, size.rows - 2);
  const lines = helpLines(screen);
  // Two columns when one does not fit: the help must show every key without scrolling.
  const columns = lines.length > height - 1 && size.columns >= 80 ? 2 : 1;
  const perColumn = Math.ceil(lines.length / columns);
  const colWidth = Math.floor(size.columns / columns);
  const out: string[] = [];
  for (let i = 0; i < perColumn; i++) {
    let line = '';
    for (let c = 0; c < columns; c++) line += padToWidth(`  ${lines[c * perColumn + i] ?? ''}`, colWidth);
    out.push(line);
  }
  const shown = out.slice(0, height - 1);
  return (
    <Box flexDirection="column">
      <Line text={truncateToWidth(`mlreview keys — ${screen === 'threads' ? 'threads' : 'review'} (any key closes)`, size.columns)} inverse />
      {shown.map((line, i) => (
        <Line key={i} text={truncateToWidth(line, size.columns)} />
      ))}
      {Array.from({ length: height - 1 - shown.length }, (_, i) => (
        <Line key={`pad${i}`} text="" />
      ))}
      <Line text={out.length > shown.length ? 'more keys: make the terminal taller' : ' '} inverse />
    </Box>
  );
}

/** A panel of lines over the screen (a comment in the next version, a series' versions); any key closes it. */
export function PanelOverlay({ panel, size }: { panel: { title: string; lines: string[] }; size: TerminalSize }) {
  const height = Math.max(1, size.rows - 2);
  const shown = panel.lines.slice(0, height);
  return (
    <Box flexDirection="column">
      <Line text={truncateToWidth(`${panel.title} (any key closes)`, size.columns)} inverse />
      {shown.map((line, i) => (
        <Line key={i} text={truncateToWidth(line, size.columns)} />
      ))}
      {Array.from({ length: height - shown.length }, (_, i) => (
        <Line key={`pad${i}`} text="" />
      ))}
      <Line text={panel.lines.length > shown.length ? `${panel.lines.length - shown.length} more lines: make the terminal taller` : ' '} inverse />
    </Box>
  );
}
