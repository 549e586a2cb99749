// marc.info message pages: one <pre> holding a header block in <font size=+1> ("List:", "Subject:",
// "From:", "Date:", "Message-ID:"), a "[Download message RAW]" link, the body, and the navigation
// line again at the bottom. Addresses and ids are written "user () host ! com" (MARC's spam shield:
// "@" → " () ", "." → " ! ", also inside the display name: "Randal L !  Schwartz").
import type { Message, Problem } from '../model.js';
import { parseMarcDate } from './webpage-date.js';
import { isElement, parseHtml, renderBody, walk } from './webpage-html-text.js';
import { personFromText, syntheticId } from './webpage-person.js';

export function looksLikeMarc(text: string): boolean {
  return /- MARC<\/title>/i.test(text) || (/\[<a href="\?l=[^"]*">prev in list<\/a>\]/.test(text) && /Download message RAW/.test(text));
}

/** "merlyn () stonehenge ! com" → "merlyn@stonehenge.com". */
export function unshieldMarc(text: string): string {
  // Exactly one space each side: "L !  Schwartz" was "L. Schwartz".
  return text.replace(/ \(\) /g, '@').replace(/ ! /g, '.');
}

const NAV_LINE = /^\[(?:prev in list|next in list)\]/;

/**
 * MARC folds lines longer than its page width with " \" at the end (the 2010 Outlook reply on the
 * git list). Diff lines are not unfolded: a C macro line ends in "\" too.
 */
function unfold(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const previous = out[out.length - 1];
    if (previous !== undefined && / \\$/.test(previous) && previous.length >= 70 && !/^[-+ @]/.test(previous) && line.trim()) {
      out[out.length - 1] = previous.slice(0, -1) + line;
    } else {
      out.push(line);
    }
  }
  return out;
}

export function readMarc(path: string, html: string): { message: Message | null; problems: Problem[] } {
  const root = parseHtml(html);
  const pre = [...walk(root)].find((n) => isElement(n) && n.tagName === 'pre');
  if (!pre) return { message: null, problems: [{ where: path, reason: 'marc.info page without its <pre> message block' }] };
  const lines = renderBody(pre).split('\n');
  const header = new Map<string, string>();
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const field = /^(List|Subject|From|Date|Message-ID):\s+(\S.*)?$/.exec(lines[i]!);
    if (field) header.set(field[1]!.toLowerCase(), (field[2] ?? '').trim());
    if (/^\[Download message RAW\]/.test(lines[i]!)) {
      start = i + 1;
      break;
    }
  }
  let end = lines.length;
  while (end > start && (NAV_LINE.test(lines[end - 1]!) || !lines[end - 1]!.trim())) end--;
  const body = unfold(lines.slice(start, end));
  while (body.length && !body[0]!.trim()) body.shift();

  const problems: Problem[] = [];
  const from = personFromText(unshieldMarc(header.get('from') ?? ''));
  const subject = header.get('subject') ?? '';
  const date = parseMarcDate(header.get('date') ?? '');
  let id = header.get('message-id') ? unshieldMarc(header.get('message-id')!) : null;
  if (!id || !id.includes('@')) {
    id = syntheticId(from, date, subject);
    problems.push({ where: path, reason: `page names no Message-ID; using ${id}` });
  }
  return {
    // marc.info shows no References: its "prev in thread" is a page link, not an id.
    message: { id, subject, from, date, inReplyTo: null, references: [], body: body.join('\n'), origin: { path, where: path } },
    problems,
  };
}
