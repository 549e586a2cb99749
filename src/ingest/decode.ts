// One adapter from mailparser's output to mlreview's Message (STYLE: normalise library output once).
import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail, type Attachment } from 'mailparser';
import type { Message, Origin, Person, Problem } from '../model.js';
import { cleanMessageId, parseIdList } from './message-id.js';
import { peopleIn } from './recipients.js';

export type Decoded = { message: Message } | { problem: Problem };

const PARSER_OPTIONS = {
  skipTextToHtml: true,
  skipImageLinks: true,
  skipTextLinks: true,
  // Checksums of attachments are never shown; skipping them saves time on big archives.
  checksumAlgo: false as const,
  keepCidLinks: true,
};

/** Decodes one raw mail. Never throws: a mail mailparser cannot read becomes a problem. */
export async function decodeMail(bytes: Buffer, origin: Origin): Promise<Decoded> {
  const where = `${origin.path}:${origin.where}`;
  if (!looksLikeHeaders(bytes)) {
    return { problem: { where, reason: 'not a mail: no header block (expected "Name: value" lines)' } };
  }
  let parsed: ParsedMail;
  const recipients: RecipientFields = { to: [], cc: [] };
  try {
    parsed = await simpleParser(withoutUnusedHeaders(bytes, recipients), PARSER_OPTIONS);
  } catch (error) {
    return { problem: { where, reason: `mail could not be decoded: ${errorText(error)}` } };
  }
  try {
    return { message: toMessage(parsed, bytes, origin, recipients) };
  } catch (error) {
    return { problem: { where, reason: `mail headers could not be read: ${errorText(error)}` } };
  }
}

/** mailparser's result → Message; `bytes` are the whole mail (the content hash of a mail without Message-ID). */
export function toMessage(parsed: ParsedMail, bytes: Buffer, origin: Origin, recipients: RecipientFields): Message {
  const id =
    cleanMessageId(parsed.messageId) ??
    // A mail without Message-ID still has to be threadable and addressable: use its content hash.
    `mlreview-${createHash('sha1').update(bytes).digest('hex').slice(0, 16)}@generated`;
  const references = parseIdList(parsed.references);
  const inReplyTo = parseIdList(parsed.inReplyTo).at(-1) ?? null;
  if (inReplyTo && !references.includes(inReplyTo)) references.push(inReplyTo);
  const withoutSelf = references.filter((ref) => ref !== id);
  return {
    id,
    subject: oneLine(parsed.subject ?? ''),
    from: person(parsed),
    ...(recipients.to.length ? { to: recipients.to.join(', ') } : {}),
    ...(recipients.cc.length ? { cc: recipients.cc.join(', ') } : {}),
    date: validDate(parsed.date),
    inReplyTo: inReplyTo === id ? null : inReplyTo,
    references: withoutSelf,
    body: bodyText(parsed),
    origin,
  };
}

// pipermail and gmane hide the address as "user at host.org (Real Name)"; mailparser then sees no
// address, and the "name" is the hidden address.
const PIPERMAIL_FROM = /^\s*([^\s@()]+) at ([^\s@().]+\.[^\s@()]+)\s*\(([^()]*)\)\s*$/;

function person(parsed: ParsedMail): Person {
  const relayed = relaySender(parsed);
  if (relayed) return relayed;
  // The raw line: mailparser's address parser drops the "(Real Name)" comment.
  const line = parsed.headerLines?.find((h) => h.key === 'from')?.line.replace(/^from:\s*/i, '');
  const hidden = line ? PIPERMAIL_FROM.exec(line) : null;
  const raw = parsed.headers.get('from');
  const header = typeof raw === 'string' ? raw : (raw as { text?: string } | undefined)?.text;
  if (hidden) return { name: oneLine(hidden[3] ?? ''), address: `${hidden[1]}@${hidden[2]}` };
  const first = parsed.from?.value?.[0];
  if (!first) return { name: header ? oneLine(header) : '', address: '' };
  return { name: oneLine(first.name ?? ''), address: (first.address ?? '').trim() };
}

/**
 * B4 Relay sends for people whose mail setup cannot: "Name via B4 Relay <devnull+user.example.com@kernel.org>",
 * with the real sender in X-Original-From (and Reply-To). The person who wrote is the original sender.
 */
function relaySender(parsed: ParsedMail): Person | null {
  const from = parsed.from?.value?.[0];
  if (!from || !/^devnull\+/i.test(from.address ?? '') || !/ via B4 Relay$/i.test(from.name ?? '')) return null;
  const relayName = oneLine((from.name ?? '').replace(/ via B4 Relay$/i, ''));
  // mailparser leaves a header it does not know as it came: "=?utf-8?q?J=2E_Neusch=C3=A4fer?= <…>".
  const header = parsed.headers.get('x-original-from');
  const original = typeof header === 'string' ? (peopleIn(header).find((p) => p.address) ?? null) : null;
  const reply = parsed.replyTo?.value?.[0];
  const found = original ?? (reply?.address ? { name: reply.name ?? '', address: reply.address } : null);
  if (found) return { name: oneLine(found.name) || relayName, address: found.address.trim() };
  return { name: relayName, address: (from.address ?? '').trim() };
}

function validDate(date: Date | undefined): string | null {
  if (!date || Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  // Fuzzed Date headers parse to years like 1 or 275760; neither is a mail date.
  if (year < 1970 || year > 2200) return null;
  return date.toISOString();
}

/**
 * The text a reviewer reads: text/plain (or HTML turned to text), then patches sent as attachments
 * (`text/x-patch`, `text/x-diff`, `*.patch`/`*.diff` files), which is where git send-email users
 * behind Outlook or Thunderbird often put them.
 */
function bodyText(parsed: ParsedMail): string {
  let text = normaliseNewlines(parsed.text ?? '');
  for (const attachment of parsed.attachments ?? []) {
    if (!isPatchAttachment(attachment)) continue;
    const content = normaliseNewlines(attachment.content.toString('utf8'));
    text = text.length ? `${text.replace(/(?<!\n)\n*$/, '')}\n\n${content}` : content;
  }
  return text;
}

function isPatchAttachment(attachment: Attachment): boolean {
  const type = attachment.contentType.toLowerCase();
  if (type === 'text/x-patch' || type === 'text/x-diff' || type === 'text/x-diff-patch') return true;
  const name = (attachment.filename ?? '').toLowerCase();
  if (/\.(patch|diff)$/.test(name)) return true;
  // A text/plain part mailparser kept as an attachment (disposition: attachment) that holds a diff.
  return type === 'text/plain' && attachment.content.indexOf('\ndiff --git ') >= 0;
}

function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function oneLine(text: string): string {
  return text.replace(/(?<!\s)\s*[\r\n]+\s*/g, ' ').trim();
}

/** The header was read as Latin-1 (bytes as they are); a To/Cc value kept for later is UTF-8 text. */
function latin1ToUtf8(text: string): string {
  return /[\x80-\xff]/.test(text) ? Buffer.from(text, 'latin1').toString('utf8') : text;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Header names every real mail carries at least one of; "Re: [PATCH …]" as the first line of a page
// copied from a web archive looks like a header but is not one.
const MAIL_HEADER = /^(?:from|subject|date|message-id|received|return-path|to|delivered-to|mime-version|x-[a-z-]+|in-reply-to|references|sender|list-id):/i;
const HEADER_LINE = /^[!-9;-~]+:/;

/**
 * True when the bytes start with an RFC 5322 header block. Protects against feeding arbitrary files
 * (a PDF, a tarball, a copied web page) to mailparser, which would "parse" them into an empty mail.
 */
export function looksLikeHeaders(bytes: Buffer): boolean {
  const head = bytes.toString('latin1', 0, Math.min(bytes.length, 4096));
  const lines = head.split(/\r?\n/);
  let known = 0;
  let seen = 0;
  for (const line of lines) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      if (seen === 0) return false;
      continue; // folded continuation
    }
    if (!HEADER_LINE.test(line)) return seen >= 3 && known >= 1; // a mangled line after real headers
    seen++;
    if (MAIL_HEADER.test(line)) known++;
  }
  return seen > 0 && known >= 1;
}

// Headers mlreview never reads. Kernel mail carries Cc lists of dozens of addresses and a dozen
// Received/DKIM/ARC lines; mailparser parses every address list, which was a third of its time
// on linux-leds. Dropping them before parsing changes nothing we show.
// X-Original-From and Reply-To are kept: B4 Relay puts the real sender there.
const UNUSED_HEADER = /^(?:to|cc|bcc|received|dkim-signature|arc-[a-z-]+|authentication-results|x-(?!original-from\b)[a-z0-9-]+|list-[a-z-]+|received-spf|return-path|delivered-to|precedence|sender|thread-topic|thread-index|accept-language|content-language)\s*:/i;

/** To and Cc header values as written (unfolded): kept aside for a reply, parsed only then. */
export interface RecipientFields {
  to: string[];
  cc: string[];
}

/**
 * The mail with unused header fields removed; the body bytes untouched. To and Cc, dropped for
 * mailparser, are handed to `recipients` as text: a reply-all needs them, and parsing them only
 * when one is written keeps their cost out of reading an archive.
 */
export function withoutUnusedHeaders(bytes: Buffer, recipients?: RecipientFields): Buffer {
  let end = bytes.indexOf('\n\n');
  const crlf = bytes.indexOf('\r\n\r\n');
  if (crlf >= 0 && (end < 0 || crlf < end)) end = crlf;
  if (end < 0) return bytes;
  const head = bytes.toString('latin1', 0, end);
  const kept: string[] = [];
  let dropping = false;
  let field: string[] | null = null;
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      else if (field) field[field.length - 1] += ` ${latin1ToUtf8(line).trim()}`;
      continue;
    }
    dropping = UNUSED_HEADER.test(line);
    field = null;
    if (!dropping) kept.push(line);
    else if (recipients && /^(?:to|cc)\s*:/i.test(line)) {
      const colon = line.indexOf(':');
      field = line[0] === 't' || line[0] === 'T' ? recipients.to : recipients.cc;
      field.push(latin1ToUtf8(line.slice(colon + 1)).trim().replace(/\r$/, ''));
    }
  }
  return Buffer.concat([Buffer.from(kept.join('\n'), 'latin1'), bytes.subarray(end)]);
}
