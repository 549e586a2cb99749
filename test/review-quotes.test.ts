// Quote depth, quote blocks and attribution lines, on the forms real mail clients write.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributionLength, isAttribution, parseAttribution } from '../src/review/attribution.js';
import { isGreeting, isSignOff, isSnip, trimSignOff } from '../src/review/boilerplate.js';
import { parseQuotes, quoteBlocks, quoteDepth, stripOneLevel } from '../src/review/quotes.js';

describe('quote depth', () => {
  it.each([
    ['> text', 1, 'text'],
    ['>text', 1, 'text'],
    ['> > text', 2, 'text'],
    ['>> text', 2, 'text'],
    ['> > > text', 3, 'text'],
    ['> >>>> +\tif (fd >= 0) {', 5, '+\tif (fd >= 0) {'],
    ['  > indented by webmail', 1, 'indented by webmail'],
    ['>', 1, ''],
    ['plain reply', 0, 'plain reply'],
    ['\t>> 4; /* code, not a quote */', 0, '\t>> 4; /* code, not a quote */'],
  ])('%j has depth %i', (line, depth, text) => {
    expect(quoteDepth(line)).toEqual({ depth, text });
  });

  it('removes exactly one level, as the quoted mail had it', () => {
    expect(stripOneLevel('> >>>> +\tfoo')).toBe('>>>> +\tfoo');
    expect(stripOneLevel('>>> x')).toBe('>> x');
    expect(stripOneLevel('> x')).toBe('x');
    expect(stripOneLevel('x')).toBe('x');
  });

  it('never loses a line and strips one level at a time (property)', () => {
    const line = fc.stringMatching(/^[ >a-z+\t-]{0,12}$/);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const parsed = parseQuotes(lines.join('\n'));
        expect(parsed.map((l) => l.raw)).toEqual(lines.length ? lines : ['']);
        for (const l of parsed) {
          const own = quoteDepth(l.raw).depth;
          expect(quoteDepth(stripOneLevel(l.raw)).depth).toBe(Math.max(0, own - 1));
          // Only a wrapped tail (an unmarked line between quotes) is read deeper than its markers.
          if (l.depth !== own) expect(own).toBe(0);
        }
        const blocks = quoteBlocks(parsed);
        expect(blocks.reduce((n, b) => n + b.lines.length, 0)).toBe(parsed.length);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Outlook-style pasted originals', () => {
  it('counts everything under -----Original Message----- one level deeper', () => {
    const body = ['Fine by me.', '', '-----Original Message-----', 'From: Pavel <p@x.cz>', 'Sent: Monday, May 4, 2020 10:00 AM', 'Subject: Re: x', '', 'Please fix the leak.', '> +\tfoo();'].join('\n');
    const lines = parseQuotes(body);
    expect(lines.map((l) => l.depth)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 2]);
    expect(lines.filter((l) => l.pastedHeader).map((l) => l.raw)).toContain('From: Pavel <p@x.cz>');
  });

  it('ends on a Traditional Chinese Outlook header block (regression: 寄件者 looped forever)', () => {
    const body = ['OK, I will fix it.', '', '寄件者: Lee Jones <lee@kernel.org>', '寄件日期: 2022年12月8日 下午5:41', '收件者: Larry Lai', '主旨: Re: [PATCH V3 1/3] mfd', '', 'Why is this needed?'].join('\n');
    const lines = parseQuotes(body);
    expect(lines).toHaveLength(8);
    expect(lines.at(-1)!.depth).toBe(1);
  });

  it('always ends, whatever header-like lines a body holds (property)', () => {
    const line = fc.constantFrom('From: A <a@x>', '寄件者: B', 'Sent: Monday', '寄件日期: 2022', 'To: C', '-----Original Message-----', '> quoted', 'text', '');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), (lines) => {
        expect(parseQuotes(lines.join('\n')).map((l) => l.raw)).toEqual(lines.length ? lines : ['']);
      }),
      { numRuns: 500 },
    );
  });

  it('does the same for a From:/Sent: block without the separator', () => {
    const body = ['Agreed.', '', 'From: Lee Jones <lee@kernel.org>', 'Sent: Tuesday, 5 May 2020 09:00', 'To: Dan', '', 'Why is this needed?'].join('\n');
    expect(parseQuotes(body).at(-1)!.depth).toBe(1);
  });
});

describe('wrapped quote tails', () => {
  it('reads the unmarked tail of a wrapped quoted line as quoted, not as a reply', () => {
    const body = ['> > > Note that Ext4 appears to have a file creation time field in its', 'inode', '> > > (struct ext4_inode::i_crtime[_extra]).', '', 'Yes.'];
    expect(parseQuotes(body.join('\n')).map((l) => l.depth)).toEqual([3, 3, 3, 0, 0]);
  });

  it('keeps a short answer written right under a question', () => {
    const body = ['> Will you fix it?', 'yes', '> And this one?'];
    expect(parseQuotes(body.join('\n')).map((l) => l.depth)).toEqual([1, 0, 1]);
  });
});

describe('quote blocks', () => {
  it('keeps a quote interrupted by an empty line as one block', () => {
    const blocks = quoteBlocks(parseQuotes(['> a', '', '> b', 'reply'].join('\n')));
    expect(blocks.map((b) => [b.quoted, b.lines.length])).toEqual([
      [true, 3],
      [false, 1],
    ]);
  });
});

describe('attribution lines', () => {
  it.each([
    ['On Tue, Aug 27, 2019 at 02:33:05PM -0600, Alex Williamson wrote:', 'Alex Williamson', '', '2019-08-27T20:33:05.000Z'],
    ['On Thu, 22 Aug 2019 23:34:43 +0800 Ben Luo <luoben@linux.alibaba.com> wrote:', 'Ben Luo', 'luoben@linux.alibaba.com', '2019-08-22T15:34:43.000Z'],
    ['On 8/28/19 4:33 AM, Alex Williamson wrote:', 'Alex Williamson', '', '2019-08-28T04:33:00.000Z'],
    ['Am 27.08.2019 um 22:33 schrieb Alex Williamson:', 'Alex Williamson', '', '2019-08-27T22:33:00.000Z'],
    ['Le 27/08/2019 à 22:33, Alex Williamson a écrit :', 'Alex Williamson', '', '2019-08-27T22:33:00.000Z'],
    ['在 2019/8/28 下午4:33, Alex Williamson 写道:', 'Alex Williamson', '', '2019-08-28T16:33:00.000Z'],
    ['Alex Williamson <alex@example.org> 于2019年8月28日周三 上午4:33写道：', 'Alex Williamson', 'alex@example.org', '2019-08-28T04:33:00.000Z'],
    ['2019年8月28日(水) 4:33 Alex Williamson <alex@example.org>:', 'Alex Williamson', 'alex@example.org', '2019-08-28T04:33:00.000Z'],
    ['Quoting Alex Williamson (2019-08-27 14:33:05):', 'Alex Williamson', '', '2019-08-27T14:33:05.000Z'],
    ['Alex Williamson <alex@example.org> writes:', 'Alex Williamson', 'alex@example.org', null],
    ['01.09.19 22:18, Rob Herring пише:', 'Rob Herring', '', '2019-09-01T22:18:00.000Z'],
    // Double-decoded UTF-8 from a web archive: "在 … 写道:" lost its Chinese.
    ['å 2019/8/28 äå4:33, Alex Williamson åé:', 'Alex Williamson', '', '2019-08-28T04:33:00.000Z'],
  ])('%s', (line, name, address, date) => {
    expect(isAttribution(line) || attributionLength([line], 0) === 1).toBe(true);
    const a = parseAttribution(line);
    expect(a.author).toEqual({ name, address });
    expect(a.date).toBe(date);
  });

  it('reads a zone-less time in the clock of the quoting writer', () => {
    expect(parseAttribution('在 2019/8/29 上午1:23, Alex Williamson 写道:', 8 * 60).date).toBe('2019-08-28T17:23:00.000Z');
  });

  it('joins the Claws Mail two-line form', () => {
    const lines = ['On Thu, 22 Aug 2019 23:34:43 +0800', 'Ben Luo <luoben@linux.alibaba.com> wrote:'];
    expect(attributionLength(lines, 1)).toBe(2);
  });

  it('does not take prose ending in a colon for an attribution', () => {
    expect(isAttribution('I would write it like this:')).toBe(false);
    expect(attributionLength(['Something like the following:'], 0)).toBe(0);
  });
});

describe('text that is not a comment', () => {
  it.each(['[...]', '[ ... ]', '<snip>', '[snip]', '...', '[ rest of patch trimmed ]', '-- snip --'])('%j is a snip marker', (line) => {
    expect(isSnip(line)).toBe(true);
  });

  it('keeps prose that merely contains dots', () => {
    expect(isSnip('Well... maybe.')).toBe(false);
  });

  it('knows greetings and sign-offs', () => {
    expect(isGreeting('Hi Ben,')).toBe(true);
    expect(isGreeting('Ben,', [], true)).toBe(true);
    expect(isGreeting('Agreed,', [], true)).toBe(false);
    expect(isSignOff('Thanks,')).toBe(true);
    expect(isSignOff('Best regards,')).toBe(true);
    expect(isSignOff('Thanks for the review')).toBe(false);
  });

  it('trims "Thanks,\\n\\nAlex" and an inline "Thanks," from the end of a turn', () => {
    const alex = { name: 'Alex Williamson', address: 'alex.williamson@redhat.com' };
    const turn = ["Can you explain this ordering, I would have expected that we'd", 'unregister the bypass before we updated the devid.  Thanks,', '', 'Alex'];
    expect(trimSignOff(turn, alex)).toEqual(["Can you explain this ordering, I would have expected that we'd", 'unregister the bypass before we updated the devid.']);
    expect(trimSignOff(['Looks fine.', '', 'Thanks,', '', '     Ben'], { name: 'Ben Luo', address: '' })).toEqual(['Looks fine.']);
  });
});
