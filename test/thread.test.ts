// Threads and series as a maintainer sees them, on real archives.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Message } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { threadMessages } from '../src/thread/jwz.js';
import { parseSubject } from '../src/thread/subject.js';
import { sharedPath } from './helpers/shared.js';

describe('subject tags', () => {
  it.each([
    ['[PATCH v4 3/3] vfio/pci: make use of irq_update_devid', { version: 4, part: 3, total: 3, isPatch: true, title: 'vfio/pci: make use of irq_update_devid' }],
    ['[PATCH net-next v2 01/12] net: dsa: foo', { version: 2, part: 1, total: 12, isPatch: true, title: 'net: dsa: foo' }],
    ['[RFC PATCH] mm: bar', { version: 1, part: null, isRfc: true, isPatch: true, title: 'mm: bar' }],
    ['[PATCH RESEND] leds: baz', { isResend: true, isPatch: true, title: 'leds: baz' }],
    ['Re: [PATCH v4 3/3] x', { isReply: true, version: 4, part: 3, title: 'x' }],
    ['RE: Re: AW: [PATCH] y', { isReply: true, isPatch: true, title: 'y' }],
    ['[PATCHv3 2/5] z', { version: 3, part: 2, total: 5, isPatch: true }],
    ['[PATCH 1 of 2] contrib: hg', { part: 1, total: 2, isPatch: true }],
    ['[net,v2,1/2] net: ieee802154: fix', { version: 2, part: 1, total: 2, isPatch: true }],
    ['[Buildroot] [PATCH 01/11] package: rename', { part: 1, total: 11, isPatch: true, title: 'package: rename' }],
    ['Linux 5.4-rc1', { isPatch: false, isReply: false, title: 'Linux 5.4-rc1' }],
  ])('%s', (subject, expected) => {
    expect(parseSubject(subject)).toMatchObject(expected);
  });
});

describe('threading real archives', () => {
  it('builds the vfio thread: v4 series with the review conversation, v5 apart', async () => {
    const review = await buildReview([sharedPath('archives/vfio-irq-update-devid.mbox')]);
    expect(review.threads).toHaveLength(2);
    const [v4, v5] = review.threads;
    expect(v4!.root).toBe('cover.1566486156.git.luoben@linux.alibaba.com');
    const shape = v4!.messages.map((m) => `${'  '.repeat(m.depth)}${m.message.from.name}${m.message.reconstructed ? ' (rebuilt from quotes)' : ''}`);
    expect(shape).toEqual([
      'Ben Luo', // 0/3
      '  Ben Luo', // 3/3
      '    Alex Williamson', // review of 27 Aug
      '      Ben Luo', // answer of 28 Aug
      // Alex's mail of 29 Aug answers through two mails the archive lacks (its References name
      // them); the review linking rebuilds them from its quotes, in their place.
      '        Alex Williamson (rebuilt from quotes)',
      '          Ben Luo (rebuilt from quotes)',
      '            Alex Williamson',
    ]);
    expect(v4!.messages[5]!.message.id).toBe('b260e7ff-e5fe-8911-cb43-fc010d6b1195@linux.alibaba.com');
    expect(v4!.series).toMatchObject([{ version: 4, cover: v4!.root, total: 3, otherVersions: [5] }]);
    expect(v5!.series).toMatchObject([{ version: 5, cover: null, otherVersions: [4] }]);
  });

  it('groups Patchwork series cases the way a maintainer sees them', async () => {
    const series = async (name: string) => {
      const review = await buildReview([sharedPath(`archives/patchwork/series/${name}.mbox`)]);
      return review.threads.flatMap((t) => t.series.map((s) => `v${s.version}:${s.cover ? 'cover+' : ''}${s.patches.length}/${s.total ?? '-'}`));
    };
    expect(await series('base-cover-letter')).toEqual(['v1:cover+2/2']);
    expect(await series('base-out-of-order')).toEqual(['v1:cover+2/2']);
    expect(await series('base-no-cover-letter')).toEqual(['v1:2/2']);
    // Posted without References: still one series.
    expect(await series('base-no-references')).toEqual(['v2:2/2']);
    expect(await series('base-no-references-no-cover')).toEqual(['v1:cover+2/2']);
    // "[PATCH net-next v3 0/4]" then "[PATCH 1/4]"…: the parts are v3.
    expect(await series('base-different-versions')).toEqual(['v3:cover+4/4']);
    // Versions apart, even when v2 is threaded to v1's cover letter.
    expect(await series('revision-basic')).toEqual(['v1:cover+2/2', 'v2:cover+2/2']);
    expect(await series('revision-threaded-to-cover')).toEqual(['v1:cover+2/2', 'v2:cover+2/2']);
    // The same unversioned series posted twice is two series, not 4 of 2.
    expect(await series('bugs-nocover-noversion')).toEqual(['v1:2/2', 'v1:2/2']);
    expect(await series('mercurial-cover-letter')).toEqual(['v1:cover+2/2']);
    expect(await series('base-single-patch')).toEqual(['v1:1/-']);
  });

  it('knows which versions of the lookup-table series the archive holds', async () => {
    const review = await buildReview([
      sharedPath('archives/leds-threads/leds-lookup-table-int3472-v3.mbox'),
      sharedPath('archives/leds-threads/leds-lookup-table-int3472-v4.mbox'),
    ]);
    const series = review.threads.flatMap((t) => t.series);
    expect(series.map((s) => [s.version, s.patches.length, s.otherVersions])).toEqual([
      [3, 11, [4]],
      [4, 11, [3]],
    ]);
    expect(series[1]!.title).toBe('leds: lookup-table support + int3472/media privacy LED support');
  });

  it('keeps a duplicated Message-ID once and lists the copy as a problem', async () => {
    const review = await buildReview([sharedPath('archives/notmuch-lkml-2010')]);
    const ids = review.threads.flatMap((t) => t.messages.map((m) => m.message.id));
    expect(new Set(ids).size).toBe(ids.length);
    // Mails rebuilt from quotes are the model's additions, not mails read from the Maildir.
    const read = review.threads.flatMap((t) => t.messages.filter((m) => !m.message.reconstructed));
    const duplicates = review.sources[0]!.problems.filter((p) => /duplicate Message-ID/.test(p.reason));
    expect(read.length + duplicates.length).toBe(210);
  });
});

describe('JWZ threader (property)', () => {
  const message = (id: string, references: string[], subject = 'x', date = '2020-01-01T00:00:00.000Z'): Message => ({
    id,
    subject,
    from: { name: 'A', address: 'a@example.org' },
    date,
    inReplyTo: references.at(-1) ?? null,
    references,
    body: '',
    origin: { path: 'generated', where: id },
  });

  it('loses and duplicates no message, whatever the references (cycles, self-references, ghosts)', () => {
    const id = fc.integer({ min: 0, max: 12 }).map((n) => `m${n}@x`);
    const mail = fc.record({ id, refs: fc.array(id, { maxLength: 6 }) });
    fc.assert(
      fc.property(fc.array(mail, { maxLength: 25 }), (mails) => {
        const messages = mails.map((m) => message(m.id, m.refs.filter((r) => r !== m.id)));
        const { roots, problems } = threadMessages(messages);
        const seen: string[] = [];
        const stack = [...roots];
        let visited = 0;
        while (stack.length) {
          const c = stack.pop()!;
          if (++visited > 10_000) throw new Error('cycle in the thread tree');
          if (c.message) seen.push(c.message.id);
          stack.push(...c.children);
        }
        const unique = new Set(messages.map((m) => m.id));
        expect(seen.sort()).toEqual([...unique].sort());
        expect(problems).toHaveLength(messages.length - unique.size);
      }),
      { numRuns: 500 },
    );
  });

  it('survives a 1,000-deep References chain', () => {
    const chain = Array.from({ length: 1000 }, (_, i) => `deep${i}@x`);
    const messages = [message('leaf@x', chain)];
    const { roots } = threadMessages(messages);
    expect(roots).toHaveLength(1);
    expect(roots[0]!.message!.id).toBe('leaf@x');
  });

  it('attaches a reply that lost its headers to the thread of its subject', () => {
    const root = message('root@x', [], '[PATCH] leds: fix', '2020-01-01T00:00:00.000Z');
    const lost = message('lost@x', [], 'Re: [PATCH] leds: fix', '2020-01-02T00:00:00.000Z');
    const { roots } = threadMessages([root, lost]);
    expect(roots).toHaveLength(1);
    expect(roots[0]!.children.map((c) => c.id)).toEqual(['lost@x']);
  });
});
