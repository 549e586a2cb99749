// Dates as web archives print them, to ISO 8601 UTC. A date that cannot be read is null: never
// guessed.

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

// RFC 5322 §4.3 obsolete zone names, the ones old LKML mail and hypermail comments still use.
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  MET: 60, CET: 60, MEST: 120, CEST: 120, BST: 60,
};

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function validFields(f: WallTime): boolean {
  return (
    f.year >= 1970 && f.year <= 2200 && f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= 31 &&
    f.hour >= 0 && f.hour <= 23 && f.minute >= 0 && f.minute <= 59 && f.second >= 0 && f.second <= 60
  );
}

/** Wall-clock fields at a fixed UTC offset (minutes east of UTC) → ISO UTC. */
export function isoFromOffset(fields: WallTime, offsetMinutes: number): string | null {
  if (!validFields(fields)) return null;
  const utc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  return new Date(utc - offsetMinutes * 60_000).toISOString();
}

/** Offset of an IANA zone at a UTC instant, in minutes east of UTC. */
function zoneOffset(timeZone: string, utcMillis: number): number {
  const text = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(utcMillis))
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(text);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** Wall-clock fields in an IANA zone (daylight saving included) → ISO UTC. */
export function isoFromZone(fields: WallTime, timeZone: string): string | null {
  if (!validFields(fields)) return null;
  const guess = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  let offset = zoneOffset(timeZone, guess);
  offset = zoneOffset(timeZone, guess - offset * 60_000);
  return new Date(guess - offset * 60_000).toISOString();
}

function zoneMinutes(zone: string): number | null {
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  return ZONES[zone.toUpperCase()] ?? null;
}

/**
 * An RFC 5322 date as mail headers and hypermail's `sent="…"` / MHonArc's `X-Date` comments carry it:
 * "Fri, 23 Jun 1995 16:37:56 -0500", "Thu,  2 Dec 2004 12:27:25 -0500 (EST)", "Fri, 8 Oct 1999
 * 16:19:17 -0500 (CDT)". Returns the ISO date and the writer's offset.
 */
export function parseMailDate(text: string): { iso: string | null; offset: number | null } {
  const m = /(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?/.exec(text);
  if (!m) return { iso: null, offset: null };
  const month = MONTHS[m[2]!.toLowerCase()];
  if (!month) return { iso: null, offset: null };
  let year = Number(m[3]);
  // RFC 5322 §4.3: two-digit years are 19xx from 50 on, 20xx below.
  if (m[3]!.length === 2) year += year >= 50 ? 1900 : 2000;
  const offset = m[7] ? zoneMinutes(m[7]) : null;
  if (offset === null) return { iso: null, offset: null };
  const fields = { year, month, day: Number(m[1]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0) };
  return { iso: isoFromOffset(fields, offset), offset };
}

/**
 * hypermail's printed date, "Wed Aug 28 2019 - 06:08:11 EST", also what a reader copies from an
 * lkml.iu.edu page. The label is always "EST" but the clock is the archive's local time in
 * Indiana/New York: the 2007–2016 pages print the same wall time as their `X-Date … -0400 (EDT)`
 * comment, and the seed's "06:08:11 EST" is Ben Luo's 18:08:02 +0800 (10:08 UTC) in daylight time.
 */
export function parseHypermailDate(text: string): string | null {
  const m = /([A-Za-z]{3})\s+(\d{1,2})\s+(\d{4})\s*-\s*(\d{1,2}):(\d{2}):(\d{2})\s*([A-Za-z]{2,5})?/.exec(text);
  if (!m) return null;
  const month = MONTHS[m[1]!.toLowerCase()];
  if (!month) return null;
  const fields = { year: Number(m[3]), month, day: Number(m[2]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]) };
  const zone = (m[7] ?? 'EST').toUpperCase();
  if (zone === 'EST' || zone === 'EDT') return isoFromZone(fields, 'America/New_York');
  const offset = zoneMinutes(zone);
  return offset === null ? null : isoFromOffset(fields, offset);
}

/**
 * marc.info prints "2005-12-03 3:24:03" without a zone. It is UTC: the message number in the page's
 * own links (`m=113358032716798`) starts with the Unix time it was archived, seconds after the
 * printed time read as UTC, on all four saved pages (2005–2016).
 */
export function parseMarcDate(text: string): string | null {
  const m = /(\d{4})-(\d{2})-(\d{2})\s+(\d{1,2}):(\d{2}):(\d{2})/.exec(text);
  if (!m) return null;
  return isoFromOffset(
    { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]) },
    0,
  );
}
