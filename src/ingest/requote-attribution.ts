// Attribution lines in a body whose quote markers are gone: they are all that says who speaks at
// which depth ("在 2019/8/28 上午4:33, Alex Williamson 写道:" then, one level down,
// "On Thu, 22 Aug 2019 23:34:43 +0800" / "Ben Luo <luoben@xxxxxxxxxxxxxxxxx> wrote:").
// When a web archive damaged the words ("å 2019/8/28 äå4:33, Alex Williamson åé:") the line is still
// known by its shape: a date, a time, a name, a colon at the end.
import { isoFromOffset, parseMailDate, type WallTime } from './webpage-date.js';
import { personFromText } from './webpage-person.js';

export interface Attribution {
  /** Index of the first and last body line of the attribution (two lines for Claws Mail's form). */
  start: number;
  end: number;
  name: string;
  address: string;
  /** The date as written, when it has a time of day. */
  wall: WallTime | null;
  /** Minutes east of UTC when the line names its zone. */
  offset: number | null;
}

const VERB = /\s(?:wrote|writes|said|a écrit|schrieb|escribió|escreveu|ha scritto|写道|寫道)\s*[:：]\s*$/i;
// Damaged or unknown-language verb: a short non-ASCII word before the final colon.
const SHAPE =
  /^\S{1,6}\s+(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\s+(\S{0,6}?)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*,\s*(\S(?:.*\S)?)\s+[^\s\x00-\x7f]{1,6}\s*[:：]\s*$/;
// Gmail: "2011/10/7 Jan Kara <jack@xxxxxxx>:" — date without time, name with address.
const GMAIL = /^(\d{4})\/(\d{1,2})\/(\d{1,2})\s+(\S.*<[^<>]+>)\s*:\s*$/;
const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
// Thunderbird zh_CN writes 12-hour clocks with 上午 (AM) / 下午 (PM) glued to the time.
const AFTERNOON = /下午|PM/i;

function wallTimeOf(text: string): { wall: WallTime | null; offset: number | null } {
  const mail = parseMailDate(text);
  const mutt = /(?:[A-Za-z]{3},\s+)?([A-Za-z]{3})\s+(\d{1,2}),\s+(\d{4})\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?\s*([+-]\d{4})?/i.exec(text);
  if (mutt && MONTHS[mutt[1]!.toLowerCase()]) {
    let hour = Number(mutt[4]) % (mutt[7] ? 12 : 24);
    if (mutt[7] && /pm/i.test(mutt[7])) hour += 12;
    const zone = mutt[8] ? (mutt[8][0] === '-' ? -1 : 1) * (Number(mutt[8].slice(1, 3)) * 60 + Number(mutt[8].slice(3))) : null;
    return {
      wall: { year: Number(mutt[3]), month: MONTHS[mutt[1]!.toLowerCase()]!, day: Number(mutt[2]), hour, minute: Number(mutt[5]), second: Number(mutt[6] ?? 0) },
      offset: zone,
    };
  }
  if (mail.iso && mail.offset !== null) {
    const local = new Date(Date.parse(mail.iso) + mail.offset * 60_000);
    return {
      wall: {
        year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(),
        hour: local.getUTCHours(), minute: local.getUTCMinutes(), second: local.getUTCSeconds(),
      },
      offset: mail.offset,
    };
  }
  return { wall: null, offset: null };
}

function attribution(start: number, end: number, who: string, dateText: string): Attribution {
  const person = personFromText(who.replace(/^["'\s,]+|(?<!["'\s,])["'\s,]+$/g, ''));
  const { wall, offset } = wallTimeOf(dateText);
  return { start, end, name: person.name || person.address.split('@')[0] || '', address: person.address, wall, offset };
}

/** Splits "On <date>, <name>" at the comma that ends the date. */
function splitOnDateName(text: string): { date: string; name: string } {
  const t = text.replace(/^(?:On|At|Am|Le|El)\s+/i, '');
  const comma = t.lastIndexOf(', ');
  if (comma < 0) return { date: t, name: '' };
  return { date: t.slice(0, comma), name: t.slice(comma + 2) };
}

/** The attribution that starts at `lines[i]`, or null. */
export function attributionAt(lines: string[], i: number): Attribution | null {
  const line = (lines[i] ?? '').trim();
  if (!line) return null;
  const shaped = SHAPE.exec(line);
  if (shaped) {
    let hour = Number(shaped[5]) % 24;
    if (AFTERNOON.test(shaped[4] ?? '') && hour < 12) hour += 12;
    const wall = { year: Number(shaped[1]), month: Number(shaped[2]), day: Number(shaped[3]), hour, minute: Number(shaped[6]), second: Number(shaped[7] ?? 0) };
    const person = personFromText(shaped[8]!);
    return { start: i, end: i, name: person.name, address: person.address, wall, offset: null };
  }
  const gmail = GMAIL.exec(line);
  if (gmail) return attribution(i, i, gmail[4]!, '');
  if (VERB.test(line)) {
    const text = line.replace(VERB, '');
    if (/^(?:On|At|Am|Le|El)\s/i.test(text)) {
      const { date, name } = splitOnDateName(text);
      return attribution(i, i, name, date);
    }
    // "Alex Riesen, Tue, Jul 31, 2007 14:02:13 +0200:" has no verb; "Name <addr> wrote:" has no date.
    return text.length <= 120 ? attribution(i, i, text, '') : null;
  }
  // Claws Mail: "On Thu, 22 Aug 2019 23:34:43 +0800" / "Ben Luo <luoben@…> wrote:".
  const next = (lines[i + 1] ?? '').trim();
  if (/^On\s.*\d{1,2}:\d{2}/i.test(line) && !/[.!?]$/.test(line) && VERB.test(next) && next.length <= 120) {
    return attribution(i, i + 1, next.replace(VERB, ''), line.replace(/^On\s+/i, ''));
  }
  // "Name, <date with time and zone>:" (git's Alex Riesen style) and a pasted "From:"/"Date:" pair.
  const nameDate = /^([^,:<>]{2,60}),\s+(.*\d{1,2}:\d{2}(?::\d{2})?\s*[+-]\d{4})\s*:$/.exec(line);
  if (nameDate) return attribution(i, i, nameDate[1]!, nameDate[2]!);
  const from = /^From:\s+(\S.*)$/.exec(line);
  const dateLine = /^Date:\s+(\S.*)$/.exec(next);
  if (from && dateLine) return attribution(i, i + 1, from[1]!, dateLine[1]!);
  return null;
}

/** The attribution's date in UTC: its own zone, else `offsetHint` (the writer's clock), else null. */
export function attributionDate(a: Attribution, offsetHint: number | null): string | null {
  if (!a.wall) return null;
  const offset = a.offset ?? offsetHint;
  return offset === null ? null : isoFromOffset(a.wall, offset);
}
