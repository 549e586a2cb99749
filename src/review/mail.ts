// One reply, read as a reviewer reads it: what it quotes, and the turns its writer says between
// the quotes. Attributions, signatures, greetings, sign-offs, snip markers and trailers are taken
// out of the turns here, once.
import type { Message, Person, Trailer } from '../model.js';
import { attributionLength, parseAttribution, type Attribution } from './attribution.js';
import { isBotReport, reportedLine } from './bot-report.js';
import { isFooterStart, isGreeting, isSignatureSeparator, isSnip, trimSignOff } from './boilerplate.js';
import { isBlank, parseQuotes, quoteBlocks, type QuoteBlock, type QuotedLine } from './quotes.js';
import { findReplyTrailers } from './trailers.js';

/** What one writer says in one place of a mail: a review comment, an answer, a follow-up. */
export interface Turn {
  mail: MailText;
  /** The kept lines, in order (blank lines inside kept). */
  lines: string[];
  /** Body line index of each kept line. */
  bodyLines: number[];
  /** The quote block right above the turn, or null when nothing is quoted above it (top-posting). */
  quoteAbove: QuoteBlock | null;
  /** Index of the own block the turn comes from. */
  block: number;
  /** True when the block also gives a trailer: "Same grumpiness … but this is overall nice so:\nReviewed-by: …". */
  givesTrailer?: boolean;
  /** The file and new-side line a build bot's report names ("vim +449 drivers/leds/leds-mp3326.c"). */
  pointsAt?: { file: string; line: number };
  /** A build bot's report: one comment, never cut where answers sit between its lines. */
  report?: boolean;
}

export interface MailText {
  message: Message;
  lines: QuotedLine[];
  blocks: QuoteBlock[];
  turns: Turn[];
  /** Per body line: the turn and the turn line it belongs to (sign-offs count as the turn's end). */
  ownAt: Array<{ turn: Turn; line: number } | null>;
  trailers: Trailer[];
  /** Body line of each trailer in `trailers`, to tell which turns a conditional trailer follows. */
  trailerAt: Map<Trailer, number>;
  /** The attribution above the first quote: who wrote the quoted mail, and when. */
  attribution: Attribution | null;
  /** Body line indexes of attribution lines and snip markers (not text, not quote). */
  markers: Set<number>;
  /** The writer's clock (minutes east of UTC) when known: rebuilt mails get it from their attribution. */
  offsetMinutes?: number;
}

/** Reads a mail. `names` are the people of the thread, to recognise "Ben," as a greeting. */
export function readMail(
  message: Message,
  names: readonly string[] = [],
  offsetMinutes?: number,
  own?: ReadonlySet<number>,
): MailText {
  // A bot's report is read whole: its ">>" marks flag warning lines, they quote nobody.
  const bot = isBotReport(message);
  const lines = parseQuotes(message.body, bot ? everyLine(message.body) : own);
  const blocks = quoteBlocks(lines);
  const mail: MailText = {
    message,
    lines,
    blocks,
    turns: [],
    ownAt: lines.map(() => null),
    trailers: [],
    trailerAt: new Map(),
    attribution: null,
    markers: new Set(),
  };
  if (offsetMinutes !== undefined) mail.offsetMinutes = offsetMinutes;
  let sawText = false;
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]!;
    if (block.quoted) continue;
    const next = blocks[b + 1];
    const above = b > 0 && blocks[b - 1]!.quoted ? blocks[b - 1]! : null;
    const turn = readOwnBlock(mail, block, b, next?.quoted === true, above, message.from, names, !sawText);
    if (turn) {
      mail.turns.push(turn);
      sawText = true;
      continue;
    }
    // A block with only a sign-off ("Thanks,\n\n\ttglx" after the last quote) ends the turn before
    // it: a reply quoting it answers that turn.
    const last = mail.turns[mail.turns.length - 1];
    if (!last) continue;
    block.lines.forEach((line, k) => {
      const i = block.start + k;
      if (!isBlank(line) && !mail.markers.has(i) && !mail.ownAt[i]) mail.ownAt[i] = { turn: last, line: last.lines.length - 1 };
    });
  }
  mergeFootnotes(mail);
  if (bot) {
    const at = reportedLine(message.body);
    const turn = mail.turns[0];
    if (turn) turn.report = true;
    if (at && turn) turn.pointsAt = at;
  }
  return mail;
}

function everyLine(body: string): Set<number> {
  const all = new Set<number>();
  let n = 0;
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) all.add(n++);
  all.add(n);
  return all;
}

// "[0] https://lore.kernel.org/…" under the last quote: the reference list of an earlier turn.
const FOOTNOTE = /^\s*(?:\[\d+\]:?\s+\S.*|https?:\/\/\S+\s*)$/;

/** A turn made only of link references belongs to the turn before it (Jacek Anaszewski's "[0] …"). */
function mergeFootnotes(mail: MailText): void {
  for (let t = mail.turns.length - 1; t > 0; t--) {
    const turn = mail.turns[t]!;
    if (!turn.lines.every((l) => l.trim() === '' || FOOTNOTE.test(l))) continue;
    const before = mail.turns[t - 1]!;
    const offset = before.lines.length + 1;
    before.lines.push('', ...turn.lines);
    before.bodyLines.push(...turn.bodyLines);
    mail.ownAt.forEach((own, i) => {
      if (own?.turn === turn) mail.ownAt[i] = { turn: before, line: offset + own.line };
    });
    mail.turns.splice(t, 1);
  }
}

function readOwnBlock(
  mail: MailText,
  block: QuoteBlock,
  index: number,
  quoteFollows: boolean,
  above: QuoteBlock | null,
  author: Person,
  names: readonly string[],
  first: boolean,
): Turn | null {
  const texts = block.lines.map((l) => l.text);
  const keep = texts.map((t, i) => !block.lines[i]!.pastedHeader && !isBlank(block.lines[i]!) ? true : false);
  const blank = texts.map((t) => t.trim() === '');
  // Attribution of the quote below: the last non-blank lines of the block.
  if (quoteFollows) {
    let end = texts.length - 1;
    while (end >= 0 && blank[end]) end--;
    const n = end >= 0 ? attributionLength(texts, end) : 0;
    if (n > 0) {
      const text = texts.slice(end - n + 1, end + 1).join(' ');
      if (!mail.attribution) mail.attribution = parseAttribution(text, mail.offsetMinutes);
      for (let i = end - n + 1; i <= end; i++) {
        keep[i] = false;
        mail.markers.add(block.start + i);
      }
    }
  }
  // Outlook's pasted header block names the quoted mail's writer too.
  if (!mail.attribution) {
    const from = block.lines.find((l) => l.pastedHeader && /^\s*(?:from|von|de|发件人)\s*[:：]/i.test(l.text));
    const sent = block.lines.find((l) => l.pastedHeader && /^\s*(?:sent|date|gesendet|datum|envoyé|发送时间)\s*[:：]/i.test(l.text));
    if (from) {
      const who = from.text.replace(/^[^:：]+[:：]\s*/, '');
      const when = sent ? sent.text.replace(/^[^:：]+[:：]\s*/, '') : '';
      mail.attribution = parseAttribution(`Quoting ${who} (${when}):`, mail.offsetMinutes);
    }
  }
  // Signature and list footers: to the end of the block.
  const sig = texts.findIndex((t, i) => isSignatureSeparator(t) || (i > 0 && isFooterStart(t)));
  if (sig >= 0) for (let i = sig; i < texts.length; i++) keep[i] = false;
  for (let i = 0; i < texts.length; i++) {
    if (keep[i] && isSnip(texts[i]!)) {
      keep[i] = false;
      mail.markers.add(block.start + i);
    }
  }
  if (first) {
    const firstText = keep.findIndex((k) => k);
    // tglx opens with "Ben," above the attribution that names Ben.
    const quotedName = mail.attribution?.author.name.split(/\s+/) ?? [];
    const alone = firstText >= 0 && (texts[firstText + 1] ?? '').trim() === '';
    if (firstText >= 0 && isGreeting(texts[firstText]!, [...names, ...quotedName], alone)) keep[firstText] = false;
  }
  const trailerLines = texts.map((t, i) => (keep[i] ? t : ''));
  let givesTrailer = false;
  for (const found of findReplyTrailers(trailerLines, mail.message.id)) {
    mail.trailers.push(found.trailer);
    mail.trailerAt.set(found.trailer, block.start + Math.max(...found.lines));
    for (const i of found.lines) keep[i] = false;
    givesTrailer ||= ['reviewed-by', 'acked-by', 'tested-by'].includes(found.trailer.name.toLowerCase());
  }

  // The kept lines, with the blank lines between them, then the sign-off trimmed off the end.
  const firstKept = keep.indexOf(true);
  if (firstKept < 0) return null;
  const lastKept = keep.lastIndexOf(true);
  const picked: number[] = [];
  for (let i = firstKept; i <= lastKept; i++) if (keep[i] || blank[i]) picked.push(i);
  const trimmed = trimSignOff(
    picked.map((i) => texts[i]!),
    author,
  );
  if (!trimmed.some((t) => t.trim() !== '')) return null;
  const kept = picked.slice(0, trimmed.length);
  const turn: Turn = {
    mail,
    lines: trimmed,
    bodyLines: kept.map((i) => block.start + i),
    quoteAbove: above,
    block: index,
  };
  if (givesTrailer) turn.givesTrailer = true;
  kept.forEach((i, k) => {
    mail.ownAt[block.start + i] = { turn, line: k };
  });
  // Lines after the turn in its block (sign-off, name, signature) count as its end: a reply that
  // quotes "> Alex" answers this turn.
  for (let i = (kept[kept.length - 1] ?? 0) + 1; i < texts.length; i++) {
    if (!blank[i] && !mail.markers.has(block.start + i)) mail.ownAt[block.start + i] = { turn, line: trimmed.length - 1 };
  }
  return turn;
}

/** The turn's text as shown: its lines joined, trailing spaces (format=flowed leftovers) removed. */
export function turnText(turn: Turn): string {
  return turn.lines
    .map((l) => l.replace(/(?<![ \t])[ \t]+$/, ''))
    .join('\n')
    .trim();
}
