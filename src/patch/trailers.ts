// Trailers: the patch's own block, and the ones reviewers give in replies
// ("Reviewed-by: …" under a quoted patch, or to the cover letter for the whole series).
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

/** Trailers a reviewer gives to somebody else's patch; Signed-off-by in a reply is not one of them. */
const GIVEN_IN_REPLIES = new Set([
  'reviewed-by', 'acked-by', 'tested-by', 'reported-by', 'suggested-by', 'reviewed-and-tested-by',
  'reported-and-tested-by', 'nacked-by', 'fixes', 'cc',
]);

/**
 * Trailers written (not quoted) in a reply. A line quoted with ">" is somebody else's; a reply that
 * carries its own diff is a new patch, whose trailers are not given to the parent.
 */
export function trailersInReply(body: string, from: string): Trailer[] {
  const lines = body.split('\n');
  if (lines.some((l) => l.startsWith('diff --git '))) return [];
  const trailers: Trailer[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*>/.test(line)) continue;
    if (line === '-- ') break; // signature
    const m = TRAILER_LINE.exec(line.trim());
    if (!m || !GIVEN_IN_REPLIES.has(m[1]!.toLowerCase())) continue;
    // "Cc:" lines in a reply are usually a header pasted by the client, not a trailer.
    if (m[1]!.toLowerCase() === 'cc') continue;
    const trailer: Trailer = { name: canonicalName(m[1]!), value: m[2]!.trim(), from };
    const condition = conditionBefore(lines, i);
    if (condition) trailer.condition = condition;
    trailers.push(trailer);
  }
  return trailers;
}

/** "With that fixed," / "If you fix the typo:" in the lines just above a trailer: it is conditional. */
function conditionBefore(lines: string[], index: number): string | undefined {
  for (let i = index - 1; i >= 0 && i >= index - 3; i--) {
    const text = lines[i]!.trim();
    if (!text) continue;
    if (/^\s*>/.test(lines[i]!)) return undefined;
    if (/\b(?:with (?:that|this|these|those|the above|it)|once|if|after|assuming|provided)\b.*\b(?:fixed|addressed|changed|resolved|dropped|removed|done|fix|change)\w*\b/i.test(text)) {
      return text;
    }
    if (!/[,:]$/.test(text)) return undefined;
  }
  return undefined;
}

function canonicalName(name: string): string {
  return name
    .split('-')
    .map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1).toLowerCase() : w.toLowerCase()))
    .join('-');
}
