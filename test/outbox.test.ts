// The outbox: drafts kept whole across crashes and concurrent writers, "From " lines in a body
// surviving the mbox, the outbox's own headers never sent.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { envelopeOf } from '../src/send/deliver.js';
import { addDraft, markFailed, parseOutbox, readOutbox, removeDraft, withoutOutboxHeaders } from '../src/outbox/outbox.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function outbox(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlreview-outbox-'));
  dirs.push(dir);
  return join(dir, 'data', 'outbox.mbox');
}

const mail = (id: string, body: string): string =>
  `From: Zoe <zoe@example.org>\nTo: Ben <ben@example.org>\nSubject: Re: test ${id}\nMessage-ID: <${id}@example.org>\n\n${body}`;

describe('outbox', () => {
  it('keeps a body line starting with "From " as written (mboxrd), and reads back every draft', async () => {
    const path = outbox();
    const body = 'From the look of it this leaks.\n>From a quote\n\nRegards\n';
    await addDraft(path, mail('a', body));
    await addDraft(path, mail('b', 'second\n'));
    const entries = await readOutbox(path);
    expect(entries.map((e) => e.messageId)).toEqual(['a@example.org', 'b@example.org']);
    expect(entries[0].raw.endsWith(body)).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('\n>From the look of it');
  });

  it('never leaves a half-written outbox or a temp file behind; concurrent writers lose nothing', async () => {
    const path = outbox();
    await Promise.all(Array.from({ length: 12 }, (_, i) => addDraft(path, mail(`m${i}`, `draft ${i}\n`))));
    expect((await readOutbox(path)).map((e) => e.messageId).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}@example.org`).sort());
    expect(readdirSync(join(path, '..'))).toEqual(['outbox.mbox']);
    await removeDraft(path, 'm3@example.org');
    expect((await readOutbox(path)).some((e) => e.messageId === 'm3@example.org')).toBe(false);
    expect(await readOutbox(path)).toHaveLength(11);
  });

  it('keeps a failed send with its error, and sends without the outbox headers', async () => {
    const path = outbox();
    await addDraft(path, mail('x', 'text\n'));
    await markFailed(path, 'x@example.org', 'Invalid login: 535\n Authentication failed');
    const [entry] = await readOutbox(path);
    expect(entry.error).toBe('Invalid login: 535 Authentication failed');
    expect(withoutOutboxHeaders(entry.raw)).toBe(mail('x', 'text\n'));
    await markFailed(path, 'x@example.org', null);
    expect((await readOutbox(path))[0].error).toBeNull();
  });

  it('names the file when the outbox is not an mbox, and treats a missing one as empty', async () => {
    const path = outbox();
    expect(await readOutbox(path)).toEqual([]);
    expect(existsSync(path)).toBe(false);
    expect(() => parseOutbox('garbage\n', '/data/outbox.mbox')).toThrow('/data/outbox.mbox: not an mbox');
  });
});

describe('the envelope of a draft', () => {
  it('goes to everyone on To and Cc once, and refuses an address a sendmail command would take as an option', () => {
    const raw = 'From: Zoe <zoe@example.org>\nTo: Ben <ben@example.org>\nCc: list@example.org,\n Ben <ben@example.org>\nMessage-ID: <e@x>\n\ntext\n';
    expect(envelopeOf(raw)).toEqual({ from: 'zoe@example.org', to: ['ben@example.org', 'list@example.org'] });
    // A Cc line written by anyone on the list: "-X/tmp/log@example.org" would make sendmail log to a file.
    expect(() => envelopeOf(raw.replace('list@example.org', '"x" <-X/tmp/log@example.org>'))).toThrow('Cc: not a mail address: "-X/tmp/log@example.org"');
  });
});
