// UTF-8 that a web archive (or a copy from its page) decoded a second time as Latin-1 or
// Windows-1252: "在 2019/8/28" became "å\u009c¨ 2019/8/28", a no-break space became "Â\u00a0".
//
// Two kinds of damage are repaired:
//  - lossless: every byte survived as one Latin-1 / cp1252 character, so mapping the characters back
//    to bytes and decoding UTF-8 gives the original ("Ã©" → "é", "â€™" → "’");
//  - lossy: the copy dropped the characters U+0080–U+00BF (C1 controls, the no-break space, "¨", "¸"…),
//    which are every UTF-8 continuation byte. Only lead bytes survive ("å" for 在), so the text can
//    no longer be decoded; two shapes are still recognisable and repaired: a lone "Â" where a
//    no-break space was (Thunderbird writes NBSP to keep indentation and double spaces), and the
//    fixed words of a localized attribution line (see ATTRIBUTION_TEMPLATES).
// Everything else is kept as it is: real Latin-1 prose ("naïve café", "«ÉTÉ»", "25°") must come out
// unchanged, so a 2-byte sequence is only decoded where natural text would not have written it.

const CP1252_EXTRA: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
  0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91,
  0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98,
  0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

const NBSP = '\u00a0';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The byte a character stood for when UTF-8 was shown as Latin-1 or Windows-1252, or -1. */
export function byteOf(ch: string): number {
  const code = ch.codePointAt(0) ?? -1;
  if (code >= 0 && code <= 0xff) return code;
  return CP1252_EXTRA[code] ?? -1;
}

function isContinuation(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const b = byteOf(ch);
  return b >= 0x80 && b <= 0xbf;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The UTF-8 character whose mojibake starts at `chars[i]`, with how many characters it used. */
function decodeAt(chars: string[], i: number): { text: string; used: number } | null {
  if (i >= chars.length) return null;
  const lead = byteOf(chars[i]!);
  const length = sequenceLength(lead);
  if (length === 0) return null;
  const bytes = [lead];
  for (let k = 1; k < length; k++) {
    const ch = chars[i + k];
    if (!isContinuation(ch)) return null;
    bytes.push(byteOf(ch!));
  }
  try {
    return { text: utf8.decode(Uint8Array.from(bytes)), used: length };
  } catch {
    // Overlong forms and surrogates are not UTF-8: the characters were real Latin-1 after all.
    return null;
  }
}

/**
 * Natural Latin-1 text writes a letter right before a symbol now and then ("«ÉTÉ»"), which reads
 * as a 2-byte sequence. Those are only decoded when the lead is Â/Ã (their pairs are the common
 * mojibake of U+0080–U+00FF and nearly never natural), when the second character is a C1 control or
 * a cp1252 punctuation mark (never written after a letter), or when sequences run together
 * ("Ð½Ð°Ð¿" is a Cyrillic word).
 */
function plausiblePair(chars: string[], i: number, neighbourDecodes: boolean): boolean {
  const lead = byteOf(chars[i]!);
  if (lead === 0xc2 || lead === 0xc3) return true;
  if (byteOf(chars[i + 1]!) < 0xa0) return true;
  return neighbourDecodes;
}

export interface MojibakeRepair {
  text: string;
  /** Characters (or attribution words) put back. */
  repaired: number;
  /** Repairs where two readings were possible and the first was taken (上午 / 下午 lose the same bytes). */
  ambiguous: number;
}

/** Repairs double-decoded UTF-8 in `text`; text without mojibake comes back identical. */
export function repairMojibake(text: string): string {
  return repairMojibakeDetailed(text).text;
}

export function repairMojibakeDetailed(text: string): MojibakeRepair {
  // Fast path: text without any character U+0080–U+00FF or cp1252 punctuation has nothing to repair.
  if (!/[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/.test(text)) {
    return { text, repaired: 0, ambiguous: 0 };
  }
  // Lone "Â" first: an "Â" that the lossless pass decodes ("Ã‚" → "Â") is a real letter, not a lost
  // no-break space, and must not be touched afterwards.
  let repaired = 0;
  const spaced = text
    .split('\n')
    .map((line) => {
      const spaces = repairLoneNbspLeads(line);
      repaired += spaces.repaired;
      return spaces.text;
    })
    .join('\n');
  const lossless = repairLossless(spaced);
  repaired += lossless.repaired;
  let ambiguous = 0;
  const lines = lossless.text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const attribution = repairAttributionWords(lines[n]!);
    lines[n] = attribution.text;
    repaired += attribution.repaired;
    ambiguous += attribution.ambiguous;
  }
  return { text: lines.join('\n'), repaired, ambiguous };
}

function repairLossless(text: string): { text: string; repaired: number } {
  const chars = Array.from(text);
  let out = '';
  let repaired = 0;
  let previousDecoded = false;
  for (let i = 0; i < chars.length; ) {
    const d = decodeAt(chars, i);
    if (d && (d.used > 2 || plausiblePair(chars, i, previousDecoded || decodeAt(chars, i + d.used) !== null))) {
      out += d.text;
      repaired++;
      i += d.used;
      previousDecoded = true;
      continue;
    }
    out += chars[i];
    i++;
    previousDecoded = false;
  }
  return { text: out, repaired };
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * "Â" left alone by a lost no-break space (C2 A0 → "Â" + NBSP, the NBSP dropped by the copy):
 * indentation of code pasted from Thunderbird ("ÂÂÂÂÂÂÂ ret = ioctl(…)", the seed), and "Â" glued to
 * the next sentence ("udf_debug. ÂIf there", lkml.iu.edu 2011). A real "Â" starts a word that goes on
 * in lower case ("Âge") or in capitals ("ÂGE"); those are kept.
 */
function repairLoneNbspLeads(line: string): { text: string; repaired: number } {
  if (!line.includes('Â')) return { text: line, repaired: 0 };
  const chars = Array.from(line);
  let repaired = 0;
  const spaceLike = (ch: string | undefined): boolean => ch === undefined || /\s/.test(ch) || ch === NBSP;
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] !== 'Â' || isContinuation(chars[i + 1])) continue;
    const prev = chars[i - 1];
    const prevOk = spaceLike(prev) || prev === 'Â' || ASCII_PUNCTUATION.test(prev ?? '');
    let j = i;
    while (chars[j] === 'Â') j++;
    const next = chars[j];
    const nextOk =
      spaceLike(next) ||
      ASCII_PUNCTUATION.test(next ?? '') ||
      /\d/.test(next ?? '') ||
      (/[A-Z]/.test(next ?? '') && /[a-z]/.test(chars[j + 1] ?? ''));
    if (!prevOk || !nextOk) {
      i = j - 1;
      continue;
    }
    for (let k = i; k < j; k++) chars[k] = NBSP;
    repaired += j - i;
    i = j - 1;
  }
  return { text: chars.join(''), repaired };
}

/** What is left of `word` after the double decoding and the loss of U+0080–U+00BF. */
export function lossyMojibake(word: string): string {
  let out = '';
  for (const byte of Buffer.from(word, 'utf8')) if (byte < 0x80 || byte > 0xbf) out += String.fromCharCode(byte);
  return out;
}

/**
 * Localized attribution lines whose fixed words survive only as lead bytes. The seed's Thunderbird
 * (zh_CN) wrote "在 2019/8/28 上午4:33, Alex Williamson 写道:", which arrived as
 * "å 2019/8/28 äå4:33, Alex Williamson åé:". 上午 (AM) and 下午 (PM) share every lead byte, so that
 * word is ambiguous; the first reading is taken and the repair counted as ambiguous.
 */
const ATTRIBUTION_TEMPLATES: Array<{ words: string[][]; shape: (w: string[]) => RegExp; build: (m: RegExpExecArray, w: string[]) => string }> = [
  {
    // 在 {date} {上午|下午}{time}, {name} 写道:
    words: [['在'], ['上午', '下午'], ['写道']],
    shape: (w) => new RegExp(`^${esc(w[0]!)} (\\d{4}/\\d{1,2}/\\d{1,2}) ${esc(w[1]!)}(\\d{1,2}:\\d{2}(?::\\d{2})?), (.+) ${esc(w[2]!)}(:\\s*)$`),
    build: (m, w) => `${w[0]} ${m[1]} ${w[1]}${m[2]}, ${m[3]} ${w[2]}${m[4]}`,
  },
];

function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function repairAttributionWords(line: string): { text: string; repaired: number; ambiguous: number } {
  if (!/[\u00c0-\u00ff]/.test(line) || !line.trimEnd().endsWith(':')) return { text: line, repaired: 0, ambiguous: 0 };
  // Some continuation characters may have survived ("å¨" for 在 when only C1 controls were lost):
  // inside runs that hold a lead byte they are dropped, leaving the lead-byte shape the templates know.
  const squeezed = line.replace(/[^\x00-\x7f]+/g, (run) => (/[\u00c0-\u00ff]/.test(run) ? Array.from(run).filter((ch) => !isContinuation(ch)).join('') : run));
  for (const template of ATTRIBUTION_TEMPLATES) {
    const damaged = template.words.map((choices) => lossyMojibake(choices[0]!));
    // Every reading of a slot must leave the same lead bytes, or the template could not tell them apart.
    const m = template.shape(damaged).exec(squeezed);
    if (!m) continue;
    const readings = template.words.map((choices) => choices.filter((c) => lossyMojibake(c) === lossyMojibake(choices[0]!)));
    const chosen = readings.map((r) => r[0]!);
    const ambiguous = readings.filter((r) => r.length > 1).length;
    return { text: template.build(m, chosen), repaired: chosen.length, ambiguous };
  }
  return { text: line, repaired: 0, ambiguous: 0 };
}

/** How many characters of `text` look like mojibake: decodable sequences and lone "Â" leads. */
export function mojibakeScore(text: string): number {
  const chars = Array.from(text);
  let score = 0;
  for (let i = 0; i < chars.length; i++) {
    const d = decodeAt(chars, i);
    if (d) {
      score += d.used;
      i += d.used - 1;
    }
  }
  return score;
}
