// Authors and ids of messages read from web pages, whose addresses the archive usually masked.
import { createHash } from 'node:crypto';
import type { Person } from '../model.js';

/**
 * lkml.iu.edu masks addresses as "luoben@xxxxxxxxxxxxxxxxx" (one x per character of the domain).
 * A masked address is of no use to anyone, so mlreview keeps the name and sets the address to ''
 * (the model's "masked or lost"), never the masked string.
 */
export function maskedAddress(address: string): boolean {
  return /@x{3,}(?:\.x+)*$/i.test(address.trim()) || /^x{3,}@/i.test(address.trim());
}

/** "Matt Mackall <mpm@selenic.com>", "<bjorn.andersson@…>", "Name (addr)", "Name" → Person. */
export function personFromText(text: string): Person {
  const t = text.replace(/\s+/g, ' ').trim();
  const angle = /^(.*)<([^<>]*)>\s*$/.exec(t);
  const paren = /^([^\s@()]+@[^\s()]+)\s*\((.*)\)\s*$/.exec(t);
  const nameParen = /^(.*)\(([^()\s@]+@[^()\s]+)\)\s*$/.exec(t);
  let name = t;
  let address = '';
  if (angle) {
    name = angle[1]!.trimEnd();
    address = angle[2]!.trim();
  } else if (paren) {
    address = paren[1]!;
    name = paren[2]!;
  } else if (nameParen) {
    name = nameParen[1]!.trimEnd();
    address = nameParen[2]!;
  } else if (/^[^\s@]+@\S+$/.test(t)) {
    name = '';
    address = t;
  }
  name = name.replace(/^["']+|(?<!["'])["']+$/g, '').trim();
  if (name === address) name = '';
  if (maskedAddress(address) || !/^[^\s@]+@[^\s@]+$/.test(address)) address = '';
  return { name, address };
}

/**
 * A page without a Message-ID (text copied from an archive) still needs an id that is the same
 * every time the same page is read, so threads and exports stay stable between runs.
 */
export function syntheticId(from: Person, date: string | null, subject: string): string {
  const hash = createHash('sha1').update(`${from.name}\n${date ?? ''}\n${subject}`).digest('hex').slice(0, 16);
  return `webpage-${hash}@mlreview`;
}
