// One 1 MB line of the characters mail-reading code likes to repeat, fed straight to every entry point
// that reads a line of mail text. regex-linear.test.ts proves the regexes linear; this catches the
// rest (a loop, a library): each call must return without throwing; the slowest one is reported.
import { describe, expect, test } from 'vitest';
import { isAttribution, looksLikeAttribution, parseAttribution, parseLooseDate, personFrom } from '../src/review/attribution.js';
import { isGreeting, isNameLine, isSignOff, isSnip } from '../src/review/boilerplate.js';
import { commentKind, isAcknowledgement } from '../src/review/classify.js';
import { parseQuotes, quoteDepth, stripOneLevel } from '../src/review/quotes.js';
import { findReplyTrailers } from '../src/review/trailers.js';
import { parseSubject, normalisedTitle } from '../src/thread/subject.js';
import { parseTrailerLines } from '../src/patch/trailers.js';
import { splitPatchMail } from '../src/patch/split.js';
import { mojibakeScore, repairMojibakeDetailed } from '../src/ingest/mojibake.js';
import { personFromText } from '../src/ingest/webpage-person.js';
import { lineKey, stripMarkers, threadTitle } from '../src/ingest/requote-archive.js';
import { attributionAt } from '../src/ingest/requote-attribution.js';
import { textSimilarity } from '../src/ingest/requote-duplicate.js';
import { codeScore, lineKind } from '../src/ingest/requote-lines.js';
import { quoteStructure } from '../src/ingest/requote-structure.js';
import { indentedYankToQuotes } from '../src/ingest/webpage-hypermail.js';
import { unshieldMarc } from '../src/ingest/webpage-marc.js';
import { decodeEntities } from '../src/ingest/webpage-html-text.js';
import { parseHypermailDate, parseMailDate } from '../src/ingest/webpage-date.js';
import { displayWidth, truncateToWidth, wrapToWidth } from '../src/tui/sanitize.js';

const MB = 1_000_000;
const line = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

const ENTRY_POINTS: Array<[string, (l: string) => unknown]> = [
  ['quotes: parseQuotes', (l) => parseQuotes(l)],
  ['quotes: quoteDepth', (l) => quoteDepth(l)],
  ['quotes: stripOneLevel', (l) => stripOneLevel(l)],
  ['attribution: isAttribution', (l) => isAttribution(l)],
  ['attribution: looksLikeAttribution', (l) => looksLikeAttribution(l)],
  ['attribution: parseAttribution', (l) => parseAttribution(l)],
  ['attribution: personFrom', (l) => personFrom(l)],
  ['attribution: parseLooseDate', (l) => parseLooseDate(l)],
  ['subject: parseSubject', (l) => parseSubject(l)],
  ['subject: normalisedTitle', (l) => normalisedTitle(l)],
  ['trailers: findReplyTrailers', (l) => findReplyTrailers([l, l], 'x@y')],
  ['trailers: parseTrailerLines', (l) => parseTrailerLines([l], 'x@y')],
  ['patch: splitPatchMail', (l) => splitPatchMail(l)],
  ['classify: commentKind', (l) => commentKind(l)],
  ['classify: isAcknowledgement', (l) => isAcknowledgement(l)],
  ['boilerplate: isSnip / isSignOff / isGreeting / isNameLine', (l) => [isSnip(l), isSignOff(l), isGreeting(l), isNameLine(l)]],
  ['mojibake: repairMojibakeDetailed', (l) => repairMojibakeDetailed(l)],
  ['mojibake: mojibakeScore', (l) => mojibakeScore(l)],
  ['web page: personFromText', (l) => personFromText(l)],
  ['web page: lineKey / stripMarkers / threadTitle', (l) => [lineKey(l), stripMarkers(l), threadTitle(l)]],
  ['web page: attributionAt', (l) => attributionAt([l, l], 0)],
  ['web page: textSimilarity', (l) => textSimilarity(l, l)],
  ['web page: codeScore / lineKind', (l) => [codeScore(l), lineKind(l, false), lineKind(l, true)]],
  ['web page: quoteStructure', (l) => quoteStructure(l)],
  ['web page: indentedYankToQuotes', (l) => indentedYankToQuotes(l)],
  ['web page: unshieldMarc / decodeEntities', (l) => [unshieldMarc(l), decodeEntities(l)]],
  ['web page: parseMailDate / parseHypermailDate', (l) => [parseMailDate(l), parseHypermailDate(l)]],
  ['tui: wrapToWidth / displayWidth / truncateToWidth', (l) => [wrapToWidth(l, 80, 'prose'), wrapToWidth(l, 80, 'code'), displayWidth(l), truncateToWidth(l, 80)]],
];

// Spaces and tabs (trailing-space trims), quote markers, address and bracket punctuation, the words of
// trailer conditions and of acks, the CJK attribution word, and U+FFFD, what a lying charset decodes to.
const PATTERNS = [' \t', '> ', 'a@b.', '[(<', 'if fix ', '于\ufffd ', 'On , wrote:'];

describe('a 1 MB line into every entry point that reads mail text', () => {
  for (const pattern of PATTERNS) {
    test(`1 MB of ${JSON.stringify(pattern)}`, () => {
      const input = line(pattern);
      let slowest = { name: '', ms: 0 };
      for (const [name, call] of ENTRY_POINTS) {
        const started = performance.now();
        expect(() => call(input), name).not.toThrow();
        const ms = performance.now() - started;
        if (ms > slowest.ms) slowest = { name, ms };
      }
      // Reported, not asserted: speed belongs to `npm run bench`. A walk that re-reads the line would
      // take minutes here and show in this line; regex-linear.test.ts proves every regex linear, and
      // the fuzz test's watchdog fails a case that hangs.
      console.log(`long line: 1 MB of ${JSON.stringify(pattern)} through ${ENTRY_POINTS.length} entry points, slowest ${slowest.name} ${Math.round(slowest.ms)} ms`);
    }, 600_000);
  }

  // The hang the fuzz test found: string-width's Intl.Segmenter copies its whole input into every
  // segment, and the review screen measured an 80,000-character line of U+FFFD (a UTF-8 mail whose
  // bytes were not) for minutes and 4 GB. Measured in pieces now.
  test('an 80,000-character line of U+FFFD is measured and wrapped', () => {
    const replacement = '\ufffd '.repeat(40_000);
    expect(displayWidth(replacement)).toBe(80_000);
    const rows = wrapToWidth(replacement, 96, 'prose');
    expect(rows.every((r) => displayWidth(r) <= 96)).toBe(true);
    // Drawn up to 16,384 characters, every one of them, then a row that says what is left out.
    expect(rows.at(-1)).toBe('… 63,616 more characters of this line not drawn (mlreview export has it whole)');
    expect(rows.slice(0, -1).join(' ').replace(/ +/g, ' ').trim()).toBe(replacement.slice(0, 16_384).trim());
  });

  test('a line longer than the browser draws ends in a row saying how much is left out, never half a character', () => {
    const emoji = `a${'😀'.repeat(10_000)}`; // 20,001 UTF-16 units: unit 16,384 is the second half of a pair
    const rows = wrapToWidth(emoji, 80, 'code');
    expect(rows.at(-1)).toMatch(/^… 3,618 more characters of this line not drawn/);
    const drawn = rows.slice(0, -1).join('');
    expect(drawn).toBe(`a${'😀'.repeat(8_191)}`);
    const short = 'x'.repeat(16_384);
    expect(wrapToWidth(short, 80, 'code').join('')).toBe(short);
  });
});
