// The parts of a reply's own text that are not something said about the patch: signatures,
// greetings, sign-offs ("Thanks,\n\nAlex") and snip markers where the reviewer cut the quote.
import type { Person } from '../model.js';

// "[...]", "[ ... ]", "[snip]", "<snip>", "<...>", "...", "…", "-- snip --", "[ rest of patch trimmed ]",
// and scissors: "-- >8 --", "-%<-" (sourcehut's lists).
const SNIP =
  /^\s*(?:\[\s*(?:\.\s*){2,}\]|\[\s*…\s*\]|\[\s*(?:\.{2,}\s*)?(?:snip|snipped|cut|trimmed|removed|deleted)\b[^\]]{0,60}\]|\[\s*\.{2,}(?:[^\].][^\]]{0,59})?\]|\[[^\]]{0,40}\b(?:snip|snipped|trimmed|cut|removed|deleted)\b[^\]]{0,40}\]|<\s*(?:snip|snipped|\.{3})\s*>|\(\s*snip\s*\)|\.{3,}|…|-+\s*snip\s*-+|-*8<-*|-*>8-*|-*%<-*|-*>%-*|✂-*)\s*$/i;

/** A line that marks where the writer cut the quote; not text, and the quote around it is not contiguous. */
export function isSnip(text: string): boolean {
  return SNIP.test(text);
}

/** The signature separator: "-- " (RFC 3676 §4.3), and the bare "--" many clients send instead. */
export function isSignatureSeparator(text: string): boolean {
  return text === '-- ' || text === '--' || text === '---- ' || text === '--  ';
}

// Footers mailing lists and corporate relays append below a reply.
const FOOTER =
  /^(?:_{10,}|-{10,}|={10,}|This (?:e-?mail|message) (?:and any attachments )?(?:is|may|contains)|CONFIDENTIAL|Sent from my (?:iPhone|Android|iPad|mobile)|Get Outlook for)/i;

export function isFooterStart(text: string): boolean {
  return FOOTER.test(text.trim());
}

// No trailing `\s*`: isGreeting trims, and `[^.!?]{0,50}` already takes spaces (the two together made
// recheck find a quadratic attack).
const GREETING = /^(?:hi|hello|hey|hallo|dear|greetings|good (?:morning|afternoon|evening)|howdy|yo)\b[^.!?]{0,50}[,!:]?$/i;

// One-word openers that are answers, not names: "Yes," "Right," "Agreed,".
const NOT_A_NAME = new Set([
  'yes', 'no', 'right', 'agreed', 'indeed', 'sure', 'ok', 'okay', 'well', 'so', 'hmm', 'hm', 'thanks', 'also',
  'actually', 'correct', 'true', 'exactly', 'ack', 'nope', 'yep', 'yeah', 'oh', 'ah', 'sorry', 'and', 'but',
  'however', 'anyway', 'first', 'second', 'finally', 'again', 'fine', 'good', 'great', 'nak', 'nack', 'done',
]);

/**
 * "Hi Ben," at the top of a reply. A bare "Ben," too when it names someone in the thread, or when it
 * stands alone on the first line (`alone`): tglx opens every review that way.
 */
export function isGreeting(text: string, names: readonly string[] = [], alone = false): boolean {
  const t = text.trim();
  if (!t || t.length > 60) return false;
  if (GREETING.test(t)) return true;
  const bare = /^([A-Z][\w'-]*(?: [A-Z][\w'-]*)?)\s*,\s*$/.exec(t);
  if (!bare) return false;
  if (names.some((n) => sameName(bare[1]!, n))) return true;
  return alone && !bare[1]!.includes(' ') && !NOT_A_NAME.has(bare[1]!.toLowerCase());
}

// "Thanks,", "Thank you!", "Regards,", "Best regards", "Cheers", "BR,", "Thx.", "Many thanks,".
const SIGN_OFF =
  /^(?:(?:many |thanks? (?:again|a lot|in advance)|kind |best |warm |with best |)(?:thanks|thank you|thx|tia|regards|wishes|cheers|br|sincerely|best|ciao|greetings|gruß|grüße|merci|salut|yours|yours truly|all the best|take care)(?: (?:again|a lot|so much|in advance))?|thanks?(?: you)?(?: (?:again|a lot|so much|in advance))?|ta)\s*(?:[,.!]+\s*)?(?:[-–—]\s*)?$/i;

/** A sign-off line on its own ("Thanks,"), possibly followed by a name on the same line. */
export function isSignOff(text: string, author?: Person): boolean {
  const t = text.trim();
  if (!t || t.length > 60) return false;
  if (SIGN_OFF.test(t)) return true;
  // "Thanks, Alex" / "Regards, -Ben"
  const withName = /^(.*?),\s*(?:-\s*)?(\S.*)/.exec(t);
  return withName !== null && SIGN_OFF.test(`${withName[1]},`) && isNameLine(withName[2]!, author);
}

/** A line that is only the writer's name or initials: "Alex", "-Ben", "Jacek", "Thanks, Lee". */
export function isNameLine(text: string, author?: Person): boolean {
  const t = text.trim().replace(/^[-–—~]\s*/, '');
  if (!t || t.length > 40) return false;
  if (author && nameTokens(author).some((token) => token.length > 1 && sameName(t, token))) return true;
  if (author && sameName(t, author.name)) return true;
  // Initials ("AW", "-- js") or one or two capitalised words with no sentence punctuation.
  return /^[A-Z][a-z'’-]+(?: [A-Z][a-z'’.-]*)?\.?$/.test(t) && !/[?!:;]/.test(t) && t.split(' ').length <= 2 && !author;
}

function nameTokens(person: Person): string[] {
  const tokens = person.name.split(/[\s,]+/).filter(Boolean);
  const local = person.address.split('@')[0];
  return local ? [...tokens, local] : tokens;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase().replace(/[.,]$/, '') === b.trim().toLowerCase();
}

/**
 * Removes the sign-off at the end of a turn: "Thanks,\n\nAlex", "Regards,\nBen", a trailing name,
 * and "…the devid.  Thanks," where the sign-off shares the last sentence's line.
 * Returns the kept lines (a copy).
 */
export function trimSignOff(lines: string[], author: Person): string[] {
  const out = [...lines];
  const trimBlank = (): void => {
    while (out.length && out[out.length - 1]!.trim() === '') out.pop();
  };
  trimBlank();
  // Name (and an optional second name line such as a title), then the sign-off line.
  for (let pass = 0; pass < 3 && out.length; pass++) {
    const last = out[out.length - 1]!;
    if (isSignOff(last, author)) {
      out.pop();
      trimBlank();
      break;
    }
    const before = out.slice(0, -1).reverse().find((l) => l.trim() !== '');
    // After a sign-off line any short name counts, lower-case handles too ("pq", "tglx", "js").
    const nameAfterSignOff =
      before !== undefined && isSignOff(before, author) && (isNameLine(last, undefined) || /^\s*-?[a-z]{2,8}\s*$/.test(last));
    if (isNameLine(last, author) || nameAfterSignOff) {
      out.pop();
      trimBlank();
      continue;
    }
    break;
  }
  if (out.length) {
    // "…before we updated the devid.  Thanks," — Claws users often end the last sentence that way.
    const last = out[out.length - 1]!;
    const inline = /^(.*[.!?)])\s+(?:thanks|thank you|thx|regards|cheers)[,.!]*\s*$/i.exec(last);
    if (inline) out[out.length - 1] = inline[1]!;
  }
  return out;
}
