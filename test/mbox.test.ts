import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitMbox, type RawMail } from '../src/ingest/mbox.js';

async function split(text: string | Buffer, chunkSize = 1 << 16): Promise<RawMail[]> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out: RawMail[] = [];
  for await (const mail of splitMbox(Readable.from(chunks))) out.push(mail);
  return out;
}

const texts = (mails: RawMail[]): string[] => mails.map((m) => m.bytes.toString('latin1'));

describe('mbox splitter', () => {
  it('splits on From_ lines and drops the separator and the blank line before it', async () => {
    const mbox =
      'From a@b Thu Aug 22 15:34:40 2019\nSubject: one\n\nbody one\n\n' +
      'From c@d Thu Aug 22 15:34:43 2019\nSubject: two\n\nbody two\n';
    expect(texts(await split(mbox))).toEqual(['Subject: one\n\nbody one\n', 'Subject: two\n\nbody two\n']);
  });

  it('unescapes mboxrd >From lines by one level', async () => {
    const mbox = 'From a@b Thu Aug 22 15:34:40 2019\nSubject: x\n\n>From the start\n>>From deeper\n> From quoted\n';
    expect(texts(await split(mbox))).toEqual(['Subject: x\n\nFrom the start\n>From deeper\n> From quoted\n']);
  });

  it('keeps a "From " line in a body that is no separator (no blank line before it, or no date)', async () => {
    const mbox =
      'From a@b Thu Aug 22 15:34:40 2019\nSubject: x\n\nWe got a mail:\nFrom me to you, hello\n\nFrom here on it is prose\n';
    const mails = await split(mbox);
    expect(mails).toHaveLength(1);
    expect(texts(mails)[0]).toContain('From me to you');
    expect(texts(mails)[0]).toContain('From here on it is prose');
  });

  it('reads CRLF mboxes and a last message without a final newline', async () => {
    const mbox =
      'From a@b Thu Aug 22 15:34:40 2019\r\nSubject: one\r\n\r\nbody\r\n\r\n' +
      'From c@d Thu Aug 22 15:34:43 2019\r\nSubject: two\r\n\r\nno newline at the end';
    expect(texts(await split(mbox))).toEqual(['Subject: one\r\n\r\nbody\r\n', 'Subject: two\r\n\r\nno newline at the end']);
  });

  it('gives the byte offset of each From_ line', async () => {
    const first = 'From a@b Thu Aug 22 15:34:40 2019\nSubject: one\n\nbody\n\n';
    const mbox = `${first}From c@d Thu Aug 22 15:34:43 2019\nSubject: two\n\nb\n`;
    expect((await split(mbox)).map((m) => m.offset)).toEqual([0, first.length]);
  });

  it('gives the same messages whatever the chunk boundaries (every split point of a real-shaped mbox)', async () => {
    const mbox =
      'From a@b Thu Aug 22 15:34:40 2019\r\nSubject: one\r\n\r\n>From x\r\n\r\n' +
      'From c@d Thu Aug 22 15:34:43 2019\nSubject: two\n\nFrom inside\n';
    const expected = texts(await split(mbox));
    for (let size = 1; size <= mbox.length; size++) expect(texts(await split(mbox, size))).toEqual(expected);
  });

  it('loses and duplicates no message, whatever the bodies and chunk sizes (property)', async () => {
    // Bodies of arbitrary lines; a line that would be a separator ("From " after a blank line) is
    // escaped as an mboxrd writer would, so every generated mbox has exactly bodies.length messages.
    const line = fc.oneof(
      fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ' ')),
      fc.constantFrom('', 'From someone', 'From x@y Mon Jan  1 00:00:00 2001', '>From quoted', ' ', '\r'),
    );
    // A body cannot end in a blank line: mbox keeps no way to tell it from the separator's blank line.
    const body = fc.array(line, { maxLength: 8 }).map((lines) => {
      const out = [...lines];
      while (out.length && (out[out.length - 1] === '' || out[out.length - 1] === '\r')) out.pop();
      return out;
    });
    await fc.assert(
      fc.asyncProperty(fc.array(body, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 64 }), async (bodies, chunk) => {
        const written = bodies.map((lines) =>
          ['Subject: s', '', ...lines.map((l) => (/^>*From /.test(l) ? `>${l}` : l))].join('\n'),
        );
        const mbox = written.map((w) => `From a@b Thu Aug 22 15:34:40 2019\n${w}\n`).join('\n');
        const mails = await split(mbox, chunk);
        expect(mails).toHaveLength(bodies.length);
        mails.forEach((mail, i) => {
          // An empty body ends in the header block's blank line, which mbox cannot keep either.
          const got = mail.bytes.toString('latin1').replace(/\n+$/, '');
          const want = ['Subject: s', '', ...bodies[i]!].join('\n').replace(/\n+$/, '');
          expect(got).toBe(want);
        });
      }),
      { numRuns: 300 },
    );
  });
});
