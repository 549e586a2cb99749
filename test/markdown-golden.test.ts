// The Markdown export of real reviews, compared byte for byte with goldens that were read line by
// line against the mail (test/golden/*.md), plus the structure a reader relies on, parsed with
// markdown-it. After a deliberate change, regenerate with MLREVIEW_UPDATE_GOLDEN=1 and read the diff.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/export/markdown.js';
import type { Comment, Review } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { repoRoot, sharedPath } from './helpers/shared.js';

const md = new MarkdownIt({ html: true });

function golden(name: string, actual: string): string {
  const path = join(repoRoot, 'test', 'golden', `${name}.md`);
  if (process.env.MLREVIEW_UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  return readFileSync(path, 'utf8');
}

function allComments(review: Review): Comment[] {
  return review.threads.flatMap((t) => [
    ...t.series.flatMap((s) => s.comments),
    ...t.patches.flatMap((p) => p.comments),
  ]);
}

/** The fence and the first block quote that follow the heading whose text is `heading`. */
function underHeading(tokens: Token[], heading: string): { fence: Token | undefined; quote: string } {
  const at = tokens.findIndex((t, i) => t.type === 'inline' && t.content === heading && tokens[i - 1]?.type === 'heading_open');
  expect(at, `heading ${heading}`).toBeGreaterThan(0);
  const next = tokens.findIndex((t, i) => i > at && t.type === 'heading_open');
  const section = tokens.slice(at, next < 0 ? undefined : next);
  const quoteAt = section.findIndex((t) => t.type === 'blockquote_open');
  return { fence: section.find((t) => t.type === 'fence'), quote: quoteAt < 0 ? '' : section[quoteAt + 2].content };
}

describe('Markdown export of the vfio irq_update_devid review (v4 3/3 and v5 3/3)', () => {
  let review: Review;
  let out: string;
  let tokens: Token[];
  beforeAll(async () => {
    review = await buildReview([sharedPath('archives/vfio-irq-update-devid.mbox')]);
    out = renderMarkdown(review);
    tokens = md.parse(out, {});
  });

  it('is the golden document, byte for byte', () => {
    expect(out).toBe(golden('vfio-irq-update-devid', out));
  });

  it('has one title per series version', () => {
    const titles = tokens.filter((t, i) => tokens[i - 1]?.tag === 'h1' && t.type === 'inline').map((t) => t.content);
    expect(titles).toEqual([
      'genirq/vfio: Introduce irq_update_devid() and optimize VFIO irq ops (v4)',
      'vfio/pci: make use of irq_update_devid and optimize irq ops (v5)',
    ]);
  });

  it("shows Alex's leak comment under its line, with the diff excerpt it is about", () => {
    const { fence, quote } = underHeading(tokens, '`drivers/vfio/pci/vfio_pci_intrs.c:315`');
    expect(fence?.info).toBe('diff');
    expect(fence?.content).toContain('+\t\t\tirq_bypass_unregister_producer(&vdev->ctx[vector].producer);');
    expect(quote).toBe('I think we leak the fd context we acquired above in this case.');
  });

  it('shows every comment once and links every message the archive holds, none that it does not', () => {
    const html = md.render(out);
    expect([...html.matchAll(/<a id="(comment-\d+)" name="\1"><\/a>/g)]).toHaveLength(allComments(review).length);
    const held = new Set(review.threads.flatMap((t) => t.messages.filter((m) => !m.message.reconstructed).map((m) => m.message.id)));
    const linked = [...html.matchAll(/href="https:\/\/lore\.kernel\.org\/r\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]));
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.filter((id) => !held.has(id))).toEqual([]);
    // Alex's replies of 28 Aug and Ben's of 29 Aug are known only from quotes in a later mail.
    expect(out).toContain('*rebuilt from quotes, not in the archive*');
  });
});

describe('Markdown export of the EL15203000 LED driver review (linux-leds, v5)', () => {
  let review: Review;
  let out: string;
  let tokens: Token[];
  beforeAll(async () => {
    review = await buildReview([sharedPath('archives/leds-threads/dt-bindings-add-docs-for-el15203000.mbox')]);
    out = renderMarkdown(review);
    tokens = md.parse(out, {});
  });

  it('is the golden document, byte for byte', () => {
    expect(out).toBe(golden('leds-el15203000', out));
  });

  it('lists the open comments first, in document order, without the acks nobody had to answer', () => {
    const open = allComments(review).filter((c) => c.status === 'open' && c.kind !== 'ack');
    expect(allComments(review).filter((c) => c.status === 'open' && c.kind === 'ack').map((c) => c.text)).toEqual(['Nice!']);
    const html = md.render(out);
    const list = html.slice(html.indexOf('<h2>Open items</h2>'), html.indexOf('<h2>Patch 1/2'));
    expect([...list.matchAll(/<li><a href="#comment-\d+">/g)]).toHaveLength(open.length);
    const ids = [...list.matchAll(/href="#(comment-\d+)"/g)].map((m) => Number(m[1].slice(8)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(list).not.toContain('Nice!');
    expect(out).toContain('| Acks without reply | 1 |');
  });

  it("shows Jacek's repeat comment under the line it is about, with the answers under it", () => {
    const { fence, quote } = underHeading(tokens, '`drivers/leds/leds-el15203000.c:199`');
    expect(fence?.content).toContain('+\tif (repeat > 0)\n');
    expect(quote).toContain('This is wrong. Repeat has to be -1 or > 0.');
  });
});

describe('Markdown export of the seed (Ben Luo\'s reply copied from a web archive, markers lost)', () => {
  let out: string;
  let tokens: Token[];
  beforeAll(async () => {
    out = renderMarkdown(await buildReview([sharedPath('seed/vfio-irq-update-devid-v4-3-reply.txt')]));
    tokens = md.parse(out, {});
  });

  it('is the golden document, byte for byte', () => {
    expect(out).toBe(golden('seed-vfio-irq-update-devid-v4-3-reply', out));
  });

  it('says the patch and the review were rebuilt, and links nowhere: the page kept no Message-ID', () => {
    expect(out).toMatch(/^\*\*Ben Luo\*\* · 2019-08-22 15:34 UTC · \*rebuilt from quotes, not in the archive\*/m);
    expect(out.match(/\*quote markers rebuilt from a web page\*/g)?.length).toBeGreaterThanOrEqual(4);
    expect(md.render(out)).not.toContain('href="https://');
  });

  it("shows Alex's leak comment under the lines he quoted, the line number being unknown", () => {
    const quoteAt = tokens.findIndex(
      (t, i) => t.type === 'inline' && t.content === 'I think we leak the fd context we acquired above in this case.' && tokens[i - 2]?.type === 'blockquote_open',
    );
    expect(quoteAt).toBeGreaterThan(0);
    const before = tokens.slice(0, quoteAt);
    const headingAt = before.map((t) => t.type).lastIndexOf('heading_open');
    expect(before[headingAt + 1].content).toBe('`drivers/vfio/pci/vfio_pci_intrs.c` (line number unknown)');
    const fence = before.filter((t) => t.type === 'fence').pop();
    expect(fence?.content.trimEnd().split('\n').pop()).toBe('+ irq_bypass_unregister_producer(&vdev->ctx[vector].producer);');
  });
});
