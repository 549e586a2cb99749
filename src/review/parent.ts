// Which mail a reply answers, when Message-IDs alone do not say it, and which of its `>` lines are
// not quotes at all.
import { matchKey } from './match.js';
import type { MailText } from './mail.js';
import type { PatchText } from './patch-text.js';

/** "LOCAL-hash@public.gmane.org" → "LOCAL": the Message-ID gmane's archive rewrote. */
export function gmaneLocalPart(id: string): string | null {
  const m = /^(.+)-[A-Za-z0-9+/=]{6,}@public\.gmane\.org$/.exec(id);
  return m ? m[1]! : null;
}

/** Share of a reply's first-level quoted lines (with some text) found in `lines`. */
export function quotedShare(mail: MailText, lines: readonly string[]): number {
  const stream = lines.map((l) => matchKey(l.replace(/^(?: {0,3}>[ \t]?)+/, ''))).join('');
  let total = 0;
  let found = 0;
  for (const line of mail.lines) {
    if (line.depth !== 1) continue;
    const key = matchKey(line.text);
    if (key.length < 8) continue;
    total++;
    if (stream.includes(key)) found++;
  }
  return total ? found / total : 0;
}

/**
 * A patch quotes nothing, so in a direct reply to it a lone `>>` line among `>` quotes that is not
 * patch text is the writer's own: anish kumar wrote ">> also you missed this." under a quoted hunk
 * line (linux-leds, Oct 2024), an arrow, not a quote. Mails quoted two deep throughout (Evolution
 * re-quoting, Dylan Van Assche's review of the qcom flash driver) are left as they are.
 */
export function overQuoted(mail: MailText, text: PatchText): Set<number> {
  const own = new Set<number>();
  const quoted = mail.lines.filter((l) => l.depth > 0 && l.text.trim());
  const deep = quoted.filter((l) => l.depth >= 2).length;
  if (!deep || deep > quoted.length * 0.1) return own;
  const stream = text.lines.map((l) => matchKey(l.raw)).join('');
  const depthAround = (i: number, step: number): number => {
    for (let j = i + step; j >= 0 && j < mail.lines.length; j += step) if (mail.lines[j]!.text.trim()) return mail.lines[j]!.depth;
    return 0;
  };
  mail.lines.forEach((line, i) => {
    if (line.depth < 2 || line.pasted) return;
    if (depthAround(i, -1) >= 2 || depthAround(i, 1) >= 2) return;
    const key = matchKey(line.text);
    if (key.length >= 4 && !stream.includes(key)) own.add(i);
  });
  return own;
}

