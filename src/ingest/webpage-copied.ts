// Text a reader copied from an archive page (select all, copy, paste into a file), like the seed:
//
//   Re: [PATCH v4 3/3] vfio/pci: make use of irq_update_devid and optimize irq ops
//
//   From: Ben Luo
//   Date: Wed Aug 28 2019 - 06:08:11 EST
//
//   <body, its quote markers gone>
//
// That is what lkml.iu.edu shows above a message (its <h1>, then "From:" and "Date:"); the page's
// navigation ("Next message:", "Messages sorted by:") may come along and is dropped.
import type { Message, Problem } from '../model.js';
import { parseHypermailDate } from './webpage-date.js';
import { personFromText, syntheticId } from './webpage-person.js';

const FROM = /^From:\s+(\S.*)$/;
const HYPERMAIL_DATE = /^Date:\s+([A-Za-z]{3}\s+[A-Za-z]{3}\s+\d{1,2}\s+\d{4}\s*-\s*\d{1,2}:\d{2}:\d{2}(?:\s+[A-Za-z]{2,5})?)\s*$/;
const NAVIGATION = /^\s*(?:[•*-]\s*)?(?:Next message|Previous message|In reply to|Next in thread|Maybe in reply to|Reply|Messages sorted by|Last message date|Archived on):/i;

interface CopiedHead {
  subject: string;
  from: string;
  date: string;
  /** Index of the first body line. */
  bodyStart: number;
}

function copiedHead(lines: string[]): CopiedHead | null {
  let i = 0;
  while (i < lines.length && !lines[i]!.trim()) i++;
  const subject = (lines[i] ?? '').trim();
  if (!subject || FROM.test(subject) || subject.length > 300) return null;
  let from: string | null = null;
  let date: string | null = null;
  let j = i + 1;
  // The header sits within a few lines of the subject, navigation lines possibly in between.
  for (; j < Math.min(lines.length, i + 12); j++) {
    const line = lines[j]!.trim();
    if (!line || NAVIGATION.test(line)) continue;
    const f = FROM.exec(line);
    const d = HYPERMAIL_DATE.exec(line);
    if (f && from === null) from = f[1]!;
    else if (d && date === null) date = d[1]!;
    else break;
    if (from !== null && date !== null) {
      j++;
      break;
    }
  }
  if (from === null || date === null) return null;
  return { subject, from, date, bodyStart: j };
}

/** True for text shaped like a copied archive page: subject, From: Name, Date: … - hh:mm:ss TZ. */
export function looksLikeCopiedPage(text: string): boolean {
  return copiedHead(text.slice(0, 4096).split(/\r?\n/)) !== null;
}

export function readCopiedPage(path: string, text: string): { message: Message | null; problems: Problem[] } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const head = copiedHead(lines);
  if (!head) return { message: null, problems: [{ where: path, reason: 'not a copied archive page (subject, From:, Date: lines not found)' }] };
  const body = lines.slice(head.bodyStart);
  while (body.length && (!body[0]!.trim() || NAVIGATION.test(body[0]!))) body.shift();
  while (body.length && (!body[body.length - 1]!.trim() || NAVIGATION.test(body[body.length - 1]!))) body.pop();
  const from = personFromText(head.from);
  const date = parseHypermailDate(head.date);
  const problems: Problem[] = [];
  if (date === null) problems.push({ where: path, reason: `date "${head.date}" could not be read` });
  return {
    message: {
      id: syntheticId(from, date, head.subject),
      subject: head.subject,
      from,
      date,
      inReplyTo: null,
      references: [],
      body: body.join('\n'),
      origin: { path, where: path },
    },
    problems,
  };
}
