// Subject tags as kernel lists write them: "[PATCH v4 3/3] ...", "[PATCH net-next v2 01/12] ...",
// "[RFC PATCH]", "[PATCH RESEND]", "Re: [PATCH] ...", "AW: ..." (German Outlook), "[PATCHv2]".
import type { SubjectInfo } from '../model.js';

// Reply and forward prefixes of the mail clients seen on LKML: English, German (AW/WG), Nordic (SV/VS),
// Dutch (Antw), French (RE: / TR:), Chinese clients ("回复:"/"答复:"), each possibly "Re[2]:".
const REPLY_PREFIX = /^\s*(?:re|aw|sv|vs|antw|antwort|odp|r|ris|回复|答复|回覆)(?:\[\d+\])?\s*[:：]\s*/i;
const FORWARD_PREFIX = /^\s*(?:fwd?|wg|tr|rv)\s*:\s*/i;
const BRACKET = /^\s*\[([^\]]{0,200})\]\s*/;

/** Parses the tags of a subject. Linear on any input: every loop removes a prefix. */
export function parseSubject(subject: string): SubjectInfo {
  let rest = subject.replace(/\s+/g, ' ').trim();
  let isReply = false;
  const tags: string[] = [];
  for (let guard = 0; guard < 50; guard++) {
    const reply = REPLY_PREFIX.exec(rest);
    if (reply) {
      isReply = true;
      rest = rest.slice(reply[0].length);
      continue;
    }
    const forward = FORWARD_PREFIX.exec(rest);
    if (forward) {
      rest = rest.slice(forward[0].length);
      continue;
    }
    const bracket = BRACKET.exec(rest);
    if (bracket) {
      // Mercurial's patchbomb writes "[PATCH 1 of 2]": make it the "1/2" counter git writes.
      tags.push(...splitTagWords((bracket[1] ?? '').replace(/\b(\d{1,4}) of (\d{1,4})\b/i, '$1/$2')));
      rest = rest.slice(bracket[0].length);
      continue;
    }
    break;
  }
  let version = 1;
  let part: number | null = null;
  let total: number | null = null;
  let isPatch = false;
  let isRfc = false;
  let isResend = false;
  for (const tag of tags) {
    if (tag === 'patch' || tag === 'patches') isPatch = true;
    else if (tag === 'rfc') isRfc = true;
    else if (tag === 'resend') isResend = true;
    const v = /^v(\d{1,3})$/.exec(tag);
    if (v) version = Number(v[1]);
    const counter = /^(\d{1,4})\/(\d{1,4})$/.exec(tag);
    if (counter) {
      part = Number(counter[1]);
      total = Number(counter[2]);
    }
  }
  // "[PATCHv2]" and "[PATCH-v2]" glue the version to the word.
  if (!isPatch && tags.some((t) => /^patch-?v\d+$/.test(t))) isPatch = true;
  for (const tag of tags) {
    const glued = /^(?:patch|rfc)-?v(\d{1,3})$/.exec(tag);
    if (glued) version = Number(glued[1]);
  }
  // "[net,v2,1/2]" (Patchwork's own test mail) names no PATCH, but a k/N counter is a series part.
  if (!isPatch && part !== null) isPatch = true;
  const explicitVersion = tags.some((t) => /^(?:(?:patch|rfc)-?)?v\d{1,3}$/.test(t));
  return { title: rest.trim(), isReply, tags, isPatch, isRfc, isResend, version, explicitVersion, part, total };
}

function splitTagWords(inside: string): string[] {
  return inside
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 0);
}

/** The subject as threading compares it: no prefixes, no tags, case and spaces folded. */
export function normalisedTitle(subject: string): string {
  return parseSubject(subject).title.toLowerCase().replace(/\s+/g, ' ').trim();
}
