// Quote depth of every line of a reply body, and the blocks those depths form.
//
// Mail clients write the same depth many ways: `>>` (mutt, git), `> >` (Thunderbird re-quoting a
// mutt mail), `> >>>>` (Claws Mail quoting a Thunderbird mail that quoted mutt), and a few put spaces
// before the first `>` (some webmail). All count the `>` characters only. Outlook and Exchange do not
// mark the pasted original at all: they write `-----Original Message-----` (or a `From: … Sent: …`
// header block) and paste the previous mail under it, so everything below is one level deeper.

/** One body line with its quote depth and the text after the markers. */
export interface QuotedLine {
  /** Number of `>` markers; 0 for the writer's own text. */
  depth: number;
  /** The text after the markers (one space after the last marker removed). */
  text: string;
  /** The line as written. */
  raw: string;
  /** True for the header lines of an Outlook-style pasted original (`From: … Sent: …`). */
  pastedHeader?: boolean;
  /** Levels of `depth` that come from an Outlook-style pasted original rather than `>` markers. */
  pasted?: number;
}

/** A run of lines at depth 0 (the writer's) or depth ≥ 1 (quoted), in body order. */
export interface QuoteBlock {
  quoted: boolean;
  /** Index of the first line of the block in the body's lines. */
  start: number;
  lines: QuotedLine[];
}

// Up to three spaces before the first marker: more is an indented code line such as "    >> 4;".
// Between markers the same allowance plus the one space or tab a quoting client adds ("> > text",
// ">  > text"), so that removing one level never changes how the rest is read. Bounded repeats only.
const MARKERS = /^ {0,3}(>(?:[ \t]? {0,3}>)*)[ \t]?/;

// The separators Outlook, Exchange and some webmails put above a pasted original.
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*(?:original message|urspr[üu]ngliche nachricht|message d'origine|原始邮件|mensaje original|messaggio originale)\s*-{2,}\s*$/i;
// Outlook in English, German, French, Simplified and Traditional Chinese (Larry Lai's "回覆:" mails).
const PASTED_FROM = /^\s*(?:from|von|de|发件人|寄件者)\s*[:：]\s*\S/i;
const PASTED_SENT = /^\s*(?:sent|date|gesendet|datum|envoyé|发送时间|日期|寄件日期)\s*[:：]\s*\S/i;
const PASTED_HEADER =
  /^\s*(?:from|sent|date|to|cc|subject|von|gesendet|an|betreff|de|envoyé|à|objet|发件人|发送时间|收件人|抄送|主题|寄件者|寄件日期|收件者|副本|主旨|日期)\s*[:：]/i;

/** Depth and text of one line. */
export function quoteDepth(raw: string): { depth: number; text: string } {
  const m = MARKERS.exec(raw);
  if (!m) return { depth: 0, text: raw };
  const markers = m[1]!;
  let depth = 0;
  for (const ch of markers) if (ch === '>') depth++;
  return { depth, text: raw.slice(m[0].length) };
}

/**
 * The line as the quoted mail had it: one level less. An Outlook-pasted line loses its pasted level
 * (its raw text stays), a marked line loses one `>`.
 */
export function unquoteOnce(line: QuotedLine): string {
  // The outermost level of a pasted line is the paste itself (the separator sits in the writer's
  // own text); the quoted mail's own `>` lines inside it stay as they were.
  return line.pasted ? line.raw : stripOneLevel(line.raw);
}

/** Removes exactly one quote level: `> >>>> x` → `>>>> x`, `> x` → `x`. Lines at depth 0 are kept. */
export function stripOneLevel(raw: string): string {
  const m = /^ {0,3}>[ \t]?/.exec(raw);
  if (!m) return raw;
  return raw.slice(m[0].length);
}

/**
 * Every line of a body with its depth, Outlook-style pasted originals counted one level deeper.
 * `own` lists lines that carry `>` markers but are the writer's own text (see ThreadLinker).
 */
export function parseQuotes(body: string, own?: ReadonlySet<number>): QuotedLine[] {
  const rawLines = body.split('\n');
  const out: QuotedLine[] = [];
  // Depth added to every line below an Outlook separator; pasted originals can nest.
  let extra = 0;
  for (let i = 0; i < rawLines.length; i++) {
    const raw = rawLines[i]!;
    if (own?.has(i)) {
      out.push({ depth: 0, text: raw, raw });
      continue;
    }
    const { depth, text } = quoteDepth(raw);
    const line: QuotedLine = { depth: depth + extra, text, raw };
    if (extra) line.pasted = extra;
    if (depth === 0 && ORIGINAL_MESSAGE.test(raw)) {
      line.pastedHeader = true;
      out.push(line);
      extra++;
      // The separator is normally followed by the From:/Sent:/To:/Subject: block of the original.
      i = Math.max(markPastedHeaders(rawLines, i + 1, extra - 1, out), i + 1) - 1;
      continue;
    }
    if (depth === 0 && startsPastedHeaderBlock(rawLines, i)) {
      extra++;
      // Always past the From: line, whatever the header block holds: a loop must move on.
      const next = markPastedHeaders(rawLines, i, extra - 1, out);
      if (next <= i) out.push({ depth: extra - 1, text: raw, raw, pastedHeader: true });
      i = Math.max(next, i + 1) - 1;
      continue;
    }
    out.push(line);
  }
  rejoinWrappedTails(out);
  return out;
}

/**
 * A client that wraps after quoting leaves the tail of a long quoted line unmarked:
 * "> > > Note that Ext4 appears to have a file creation time field in its\ninode\n> > > (struct …"
 * (Mingming Cao, LKML 2010). A short lower-case line squeezed between quoted lines, right after a
 * quoted line that stops mid-sentence, is such a tail: it keeps the depth of the line above.
 */
function rejoinWrappedTails(lines: QuotedLine[]): void {
  for (let i = 1; i + 1 < lines.length; i++) {
    const line = lines[i]!;
    const above = lines[i - 1]!;
    const below = lines[i + 1]!;
    if (line.depth !== 0 || above.depth === 0 || below.depth === 0 || line.pastedHeader) continue;
    const text = line.text.trim();
    const aboveText = above.text.trim();
    if (!text || text.length > 40 || text.split(/\s+/).length > 8) continue;
    // The line above must have been long enough to wrap, and prose: a short comment right under a
    // quoted diff line ("s/invalid/valid/" under "> +\t * 'trigger' is a new invalid one…") is
    // the commonest review there is. Outlook wraps quoted header lists too ("> Cc: a; b;" /
    // "linux-kernel@vger.kernel.org;") and capitalised words ("…handler for" / "SRIO").
    if (aboveText.length < 55 || /[.!?:]\s*$/.test(aboveText) || /^[+\- ]/.test(above.text)) continue;
    const lower = /^[a-z0-9('"]/.test(text);
    const shortCapital = aboveText.length >= 65 && text.split(/\s+/).length <= 2 && !/[.!?]$/.test(text);
    if (!lower && !shortCapital) continue;
    line.depth = above.depth;
  }
}

/** `From: X` followed within three lines by `Sent: date` at depth 0: Outlook without a separator. */
function startsPastedHeaderBlock(lines: string[], i: number): boolean {
  if (!PASTED_FROM.test(lines[i]!)) return false;
  for (let j = i + 1; j < lines.length && j <= i + 3; j++) {
    if (PASTED_SENT.test(lines[j]!)) return true;
    if (!PASTED_HEADER.test(lines[j]!)) return false;
  }
  return false;
}

/** Pushes the pasted header lines from `start` as depth `depth`; returns the first line after them. */
function markPastedHeaders(lines: string[], start: number, depth: number, out: QuotedLine[]): number {
  let i = start;
  while (i < lines.length && lines[i]!.trim() === '' && i < start + 2) {
    out.push({ depth, text: '', raw: lines[i]!, pastedHeader: true });
    i++;
  }
  let sawHeader = false;
  while (i < lines.length && PASTED_HEADER.test(lines[i]!) && quoteDepth(lines[i]!).depth === 0) {
    out.push({ depth, text: lines[i]!, raw: lines[i]!, pastedHeader: true });
    sawHeader = true;
    i++;
    // A long To:/Cc: list wraps onto indented continuation lines.
    while (i < lines.length && /^[ \t]+\S/.test(lines[i]!) && !PASTED_HEADER.test(lines[i]!)) {
      out.push({ depth, text: lines[i]!, raw: lines[i]!, pastedHeader: true });
      i++;
    }
  }
  return sawHeader ? i : Math.max(i, start);
}

/**
 * Splits lines into blocks of the writer's own text and quoted text. Blank lines at depth 0 between
 * two quoted runs belong to the quote (a reply that only trims does not speak there), so a quote
 * interrupted by an empty line stays one block.
 */
export function quoteBlocks(lines: QuotedLine[]): QuoteBlock[] {
  const blocks: QuoteBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const quoted = lines[i]!.depth > 0;
    const start = i;
    const block: QuotedLine[] = [];
    while (i < lines.length && lines[i]!.depth > 0 === quoted) block.push(lines[i++]!);
    blocks.push({ quoted, start, lines: block });
  }
  const merged: QuoteBlock[] = [];
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]!;
    const previous = merged[merged.length - 1];
    const blankBetweenQuotes =
      !block.quoted && previous?.quoted && blocks[b + 1]?.quoted && block.lines.every((l) => l.text.trim() === '');
    if (blankBetweenQuotes && previous) {
      previous.lines.push(...block.lines, ...blocks[b + 1]!.lines);
      b++;
      continue;
    }
    merged.push(block);
  }
  return merged;
}

/** True for a line that is empty or only whitespace once its markers are gone. */
export function isBlank(line: QuotedLine): boolean {
  return line.text.trim() === '';
}
