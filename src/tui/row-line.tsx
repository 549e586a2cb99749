// One screen line. Rows are built to fit the width, so truncation here is only a safety net.
import { Text } from 'ink';
import { memo } from 'react';
import { paintRow } from './paint.js';
import type { Row } from './row.js';

interface Props {
  row: Row;
  colour: boolean;
  highlight?: boolean;
}

export const RowLine = memo(function RowLine({ row, colour, highlight = false }: Props) {
  const text = paintRow(row, colour, highlight);
  return <Text wrap="truncate-end">{text === '' ? ' ' : text}</Text>;
});

/** A line of our own text (titles, status) drawn with an optional inverse bar. */
export function Line({ text, inverse = false, dim = false }: { text: string; inverse?: boolean; dim?: boolean }) {
  return (
    <Text wrap="truncate-end" inverse={inverse} dimColor={dim}>
      {text === '' ? ' ' : text}
    </Text>
  );
}
