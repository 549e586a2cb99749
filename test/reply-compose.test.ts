// Composing a reply on the real vfio thread: who it goes to, what it quotes, how the draft reads
// back from the editor, and To/Cc read from real headers (encoded words, groups, folded lines).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMail } from '../src/ingest/decode.js';
import { recipientsOf } from '../src/ingest/recipients.js';
import type { Person, Review } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { composeReply, ReplyError } from '../src/reply/compose.js';
import { replyAll } from '../src/reply/draft.js';
import { draftToText, parseDraftText, textLineOf } from '../src/reply/draft-text.js';
import { findTarget, threadHolding } from '../src/reply/find.js';
import { identityOf, IdentityError } from '../src/reply/identity.js';
import { sharedPath } from './helpers/shared.js';

const VFIO = sharedPath('archives/vfio-irq-update-devid.mbox');
const V4_3 = '8721e56f15dbcb1e0a1d8fc645def7b9bc752988.1566486156.git.luoben@linux.alibaba.com';
const BEN_ANSWER = '429ae9ed-de9d-f8de-de65-a41c3a0c501d@linux.alibaba.com';
const me: Person = { name: 'Zoë Tester', address: 'zoe@example.org' };
let review: Review | null = null;
const vfio = async (): Promise<Review> => (review ??= await buildReview([VFIO]));

describe('composing a reply on the vfio thread', () => {
  it('reads To and Cc of every mail, so a reply goes to all of them', async () => {
    const thread = threadHolding((await vfio()).threads, V4_3);
    const patch = thread.messages.find((m) => m.message.id === V4_3)!.message;
    expect(recipientsOf(patch).to).toEqual([{ name: '', address: 'tglx@linutronix.de' }, { name: '', address: 'alex.williamson@redhat.com' }]);
    expect(recipientsOf(patch).cc.map((p) => p.address)).toContain('linux-kernel@vger.kernel.org');
  });

  it('answers a whole mail that holds several turns when no line is named, quoting all of it', async () => {
    const thread = threadHolding((await vfio()).threads, BEN_ANSWER);
    // Ben answered each of Alex's comments in one mail.
    const answered = thread.patches.flatMap((p) => p.comments).filter((c) => c.replies.some((r) => r.messageId === BEN_ANSWER));
    expect(answered.length).toBeGreaterThan(1);
    const target = findTarget(thread, BEN_ANSWER, null);
    expect(target).toEqual({ kind: 'mail', messageId: BEN_ANSWER });
    const { draft } = composeReply(thread, target, me);
    expect(draft.to).toEqual([{ name: 'Ben Luo', address: 'luoben@linux.alibaba.com' }]);
    expect(draft.body).toMatch(/^On Wed, 28 Aug 2019 10:08:02 \+0000, Ben Luo wrote:\n>/);
    for (const c of answered) expect(draft.body).toContain(`> ${c.replies.find((r) => r.messageId === BEN_ANSWER)!.text.split('\n')[0]}`);
  });

  it('answers one turn when the line is named, quoting the comment end (>>) and the turn (>)', async () => {
    const thread = threadHolding((await vfio()).threads, BEN_ANSWER);
    const comment = thread.patches.flatMap((p) => p.comments).find((c) => c.replies.some((r) => r.messageId === BEN_ANSWER))!;
    const target = findTarget(thread, BEN_ANSWER, { file: comment.anchor.file!, line: comment.anchor.line! });
    expect(target.kind).toBe('turn');
    const { draft, cursorLine } = composeReply(thread, target, me);
    const lines = draft.body.split('\n');
    const turn = comment.replies.find((r) => r.messageId === BEN_ANSWER)!;
    expect(lines).toContain(`>> ${comment.text.trimEnd().split('\n').at(-1)}`);
    expect(lines).toContain(`> ${turn.text.split('\n')[0]}`);
    expect(lines[cursorLine]).toBe('');
    expect(lines[cursorLine - 1]).toBe('');
    expect(draft.subject).toBe('Re: [PATCH v4 3/3] vfio/pci: make use of irq_update_devid and optimize irq ops');
    expect(draft.references.at(-1)).toBe(BEN_ANSWER);
  });

  it('refuses a line that is not in the patch, and a patch without a line, naming what is wrong', async () => {
    const thread = threadHolding((await vfio()).threads, V4_3);
    expect(() => findTarget(thread, V4_3, null)).toThrow(/is a patch: say which line to answer with --line FILE:N/);
    expect(() => findTarget(thread, V4_3, { file: 'drivers/vfio/pci/vfio_pci_intrs.c', line: 5 })).toThrow(/:5 is not in the patch's hunks \(new-side lines 284-389\)/);
    expect(() => findTarget(thread, V4_3, { file: 'nope.c', line: 5 })).toThrow(ReplyError);
  });
});

describe('reply-all and identity', () => {
  it('never writes to the user themselves nor to anyone twice', () => {
    const ben = { name: 'Ben', address: 'ben@x.org' };
    expect(replyAll(ben, [me, { name: 'BEN', address: 'BEN@x.org' }, { name: 'L', address: 'list@x.org' }], [{ name: 'L', address: 'list@x.org' }], me)).toEqual({
      to: [ben],
      cc: [{ name: 'L', address: 'list@x.org' }],
    });
    // Answering one's own mail: to the people it went to.
    expect(replyAll(me, [{ name: 'L', address: 'list@x.org' }], [], me)).toEqual({ to: [{ name: 'L', address: 'list@x.org' }], cc: [] });
  });

  it('takes sendemail.from first, then user.name and user.email, and says which are missing', () => {
    const none = { from: null, userName: null, userEmail: null, smtpServer: null, smtpServerPort: null, smtpEncryption: null, smtpUser: null, smtpPass: null, smtpSslCertPath: null, sendmailCmd: null };
    expect(identityOf({ ...none, from: '"Tester, Zoë" <zoe@example.org>', userName: 'X', userEmail: 'x@y' })).toEqual({ name: 'Tester, Zoë', address: 'zoe@example.org' });
    expect(identityOf({ ...none, userName: 'Zoë', userEmail: 'zoe@example.org' })).toEqual({ name: 'Zoë', address: 'zoe@example.org' });
    expect(() => identityOf({ ...none, userName: 'Zoë' })).toThrow(IdentityError);
    expect(() => identityOf({ ...none, userName: 'Zoë' })).toThrow(/neither sendemail\.from nor user\.email/);
  });
});

describe('the draft as the editor shows it', () => {
  it('reads back what it wrote, for any names, subjects and text', () => {
    const person = fc.record({
      name: fc.string({ maxLength: 20 }).map((s) => s.replace(/[\s"\\<>,;:@()[\].]+/g, ' ').trim()),
      address: fc.constantFrom('a@example.org', 'b.c@kernel.org', 'x+y@lists.example.net'),
    });
    fc.assert(
      fc.property(person, fc.array(person, { minLength: 1, maxLength: 3 }), fc.array(person, { maxLength: 3 }), fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ').trim()), fc.string({ maxLength: 200 }), (from, to, cc, subject, body) => {
        const draft = { from, to, cc, subject, inReplyTo: 'a@b', references: ['r@b', 'a@b'], body };
        expect(parseDraftText(draftToText(draft), 'draft')).toEqual(draft);
      }),
      { numRuns: 200 },
    );
  });

  it('puts the editor on the empty line left for the answer, and names what is wrong in a broken draft', () => {
    const draft = { from: me, to: [me], cc: [], subject: 'Re: x', inReplyTo: null, references: [], body: 'On ..., X wrote:\n> quoted\n\n\n' };
    const text = draftToText(draft).split('\n');
    expect(text[textLineOf(draft, 3) - 1]).toBe('');
    expect(text[textLineOf(draft, 1) - 1]).toBe('> quoted');
    expect(() => parseDraftText('From: a@b\nTo: c@d\nnot a header\n\ntext', '/tmp/d.eml')).toThrow('/tmp/d.eml: not a header line: not a header');
    expect(() => parseDraftText('From: a@b\n\ntext', 'draft')).toThrow('draft: no To address');
  });
});

describe('To and Cc from raw headers', () => {
  it('decodes encoded words and 8-bit names, unfolds lines, flattens groups', async () => {
    const raw = Buffer.from(
      'From: a@b\nTo: =?UTF-8?Q?Zo=C3=AB_T?= <zoe@example.org>,\n  "Luo, Ben" <luoben@x.com>\nCc: undisclosed: one@x.org, two@x.org;\nCc: Jürgen <j@x.de>\nSubject: s\nMessage-ID: <m@x>\n\nTo: not@header.org\n',
      'utf8',
    );
    const decoded = await decodeMail(raw, { path: 'test', where: '0' });
    if (!('message' in decoded)) throw new Error('not decoded');
    expect(recipientsOf(decoded.message)).toEqual({
      to: [{ name: 'Zoë T', address: 'zoe@example.org' }, { name: 'Luo, Ben', address: 'luoben@x.com' }],
      cc: [{ name: '', address: 'one@x.org' }, { name: '', address: 'two@x.org' }, { name: 'Jürgen', address: 'j@x.de' }],
    });
  });
});
