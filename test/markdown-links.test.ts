// Message links in the Markdown export: lore's `/r/<Message-ID>` form, a configurable base, and no
// link at all for ids that no archive knows.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { encodeMessageId, isRealMessageId, messageUrl } from '../src/export/message-link.js';

const lore = 'https://lore.kernel.org/r/';

describe('messageUrl', () => {
  it('links a real Message-ID under lore by default base, keeping the @', () => {
    expect(messageUrl('20190827143305.1ac826e1@x1.home', lore)).toBe(
      'https://lore.kernel.org/r/20190827143305.1ac826e1@x1.home',
    );
  });

  it('encodes characters that would break the URL or the Markdown link', () => {
    const id = 'ab/c?d#e%f(g)h\'i*j!k+l@example.org';
    const url = messageUrl(id, lore) ?? '';
    expect(url).toBe('https://lore.kernel.org/r/ab%2Fc%3Fd%23e%25f%28g%29h%27i%2Aj%21k%2Bl@example.org');
    expect(decodeURIComponent(url.slice(lore.length))).toBe(id);
    const link = new MarkdownIt().parseInline(`[mail](${url})`, {})[0].children ?? [];
    expect(link.map((t) => t.type)).toEqual(['link_open', 'text', 'link_close']);
    expect(link[0].attrGet('href')).toBe(url);
  });

  it('uses another archive when asked, adding the missing slash', () => {
    expect(messageUrl('x@y', 'https://lore.kernel.org/linux-leds')).toBe('https://lore.kernel.org/linux-leds/x@y');
    expect(messageUrl('x@y', 'https://example.org/msg/')).toBe('https://example.org/msg/x@y');
  });

  it('gives no link for synthetic ids or messages rebuilt from quotes', () => {
    expect(messageUrl('mlreview-3f2a@local', lore)).toBeNull();
    expect(messageUrl('webpage-lkml-2019-8-28-123', lore)).toBeNull();
    expect(messageUrl('no-at-sign', lore)).toBeNull();
    expect(messageUrl('20190827143305.1ac826e1@x1.home', lore, true)).toBeNull();
  });
});

describe('isRealMessageId / encodeMessageId', () => {
  it('knows a Message-ID by its local@domain shape', () => {
    expect(isRealMessageId('cover.1566486156.git.luoben@linux.alibaba.com')).toBe(true);
    expect(isRealMessageId('mlreview-abc@host')).toBe(false);
  });

  it('leaves the characters lore shows in its own links alone', () => {
    expect(encodeMessageId('8721e56f15dbcb1e0a1d8fc645def7b9bc752988.1566486156.git.luoben@linux.alibaba.com')).toBe(
      '8721e56f15dbcb1e0a1d8fc645def7b9bc752988.1566486156.git.luoben@linux.alibaba.com',
    );
  });
});
