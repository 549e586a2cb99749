// What an argument names on a server, the search for a series' other versions, and the age shown on
// the title line: the pure parts of reaching lore, without a network.
import { describe, expect, it } from 'vitest';
import { readSource } from '../src/ingest/index.js';
import { retryAfter } from '../src/lore/http.js';
import { escapeMessageId, inboxUrl, looksLikeMessageId, searchMboxUrl, targetOf, TargetError, threadMboxUrl } from '../src/lore/target.js';
import { versionQuery } from '../src/lore/versions.js';
import { age } from '../src/text/age.js';
import { readingSummary } from '../src/tui/app.js';
import type { Review } from '../src/model.js';
import { sharedPath } from './helpers/shared.js';

const LORE = 'https://lore.kernel.org/all/';
const ID = '20190827143305.1ac826e1@x1.home';

describe('what an argument names', () => {
  it('a Message-ID with or without <> is a thread on the --lore server', () => {
    expect(targetOf(ID, LORE)).toEqual({ kind: 'thread', inbox: LORE, messageId: ID });
    expect(targetOf(`<${ID}>`, LORE)).toEqual({ kind: 'thread', inbox: LORE, messageId: ID });
  });

  it('every usual lore link names the thread on its own server and list', () => {
    const forms = [
      `https://lore.kernel.org/all/${ID}/`,
      `https://lore.kernel.org/r/${ID}`,
      `https://lore.kernel.org/all/${ID}/T/#u`,
      `https://lore.kernel.org/all/${ID}/t/#m1234`,
      `https://lore.kernel.org/all/${ID}/raw`,
      `https://lore.kernel.org/all/${ID}/t.mbox.gz`,
      `https://lore.kernel.org/all/${encodeURIComponent(ID)}/`,
      `https://lore.kernel.org/all/%3C${ID}%3E/`,
    ];
    for (const form of forms) expect(targetOf(form, 'https://mirror.example/x/'), form).toEqual({ kind: 'thread', inbox: LORE, messageId: ID });
    expect(targetOf(`https://lore.kernel.org/linux-leds/${ID}/T/#u`, LORE)).toEqual({ kind: 'thread', inbox: 'https://lore.kernel.org/linux-leds/', messageId: ID });
    expect(targetOf(`http://127.0.0.1:8080/${ID}/`, LORE)).toEqual({ kind: 'thread', inbox: 'http://127.0.0.1:8080/', messageId: ID });
  });

  it('a search page is a search on its list', () => {
    expect(targetOf('https://lore.kernel.org/linux-leds/?q=s%3Avfio+f%3Aluoben&x=t', LORE)).toEqual({
      kind: 'search',
      inbox: 'https://lore.kernel.org/linux-leds/',
      query: 's:vfio f:luoben',
    });
  });

  it('a file name is not looked up; a link without a Message-ID is an error', () => {
    for (const name of ['thread.mbox', 'archives/x.mbox.gz', './a@b/c', 'no-at-sign', 'two words@x']) expect(targetOf(name, LORE), name).toBeNull();
    expect(looksLikeMessageId('a@b')).toBe(true);
    expect(() => targetOf('https://lore.kernel.org/', LORE)).toThrow(TargetError);
  });

  it('builds public-inbox URLs, escaping what would change their shape', () => {
    expect(threadMboxUrl(LORE, ID)).toBe(`${LORE}${ID}/t.mbox.gz`);
    expect(escapeMessageId('a/b%c?d#e@f')).toBe('a%2Fb%25c%3Fd%23e@f');
    expect(searchMboxUrl(LORE, 's:"a b"')).toBe(`${LORE}?q=s%3A%22a+b%22&x=m&t=1`);
    expect(inboxUrl('https://lore.kernel.org/linux-leds')).toBe('https://lore.kernel.org/linux-leds/');
    expect(() => inboxUrl('file:///srv/inbox')).toThrow(/only http/);
  });
});

describe('Retry-After', () => {
  it('takes seconds or an HTTP date', () => {
    expect(retryAfter('3')).toBe(3000);
    expect(retryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(retryAfter('soon')).toBeNull();
    expect(retryAfter(undefined)).toBeNull();
  });
});

describe("the search for a series' other versions", () => {
  it('asks for the patch titles from their author (the real v4 series of the vfio thread)', async () => {
    const { messages } = await readSource(sharedPath('archives/vfio-series/lkml-benluo-v4-series-and-review.mbox'));
    expect(versionQuery(messages)).toBe(
      '((s:"genirq/vfio: Introduce irq_update_devid and optimize VFIO irq ops" OR s:"genirq: enhance error recovery code in free irq" OR ' +
        's:"genirq: introduce irq_update_devid" OR s:"vfio/pci: make use of irq_update_devid and optimize irq ops") AND f:"luoben@linux.alibaba.com")',
    );
  });

  it("adds b4's change-id and base-commit lines", async () => {
    const { messages } = await readSource(sharedPath('archives/leds-threads/add-support-for-ltc3220-18-channel-led-driver.mbox'));
    const query = versionQuery(messages)!;
    expect(query).toContain('nq:"change-id: 20260106-ltc3220-driver-f9ab6cc9d1e4"');
    expect(query).toMatch(/\(nq:"base-commit: 8856d7fe1758937ac528770f552ec58c388c255b" AND f:"[^"]+"\)/);
  });

  it('asks nothing for a thread without a patch', async () => {
    const { messages } = await readSource(sharedPath('archives/vfio-series/lkml-benluo-v3-2of3-tglx-review.mbox'));
    expect(versionQuery(messages)).toBeNull();
  });
});

describe('the age of fetched mail on the title line', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  it('is said in words', () => {
    expect(age(new Date('2026-12-07T11:59:30Z'), now)).toBe('just now');
    expect(age(new Date('2026-12-07T11:55:00Z'), now)).toBe('5 min ago');
    expect(age(new Date('2026-12-07T09:00:00Z'), now)).toBe('3 h ago');
    expect(age(new Date('2026-12-05T12:00:00Z'), now)).toBe('2 days ago');
  });

  it('names the oldest fetched copy, and nothing for files', () => {
    const source = (fetchedAt?: string) => ({ path: 'x', format: 'mbox.gz' as const, mails: 2, messages: 2, problems: [], ...(fetchedAt ? { fetchedAt } : {}) });
    const fetched: Review = { sources: [source('2026-12-07T11:00:00Z'), source('2026-12-06T12:00:00Z'), source()], threads: [] };
    expect(readingSummary(fetched, now)).toBe('6 mails · fetched 1 day ago');
    expect(readingSummary({ sources: [source()], threads: [] }, now)).toBe('2 mails');
  });
});
