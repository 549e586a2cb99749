// Quote structure rebuilt for bodies that lost their ">" markers (the seed), alone and next to the
// real mails, and the mails the rebuilt quote shows.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Message } from '../src/model.js';
import { readSources } from '../src/ingest/index.js';
import { recoverQuotes } from '../src/ingest/requote.js';
import { attributionAt, attributionDate } from '../src/ingest/requote-attribution.js';
import { isSameMail, textSimilarity } from '../src/ingest/requote-duplicate.js';
import { readWebPage } from '../src/ingest/webpage.js';
import { readPatch } from '../src/patch/index.js';
import { sharedPath } from './helpers/shared.js';

const SEED = 'seed/vfio-irq-update-devid-v4-3-reply.txt';
const PATCH_SUBJECT = '[PATCH v4 3/3] vfio/pci: make use of irq_update_devid and optimize irq ops';
const BEN_REPLY_ID = '429ae9ed-de9d-f8de-de65-a41c3a0c501d@linux.alibaba.com';
const ALEX_REVIEW_ID = '20190827143305.1ac826e1@x1.home';
const PATCH_ID = '8721e56f15dbcb1e0a1d8fc645def7b9bc752988.1566486156.git.luoben@linux.alibaba.com';

function seedMessages(): Message[] {
  const path = sharedPath(SEED);
  return readWebPage(path, readFileSync(path)).messages;
}

function depthOf(line: string): number {
  const m = /^((?:>[ \t]?)+)/.exec(line);
  return m ? [...m[1]!].filter((c) => c === '>').length : 0;
}

/** Depth of the (first) line holding `fragment`. */
function depthOfLine(body: string, fragment: string): number {
  const line = body.split('\n').find((l) => l.includes(fragment));
  if (line === undefined) throw new Error(`no line with "${fragment}"`);
  return depthOf(line);
}

let mbox: Message[];
beforeAll(async () => {
  mbox = (await readSources(sharedPath('archives/vfio-irq-update-devid.mbox'))).flatMap((r) => r.messages);
});

describe('the seed read alone', () => {
  const result = recoverQuotes(seedMessages());
  const page = result.find((m) => m.quoteRecovered && !m.reconstructed)!;
  const patch = result.find((m) => m.reconstructed && m.subject === PATCH_SUBJECT)!;
  const review = result.find((m) => m.reconstructed && m.from.name === 'Alex Williamson')!;

  test('holds three messages: Ben’s patch of 22 Aug, Alex’s review of 28 Aug (+0800), Ben’s reply', () => {
    expect(result).toHaveLength(3);
    expect(patch.from.name).toBe('Ben Luo');
    expect(patch.date).toBe('2019-08-22T15:34:43.000Z'); // "On Thu, 22 Aug 2019 23:34:43 +0800"
    // "在 2019/8/28 上午4:33" in Ben's clock, whose zone his own patch's attribution gives (+0800).
    expect(review.date).toBe('2019-08-27T20:33:00.000Z');
    expect(review.subject).toBe(`Re: ${PATCH_SUBJECT}`);
    expect(page.date).toBe('2019-08-28T10:08:11.000Z');
  });

  test('the three are chained reply → review → patch, so threading joins them', () => {
    expect(patch.inReplyTo).toBeNull();
    expect(review.inReplyTo).toBe(patch.id);
    expect(review.references).toEqual([patch.id]);
    expect(page.inReplyTo).toBe(review.id);
    expect(page.references).toEqual([patch.id, review.id]);
    expect(new Set(result.map((m) => m.id)).size).toBe(3);
  });

  test('patch lines are at depth 2, Alex’s comments at 1, Ben’s answers and his QEMU snippet at 0', () => {
    const body = page.body;
    expect(page.quotesLost).toBeUndefined();
    expect(page.quoteRecovered).toBe(true);
    expect(depthOfLine(body, '在 2019/8/28 上午4:33, Alex Williamson 写道:')).toBe(0);
    expect(depthOfLine(body, 'On Thu, 22 Aug 2019 23:34:43 +0800')).toBe(1);
    expect(depthOfLine(body, 'When userspace (e.g. qemu) triggers')).toBe(2);
    expect(depthOfLine(body, 'Signed-off-by: Ben Luo')).toBe(2);
    expect(depthOfLine(body, '@@ -284,70 +284,106 @@')).toBe(2);
    expect(depthOfLine(body, '+ struct eventfd_ctx *trigger = NULL;')).toBe(2);
    // Context lines lost their leading space on the page; it is put back after the markers.
    expect(body).toContain('\n>>  irq = pci_irq_vector(pdev, vector);\n');
    expect(depthOfLine(body, 'I think this is a user visible change.')).toBe(1);
    expect(depthOfLine(body, 'do you see some justification for the change?')).toBe(1);
    expect(depthOfLine(body, 'Thanks for your comments, this reminds me')).toBe(0);
    expect(depthOfLine(body, 'ret = ioctl(vdev->vbasedev.fd, VFIO_DEVICE_SET_IRQS, irq_set);')).toBe(0);
    expect(depthOfLine(body, 'error_report("vfio: failed to modify vector')).toBe(0);
    expect(depthOfLine(body, 'I think we leak the fd context')).toBe(1);
    expect(depthOfLine(body, 'Thanks for pointing it out, I will fix this in next version.')).toBe(0);
    // Alex's paragraph that Ben answered in between stays his: two comments.
    expect(depthOfLine(body, "Why do we do anything in this case, couldn't we just 'put' the extra ctx")).toBe(1);
    expect(depthOfLine(body, 'and return 0 here?')).toBe(1);
    expect(depthOfLine(body, 'Sorry for confusing and I do this for a reason')).toBe(0);
    expect(depthOfLine(body, '+ } else if (trigger) {')).toBe(2);
    expect(depthOfLine(body, 'Can you explain this ordering')).toBe(1);
    expect(depthOfLine(body, 'unregister the bypass before we updated the devid. Thanks,')).toBe(1);
    expect(depthOfLine(body, 'Actually, I have explained this in comments')).toBe(0);
    expect(depthOfLine(body, "Anyway, to producer and consumer,")).toBe(0);
  });

  test('says it is rebuilt from structure, with a confidence below that of matched text', () => {
    expect(page.quoteConfidence).toBeGreaterThan(0.5);
    expect(page.quoteConfidence).toBeLessThan(0.9);
    expect(patch.reconstructed && review.reconstructed).toBe(true);
  });

  test('the rebuilt patch parses: file, hunk, and the quoted hunk lines in order', () => {
    const read = readPatch(patch);
    expect(read.patch).not.toBeNull();
    const p = read.patch!;
    expect(p.subject).toBe(PATCH_SUBJECT);
    expect(p.files.map((f) => f.newPath)).toEqual(['drivers/vfio/pci/vfio_pci_intrs.c']);
    const hunk = p.files[0]!.hunks[0]!;
    expect(hunk.header).toBe('@@ -284,70 +284,106 @@ static int vfio_msi_enable(struct vfio_pci_device *vdev, int nvec, bool msix)');
    const raws = hunk.lines.map((l) => l.raw);
    expect(raws).toContain('+ if (fd >= 0) {');
    expect(raws).toContain(' irq = pci_irq_vector(pdev, vector);');
    expect(raws.indexOf('+ if (vdev->ctx[vector].trigger == trigger) {')).toBeLessThan(raws.indexOf('+ } else if (trigger) {'));
    expect(p.commitMessage).toContain('This patch makes use of irq_update_devid()');
  });

  test('the rebuilt review is Alex’s text with the patch quoted one level', () => {
    expect(depthOfLine(review.body, 'I think this is a user visible change.')).toBe(0);
    expect(depthOfLine(review.body, '+ if (fd >= 0) {')).toBe(1);
    expect(review.body).not.toContain('Thanks for pointing it out');
    expect(review.body.split('\n')[0]).toBe('On Thu, 22 Aug 2019 23:34:43 +0800');
  });
});

describe('the seed with the mbox that holds the same mail', () => {
  test('the page is recognised as Ben’s reply already read and not counted twice', () => {
    const result = recoverQuotes([...mbox, ...seedMessages()]);
    expect(result).toHaveLength(mbox.length);
    expect(result.map((m) => m.id)).toEqual(mbox.map((m) => m.id));
    const page = seedMessages()[0]!;
    expect(isSameMail(page, mbox.find((m) => m.id === BEN_REPLY_ID)!)).toBe(true);
    // Same author and time, other text: Alex's reply of the 29th is not the page.
    expect(isSameMail(page, mbox.find((m) => m.id === ALEX_REVIEW_ID)!)).toBe(false);
  });

  test('text similarity ignores markers, spacing and masked addresses, not words', () => {
    expect(textSimilarity('> a b\n>> c <x@y.z>', 'a  b\nc <x@xxxxxxx>')).toBe(1);
    expect(textSimilarity('one two three', 'four five six')).toBe(0);
  });
});

describe('the seed with the patch and the review in the archive (Ben’s reply left out)', () => {
  const withoutReply = (): Message[] => mbox.filter((m) => m.id !== BEN_REPLY_ID);
  let page: Message;
  let result: Message[];
  beforeAll(() => {
    result = recoverQuotes([...withoutReply(), ...seedMessages()]);
    page = result.find((m) => m.quoteRecovered)!;
  });

  test('the quoted mails are found in the archive, so nothing is rebuilt and the page joins their thread', () => {
    expect(result.filter((m) => m.reconstructed)).toEqual([]);
    expect(result).toHaveLength(withoutReply().length + 1);
    expect(page.inReplyTo).toBe(ALEX_REVIEW_ID);
    expect(page.references).toEqual([PATCH_ID, ALEX_REVIEW_ID]);
  });

  test('quoted lines come back as the mails have them (tabs, addresses) at the depth the archive gives', () => {
    const body = page.body;
    expect(body).toContain('\n>> +\tstruct eventfd_ctx *trigger = NULL;\n');
    expect(body).toContain('\n>> +\t}\n');
    expect(body).toContain('\n> Ben Luo <luoben@linux.alibaba.com> wrote:\n');
    expect(depthOfLine(body, 'I think we leak the fd context')).toBe(1);
    expect(depthOfLine(body, 'Thanks for pointing it out')).toBe(0);
    expect(depthOfLine(body, 'ret = ioctl(vdev->vbasedev.fd')).toBe(0);
    expect(page.quoteConfidence).toBeGreaterThan(0.9);
  });
});

describe('messages that keep their markers are left alone', () => {
  test('an mbox alone comes back unchanged, in order', () => {
    expect(recoverQuotes(mbox)).toEqual(mbox);
  });

  test('a page without attributions or a patch keeps its text, all at depth 0', () => {
    const page: Message = {
      id: 'p@x', subject: 'Re: a', from: { name: 'A', address: '' }, date: null, inReplyTo: null, references: [],
      body: 'Just a remark.\n\nThanks', origin: { path: 'p', where: 'p' }, quotesLost: true,
    };
    const [out] = recoverQuotes([page]);
    expect(out!.body).toBe(page.body);
    expect(out!.quoteRecovered).toBe(true);
    expect(out!.quotesLost).toBeUndefined();
  });
});

describe('properties of the rebuild', () => {
  test('never a crash, and no line lost: the rebuilt body is the page’s text with markers added', async () => {
    const fc = (await import('fast-check')).default;
    const line = fc.oneof(
      // A page that lost its markers has no line starting with ">".
      fc.string({ maxLength: 90 }).filter((s) => !s.startsWith('>')),
      fc.constantFrom('On Thu, 22 Aug 2019 23:34:43 +0800', 'Ben Luo <b@xxxxxx> wrote:', 'å 2019/8/28 äå4:33, Alex åé:', '@@ -1,3 +1,4 @@', '+ int x;', '- int y;', 'return 0;', 'Thanks, I will fix it.', 'Why?', ''),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const body = lines.join('\n');
        const page: Message = {
          id: 'page@x', subject: 'Re: [PATCH] x', from: { name: 'Ben Luo', address: '' }, date: '2019-08-28T10:08:11.000Z',
          inReplyTo: null, references: [], body, origin: { path: 'p', where: 'p' }, quotesLost: true,
        };
        const out = recoverQuotes([page]);
        const rebuilt = out.find((m) => m.id === 'page@x')!;
        const original = body.split('\n');
        const unmarked = rebuilt.body.split('\n').map((l) => l.replace(/^>+(?: |$)/, '').trim());
        return unmarked.length === original.length && unmarked.every((l, i) => l === original[i]!.trim());
      }),
      { numRuns: 300 },
    );
  });
});

describe('real replies with their markers taken off (what a web archive does)', () => {
  // Every reply of the leds review threads and the vfio series that quotes something, its ">" markers
  // and leading blanks stripped, rebuilt from structure alone (no archive) and compared line by line
  // with the depth the real mail had. Two-level patch reviews (the seed's kind) are the target.
  test('two-level patch reviews: at least 75% of lines at the right depth', async () => {
    const { readdirSync } = await import('node:fs');
    const dirs = ['archives/leds-threads', 'archives/vfio-series'];
    const files = dirs.flatMap((d) => readdirSync(sharedPath(d)).filter((f) => f.endsWith('.mbox')).map((f) => sharedPath(`${d}/${f}`)));
    files.push(sharedPath('archives/vfio-irq-update-devid.mbox'));
    const strip = (l: string): string => l.replace(/^ {0,3}(?:>[ \t]?)+/, '').replace(/^[ \t]+/, '');
    let lines = 0;
    let right = 0;
    let mails = 0;
    for (const file of files) {
      for (const m of (await readSources(file)).flatMap((r) => r.messages)) {
        const original = m.body.split('\n');
        const deepest = Math.max(...original.map(depthOf));
        if (!/^re:/i.test(m.subject) || deepest < 1 || deepest > 2 || !original.some((l) => /^[+-]/.test(strip(l)))) continue;
        const page: Message = { ...m, id: `page-${m.id}`, body: original.map(strip).join('\n'), quotesLost: true, inReplyTo: null, references: [] };
        const rebuilt = recoverQuotes([page]).find((x) => x.id === page.id)!.body.split('\n');
        mails++;
        original.forEach((l, i) => {
          if (!strip(l).trim()) return;
          lines++;
          if (depthOf(l) === depthOf(rebuilt[i] ?? '')) right++;
        });
      }
    }
    expect(mails).toBeGreaterThanOrEqual(90);
    expect(right / lines).toBeGreaterThanOrEqual(0.75);
  });
});

describe('attribution lines, damaged or not', () => {
  test.each([
    // The seed's line as the copy left it, before any repair: known by date, time, name and colon.
    [['å 2019/8/28 äå4:33, Alex Williamson åé:'], 'Alex Williamson', '2019-08-27T20:33:00.000Z', 480],
    [['在 2019/8/28 下午4:33, Alex Williamson 写道:'], 'Alex Williamson', '2019-08-28T08:33:00.000Z', 480],
    [['On Thu, 22 Aug 2019 23:34:43 +0800', 'Ben Luo <luoben@xxxxxxxxxxxxxxxxx> wrote:'], 'Ben Luo', '2019-08-22T15:34:43.000Z', null],
    [['On Thu, Dec 02, 2004 at 08:55:18AM -0800, Andrew Morton wrote:'], 'Andrew Morton', '2004-12-02T16:55:18.000Z', null],
    [['On Fri, 8 Oct 1999, Horst von Brand wrote:'], 'Horst von Brand', null, null],
    [['2011/10/7 Jan Kara <jack@xxxxxxx>:'], 'Jan Kara', null, null],
    [['Alex Riesen, Tue, Jul 31, 2007 14:02:13 +0200:'], 'Alex Riesen', '2007-07-31T12:02:13.000Z', null],
    [['From: Greg KH <gregkh@xxxxxxxxxxxxxxxxxxx>', 'Date: Fri, 30 Sep 2016 08:30:05 +0200'], 'Greg KH', '2016-09-30T06:30:05.000Z', null],
  ] as Array<[string[], string, string | null, number | null]>)('%s', (lines, name, date, hint) => {
    const a = attributionAt(lines, 0);
    expect(a?.name).toBe(name);
    expect(a?.end).toBe(lines.length - 1);
    expect(attributionDate(a!, hint)).toBe(date);
  });

  test('prose is not an attribution', () => {
    expect(attributionAt(['I think this is a user visible change.'], 0)).toBeNull();
    expect(attributionAt(['On the other hand, this works.'], 0)).toBeNull();
  });
});
