// Nothing read is lost: on every real archive of ../shared and on generated ones, every mail found is
// in a thread or in a problem that says it was left out, and the count of mails matches a count made
// here without mlreview's reader (From_ separators, Maildir files, one mail a page or .eml).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountFor } from '../src/accounting.js';
import type { Review, SourceSummary } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { sharedPath, sharedRoot } from './helpers/shared.js';

// A From_ line after a blank line, with a time and a year: written here on its own,
// not taken from src/ingest/mbox.ts, so the two counts check each other.
const SEPARATOR = /^From \S+ .*(\d\d:\d\d(:\d\d)? .*\d{4}|\d{4} \d\d:\d\d)/;

/**
 * The header block of every mail in an mbox (lines without their CR, up to the first blank line), in
 * one pass over the text: the whole linux-leds archive is 218 MB unpacked, and a string built line by
 * line per mail cost seconds for headers that are all the checks below look at.
 */
function rawHeaders(bytes: Buffer): string[] {
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('latin1');
  const headers: string[][] = [];
  let header: string[] | null = null; // the current mail's header lines, null once its blank line is passed
  let blank = true;
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const bare = end > start && text.charCodeAt(end - 1) === 0x0d ? text.slice(start, end - 1) : text.slice(start, end);
    // The file's first line starts a mail whatever follows "From " (fuzzed Patchwork mails have none).
    if (blank && bare.startsWith('From ') && (SEPARATOR.test(bare) || headers.length === 0)) headers.push((header = []));
    else if (header && bare === '' && header.length > 0) header = null;
    else header?.push(bare);
    blank = bare === '';
    start = end + 1;
  }
  return headers.map((lines) => lines.join('\n'));
}

/** The Message-ID a mail's header block gives, as mlreview stores it (no angle brackets). */
function messageIdOf(header: string): string | null {
  const match = /^message-id:\s*<([^<>\s]+)>/im.exec(header.replace(/\n[ \t]+/g, ' '));
  return match ? match[1]! : null;
}

function filesUnder(path: string): number {
  return ['cur', 'new'].reduce((n, sub) => {
    try {
      return n + readdirSync(join(path, sub)).filter((f) => !f.startsWith('.') && statSync(join(path, sub, f)).isFile()).length;
    } catch {
      return n;
    }
  }, 0);
}

/** The mails a source holds, counted without mlreview's reader; an mbox's header blocks with them. */
function expectedMails(source: SourceSummary): { mails: number; headers: string[] } {
  if (source.format === 'maildir') return { mails: filesUnder(source.path), headers: [] };
  if (source.format === 'eml' || source.format === 'web-page') return { mails: 1, headers: [] };
  const headers = rawHeaders(readFileSync(source.path));
  return { mails: headers.length, headers };
}

function idsInThreads(review: Review): Set<string> {
  return new Set(review.threads.flatMap((t) => t.messages.filter((m) => !m.message.reconstructed).map((m) => m.message.id)));
}

function fixtures(): string[] {
  const root = sharedRoot();
  return [
    ...readdirSync(join(root, 'archives'))
      .filter((name) => name !== 'SOURCES.md')
      .map((name) => join(root, 'archives', name)),
    join(root, 'seed'),
  ];
}

describe('every mail read is in the model or listed as left out', () => {
  for (const fixture of fixtures()) {
    const name = fixture.slice(sharedRoot().length + 1);
    it(`${name}: the books balance, and the mail count matches an independent count`, { timeout: 600_000 }, async () => {
      const review = await buildReview([fixture]);
      const accounting = accountFor(review);
      expect(accounting.sources.filter((s) => s.unaccounted !== 0)).toEqual([]);
      expect(accounting.listedTwice).toBe(0);
      expect(accounting.balanced).toBe(true);
      const ids = idsInThreads(review);
      for (const source of review.sources) {
        const expected = expectedMails(source);
        expect({ path: source.path, mails: source.mails }).toEqual({ path: source.path, mails: expected.mails });
        if (source.format !== 'mbox' && source.format !== 'mbox.gz' && source.format !== 'format-patch') continue;
        // A mail whose Message-ID is in no thread must be one of the mails a problem left out.
        const missing = expected.headers
          .map(messageIdOf)
          .filter((id): id is string => id !== null && !ids.has(id));
        expect(missing.length).toBeLessThanOrEqual(source.problems.filter((p) => p.leftOut).length);
      }
      console.log(
        `accounting: ${name}: ${accounting.sources.reduce((n, s) => n + s.mails, 0)} mails, ` +
          `${accounting.sources.reduce((n, s) => n + s.inThreads, 0)} in threads, ${accounting.sources.reduce((n, s) => n + s.leftOut, 0)} left out`,
      );
    });
  }
});

// Generated archives: a hand-written minimal mail per entry (unit-test input, not a "realistic"
// thread), in the kinds that must be kept or left out, written as an mbox, a Maildir and a folder.
type Entry = { kind: 'mail' } | { kind: 'no-id' } | { kind: 'repeat'; of: number } | { kind: 'garbage' };

function entryText(entry: Entry, index: number): string {
  const id = entry.kind === 'repeat' ? `m${entry.of}@example.org` : `m${index}@example.org`;
  const date = `Date: Mon, 2 Jan 2023 10:${String(index % 60).padStart(2, '0')}:00 +0000`;
  switch (entry.kind) {
    case 'garbage':
      return `this line is not a header\nnor is this one\n`;
    case 'no-id':
      return `From: A <a@example.org>\nSubject: note ${index}\n${date}\n\nbody ${index}\n`;
    default:
      return `From: A <a@example.org>\nSubject: note ${index}\n${date}\nMessage-ID: <${id}>\n\nbody ${index}\n`;
  }
}

const entries = fc
  .array(fc.constantFrom<'mail' | 'no-id' | 'repeat' | 'garbage'>('mail', 'mail', 'mail', 'no-id', 'repeat', 'garbage'), { minLength: 1, maxLength: 40 })
  .map((kinds) =>
    kinds.map((kind, index): Entry => {
      if (kind !== 'repeat') return { kind };
      const earlier = kinds.slice(0, index).findIndex((k) => k === 'mail');
      return earlier >= 0 ? { kind: 'repeat', of: earlier } : { kind: 'mail' };
    }),
  );

function expectedOf(list: Entry[]): { mails: number; inThreads: number; leftOut: number } {
  const leftOut = list.filter((e) => e.kind === 'garbage' || e.kind === 'repeat').length;
  return { mails: list.length, inThreads: list.length - leftOut, leftOut };
}

describe('generated archives balance too', () => {
  const layouts = ['mbox', 'maildir', 'folder'] as const;
  it.each(layouts)('as %s: mails found, in threads and left out are what was written', { timeout: 300_000 }, async (layout) => {
    const base = mkdtempSync(join(tmpdir(), `mlreview-accounting-${layout}-`));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(entries, async (list) => {
        const path = join(base, String((n += 1)));
        if (layout === 'mbox') {
          writeFileSync(path, list.map((e, i) => `From a@example.org Mon Jan  2 10:00:00 2023\n${entryText(e, i)}\n`).join(''));
        } else if (layout === 'maildir') {
          mkdirSync(join(path, 'cur'), { recursive: true });
          list.forEach((e, i) => writeFileSync(join(path, 'cur', `${1000 + i}.host:2,S`), entryText(e, i)));
        } else {
          mkdirSync(path);
          // A folder of single mails: a garbage file there is no mail at all, so it is a problem
          // of the folder, not a mail left out.
          list.forEach((e, i) => writeFileSync(join(path, `${String(i).padStart(4, '0')}.eml`), entryText(e, i)));
        }
        const kept = list.filter((e) => e.kind !== 'garbage');
        if (layout === 'folder' && kept.length === 0) {
          await expect(buildReview([path])).rejects.toThrow(/folder holds no mail/);
          return;
        }
        const accounting = accountFor(await buildReview([path]));
        expect(accounting.balanced).toBe(true);
        const totals = {
          mails: accounting.sources.reduce((s, x) => s + x.mails, 0),
          inThreads: accounting.sources.reduce((s, x) => s + x.inThreads, 0),
          leftOut: accounting.sources.reduce((s, x) => s + x.leftOut, 0),
        };
        expect(totals).toEqual(layout === 'folder' ? expectedOf(kept) : expectedOf(list));
      }),
      { numRuns: 60 },
    );
    console.log(`accounting: ${n} generated archives as ${layout}, every one balanced`);
    expect(n).toBe(60);
  });
});

describe('a source given twice is read once', () => {
  it('does not report every mail of it as a duplicate', async () => {
    const mbox = sharedPath('archives/vfio-irq-update-devid.mbox');
    const review = await buildReview([mbox, mbox]);
    expect(review.sources).toHaveLength(1);
    expect(accountFor(review)).toMatchObject({ balanced: true, problems: 0 });
  });
});
