// The index threads an archive from a header pass that never decodes a body: every field it takes from
// a mail must be the one the full decode gives, or the index would thread a different review.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMail } from '../src/ingest/decode.js';
import { decodeHeaders } from '../src/ingest/headers.js';
import { splitMbox } from '../src/ingest/mbox.js';
import { sharedPath } from './helpers/shared.js';

function mboxesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return mboxesUnder(path);
    return name.endsWith('.mbox') ? [path] : [];
  });
}

function nowish(date: string | null): boolean {
  return date !== null && Math.abs(Date.parse(date) - Date.now()) < 60_000;
}

describe('the header pass', () => {
  it('gives every mail of the shared mboxes the Message-ID, References, Subject, From and Date of the full decode', async () => {
    const files = [
      sharedPath('archives/vfio-irq-update-devid.mbox'),
      ...mboxesUnder(sharedPath('archives/leds-threads')),
      ...mboxesUnder(sharedPath('archives/vfio-series')),
      ...mboxesUnder(sharedPath('archives/patchwork')),
    ];
    let mails = 0;
    for (const file of files) {
      for await (const raw of splitMbox(createReadStream(file))) {
        const origin = { path: file, where: String(raw.offset) };
        const full = await decodeMail(raw.bytes, origin);
        const head = decodeHeaders(raw.bytes, origin);
        const expected = 'message' in full ? { message: { ...full.message, body: '' } } : full;
        // mailparser dates a mail whose Date it cannot read "now" (date-oserror.mbox): both reads do,
        // a moment apart.
        if ('message' in head && 'message' in expected && nowish(head.message.date) && nowish(expected.message.date)) head.message.date = expected.message.date;
        expect(head, `${file}:${raw.offset}`).toEqual(expected);
        mails++;
      }
    }
    expect(mails).toBeGreaterThan(300);
  });
});
