// End to end through threading, patch parsing and review linking: the seed read alone gives the same
// four comments, anchors and answers as Ben Luo's real mail in the mbox.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Comment, Message, Patch } from '../src/model.js';
import { readSources } from '../src/ingest/index.js';
import { recoverQuotes } from '../src/ingest/requote.js';
import { readWebPage } from '../src/ingest/webpage.js';
import { reviewFromSources } from '../src/pipeline.js';
import { sharedPath } from './helpers/shared.js';

const PATCH_SUBJECT = '[PATCH v4 3/3] vfio/pci: make use of irq_update_devid and optimize irq ops';

function v4Patch(messages: Message[], path: string): Patch {
  const review = reviewFromSources([{ path, format: 'web-page', messages, problems: [] }]);
  const patches = review.threads.flatMap((t) => t.patches).filter((p) => p.subject === PATCH_SUBJECT);
  expect(patches).toHaveLength(1);
  return patches[0]!;
}

/** What a reviewer compares: who, where, what, and who answered what — whitespace aside. */
function summary(c: Comment): object {
  const squeeze = (s: string | null): string => (s ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
  return {
    author: c.author.name,
    file: c.anchor.file,
    hunk: c.anchor.hunk,
    under: squeeze(c.anchor.text),
    text: squeeze(c.text).slice(0, 60),
    answers: c.replies.map((r) => `${r.author.name}: ${squeeze(r.text).slice(0, 40)}`),
  };
}

describe('seed alone and real mail give the same review', () => {
  const seedPath = sharedPath('seed/vfio-irq-update-devid-v4-3-reply.txt');
  const seed = v4Patch(recoverQuotes(readWebPage(seedPath, readFileSync(seedPath)).messages), seedPath);

  test('the seed alone: four comments by Alex Williamson, answered by Ben Luo, marked as rebuilt', () => {
    expect(seed.comments.map((c) => c.author.name)).toEqual(['Alex Williamson', 'Alex Williamson', 'Alex Williamson', 'Alex Williamson']);
    const [first, leak, why, ordering] = seed.comments.map(summary) as Array<Record<string, unknown>>;
    expect(first).toMatchObject({ file: 'drivers/vfio/pci/vfio_pci_intrs.c', hunk: expect.stringMatching(/^@@ -284,70 \+284,106 @@/), under: '+ }' });
    expect(first!.text).toMatch(/^I think this is a user visible change/);
    expect((first!.answers as string[])[0]).toMatch(/^Ben Luo: Thanks for your comments/);
    expect(leak).toMatchObject({ under: '+ irq_bypass_unregister_producer(&vdev->ctx[vector].producer);' });
    expect(leak!.text).toMatch(/^I think we leak the fd context/);
    expect((leak!.answers as string[])[0]).toMatch(/^Ben Luo: Thanks for pointing it out, I will fix/);
    expect(why!.text).toMatch(/^Why do we do anything in this case/);
    expect((why!.answers as string[])[0]).toMatch(/^Ben Luo: Sorry for confusing/);
    expect(ordering!.text).toMatch(/^Can you explain this ordering/);
    expect((ordering!.answers as string[])[0]).toMatch(/^Ben Luo: Actually, I have explained this/);
    expect(leak!.under).toBe(why!.under);
    expect(seed.comments.every((c) => c.quoteRecovered === true && typeof c.confidence === 'number')).toBe(true);
    // Comment 1's answer includes the QEMU code Ben pasted.
    expect(seed.comments[0]!.replies[0]!.text).toContain('VFIO_DEVICE_SET_IRQS, irq_set);');
    expect(seed.comments[1]!.status).toBe('acknowledged');
  });

  test('the mbox alone gives the same comments, anchors and answers', async () => {
    const mboxPath = sharedPath('archives/vfio-irq-update-devid.mbox');
    const mbox = (await readSources(mboxPath)).flatMap((r) => r.messages);
    const real = v4Patch(mbox, mboxPath);
    expect(real.comments.map(summary)).toEqual(seed.comments.map(summary));
  });
});

describe('a page mixed into an archive with mbox files', () => {
  test('the page’s message joins the thread of the mails it quotes', async () => {
    const mboxPath = sharedPath('archives/vfio-irq-update-devid.mbox');
    const mbox = (await readSources(mboxPath)).flatMap((r) => r.messages).filter((m) => m.id !== '429ae9ed-de9d-f8de-de65-a41c3a0c501d@linux.alibaba.com');
    const seedPath = sharedPath('seed/vfio-irq-update-devid-v4-3-reply.txt');
    const page = readWebPage(seedPath, readFileSync(seedPath)).messages;
    const review = reviewFromSources([
      { path: mboxPath, format: 'mbox', messages: mbox, problems: [] },
      { path: seedPath, format: 'web-page', messages: recoverQuotes([...mbox, ...page]).filter((m) => m.origin.path === seedPath), problems: [] },
    ]);
    const thread = review.threads.find((t) => t.messages.some((tm) => tm.message.id === '20190827143305.1ac826e1@x1.home'))!;
    const entry = thread.messages.find((tm) => tm.message.origin.path === seedPath)!;
    expect(entry.parent).toBe('20190827143305.1ac826e1@x1.home');
    // The patch and the review it quotes are in the mbox: nothing is rebuilt from the page.
    expect(thread.messages.filter((tm) => tm.message.reconstructed && tm.message.origin.path === seedPath)).toEqual([]);
  });
});
