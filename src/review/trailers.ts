// Trailers a reviewer gives in a reply ("Reviewed-by: …", "Acked-by: …", a "Fixes:" tag the patch
// should carry). They are given to the patch, not said about a line of it, so they are never
// comments. A conditional one ("With that fixed, Reviewed-by: …", "If you fix the typo:\n\nAcked-by:")
// keeps its condition.
import type { Trailer } from '../model.js';

// Tags reviewers hand out in replies. Signed-off-by in a reply is the reviewer's own diff, not a grant.
const GIVEN = new Set([
  'reviewed-by', 'acked-by', 'tested-by', 'reported-by', 'suggested-by', 'reviewed-and-tested-by',
  'reported-and-tested-by', 'nacked-by', 'nak-ed-by', 'fixes', 'cc', 'closes', 'link', 'co-developed-by',
]);

// "Reviewed-by: Name <addr>" alone, or after a condition on the same line ("…fixed, Reviewed-by: …").
// Outlook users write "Acked By: Greg Rose" and put "[Jack Wang] " before their inline words.
const TRAILER = /^(?:(.*?[,:;.\]])\s+)?([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+|(?:Acked|Reviewed|Tested) By|Fixes|Cc|Closes|Link):\s*(\S.*)/;

// "with that fixed", "if the above is addressed", "feel free to add": what makes a trailer conditional.
const CONDITION_WORD = /\b(?:with|once|if|after|assuming|provided|when|given)\b/i;
const CHANGE_WORD = /\b(?:fix|fixed|fixes|addressed|address|changed|change|resolved|dropped|removed|done|updated|squashed|sorted|taken care)/i;
const CONDITION_PHRASE = /\bfeel free to (?:add|include|use)|\bwith (?:th(?:at|is|ese|ose)|the (?:above|nits?|comments?|changes?))\b/i;

/**
 * A condition word, then a change word later on the same line. Searched from the first condition word
 * of each line (a later one only leaves less line to search): the single regex `if\b.*\bfix` re-read
 * the rest of the line from every "if", which a 1 MB line of "if if if" made quadratic.
 */
function isCondition(text: string): boolean {
  if (CONDITION_PHRASE.test(text)) return true;
  for (const line of text.split(/[\n\r\u2028\u2029]/)) {
    const word = CONDITION_WORD.exec(line);
    if (word && CHANGE_WORD.test(line.slice(word.index + word[0].length))) return true;
  }
  return false;
}

export interface ReplyTrailer {
  trailer: Trailer;
  /** Indexes (in the given lines) of the trailer line and of the condition lines it consumed. */
  lines: number[];
}

/** Trailers in a reply's own lines (already unquoted). `from` is the reply's Message-ID. */
export function findReplyTrailers(lines: readonly string[], from: string): ReplyTrailer[] {
  const found: ReplyTrailer[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = TRAILER.exec(lines[i]!.trim());
    if (!m) continue;
    const name = m[2]!.replace(' ', '-');
    if (!GIVEN.has(name.toLowerCase())) continue;
    // "Cc:" and "Link:" alone in a reply are mostly headers pasted by a client; keep them only
    // when they sit in a block with another given trailer.
    if (/^(?:cc|link|closes)$/i.test(name) && !neighbourIsTrailer(lines, i)) continue;
    const value = m[3]!.trim();
    if (name.toLowerCase() !== 'fixes' && !/\S/.test(value)) continue;
    const used = [i];
    // "Tested-by: Dylan <me@x> # sdm845-shift-\naxolotl + pmi8998": the client wrapped the value.
    let full = value;
    const next = lines[i + 1]?.trim() ?? '';
    // A value that already ends with its address ("…<linus.walleij@linaro.org>") or a Fixes title
    // ('…("leds: foo")') is whole: "as well." on the next line is prose (linux-leds, Jan 2023).
    const complete = /[>)]$/.test(value);
    if (next && !complete && !TRAILER.test(next) && (/-$/.test(value) || /^[a-z0-9+#(]/.test(next)) && next.length <= 60) {
      full = /-$/.test(value) ? `${value}${next}` : `${value} ${next}`;
      used.push(i + 1);
    }
    const trailer: Trailer = { name: canonicalName(name), value: full, from };
    // "[Jack Wang] Acked-by: …": an Outlook user's name tag, not a condition.
    const inline = m[1]?.trim().replace(/^\[[^\]]{1,60}\]$/, '');
    if (inline) {
      if (!isCondition(inline)) continue; // "see commit Fixes: …" inside a sentence is prose
      trailer.condition = inline.replace(/[,:;]$/, '');
    } else {
      const above = conditionAbove(lines, i);
      if (above) {
        trailer.condition = above.text;
        used.push(...above.lines);
      }
    }
    // "Acked-by: David Howells <…>\n(Give or take the debugging bit)": a qualification after it.
    const at = (lines[i + 1]?.trim() ?? '') === '' ? i + 2 : i + 1;
    const after = lines[at]?.trim() ?? '';
    if (!trailer.condition && /^\(.{3,120}\)$/.test(after) && !used.includes(at)) {
      trailer.condition = after.slice(1, -1);
      used.push(at);
    }
    found.push({ trailer, lines: used });
  }
  return found;
}

function neighbourIsTrailer(lines: readonly string[], i: number): boolean {
  for (const j of [i - 1, i + 1]) {
    const m = TRAILER.exec(lines[j]?.trim() ?? '');
    if (m && !m[1] && GIVEN.has(m[2]!.toLowerCase()) && !/^(?:cc|link|closes)$/i.test(m[2]!)) return true;
  }
  return false;
}

/** The condition in the paragraph right above a trailer, up to three lines, ending with "," or ":". */
function conditionAbove(lines: readonly string[], index: number): { text: string; lines: number[] } | null {
  let i = index - 1;
  while (i >= 0 && lines[i]!.trim() === '') i--;
  if (i < 0) return null;
  // Another trailer right above: the condition (if any) belongs to the first of the block.
  if (TRAILER.test(lines[i]!.trim()) && !TRAILER.exec(lines[i]!.trim())![1]) return null;
  const paragraph: number[] = [];
  for (let j = i; j >= 0 && j > i - 3 && lines[j]!.trim() !== ''; j--) paragraph.unshift(j);
  const text = paragraph.map((j) => lines[j]!.trim()).join(' ');
  if (!/[,:]$/.test(text) || !isCondition(text)) return null;
  return { text: text.replace(/[,:]$/, ''), lines: paragraph };
}

function canonicalName(name: string): string {
  return name
    .split('-')
    .map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1).toLowerCase() : w.toLowerCase()))
    .join('-');
}

/** Adds trailers that are not already there (same name, value and source mail). */
export function addTrailers(target: Trailer[], add: readonly Trailer[]): void {
  for (const t of add) {
    const seen = target.some((o) => o.name === t.name && o.value === t.value && o.from === t.from);
    if (!seen) target.push(t);
  }
}
