// Web-archive pages as a source: saved HTML of lkml.iu.edu (hypermail / MHonArc), marc.info and
// lkml.org, and text copied from such a page. Recognised by content, never by file name.
//
// Pages that still show quote depth (`&gt;`, <blockquote>) give a body with real "> " markers. A body
// whose markers are gone (the copied text of the seed) is kept raw, mojibake repaired, and marked
// `quotesLost`; `recoverQuotes` (requote.ts) rebuilds its structure once every source is read.
import { readFile } from 'node:fs/promises';
import type { Message, Problem } from '../model.js';
import { looksLikeHeaders } from './decode.js';
import type { SourceRead } from './index.js';
import { isFromLine } from './mbox.js';
import { repairMojibakeDetailed } from './mojibake.js';
import { attributionAt } from './requote-attribution.js';
import { looksLikeCopiedPage, readCopiedPage } from './webpage-copied.js';
import { looksLikeHypermail, readHypermail } from './webpage-hypermail.js';
import { looksLikeLkmlOrg, readLkmlOrg } from './webpage-lkml-org.js';
import { looksLikeMarc, readMarc } from './webpage-marc.js';

type PageKind = 'hypermail' | 'marc' | 'lkml-org' | 'copied';

function pageKind(text: string): PageKind | null {
  if (looksLikeHypermail(text)) return 'hypermail';
  if (looksLikeMarc(text)) return 'marc';
  if (looksLikeLkmlOrg(text)) return 'lkml-org';
  if (looksLikeCopiedPage(text)) return 'copied';
  return null;
}

/**
 * True for a web-archive page or text copied from one. `path` is only used to name the source; the
 * decision is made on the content (a saved page is often called "0107.html" or "index.html?m=…").
 */
export function looksLikeWebPage(text: string, path: string): boolean {
  void path;
  // An mbox or a mail may carry a saved page inside (an HTML part, a pasted archive page): the
  // file is still mail, which the mail readers read.
  const firstLine = text.slice(0, 1024).split(/\r?\n/, 1)[0] ?? '';
  if (isFromLine(firstLine) || looksLikeHeaders(Buffer.from(text.slice(0, 16384), 'latin1'))) return false;
  return pageKind(text.slice(0, 65536)) !== null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Page bytes as text: UTF-8 when they are valid UTF-8 (whatever the page declares: lkml.iu.edu's
 * MHonArc pages say iso-8859-2 over ASCII-with-entities), else the declared charset, else
 * Windows-1252, which is what browsers do with undeclared 8-bit pages.
 */
export function pageText(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    const declared = /charset\s*=\s*["']?([A-Za-z0-9_.:-]+)/i.exec(bytes.toString('latin1', 0, Math.min(bytes.length, 4096)));
    try {
      return new TextDecoder(declared?.[1] ?? 'windows-1252').decode(bytes);
    } catch {
      return new TextDecoder('windows-1252').decode(bytes);
    }
  }
}

/**
 * A body lost its markers when it names who it quotes (an attribution line) or, in a reply, carries a
 * diff, yet no line starts with ">".
 */
export function hasLostQuotes(body: string, subject: string): boolean {
  const lines = body.split('\n');
  if (lines.some((line) => /^ {0,3}>/.test(line))) return false;
  for (let i = 0; i < lines.length; i++) if (attributionAt(lines, i)) return true;
  const reply = /^\s*(?:re|aw|sv|antw)\s*:/i.test(subject);
  return reply && lines.some((line) => /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/.test(line));
}

function repairText(message: Message, path: string, problems: Problem[]): Message {
  const body = repairMojibakeDetailed(message.body);
  const subject = repairMojibakeDetailed(message.subject).text;
  const name = repairMojibakeDetailed(message.from.name).text;
  if (body.ambiguous > 0) {
    problems.push({ where: path, reason: `${body.ambiguous} damaged word(s) had two readings (上午/下午); the first was kept` });
  }
  return { ...message, subject, from: { ...message.from, name }, body: body.text };
}

/** Reads one page (or copied text) into its message. Never throws: what cannot be read is a problem. */
export function readWebPage(path: string, bytes: Buffer): { messages: Message[]; problems: Problem[] } {
  const text = pageText(bytes);
  const kind = pageKind(text);
  if (!kind) return { messages: [], problems: [{ where: path, reason: 'not a web-archive page: no hypermail, MHonArc, marc.info, lkml.org or copied-page shape' }] };
  let read: { message: Message | null; problems: Problem[] };
  try {
    if (kind === 'hypermail') read = readHypermail(path, text);
    else if (kind === 'marc') read = readMarc(path, text);
    else if (kind === 'lkml-org') read = readLkmlOrg(path, text);
    else read = readCopiedPage(path, text);
  } catch (error) {
    return { messages: [], problems: [{ where: path, reason: `page could not be read: ${(error as Error).message}` }] };
  }
  const problems = [...read.problems];
  if (!read.message) return { messages: [], problems };
  const message = repairText(read.message, path, problems);
  if (hasLostQuotes(message.body, message.subject)) message.quotesLost = true;
  return { messages: [message], problems };
}

/**
 * For the `claim` hook of `readSource` (src/ingest/index.ts): takes the file when its head looks
 * like a page, reads it whole, and names the source format 'web-page'.
 */
export async function claimWebPage(path: string, head: Buffer): Promise<SourceRead | null> {
  if (!looksLikeWebPage(pageText(head), path)) return null;
  const { messages, problems } = readWebPage(path, await readFile(path));
  // A page holds one mail: when it gave none, the problem that says why is what accounts for it.
  if (messages.length === 0) {
    if (problems.length === 0) problems.push({ where: path, reason: 'page holds no mail' });
    problems[0] = { ...problems[0]!, leftOut: true };
  }
  return { path, format: 'web-page', messages, problems, mails: 1 };
}
