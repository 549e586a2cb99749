// A draft as the user edits it: header lines in plain UTF-8, an empty line, the text — the form
// `git send-email --annotate` and mutt's edit_headers show. Read back after the editor closes.
import addressparser from 'nodemailer/lib/addressparser';
import type { Person } from '../model.js';
import { type Draft, formatPerson } from './draft.js';

export class DraftError extends Error {}

const ids = (list: string[]): string => list.map((id) => `<${id}>`).join(' ');

export function draftToText(draft: Draft): string {
  const head = [
    `From: ${formatPerson(draft.from)}`,
    `To: ${draft.to.map(formatPerson).join(', ')}`,
    ...(draft.cc.length ? [`Cc: ${draft.cc.map(formatPerson).join(', ')}`] : []),
    `Subject: ${draft.subject}`,
    ...(draft.inReplyTo ? [`In-Reply-To: <${draft.inReplyTo}>`] : []),
    ...(draft.references.length ? [`References: ${ids(draft.references)}`] : []),
  ];
  return `${head.join('\n')}\n\n${draft.body}`;
}

/** 1-based line of the text form where body line `bodyLine` (0-based) is: for the editor's `+N`. */
export function textLineOf(draft: Draft, bodyLine: number): number {
  const headerLines = draftToText({ ...draft, body: '' }).split('\n').length - 1;
  return headerLines + bodyLine + 1;
}

function people(value: string): Person[] {
  return addressparser(value, { flatten: true })
    .filter((a) => a.address)
    .map((a) => ({ name: a.name ?? '', address: a.address }));
}

function idList(value: string): string[] {
  return [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]);
}

/** The draft the user left in the editor. `where` names the file in errors. */
export function parseDraftText(text: string, where: string): Draft {
  const normal = text.replace(/\r\n?/g, '\n');
  const blank = normal.indexOf('\n\n');
  if (blank < 0) throw new DraftError(`${where}: no empty line between the headers and the text`);
  const fields = new Map<string, string>();
  let last: string | null = null;
  for (const line of normal.slice(0, blank).split('\n')) {
    if (/^[ \t]/.test(line) && last) {
      fields.set(last, `${fields.get(last)} ${line.trim()}`);
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9-]*):[ \t]?(.*)$/.exec(line);
    if (!m) throw new DraftError(`${where}: not a header line: ${line.slice(0, 80)}`);
    last = m[1].toLowerCase();
    fields.set(last, m[2].trim());
  }
  const [from] = people(fields.get('from') ?? '');
  if (!from) throw new DraftError(`${where}: no From address`);
  const to = people(fields.get('to') ?? '');
  if (to.length === 0) throw new DraftError(`${where}: no To address`);
  return {
    from,
    to,
    cc: people(fields.get('cc') ?? ''),
    subject: fields.get('subject') ?? '',
    inReplyTo: idList(fields.get('in-reply-to') ?? '')[0] ?? null,
    references: idList(fields.get('references') ?? ''),
    body: normal.slice(blank + 2),
  };
}
