// git's .mailmap: one person under several names and addresses ("Nuno Sá <noname.nuno@gmail.com>"
// is "Nuno Sa <nuno.sa@analog.com>"). A maintainer already keeps one for the tree; `--mailmap FILE`
// lets mlreview know who the author is whatever address they answer from. Same rules as
// git-check-mailmap(1): addresses compared without case, a name-and-address entry matching only
// that pair, a later line winning over an earlier one.
import type { Message, Person } from '../model.js';

interface Entry {
  properName: string | null;
  properEmail: string | null;
  /** The commit identity the entry matches: the address always, the name only when given. */
  commitName: string | null;
  commitEmail: string;
}

export interface Mailmap {
  /** The file it was read from, for messages. */
  path: string;
  entries: Entry[];
}

export interface MailmapProblem {
  line: number;
  reason: string;
}

/**
 * Reads a .mailmap. Lines it cannot read (no `<address>`) are returned as problems with their
 * line numbers, never silently skipped.
 */
export function parseMailmap(text: string, path: string): { mailmap: Mailmap; problems: MailmapProblem[] } {
  const entries: Entry[] = [];
  const problems: MailmapProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = stripComment(raw).trim();
    if (!line) return;
    const parts = identities(line);
    if (!parts.length) {
      problems.push({ line: i + 1, reason: 'no <address> on the line' });
      return;
    }
    const [first, second] = parts;
    if (!second) {
      // "Proper Name <commit@email>": the name for that address.
      entries.push({ properName: first!.name || null, properEmail: null, commitName: null, commitEmail: first!.email });
      return;
    }
    entries.push({ properName: first!.name || null, properEmail: first!.email, commitName: second.name || null, commitEmail: second.email });
  });
  return { mailmap: { path, entries }, problems };
}

/** The person under their proper name and address, or the person as given when no entry matches. */
export function canonicalPerson(mailmap: Mailmap, person: Person): Person {
  const email = person.address.toLowerCase();
  const name = person.name.toLowerCase();
  let match: Entry | null = null;
  for (const entry of mailmap.entries) {
    if (entry.commitEmail.toLowerCase() !== email) continue;
    if (entry.commitName !== null && entry.commitName.toLowerCase() !== name) continue;
    // An entry naming the commit name is more specific than one naming the address alone.
    if (!match || entry.commitName !== null || match.commitName === null) match = entry;
  }
  if (!match) return person;
  return { name: match.properName ?? person.name, address: match.properEmail ?? person.address };
}

/** The messages with every sender under their proper identity (new values; the input is untouched). */
export function applyMailmap(messages: readonly Message[], mailmap: Mailmap | undefined): Message[] {
  if (!mailmap || !mailmap.entries.length) return [...messages];
  return messages.map((m) => {
    const from = canonicalPerson(mailmap, m.from);
    return from.name === m.from.name && from.address === m.from.address ? m : { ...m, from };
  });
}

function stripComment(line: string): string {
  // '#' starts a comment outside <…>; addresses may not contain it unquoted, names may.
  let inside = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '<') inside = true;
    else if (c === '>') inside = false;
    else if (c === '#' && !inside) return line.slice(0, i);
  }
  return line;
}

/** "Name <a@b> Other Name <c@d>" as up to two {name, email}. */
function identities(line: string): Array<{ name: string; email: string }> {
  const out: Array<{ name: string; email: string }> = [];
  let rest = line;
  while (out.length < 2) {
    const open = rest.indexOf('<');
    const close = open >= 0 ? rest.indexOf('>', open) : -1;
    if (open < 0 || close < 0) break;
    out.push({ name: rest.slice(0, open).trim(), email: rest.slice(open + 1, close).trim() });
    rest = rest.slice(close + 1);
  }
  return out;
}
