// A row as the characters a terminal gets: its segments in SGR colours (or none, for NO_COLOR and
// pipes). Mail text was made safe when the rows were built; only our own SGR codes are added here.
import type { Row } from './row.js';
import { sgr, styleOf } from './theme.js';

const painted = { colour: new WeakMap<Row, string>(), plain: new WeakMap<Row, string>() };

/** The row's text with colours; `highlight` draws it inverted (the selected comment, a search match). */
export function paintRow(row: Row, colour: boolean, highlight = false): string {
  const cache = colour ? painted.colour : painted.plain;
  if (!highlight) {
    const hit = cache.get(row);
    if (hit !== undefined) return hit;
  }
  let out = '';
  for (const segment of row.segments) {
    const style = styleOf(segment.tone, colour);
    out += sgr(segment.text, highlight ? { ...style, inverse: !style.inverse } : style);
  }
  if (!highlight) cache.set(row, out);
  return out;
}
