// The patch's own trailer block. Trailers reviewers give in replies are read by the review linking
// (src/review/trailers.ts), which knows which lines of a reply are the reviewer's own.
import type { Trailer } from '../model.js';
import { TRAILER_LINE } from './split.js';

export function parseTrailerLines(lines: string[], from: string): Trailer[] {
  const trailers: Trailer[] = [];
  for (const line of lines) {
    const m = TRAILER_LINE.exec(line.trim());
    if (m) trailers.push({ name: canonicalName(m[1]!), value: m[2]!.trim(), from });
  }
  return trailers;
}

function canonicalName(name: string): string {
  return name
    .split('-')
    .map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1).toLowerCase() : w.toLowerCase()))
    .join('-');
}
