// Attribution lines: the line a mail client writes above a quote to say who wrote it and when.
// They are not comments, and when the quoted mail is missing from the archive they are the only
// record of its author and date.
//
// Seen on LKML and linux-leds:
//   mutt       "On Tue, Aug 27, 2019 at 02:33:05PM -0600, Alex Williamson wrote:"
//   Claws      "On Thu, 22 Aug 2019 23:34:43 +0800\nBen Luo <luoben@linux.alibaba.com> wrote:"
//   Thunderbird "On 8/28/19 4:33 AM, Alex Williamson wrote:", zh_CN "在 2019/8/28 上午4:33, Alex Williamson 写道:"
//   Gmail zh   "Alex Williamson <alex@x> 于2019年8月28日周三 上午4:33写道：", ja "2019年8月28日(水) 4:33 Alex <a@x>:"
//   German     "Am 27.08.2019 um 22:33 schrieb Alex Williamson:", French "Le 27/08/2019 à 22:33, Alex a écrit :"
//   gnus       "Alex Williamson <alex@x> writes:", IMP/Horde "Quoting Alex Williamson (2019-08-27):"
//   mangled    "å 2019/8/28 äå4:33, Alex Williamson åé:" (UTF-8 read as Latin-1 by a web archive)
import type { Person } from '../model.js';
import type { WallTime } from '../ingest/webpage-date.js';

export interface Attribution {
  author: Person;
  /** ISO 8601 (UTC) when the line gives a date, else null. */
  date: string | null;
  /** The attribution as written (lines joined with a space). */
  text: string;
  /** UTC offset in minutes when the line names one ("+0800"): the quoted writer's clock. */
  offsetMinutes?: number;
}

// The verb that ends an attribution, in the languages LKML clients write it. Mangled forms keep
// their ASCII tail: "写道:" read as Latin-1 ends in "é:" / "éï¼\u009a".
const VERB_WORD =
  /(?:\bwrote|\bwrites|\bschrieb|\ba écrit|\ba ecrit|\bescribió|\bescreveu|\bha scritto|\bschreef|\bskrev|\bnapisał(?:\(a\))?|\bnapisal|написал(?:\(?а\)?)?|написав(?:\(ла\))?|написала|пише|пишет|写道|寫道|書きました|のメッセージ|작성)$/i;

/**
 * Where the verb ending an attribution starts in `text`, or -1: "…, Alex Williamson wrote:",
 * "… a écrit :", and "Alex wrote on Tue:" with one word after "wrote". Read from the end in code: a
 * regex with `\s*[:：]?\s*$` after the verb (and `wrote\s+\S+`) was polynomial on a long line.
 */
function verbAt(text: string): number {
  let s = text.trimEnd();
  if (s.endsWith(':') || s.endsWith('：')) s = s.slice(0, -1).trimEnd();
  const m = VERB_WORD.exec(s);
  if (m) return m.index;
  const space = Math.max(s.lastIndexOf(' '), s.lastIndexOf('\t'));
  if (space <= 0 || !/\S/.test(s.slice(space + 1))) return -1;
  const head = s.slice(0, space).trimEnd();
  return /\bwrote$/i.test(head) ? head.length - 'wrote'.length : -1;
}
const MANGLED_VERB = /(?:åé|å\u0086\u0099é\u0081\u0093|Ð½Ð°Ð¿Ð¸ÑÐ°Ð»)\S{0,6}\s*$/;
// German, Dutch, Nordic and Polish put the verb before the name: "Am 27.08.2019 um 22:33 schrieb Alex:".
const VERB_FIRST = /^\s*(?:am|op|den|dnia|on)\s+(\S(?:.*?\S)?),?\s+(?:schrieb|schreef|skrev|napisał\(?a?\)?|napisal)\s+(\S(?:.*?\S)?)\s*:\s*$/i;
const QUOTING = /^\s*(?:quoting|citando|zitat von)\s+(\S(?:.*?\S)?)\s*(?:\(([^()]*)\)\s*)?:\s*$/i;
// mutt's "* Alex Williamson <alex@x> [2019-08-27 14:33:05 -0600]:"
const STAR_FORM = /^\s*\*\s+(\S(?:.*?\S)?)\s*\[([^[\]]+)\]\s*:\s*$/;
// Japanese/Chinese Gmail without a verb: "2019年8月28日(水) 4:33 Alex Williamson <alex@x>:"
// Read in code around an anchored, bounded date regex: the one-regex form with `\s+(\S[^<>]*<…>)\s*[:：]\s*$`
// was polynomial (recheck: "0:00\t0" repeated).
const CJK_DATE = /^(\d{4}年\d{1,2}月\d{1,2}日[^<>]{0,40}?\d{1,2}:\d{2}) /;

/** [date, "Name <addr>"] of a "2019年8月28日(水) 4:33 Alex Williamson <alex@x>:" line, or null. */
function cjkDateFirst(text: string): [string, string] | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t.endsWith(':') && !t.endsWith('：')) return null;
  const body = t.slice(0, -1).trimEnd();
  const m = CJK_DATE.exec(body);
  if (!m || !body.endsWith('>')) return null;
  const name = body.slice(m[0].length);
  const open = name.lastIndexOf('<');
  const address = name.slice(open + 1, -1);
  if (open <= 0 || /[<>]/.test(name.slice(0, open)) || /[<>]/.test(address) || !/^[^@]+@[^@]+$/.test(address) || name[0] === ' ') return null;
  return [m[1]!, name];
}

const ADDRESS = /<\s*([^<>\s@]+(?:@|\s(?:at|\(\))\s)(?:[^<>]*[^<>\s])?)\s*>|\(([^()\s@]+@[^()\s]+)\)|(?<![\w.+-])[.+-]*\b([\w.+-]+@[\w-]+(?:\.[\w-]+)+)\b/;

/** True when `text` (one or two joined lines just above a quote) is an attribution. */
export function isAttribution(text: string): boolean {
  const t = text.trim();
  if (!t || t.length > 300) return false;
  if (verbAt(t) >= 0 || VERB_FIRST.test(t) || MANGLED_VERB.test(t) || QUOTING.test(t) || STAR_FORM.test(t) || cjkDateFirst(t)) {
    return true;
  }
  return false;
}

/**
 * A mangled or unknown-language attribution still has a date (a time "4:33" or a year) and ends
 * with a colon, right above a quote. Used only for the line directly above a quote block.
 */
export function looksLikeAttribution(text: string): boolean {
  const t = text.trim();
  if (isAttribution(t)) return true;
  if (t.length > 200 || !/[:：]\s*$/.test(t)) return false;
  return /\d{1,2}:\d{2}/.test(t) && /\b(?:19|20)\d{2}\b|\d{4}\/|\b\d{1,2}[./]\d{1,2}[./]\d{2}\b/.test(t);
}

/**
 * Lines (from the bottom) of the attribution that ends at `lines[end]`, or 0 when there is none.
 * Claws and some mutt setups break after the date; Outlook webmail wraps long names.
 */
export function attributionLength(lines: string[], end: number): number {
  const last = lines[end]?.trim() ?? '';
  if (!last) return 0;
  if (isAttribution(last)) {
    const previous = lines[end - 1]?.trim() ?? '';
    // "On Thu, 22 Aug 2019 23:34:43 +0800" / "Ben Luo <x> wrote:" split over two lines; Wanderlust
    // (Takashi Iwai's client) writes "At Sun, 14 Nov 2010 19:05:02 -0800," / "Joe Perches wrote:".
    if (previous && /^(?:on|at|am|le|el|il|em|在|于)\s/i.test(previous) && !/[.!?]$/.test(previous) && !startsAttribution(last)) {
      return 2;
    }
    return 1;
  }
  if (looksLikeAttribution(last)) return 1;
  return 0;
}

function startsAttribution(line: string): boolean {
  return /^(?:on|at|am|le|el|il|em|在|于)\s/i.test(line) || QUOTING.test(line) || STAR_FORM.test(line);
}

/** Who and when, read from an attribution. `offsetHint` is used when the line names no zone. */
export function parseAttribution(text: string, offsetHint?: number): Attribution {
  const t = text.replace(/\s+/g, ' ').trim();
  let namePart = t;
  let datePart = '';
  const quoting = QUOTING.exec(t);
  const star = STAR_FORM.exec(t);
  const cjk = cjkDateFirst(t);
  const verbFirst = VERB_FIRST.exec(t);
  if (verbFirst) {
    datePart = verbFirst[1]!;
    namePart = verbFirst[2]!;
  } else if (quoting) {
    namePart = quoting[1]!;
    datePart = quoting[2] ?? '';
  } else if (star) {
    namePart = star[1]!;
    datePart = star[2]!;
  } else if (cjk) {
    datePart = cjk[0];
    namePart = cjk[1];
  } else {
    const verb = verbAt(t);
    const withoutVerb = (verb >= 0 ? t.slice(0, verb) : t).replace(MANGLED_VERB, '').trim();
    // Chinese Gmail: "Name <addr> 于2019年8月28日周三 上午4:33" — the date follows the name.
    const yu = /^((?:.*?\S)?)\s*于\s*(\d{4}年.*)/.exec(withoutVerb);
    if (yu) {
      namePart = yu[1]!;
      datePart = yu[2]!;
    } else {
      const lead = /^(?:on|am|le|el|il|em|在|于|å)\s+(\S.*)?$/i.exec(withoutVerb);
      const rest = lead ? (lead[1] ?? '') : withoutVerb;
      const split = splitDateAndName(rest);
      datePart = split.date;
      namePart = split.name;
    }
  }
  const author = personFrom(namePart);
  const { iso, offset } = parseLooseDate(datePart, offsetHint);
  const attribution: Attribution = { author, date: iso, text: t };
  if (offset !== undefined) attribution.offsetMinutes = offset;
  return attribution;
}

/** "Thu, 22 Aug 2019 23:34:43 +0800 Ben Luo <x>" / "8/28/19 4:33 AM, Alex" → date and name. */
function splitDateAndName(rest: string): { date: string; name: string } {
  const address = findAddress(rest);
  if (address) {
    const before = rest.slice(0, address.index).trim();
    // The name is the run of words after the last comma / zone / time before the address.
    const cut = Math.max(
      before.lastIndexOf(','),
      lastMatchEnd(before, /(?:[+-]\d{4}|\b(?:AM|PM|UTC|GMT|[A-Z]{3,4}T)\b|\d{1,2}:\d{2}(?::\d{2})?|\)|\])/g),
    );
    const name = before.slice(cut + 1).trim().replace(/^["']|["']$/g, '');
    return { date: before.slice(0, cut + 1).replace(/,\s*$/, ''), name: `${name} ${address.match}` };
  }
  const comma = rest.lastIndexOf(',');
  if (comma >= 0) return { date: rest.slice(0, comma), name: rest.slice(comma + 1) };
  const time = lastMatchEnd(rest, /(?:[+-]\d{4}|\b(?:AM|PM)\b|\d{1,2}:\d{2}(?::\d{2})?)/g);
  if (time >= 0) return { date: rest.slice(0, time + 1), name: rest.slice(time + 1) };
  return { date: '', name: rest };
}

/**
 * ADDRESS finds a bare address only from the start of its run of address characters (a search from
 * every "t-" of a 1 MB "t-t-t-…" line was quadratic); the leading "." "+" "-" it had to step over
 * are given back, so the address starts where the word boundary is, as before.
 */
function findAddress(text: string): { index: number; match: string; raw: string } | null {
  const m = ADDRESS.exec(text);
  if (!m) return null;
  const lead = m[3] !== undefined ? m[0].length - m[3].length : 0;
  return { index: m.index + lead, match: m[0].slice(lead), raw: (m[1] ?? m[2] ?? m[3] ?? '').trim() };
}

function lastMatchEnd(text: string, pattern: RegExp): number {
  let end = -1;
  for (const m of text.matchAll(pattern)) end = (m.index ?? 0) + m[0].length - 1;
  return end;
}

/** "Ben Luo <luoben@linux.alibaba.com>", "\"Luo, Ben\" <x>", "alex@x (Alex)", "Alex" → Person. */
export function personFrom(text: string): Person {
  const t = text.trim();
  const address = findAddress(t);
  if (!address) return { name: cleanName(t), address: '' };
  const raw = address.raw;
  // Archives mask addresses: "alex.williamson () redhat ! com", "alex@...". Keep them only if real.
  const addr = /^[^\s@]+@[^\s@.]+\.[^\s@]+$/.test(raw) ? raw : '';
  let name = (t.slice(0, address.index) + ' ' + t.slice(address.index + address.match.length)).trim();
  if (!name && addr) name = addr.split('@')[0]!;
  return { name: cleanName(name), address: addr };
}

function cleanName(name: string): string {
  return name
    .replace(/^["'\s]+|(?<!["'\s,])["'\s,]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/**
 * Dates as attributions write them. Without a zone in the text the writer's local clock is
 * assumed to be `offsetHint` (the quoting mail's own zone: Thunderbird prints local time), else UTC.
 */
export function parseLooseDate(text: string, offsetHint?: number): { iso: string | null; offset?: number } {
  const t = text.trim();
  if (!t) return { iso: null };
  const zone = /([+-])(\d{2})(\d{2})\b/.exec(t);
  const offset = zone ? (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3])) : undefined;
  const fields = dateFields(t);
  if (!fields) return { iso: null, ...(offset !== undefined ? { offset } : {}) };
  const minutes = offset ?? offsetHint ?? 0;
  const utc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second) - minutes * 60_000;
  const date = new Date(utc);
  if (Number.isNaN(date.getTime())) return { iso: null };
  return { iso: date.toISOString(), ...(offset !== undefined ? { offset } : {}) };
}


function dateFields(t: string): WallTime | null {
  let year = 0;
  let month = 0;
  let day = 0;
  const named = /\b(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})\b/.exec(t) ?? null;
  const namedUs = /\b([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b/.exec(t);
  const cjk = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(t);
  const iso = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/.exec(t);
  const dmy = /\b(\d{1,2})[./](\d{1,2})[./](\d{2,4})\b/.exec(t);
  const compact = /\b(\d{2})(\d{2})(\d{2})\s+\d{1,2}:\d{2}/.exec(t); // mutt "[190827 14:33]"
  if (named && MONTHS[named[2]!.toLowerCase()]) {
    day = Number(named[1]);
    month = MONTHS[named[2]!.toLowerCase()]!;
    year = Number(named[3]);
  } else if (namedUs && MONTHS[namedUs[1]!.toLowerCase()]) {
    month = MONTHS[namedUs[1]!.toLowerCase()]!;
    day = Number(namedUs[2]);
    year = Number(namedUs[3]);
  } else if (cjk) {
    year = Number(cjk[1]);
    month = Number(cjk[2]);
    day = Number(cjk[3]);
  } else if (iso) {
    year = Number(iso[1]);
    month = Number(iso[2]);
    day = Number(iso[3]);
  } else if (dmy) {
    // Thunderbird en_US writes M/D/YY, most of Europe D.M.YYYY or D/M/YYYY.
    const a = Number(dmy[1]);
    const b = Number(dmy[2]);
    year = Number(dmy[3]);
    if (year < 100) year += 2000;
    const us = t.includes('/') && /\b(?:AM|PM)\b/i.test(t);
    [month, day] = us || b > 12 ? [a, b] : [b, a];
  } else if (compact) {
    year = 2000 + Number(compact[1]);
    month = Number(compact[2]);
    day = Number(compact[3]);
  } else {
    return null;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1970 || year > 2200) return null;
  const time = /(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(t);
  let hour = time ? Number(time[1]) : 0;
  const minute = time ? Number(time[2]) : 0;
  const second = time?.[3] ? Number(time[3]) : 0;
  // 下午 / PM: afternoon; 上午 / AM: morning (12 AM is midnight).
  // mutt glues the marker to the time: "02:33:05PM".
  const pm = /(?:\d|\b)PM\b|下午|午後/i.test(t);
  const am = /(?:\d|\b)AM\b|上午|午前/i.test(t);
  if (pm && hour < 12) hour += 12;
  if (am && hour === 12) hour = 0;
  return { year, month, day, hour, minute, second };
}
