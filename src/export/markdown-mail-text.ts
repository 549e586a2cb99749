// A piece of mail text (a comment, an answer) as Markdown blocks that read like the mail did.
// Mail is line-oriented and hard-wrapped near 72 columns: prose paragraphs are left to reflow, short
// lines ("Thanks,", "Alex") keep their line breaks, indented text (code a reviewer pasted, a call
// trace) stays verbatim in a code block, and `>` quotes of earlier mails become nested block quotes.
import { stripControls } from '../text/control-chars.js';
import { escapeInline, fencedBlock, startsBlock } from './markdown-escape.js';

/**
 * A line shorter than this ended where the writer pressed Enter, not where the mail client wrapped
 * (clients wrap at 72–78 columns; a wrapped line is rarely under 55).
 */
const SHORT_LINE = 55;
/** Deeper quotes stay literal text: nesting is bounded whatever the input. */
const MAX_QUOTE_DEPTH = 6;

type MailBlock = { kind: 'quote' | 'paragraph'; lines: string[] };

/** Markdown lines for `text`; [] when it has no visible text. */
export function mailTextMarkdown(text: string): string[] {
  const lines = stripControls(text)
    .split('\n')
    .map((line) => line.trimEnd());
  return renderBlocks(lines, 0);
}

function renderBlocks(lines: string[], depth: number): string[] {
  const out: string[] = [];
  for (const block of splitBlocks(lines, depth)) {
    const rendered = block.kind === 'quote' ? renderQuote(block.lines, depth) : renderParagraph(block.lines);
    if (rendered.length === 0) continue;
    if (out.length > 0) out.push('');
    out.push(...rendered);
  }
  return out;
}

function splitBlocks(lines: string[], depth: number): MailBlock[] {
  const blocks: MailBlock[] = [];
  let current: MailBlock | null = null;
  for (const line of lines) {
    const isQuote = depth < MAX_QUOTE_DEPTH && line.startsWith('>');
    if (line.trim() === '') {
      current = null;
      continue;
    }
    const kind = isQuote ? 'quote' : 'paragraph';
    if (current === null || current.kind !== kind) {
      current = { kind, lines: [] };
      blocks.push(current);
    }
    // RFC 3676 §4.5: the quote marker is `>`, the space after it belongs to the marker when present.
    current.lines.push(isQuote ? line.replace(/^> ?/, '') : line);
  }
  return blocks;
}

function renderQuote(lines: string[], depth: number): string[] {
  return renderBlocks(lines, depth + 1).map((line) => (line === '' ? '>' : '> ' + line));
}

function renderParagraph(lines: string[]): string[] {
  if (lines.some((line) => /^\s/.test(line))) return fencedBlock(lines);
  // Lines that hold nothing once escaped (only controls) would end the paragraph: drop them.
  const kept = lines.map((raw) => ({ raw, text: escapeInline(raw) })).filter((line) => line.text !== '');
  const out: string[] = [];
  for (let i = 0; i < kept.length; i++) {
    const next = kept[i + 1];
    // A backslash at the end of a line is a hard line break (CommonMark §6.7).
    const hardBreak = next !== undefined && (kept[i].raw.length < SHORT_LINE || startsBlock(next.raw));
    out.push(hardBreak ? kept[i].text + '\\' : kept[i].text);
  }
  return out;
}
