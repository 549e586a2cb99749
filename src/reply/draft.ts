// A reply being written: the headers a list expects of an answer and the text. The same value is
// shown in the editor (draft-text.ts), kept in the outbox and sent (mail.ts).
import type { Person } from '../model.js';

export interface Draft {
  from: Person;
  to: Person[];
  cc: Person[];
  subject: string;
  /** Message-ID (without brackets) of the mail answered. */
  inReplyTo: string | null;
  /** The whole References chain of the mail answered, then that mail: oldest first. */
  references: string[];
  body: string;
}

/** A draft as composed: the line of `body` (0-based) where the user's words go. */
export interface ComposedDraft {
  draft: Draft;
  cursorLine: number;
}

/** `Re: subject`, once: "Re: Re: Re:" chains are what list archives do not want. */
export function replySubject(subject: string): string {
  const bare = subject.replace(/^(\s*(re|aw|sv)\s*:\s*)+/i, '').trim();
  return `Re: ${bare}`;
}

const key = (p: Person): string => p.address.trim().toLowerCase();

/**
 * Reply-all as lists expect: To the author of the mail answered, Cc everyone else it was sent to,
 * never the user themselves, nobody twice.
 */
export function replyAll(author: Person, to: Person[], cc: Person[], me: Person): { to: Person[]; cc: Person[] } {
  const seen = new Set<string>([key(me)]);
  const take = (people: Person[]): Person[] =>
    people.filter((p) => {
      const k = key(p);
      if (k === '' || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  const first = take([author]);
  const rest = take([...to, ...cc]);
  // Answering one's own mail: it goes to those it went to.
  if (first.length === 0) return { to: rest.slice(0, 1), cc: rest.slice(1) };
  return { to: first, cc: rest };
}

export function formatPerson(p: Person): string {
  if (!p.name) return p.address;
  // Quotes when the name holds characters with a meaning in an address list.
  const name = /[",:;<>@()[\]\\.]/.test(p.name) ? `"${p.name.replace(/(["\\])/g, '\\$1')}"` : p.name;
  return p.address ? `${name} <${p.address}>` : name;
}
