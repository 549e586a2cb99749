// Telling whether two mentions are the same person. Mails say "Ben Luo <luoben@…>" in one header
// and "luoben <luoben@…>" in the next; an attribution says "Alex Williamson 写道:" with no address;
// Chinese names come in either order ("Ben Luo" / "luoben").
import type { Person } from '../model.js';

export function samePerson(a: Person, b: Person): boolean {
  if (a.address && b.address && a.address.toLowerCase() === b.address.toLowerCase()) return true;
  // Different addresses can still be one person: gmane rewrote "sjayaraman@suse.de" as
  // "sjayaraman-l3A5Bk7waGM@public.gmane.org"; people write from work and home. The name decides.
  const keysA = keysOf(a);
  const keysB = keysOf(b);
  return keysA.some((k) => keysB.includes(k));
}

/** Spellings a person is known by: the name's words joined in either order, the address's local part. */
function keysOf(p: Person): string[] {
  const words = p.name
    .toLowerCase()
    .replace(/["'().,]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const keys: string[] = [];
  if (words.length) {
    keys.push(words.join(''), [...words].reverse().join(''));
  }
  const local = p.address.replace(/-[A-Za-z0-9+/=]{6,}@public\.gmane\.org$/i, '@').split('@')[0]?.toLowerCase();
  if (local) keys.push(local.replace(/[._-]/g, ''));
  return keys.filter((k) => k.length > 2);
}

/** The person the thread knows under this (address-less or name-less) mention, completed. */
export function completePerson(person: Person, people: readonly Person[]): Person {
  const known = people.find((p) => samePerson(p, person) && p.address && p.name);
  if (!known) return person;
  return { name: person.name || known.name, address: person.address || known.address };
}
