// Real mails from ../shared/archives, broken the ways mail breaks in the wild: cut short, bytes
// flipped, MIME boundaries lost, charsets that lie, base64 and quoted-printable that do not decode,
// a header block with no body. Each mutation is a small pure function on one mail's raw text, held
// as a "binary" string (one char per byte, latin1) so no byte is lost or re-encoded on the way.
import { readFileSync } from 'node:fs';
import { sharedPath } from './shared.js';

/** One raw mail: header block, blank line, body, with `\n` line ends; one char per byte. */
export type RawMail = string;

export interface Seed {
  /** `archives/vfio-irq-update-devid.mbox#3`, so a failure names the real mail it broke. */
  name: string;
  raw: RawMail;
}

// Seeds chosen for what they hold: a patch and reviews quoting it (vfio, leds), GBK with
// format=flowed, MIME multipart patches and comments, base64 and quoted-printable parts, invalid and
// unknown charsets, and patchwork's fuzzer-found broken headers.
const SEED_FILES = [
  'archives/vfio-irq-update-devid.mbox',
  'archives/vfio-series/lkml-benluo-v3-2of3-tglx-review.mbox',
  'archives/leds-threads/dt-bindings-add-docs-for-el15203000.mbox',
  'archives/leds-threads/leds-class-protect-brightness-show-with-led-cdev-led-access-.mbox',
  'archives/patchwork/mail/0010-invalid-charset.mbox',
  'archives/patchwork/mail/0013-with-utf8-body.mbox',
  'archives/patchwork/mail/0015-with-invalid-utf8-headers.mbox',
  'archives/patchwork/mail/0019-multipart-patch.mbox',
  'archives/patchwork/mail/0020-multipart-comment.mbox',
  'archives/patchwork/mail/0025-git-add-binary-file.mbox',
  'archives/patchwork/series/bugs-multiple-content-types.mbox',
  'archives/patchwork/fuzz/base64err.mbox',
  'archives/patchwork/fuzz/charset.mbox',
  'archives/patchwork/fuzz/unknown-encoding.mbox',
  'archives/patchwork/fuzz/codec-null.mbox',
  'archives/patchwork/fuzz/refshdr.mbox',
];
// Single .eml files: sourcehut's patch with three inline replies.
const SEED_EML = [
  'archives/emailthreads/multiple-replies/patch.eml',
  'archives/emailthreads/multiple-replies/reply1.eml',
  'archives/emailthreads/multiple-replies/reply2.eml',
  'archives/emailthreads/scissor/reply.eml',
];

const FROM_LINE = /^From \S+ /;

/** The mails of an mboxrd file, each without its From_ line and with one level of `>From ` undone. */
export function splitSeedMbox(text: string): RawMail[] {
  const mails: string[][] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (FROM_LINE.test(line)) mails.push([]);
    else mails.at(-1)?.push(line.replace(/^>(>*From )/, '$1'));
  }
  return mails.map((lines) => lines.join('\n').replace(/\n+$/, '\n'));
}

let cached: Seed[] | null = null;

/** Every seed mail, read from ../shared/archives (they are small: about 60 mails, 1 MB). */
export function seedMails(): Seed[] {
  if (cached) return cached;
  const seeds: Seed[] = [];
  for (const file of SEED_FILES) {
    splitSeedMbox(readFileSync(sharedPath(file), 'latin1')).forEach((raw, i) => seeds.push({ name: `${file}#${i + 1}`, raw }));
  }
  for (const file of SEED_EML) seeds.push({ name: file, raw: readFileSync(sharedPath(file), 'latin1').replace(/\r\n/g, '\n') });
  cached = seeds;
  return seeds;
}

/** The header block and the body (which keeps its leading blank line off). */
export function splitMail(raw: RawMail): { head: string; body: string } {
  const end = raw.indexOf('\n\n');
  return end < 0 ? { head: raw, body: '' } : { head: raw.slice(0, end), body: raw.slice(end + 2) };
}

function joinMail(head: string, body: string): RawMail {
  return `${head}\n\n${body}`;
}

/** Replaces (or adds) one header field, unfolding the old one. */
export function setHeader(raw: RawMail, name: string, value: string): RawMail {
  const { head, body } = splitMail(raw);
  const lines = head.split('\n');
  const kept: string[] = [];
  let skipping = false;
  for (const line of lines) {
    if (skipping && /^[ \t]/.test(line)) continue;
    skipping = line.toLowerCase().startsWith(`${name.toLowerCase()}:`);
    if (!skipping) kept.push(line);
  }
  kept.push(`${name}: ${value}`);
  return joinMail(kept.join('\n'), body);
}

export function headerOf(raw: RawMail, name: string): string | null {
  const { head } = splitMail(raw);
  const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\n[ \\t].*)*)`, 'im').exec(head);
  return m ? m[1]!.replace(/\n[ \t]+/g, ' ') : null;
}

/** A mutation: what it is called in a failure message, and the pure function. */
export interface Mutation {
  kind: string;
  label: string;
  apply: (raw: RawMail) => RawMail;
}

/** Cut at `fraction` of the mail's length (never to nothing: an empty mail is a different case). */
export function truncate(fraction: number): Mutation {
  return {
    kind: 'truncate',
    label: `truncate at ${(fraction * 100).toFixed(1)}%`,
    apply: (raw) => raw.slice(0, Math.max(1, Math.floor(raw.length * fraction))),
  };
}

/** Overwrite bytes at `fraction` of the way in with `bytes` (any byte, NUL and ESC included). */
export function randomBytes(fraction: number, bytes: number[]): Mutation {
  return {
    kind: 'random-bytes',
    label: `${bytes.length} random bytes at ${(fraction * 100).toFixed(1)}%`,
    apply: (raw) => {
      const at = Math.floor(raw.length * fraction);
      return raw.slice(0, at) + String.fromCharCode(...bytes) + raw.slice(at + bytes.length);
    },
  };
}

/** A multipart mail whose boundary no longer matches its parts (or a plain one that claims to be multipart). */
export function breakBoundary(variant: 'rename' | 'drop-close' | 'claim'): Mutation {
  return {
    kind: 'broken-boundary',
    label: `broken MIME boundary (${variant})`,
    apply: (raw) => {
      const m = /boundary="?([^";\s]+)"?/i.exec(splitMail(raw).head);
      if (!m || variant === 'claim') return setHeader(raw, 'Content-Type', 'multipart/mixed; boundary="never-seen"');
      const boundary = m[1]!;
      if (variant === 'rename') return raw.split(`--${boundary}`).join(`--${boundary}X`);
      return raw.split(`--${boundary}--`).join('');
    },
  };
}

/** A Content-Type charset that is wrong or unknown for the bytes that follow. */
export function wrongCharset(charset: string): Mutation {
  return {
    kind: 'wrong-charset',
    label: `charset=${charset}`,
    apply: (raw) => {
      const { head, body } = splitMail(raw);
      if (/charset=/i.test(head)) return joinMail(head.replace(/charset="?[^";\s]*"?/gi, `charset="${charset}"`), body);
      return setHeader(raw, 'Content-Type', `text/plain; charset="${charset}"`);
    },
  };
}

/** Declares base64 over a body that is not, or breaks base64 that is, with bytes outside the alphabet. */
export function invalidBase64(garbage: string): Mutation {
  return {
    kind: 'invalid-base64',
    label: `invalid base64 (${JSON.stringify(garbage)})`,
    apply: (raw) => {
      const withEncoding = setHeader(raw, 'Content-Transfer-Encoding', 'base64');
      const { head, body } = splitMail(withEncoding);
      const mid = Math.floor(body.length / 2);
      return joinMail(head, body.slice(0, mid) + garbage + body.slice(mid));
    },
  };
}

/** Quoted-printable with escapes that are not hex and a soft break at the very end. */
export function invalidQuotedPrintable(): Mutation {
  return {
    kind: 'invalid-qp',
    label: 'invalid quoted-printable (=ZZ, =\\xff, trailing =)',
    apply: (raw) => {
      const withEncoding = setHeader(raw, 'Content-Transfer-Encoding', 'quoted-printable');
      const { head, body } = splitMail(withEncoding);
      return joinMail(head, body.replace(/e/, '=ZZ').replace(/a/, '=\xff=') + '=');
    },
  };
}

/** The header block alone: with the blank line kept or lost. */
export function headersOnly(keepBlankLine: boolean): Mutation {
  return {
    kind: 'headers-only',
    label: keepBlankLine ? 'headers, blank line, no body' : 'headers without the blank line or a body',
    apply: (raw) => splitMail(raw).head + (keepBlankLine ? '\n\n' : '\n'),
  };
}

/** Wraps the first reply line of the body `depth` levels deep in `>` quotes. */
export function deepQuote(depth: number): Mutation {
  return {
    kind: 'deep-quote',
    label: `${depth}-level > nesting`,
    apply: (raw) => {
      const { head, body } = splitMail(raw);
      const lines = body.split('\n');
      const nested = lines.slice(0, 20).map((line, i) => `${'>'.repeat(Math.max(1, depth - i))} ${line}`);
      return joinMail(head, [...nested, '', ...lines].join('\n'));
    },
  };
}

/** One long line, of `text` repeated to `length` characters, in the body or in the Subject. */
export function longLine(where: 'body' | 'subject', text: string, length: number): Mutation {
  const line = text.repeat(Math.ceil(length / text.length)).slice(0, length);
  return {
    kind: 'long-line',
    label: `${length}-char line of ${JSON.stringify(text)} in the ${where}`,
    apply: (raw) => {
      if (where === 'subject') return setHeader(raw, 'Subject', `Re: ${line}`);
      const { head, body } = splitMail(raw);
      return joinMail(head, `${line}\n${body}`);
    },
  };
}

/** mboxrd: the From_ line first, and every body line that could be read as one gets a `>`. */
export function toMbox(mails: RawMail[]): string {
  return mails
    .map((raw) => {
      const escaped = raw.replace(/\n(>*From )/g, '\n>$1').replace(/^(>*From )/, '>$1');
      return `From mlreview-fuzz@example.org Thu Jan  1 00:00:00 1970\n${escaped}${escaped.endsWith('\n') ? '' : '\n'}\n`;
    })
    .join('');
}
