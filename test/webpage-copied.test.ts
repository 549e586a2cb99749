// Text copied from an archive page (the seed), detection by content, and the small page formats.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { claimWebPage, hasLostQuotes, looksLikeWebPage, readWebPage } from '../src/ingest/webpage.js';
import { parseHypermailDate, parseMailDate, parseMarcDate } from '../src/ingest/webpage-date.js';
import { sharedPath } from './helpers/shared.js';

const SEED = 'seed/vfio-irq-update-devid-v4-3-reply.txt';

describe('the seed: a reply copied from lkml.iu.edu', () => {
  const path = sharedPath(SEED);
  const bytes = readFileSync(path);

  test('is recognised by its content, and mail archives are not', () => {
    expect(looksLikeWebPage(bytes.toString('utf8'), 'pasted.txt')).toBe(true);
    const mbox = readFileSync(sharedPath('archives/vfio-irq-update-devid.mbox')).toString('utf8');
    expect(looksLikeWebPage(mbox, 'x.html')).toBe(false);
    const eml = readFileSync(sharedPath('archives/notmuch-lkml-2010/cur/1354585346.000260:2,')).toString('utf8');
    expect(looksLikeWebPage(eml, 'x.txt')).toBe(false);
    const patch = readFileSync(sharedPath('archives/lkml-gerrit-bridge/patch4.txt')).toString('utf8');
    expect(looksLikeWebPage(patch, 'x.html')).toBe(false);
  });

  test('reads into Ben Luo’s reply of 28 Aug with its date in UTC and the page’s subject', () => {
    const { messages, problems } = readWebPage(path, bytes);
    expect(messages).toHaveLength(1);
    const m = messages[0]!;
    expect(m.subject).toBe('Re: [PATCH v4 3/3] vfio/pci: make use of irq_update_devid and optimize irq ops');
    // The address is masked on the page ("luoben@xxxxxxxxxxxxxxxxx"): kept as ''.
    expect(m.from).toEqual({ name: 'Ben Luo', address: '' });
    // "Wed Aug 28 2019 - 06:08:11 EST" is New York daylight time: the mail says 18:08:02 +0800.
    expect(m.date).toBe('2019-08-28T10:08:11.000Z');
    expect(m.id).toMatch(/^webpage-[0-9a-f]{16}@mlreview$/);
    expect(readWebPage(path, bytes).messages[0]!.id).toBe(m.id);
    expect(m.inReplyTo).toBeNull();
    expect(m.quotesLost).toBe(true);
    expect(m.origin).toEqual({ path, where: path });
    // The ambiguous 上午/下午 is reported, not hidden.
    expect(problems.map((p) => p.reason).join('\n')).toMatch(/上午\/下午/);
  });

  test('keeps the raw body, with the mojibake repaired', () => {
    const m = readWebPage(path, bytes).messages[0]!;
    const lines = m.body.split('\n');
    expect(lines[0]).toBe('在 2019/8/28 上午4:33, Alex Williamson 写道:');
    expect(lines[1]).toBe('On Thu, 22 Aug 2019 23:34:43 +0800');
    expect(lines[2]).toBe('Ben Luo <luoben@xxxxxxxxxxxxxxxxx> wrote:');
    expect(m.body).not.toMatch(/[ÂÃåäé]/);
    // Thunderbird's no-break-space indentation of the pasted QEMU code.
    expect(lines).toContain(`${'\u00a0'.repeat(7)} ret = ioctl(vdev->vbasedev.fd, VFIO_DEVICE_SET_IRQS, irq_set);`);
    expect(lines).toContain('@@ -284,70 +284,106 @@ static int vfio_msi_enable(struct vfio_pci_device *vdev, int nvec, bool msix)');
    expect(lines.at(-1)).toBe("Anyway, to producer and consumer,\u00a0'trigger' is only a token used for pairing them togather.");
  });

  test('claimWebPage takes the file for the reader hook, as a web-page source', async () => {
    const claimed = await claimWebPage(path, bytes.subarray(0, 8192));
    expect(claimed?.format).toBe('web-page');
    expect(claimed?.messages).toHaveLength(1);
    expect(await claimWebPage(sharedPath('archives/vfio-irq-update-devid.mbox'), readFileSync(sharedPath('archives/vfio-irq-update-devid.mbox')).subarray(0, 8192))).toBeNull();
  });
});

describe('copied text with the page navigation around it', () => {
  const text = [
    'Re: [PATCH] leds: fix a typo',
    '',
    'From: Jane Doe',
    'Date: Mon Jan 06 2020 - 09:00:00 EST',
    'Next message: John Roe: "Re: [PATCH] leds: fix a typo"',
    '',
    'On Sun, 5 Jan 2020 10:00:00 +0100, John Roe wrote:',
    'Please fix the typo.',
    '',
    'Done in v2.',
    'Messages sorted by: [ date ] [ thread ] [ subject ] [ author ]',
  ].join('\n');

  test('drops navigation, reads winter "EST" as -0500, marks lost quotes', () => {
    const { messages } = readWebPage('copied.txt', Buffer.from(text));
    const m = messages[0]!;
    expect(m.date).toBe('2020-01-06T14:00:00.000Z');
    expect(m.body.split('\n')[0]).toBe('On Sun, 5 Jan 2020 10:00:00 +0100, John Roe wrote:');
    expect(m.body.split('\n').at(-1)).toBe('Done in v2.');
    expect(m.quotesLost).toBe(true);
  });

  test('a body without quotes or attribution has lost nothing', () => {
    expect(hasLostQuotes('Just a note.\n\nThanks', 'Re: x')).toBe(false);
    expect(hasLostQuotes('> quoted\nanswer', 'Re: x')).toBe(false);
    expect(hasLostQuotes('@@ -1,2 +1,2 @@\n-a\n+b\nLooks good', 'Re: [PATCH] x')).toBe(true);
    expect(hasLostQuotes('@@ -1,2 +1,2 @@\n-a\n+b', '[PATCH] x')).toBe(false);
  });

  test('bytes that are not a page are a problem, not an exception', () => {
    const { messages, problems } = readWebPage('x.bin', Buffer.from([0, 1, 2, 0xff, 0xfe]));
    expect(messages).toEqual([]);
    expect(problems[0]!.reason).toMatch(/not a web-archive page/);
  });
});

describe('lkml.org markup (hand-written minimal page: no lkml.org page is among the fixtures)', () => {
  const html = `<html><body><table>
<tr><td class="lp">Date</td><td class="rp" itemprop="datePublished">Wed, 28 Aug 2019 18:08:02 +0800</td></tr>
<tr><td class="lp">From</td><td class="rp" itemprop="author">Jane Doe &lt;&gt;</td></tr>
<tr><td class="lp">Subject</td><td class="rp" itemprop="name">Re: [PATCH] x</td></tr></table>
<pre itemprop="articleBody">On Tue, 27 Aug 2019, John wrote:
&gt; a quoted line
an answer</pre></body></html>`;

  test('reads fields from microdata and keeps the &gt; quotes', () => {
    const m = readWebPage('lkml.html', Buffer.from(html)).messages[0]!;
    expect(m.from).toEqual({ name: 'Jane Doe', address: '' });
    expect(m.date).toBe('2019-08-28T10:08:02.000Z');
    expect(m.subject).toBe('Re: [PATCH] x');
    expect(m.body).toBe('On Tue, 27 Aug 2019, John wrote:\n> a quoted line\nan answer');
    expect(m.quotesLost).toBeUndefined();
  });
});

describe('archive dates', () => {
  test('hypermail "EST" is New York local time, daylight saving included', () => {
    expect(parseHypermailDate('Wed Aug 28 2019 - 06:08:11 EST')).toBe('2019-08-28T10:08:11.000Z');
    expect(parseHypermailDate('Sat Aug 16 2003 - 00:44:22 EST')).toBe('2003-08-16T04:44:22.000Z');
    expect(parseHypermailDate('Thu Dec 02 2004 - 12:27:25 EST')).toBe('2004-12-02T17:27:25.000Z');
    expect(parseHypermailDate('someday')).toBeNull();
  });

  test('RFC 5322 dates with zone names, comments and two-digit years; no zone is no date', () => {
    expect(parseMailDate('Thu,  2 Dec 2004 12:27:25 -0500 (EST)').iso).toBe('2004-12-02T17:27:25.000Z');
    expect(parseMailDate('Mon, 23 Mar 98 22:54:20 GMT').iso).toBe('1998-03-23T22:54:20.000Z');
    expect(parseMailDate('Mon, 23 Mar 1998 22:54:20').iso).toBeNull();
    expect(parseMailDate('Mon, 31 Feb 1998 25:54:20 +0000').iso).toBeNull();
  });

  test('marc.info dates are UTC', () => {
    expect(parseMarcDate('2005-12-03 3:24:03')).toBe('2005-12-03T03:24:03.000Z');
  });
});

describe('mail that carries a page is still mail', () => {
  test('an mbox or a mail with a hypermail page inside is not taken for a page', () => {
    const page = readFileSync(sharedPath('archives/web-pages/lkml-iu-edu/20030816004422.html'), 'latin1');
    expect(looksLikeWebPage(page, 'p.html')).toBe(true);
    expect(looksLikeWebPage(`From someone@example.org Thu Aug 22 15:34:40 2019\nFrom: A <a@b.c>\nSubject: page\n\n${page}`, 'x')).toBe(false);
    expect(looksLikeWebPage(`From: A <a@b.c>\nSubject: page\nDate: Thu, 22 Aug 2019 15:34:40 +0000\n\n${page}`, 'x')).toBe(false);
  });
});

describe('hostile pages', () => {
  test('50,000 nested unclosed tags: read, no stack overflow', () => {
    const html = `<!-- body="start" -->${'<b>'.repeat(50000)}x<!-- body="end" -->`;
    const { messages } = readWebPage('nested.html', Buffer.from(html));
    expect(messages[0]!.body).toBe('x');
  });
});
