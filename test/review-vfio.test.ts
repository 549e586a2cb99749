// The seed case: Ben Luo's vfio irq_update_devid series as real mail, read the way Alex Williamson
// and Ben Luo would check it — every comment under the line it talks about, every turn after it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Patch, Reply, Thread } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { isAcknowledgement } from '../src/review/classify.js';
import { linkReviews } from '../src/review/index.js';
import { sharedPath } from './helpers/shared.js';

const ALEX = 'alex.williamson@redhat.com';
const BEN = 'luoben@linux.alibaba.com';
const FILE = 'drivers/vfio/pci/vfio_pci_intrs.c';
const HUNK = '@@ -284,70 +284,106 @@ static int vfio_msi_enable(struct vfio_pci_device *vdev, int nvec, bool msix)';
const UNREGISTER = '+\t\t\tirq_bypass_unregister_producer(&vdev->ctx[vector].producer);';

// The pipeline links every thread; tests read what it gives.
async function threadsOf(relative: string): Promise<Thread[]> {
  const review = await buildReview([sharedPath(relative)]);
  return review.threads;
}

function patchTitled(threads: Thread[], subject: string): Patch {
  const patch = threads.flatMap((t) => t.patches).find((p) => p.subject.includes(subject));
  if (!patch) throw new Error(`no patch "${subject}"`);
  return patch;
}

/** The conversation as one line per turn, in reading order: "author: first six words". */
function turns(replies: Reply[]): string[] {
  return replies.flatMap((r) => [`${r.author.address}: ${r.text.split(/\s+/).slice(0, 6).join(' ')}`, ...turns(r.replies)]);
}

describe('vfio v4 3/3: Alex Williamson review of 27 Aug 2019', () => {
  let threads: Thread[];
  let comments: Comment[];
  beforeAll(async () => {
    threads = await threadsOf('archives/vfio-irq-update-devid.mbox');
    comments = patchTitled(threads, '[PATCH v4 3/3]').comments;
  });

  it('gives exactly the four comments, all by Alex in his 27-Aug mail, on the intrs.c hunk', () => {
    expect(comments).toHaveLength(4);
    for (const c of comments) {
      expect(c.author.address).toBe(ALEX);
      expect(c.messageId).toBe('20190827143305.1ac826e1@x1.home');
      expect(c.anchor).toMatchObject({ section: 'diff', file: FILE, hunk: HUNK, side: 'new' });
    }
  });

  it('1: the user-visible change, under the new `if (fd >= 0)` block, answered with the QEMU snippet', () => {
    const c = comments[0]!;
    expect(c.text).toMatch(/^I think this is a user visible change\./);
    expect(c.text).toMatch(/do you see some justification for the change\?$/);
    expect(c.anchor.line).toBe(298);
    expect(c.anchor.text).toBe('+\t}');
    expect(c.anchor.quote).toEqual(expect.arrayContaining(['+\tif (fd >= 0) {', '+\t\ttrigger = eventfd_ctx_fdget(fd);', '+\t}']));
    expect(c.anchor.quote.at(-1)).toBe('+\t}');
    const answer = c.replies[0]!;
    expect(answer.author.address).toBe(BEN);
    expect(answer.messageId).toBe('429ae9ed-de9d-f8de-de65-a41c3a0c501d@linux.alibaba.com');
    expect(answer.text).toMatch(/^Thanks for your comments, this reminds me/);
    // The QEMU code Ben pasted is part of his answer, not a patch quote.
    expect(answer.text).toContain('error_report("vfio: failed to modify vector, %d", ret);');
    expect(answer.text).toMatch(/For masking vector case, the 'fd' should be -1, and the interrupt will ?\n?be freed as before this patch\.$/);
    expect(isAcknowledgement(answer.text)).toBe(false);
  });

  it("2 and 3: one Alex block cut in two by Ben's answers, at the first `irq_bypass_unregister_producer`", () => {
    const [, leak, why] = comments;
    expect(leak!.text).toBe('I think we leak the fd context we acquired above in this case.');
    expect(why!.text).toBe("Why do we do anything in this case, couldn't we just 'put' the extra ctx\nand return 0 here?");
    for (const c of [leak!, why!]) {
      expect(c.anchor.line).toBe(315);
      expect(c.anchor.text).toBe(UNREGISTER);
      // Chosen by the quoted context (the `trigger == trigger` branch), not the first occurrence.
      expect(c.anchor.quote).toContain('+\t\tif (vdev->ctx[vector].trigger == trigger) {');
    }
    expect(leak!.status).toBe('acknowledged');
    expect(leak!.replies.map((r) => r.text)).toEqual(['Thanks for pointing it out, I will fix this in next version.']);
    expect(leak!.statusReason).toMatchObject({ why: 'the author agreed', sentence: 'Thanks for pointing it out, I will fix this in next version.', role: 'author' });
    // Alex's last word on it (29 Aug): "Aha, this is the key piece of information I was missing.
    // Please add a comment …": a request Ben has not answered in this thread — open until v5.
    expect(why!.status).toBe('open');
    expect(why!.statusReason.why).toBe('the reviewer asked again');
    expect(why!.statusReason.sentence).toMatch(/^Please add a comment that even if the trigger is unchanged/);
    expect(why!.replies).toHaveLength(1);
    expect(why!.replies[0]!.text).toMatch(/^Sorry for confusing and I do this for a reason/);
    expect(why!.replies[0]!.text).toMatch(/since hypervisor is bypassed\.$/);
  });

  it('4: the ordering question, under the unregister that follows irq_update_devid(), answered', () => {
    const c = comments[3]!;
    expect(c.text).toBe("Can you explain this ordering, I would have expected that we'd\nunregister the bypass before we updated the devid.");
    expect(c.anchor.line).toBe(326);
    expect(c.anchor.text).toBe(UNREGISTER);
    expect(c.anchor.quote).toContain('+\t\t\tret = irq_update_devid(irq,');
    const answer = c.replies[0]!;
    expect(answer.text).toMatch(/^Actually, I have explained this in comments above/);
    // Ben's sign-off is not part of the answer.
    expect(answer.text).toMatch(/pairing them togather\.$/);
    expect(isAcknowledgement(answer.text)).toBe(false);
  });

  it('continues every conversation through the two mails only quoted in the 29-Aug mail, in order', () => {
    const [visible, leak, why, ordering] = comments;
    expect(turns(visible!.replies)).toEqual([
      `${BEN}: Thanks for your comments, this reminds`,
      `${ALEX}: QEMU doesn't really have an opportunity`,
      `${BEN}: I totally agree with you that`,
    ]);
    expect(turns(leak!.replies)).toHaveLength(1);
    expect(turns(why!.replies)).toEqual([
      `${BEN}: Sorry for confusing and I do`,
      `${ALEX}: This is only explaining what the`,
      `${BEN}: Sorry, I think it cannot be`,
      `${ALEX}: Aha, this is the key piece`,
    ]);
    expect(turns(ordering!.replies)).toEqual([
      `${BEN}: Actually, I have explained this in`,
      `${ALEX}: The bypass is not a guaranteed`,
      `${BEN}: Thanks, now I see it is`,
    ]);
    // Ben's last turn promises the change: the conversation ends acknowledged.
    expect(ordering!.status).toBe('acknowledged');
    expect(visible!.status).toBe('acknowledged');
    const benLast = ordering!.replies[0]!.replies[0]!.replies[0]!;
    expect(benLast.text).toBe('Thanks, now I see it is better to unregister the bypass before update\nthe devid, will change ordering in next version.');
    expect(benLast.messageId).toBe('b260e7ff-e5fe-8911-cb43-fc010d6b1195@linux.alibaba.com');
    const aha = why!.replies[0]!.replies[0]!.replies[0]!.replies[0]!;
    expect(aha.messageId).toBe('20190829074842.0f02b5df@x1.home');
    expect(aha.text).toMatch(/to allow affinity changes in the guest to be realized\.$/);
  });

  it('adds the two missing mails to the thread, rebuilt from the quotes, with authors and dates', () => {
    const thread = threads.find((t) => t.patches.some((p) => p.subject.includes('[PATCH v4 3/3]')))!;
    const byId = new Map(thread.messages.map((m) => [m.message.id, m]));
    const alex28 = byId.get('20190828112331.7178af1a@x1.home')!;
    const ben29 = byId.get('b260e7ff-e5fe-8911-cb43-fc010d6b1195@linux.alibaba.com')!;
    expect(alex28.message).toMatchObject({ reconstructed: true, from: { name: 'Alex Williamson', address: ALEX } });
    // "在 2019/8/29 上午1:23" in Ben's +0800 clock (his mail is "Thu, 29 Aug 2019 13:40:59 +0800").
    expect(alex28.message.date).toBe('2019-08-28T17:23:00.000Z');
    expect(ben29.message).toMatchObject({ reconstructed: true, from: { name: 'Ben Luo', address: BEN } });
    expect(ben29.message.date).toBe('2019-08-29T05:40:59.000Z');
    expect(alex28.parent).toBe('429ae9ed-de9d-f8de-de65-a41c3a0c501d@linux.alibaba.com');
    expect(ben29.parent).toBe(alex28.message.id);
    expect(byId.get('20190829074842.0f02b5df@x1.home')!.parent).toBe(ben29.message.id);
    expect(ben29.depth).toBe(alex28.depth + 1);
    const order = thread.messages.map((m) => m.message.id);
    expect(order.indexOf(alex28.message.id)).toBeLessThan(order.indexOf(ben29.message.id));
  });

  it('gives the same review when linked a second time (no mail rebuilt twice, no comment doubled)', () => {
    const thread = threads.find((t) => t.patches.some((p) => p.subject.includes('[PATCH v4 3/3]')))!;
    // What the versions stage adds after linking (src/versions) is not the linker's to give again.
    const linked = (t: Thread) => JSON.stringify(t, (key, value: unknown) => (key === 'nextVersion' || key === 'versions' ? undefined : value));
    const before = linked(thread);
    expect(linked(linkReviews(thread))).toBe(before);
  });

  it('gives the same four comments and conversations from the vfio-series copy of the whole v4 series', async () => {
    const series = await threadsOf('archives/vfio-series/lkml-benluo-v4-series-and-review.mbox');
    const again = patchTitled(series, '[PATCH v4 3/3]').comments;
    const view = (list: Comment[]): unknown => list.map((c) => [c.anchor.line, c.text, c.status, turns(c.replies)]);
    expect(view(again)).toEqual(view(comments));
    // The other parts of the series got no review in this archive.
    expect(series.flatMap((t) => t.patches).filter((p) => p.comments.length).map((p) => p.part)).toEqual([3]);
  });

  it('gives no trailer from the replies (none is given)', () => {
    const patch = patchTitled(threads, '[PATCH v4 3/3]');
    expect(patch.trailers.filter((t) => t.from !== patch.messageId)).toEqual([]);
  });
});

describe("vfio v5 3/3: Ben's GBK answer to a review the archive lacks", () => {
  let threads: Thread[];
  beforeAll(async () => {
    threads = await threadsOf('archives/vfio-irq-update-devid.mbox');
  });

  it("rebuilds Alex Williamson's v5 comments from the `> ` quotes, anchored, each with Ben's answer", () => {
    const comments = patchTitled(threads, '[PATCH v5 3/3]').comments;
    // The archive holds no mail from Alex in this thread, and Message carries no To: header, so the
    // rebuilt review knows his name (from "Alex Williamson 写道:") but not his address.
    expect(comments.map((c) => [c.author.name, c.anchor.line, c.anchor.text, c.text.slice(0, 45), c.status])).toEqual([
      ['Alex Williamson', 300, '+\t\t\t\t fd, vector);', 'I think a user could trigger this maliciously', 'acknowledged'],
      ['Alex Williamson', 309, "+\t * 'trigger' is a new invalid one, update it to irqaction and other", 's/invalid/valid/', 'acknowledged'],
    ]);
    expect(comments.map((c) => c.messageId)).toEqual(['20190830140616.090954b7@x1.home', '20190830140616.090954b7@x1.home']);
    expect(comments.map((c) => c.replies.map((r) => [r.author.address, r.text]))).toEqual([
      [[BEN, 'Ah, you are right, I will remove this log in next version']],
      [[BEN, 'sorry for typo :)']],
    ]);
    expect(comments[1]!.kind).toBe('nit');
  });

  it('adds the missing review as a rebuilt message by Alex, under the v5 patch', () => {
    const thread = threads.find((t) => t.patches.some((p) => p.subject.includes('[PATCH v5 3/3]')))!;
    const review = thread.messages.find((m) => m.message.id === '20190830140616.090954b7@x1.home')!;
    expect(review.message.reconstructed).toBe(true);
    expect(review.message.from.name).toBe('Alex Williamson');
    // "在 2019/8/31 上午4:06" names no zone and Message keeps no zone for Ben's mail: the day and
    // the order are right (before Ben's answer of 04:38:49Z), the hour may be off by his +0800.
    expect(review.message.date!.slice(0, 10)).toMatch(/^2019-08-3[01]$/);
    expect(review.message.date! < '2019-08-31T04:38:49.000Z').toBe(true);
    expect(review.parent).toBe('9a8b3fc5d82c3c46feb0de673fbe898cfd884d63.1567151182.git.luoben@linux.alibaba.com');
  });

  it('gives the same comments when the review itself is in the archive', async () => {
    const full = await threadsOf('archives/vfio-series/lkml-benluo-v5-3of3-and-review.mbox');
    const comments = patchTitled(full, '[PATCH v5 3/3]').comments;
    expect(comments.map((c) => [c.anchor.line, c.text.slice(0, 20), c.replies[0]?.text.slice(0, 20), c.confidence])).toEqual([
      [300, 'I think a user could', 'Ah, you are right, I', 1],
      [309, 's/invalid/valid/', 'sorry for typo :)', 1],
    ]);
    expect(full.flatMap((t) => t.messages).some((m) => m.message.reconstructed)).toBe(false);
  });
});

describe('vfio v3 2/3: the patch is missing, only tglx review quotes it', () => {
  let threads: Thread[];
  beforeAll(async () => {
    threads = await threadsOf('archives/vfio-series/lkml-benluo-v3-2of3-tglx-review.mbox');
  });

  it('rebuilds the patch from the quotes: subject, author, file and hunk header as quoted', () => {
    const patch = patchTitled(threads, '[PATCH v3 2/3] genirq: introduce update_irq_devid()');
    expect(patch).toMatchObject({ reconstructed: true, version: 3, part: 2, total: 3 });
    expect(patch.messageId).toBe('6343a7e34ffdd0ddcd730996fc5dad3024e42251.1565857737.git.luoben@linux.alibaba.com');
    expect(patch.author).toEqual({ name: 'Ben Luo', address: BEN });
    expect(patch.commitMessage).toMatch(/^Sometimes, only the dev_id field of irqaction need to be changed\./);
    expect(patch.files.map((f) => [f.newPath, f.hunks.map((h) => h.header)])).toEqual([
      ['kernel/irq/manage.c', ['@@ -2064,6 +2064,84 @@ int request_threaded_irq(unsigned int irq, irq_handler_t handler,']],
    ]);
    const entry = threads.flatMap((t) => t.messages).find((m) => m.message.id === patch.messageId)!;
    expect(entry.message.reconstructed).toBe(true);
  });

  it('anchors on the rebuilt lines, with a number only where the quote is unbroken from the hunk header', () => {
    const comments = patchTitled(threads, '[PATCH v3 2/3]').comments;
    const rename = comments.find((c) => c.text.startsWith('Can you please name this: irq_update_devid()'))!;
    expect(rename.anchor).toMatchObject({ section: 'diff', file: 'kernel/irq/manage.c', side: 'new', line: 2067, text: '+ *\tupdate_irq_devid - update irq dev_id to a new one' });
    expect(rename.status).toBe('acknowledged');
    // tglx quotes 74 of the hunk's 84 lines: after his first comment nobody can tell where the cut was.
    const busLock = comments.find((c) => c.text.startsWith('This does not need to take bus lock.'))!;
    expect(busLock.anchor).toMatchObject({ file: 'kernel/irq/manage.c', side: 'new', line: null, text: '+\tchip_bus_lock(desc);' });
    const changelog = comments.find((c) => c.text.startsWith('s/irq num/interrupt number/'))!;
    expect(changelog.anchor).toMatchObject({ section: 'commit-message', line: 4, text: 'share the same irq num and handler for the same vector of a device,' });
    expect(changelog.kind).toBe('nit');
  });
});
