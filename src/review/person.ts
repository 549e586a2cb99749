// Telling whether two mentions are the same person. Mails say "Ben Luo <luoben@…>" in one header
// and "luoben <luoben@…>" in the next; an attribution says "Alex Williamson 写道:" with no address;
// Chinese names come in either order ("Ben Luo" / "luoben"); a patch goes out as "Nuno Sa" from work
// and the answers come as "Nuno Sá" from home (linux-iio, 2024: 42 of 55 answers were missed when
// names were compared letter for letter).
import type { Person } from '../model.js';

export function samePerson(a: Person, b: Person): boolean {
  if (a.address && b.address && a.address.toLowerCase() === b.address.toLowerCase()) return true;
  // Different addresses can still be one person: gmane rewrote "sjayaraman@suse.de" as
  // "sjayaraman-l3A5Bk7waGM@public.gmane.org"; people write from work and home. The name decides.
  const keysA = keysOf(a);
  const keysB = keysOf(b);
  return keysA.some((k) => keysB.includes(k));
}

/**
 * A name as a person compares it: Unicode compatibility-decomposed (NFKD), accents and other marks
 * dropped, case folded. "Nuno Sá" and "NUNO SA" are one name; "Łukasz" keeps its Ł, which has no
 * decomposition — as a reader would not take Ł for L either.
 */
export function foldName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

// B4 Relay sends as "Name via B4 Relay <devnull+…@kernel.org>"; a mail that lost its
// X-Original-From still names the person before " via ".
const RELAY_SUFFIX = / via B4 Relay$/i;

/** Spellings a person is known by: the name's words joined in either order, the address's local part. */
function keysOf(p: Person): string[] {
  const words = foldName(p.name.replace(RELAY_SUFFIX, ''))
    .replace(/["'().,]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const keys: string[] = [];
  if (words.length) {
    keys.push(words.join(''), [...words].reverse().join(''));
  }
  // The relay's address is shared by every sender: it says nothing about who wrote.
  const address = /^devnull\+/i.test(p.address) ? '' : p.address;
  const local = address.replace(/-[A-Za-z0-9+/=]{6,}@public\.gmane\.org$/i, '@').split('@')[0]?.toLowerCase();
  if (local) keys.push(local.replace(/[._-]/g, ''));
  return keys.filter((k) => k.length > 2);
}

/** The person the thread knows under this (address-less or name-less) mention, completed. */
export function completePerson(person: Person, people: readonly Person[]): Person {
  const known = people.find((p) => samePerson(p, person) && p.address && p.name);
  if (!known) return person;
  return { name: person.name || known.name, address: person.address || known.address };
}

/** "Name <addr>" (a trailer's value, a mailmap entry) as a Person; null when it names nobody. */
export function parsePersonText(text: string): Person | null {
  const open = text.indexOf('<');
  const close = open >= 0 ? text.indexOf('>', open) : -1;
  if (open >= 0 && close > open && text.slice(open + 1, close).includes('@')) {
    const name = text.slice(0, open).trim().replace(/^"|"$/g, '').trim();
    return { name, address: text.slice(open + 1, close).trim() };
  }
  const t = text.trim();
  if (/^[^\s<>@]+@[^\s<>@]+$/.test(t)) return { name: '', address: t };
  // "Jane Doe # for the DT part": what follows '#' or '(' is a note, not the name.
  const cut = t.search(/[#(]/);
  const name = (cut >= 0 ? t.slice(0, cut) : t).trim();
  return name ? { name, address: '' } : null;
}
