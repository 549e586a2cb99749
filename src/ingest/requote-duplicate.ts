// A page and an mbox can hold the same mail (the seed is Ben Luo's reply of 28 Aug, which
// vfio-irq-update-devid.mbox holds too). The page's copy is then dropped and the real mail kept: it
// has the Message-ID, the address, the exact text and the quote markers.
import type { Message } from '../model.js';
import { stripMarkers } from './requote-archive.js';

// The page prints the archive's receipt time in its own zone, and hypermail's "EST" label is not
// always what it says: hours apart, not days.
const SAME_MAIL_WINDOW_MS = 15 * 3_600_000;

function words(body: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of body.split('\n')) {
    // Addresses are masked on pages, so they do not count either way.
    const text = stripMarkers(line).text.replace(/(?<!\S)\S+@\S+/g, ' ').toLowerCase();
    for (const word of text.match(/[\p{L}\p{N}_]+/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/** Dice coefficient of the two bodies' word multisets: 1 for the same words, whatever the markers. */
export function textSimilarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  let shared = 0;
  let total = 0;
  for (const [w, n] of wa) {
    shared += Math.min(n, wb.get(w) ?? 0);
    total += n;
  }
  for (const n of wb.values()) total += n;
  return total === 0 ? 0 : (2 * shared) / total;
}

function sameName(a: string, b: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return norm(a) !== '' && norm(a) === norm(b);
}

/** True when `page` (read from a web page) is `mail` again: same id, or same author, time and text. */
export function isSameMail(page: Message, mail: Message): boolean {
  if (page.id === mail.id) return true;
  if (!sameName(page.from.name, mail.from.name)) return false;
  if (page.date && mail.date && Math.abs(Date.parse(page.date) - Date.parse(mail.date)) > SAME_MAIL_WINDOW_MS) return false;
  return textSimilarity(page.body, mail.body) >= 0.8;
}
