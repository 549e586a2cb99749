// Small hand-written threads for the cases the real fixtures do not hold: a pasted Outlook original,
// a snippet quoted from elsewhere inside an answer, a top-posted answer, a bot's review, a reply to
// a cover letter, a conditional trailer, and replies to a patch the archive lacks.
import { describe, expect, it } from 'vitest';
import type { Message, Series, Thread, ThreadMessage } from '../src/model.js';
import { readPatch } from '../src/patch/index.js';
import { linkReviews } from '../src/review/index.js';

const AUTHOR = { name: 'Pat Author', address: 'pat@example.org' };
const REVIEWER = { name: 'Rita Reviewer', address: 'rita@example.org' };

const PATCH_BODY = `Add a frobnicator for the widget.

Signed-off-by: Pat Author <pat@example.org>
---
 drivers/widget/frob.c | 6 ++++++
 1 file changed, 6 insertions(+)

diff --git a/drivers/widget/frob.c b/drivers/widget/frob.c
index 1111111..2222222 100644
--- a/drivers/widget/frob.c
+++ b/drivers/widget/frob.c
@@ -10,3 +10,9 @@ static int widget_probe(struct device *dev)
 {
 	int ret;
 
+	ret = frob_init(dev);
+	if (ret)
+		return ret;
+
+	frob_start(dev);
+	return 0;
 }
-- 
2.40.0
`;

function mail(id: string, from: typeof AUTHOR, subject: string, body: string, inReplyTo: string | null, date: string): Message {
  return {
    id,
    subject,
    from,
    date,
    inReplyTo,
    references: inReplyTo ? [inReplyTo] : [],
    body,
    origin: { path: 'hand-written', where: id },
  };
}

function threadOf(messages: Message[], series: Series[] = []): Thread {
  const entries: ThreadMessage[] = messages.map((m) => ({ message: m, parent: m.inReplyTo, children: [], depth: 0 }));
  const thread: Thread = { subject: messages[0]!.subject, root: messages[0]!.id, messages: entries, series, patches: [] };
  for (const m of messages) {
    const patch = readPatch(m).patch;
    if (patch) thread.patches.push(patch);
  }
  return thread;
}

const patchMail = mail('patch@x', AUTHOR, '[PATCH] widget: add frobnicator', PATCH_BODY, null, '2024-01-01T10:00:00.000Z');

const REVIEW = `On Mon, 1 Jan 2024, Pat Author wrote:
> +	ret = frob_init(dev);
> +	if (ret)
> +		return ret;

Please print an error here.

> +	frob_start(dev);

Can this fail?
`;

describe('conversations', () => {
  it('keeps code quoted from elsewhere inside an answer as part of the answer', () => {
    const answer = `On Tue, 2 Jan 2024, Rita Reviewer wrote:
> > +		return ret;
>
> Please print an error here.

The core already does, see driver_probe():

> 	if (ret)
> 		dev_err(dev, "probe failed: %d\\n", ret);

so it would be printed twice.
`;
    const thread = threadOf([
      patchMail,
      mail('review@x', REVIEWER, 'Re: [PATCH] widget: add frobnicator', REVIEW, 'patch@x', '2024-01-02T10:00:00.000Z'),
      mail('answer@x', AUTHOR, 'Re: [PATCH] widget: add frobnicator', answer, 'review@x', '2024-01-03T10:00:00.000Z'),
    ]);
    const [error, fail] = linkReviews(thread).patches[0]!.comments;
    expect(error!.text).toBe('Please print an error here.');
    expect(error!.anchor).toMatchObject({ file: 'drivers/widget/frob.c', side: 'new', line: 15, text: '+\t\treturn ret;' });
    expect(error!.replies).toHaveLength(1);
    expect(error!.replies[0]!.text).toContain('dev_err(dev, "probe failed: %d\\n", ret);');
    expect(error!.replies[0]!.text).toMatch(/so it would be printed twice\.$/);
    expect(fail!.anchor.line).toBe(17);
    expect(fail!.status).toBe('open');
  });

  it('attaches a top-posted answer to the conversation of the comment it follows, not as a new comment', () => {
    const topPost = `Thanks, I will fix both in v2.

On Tue, 2 Jan 2024, Rita Reviewer wrote:
${REVIEW.split('\n').slice(1).map((l) => `> ${l}`).join('\n')}`;
    const thread = threadOf([
      patchMail,
      mail('review@x', REVIEWER, 'Re: [PATCH] widget: add frobnicator', REVIEW, 'patch@x', '2024-01-02T10:00:00.000Z'),
      mail('top@x', AUTHOR, 'Re: [PATCH] widget: add frobnicator', topPost, 'review@x', '2024-01-03T10:00:00.000Z'),
    ]);
    const comments = linkReviews(thread).patches[0]!.comments;
    expect(comments.map((c) => c.author.name)).toEqual(['Rita Reviewer', 'Rita Reviewer']);
    expect(comments[1]!.replies.map((r) => r.text)).toEqual(['Thanks, I will fix both in v2.']);
    expect(comments[1]!.status).toBe('acknowledged');
  });

  it('does not take an Outlook-pasted original for new comments', () => {
    const outlook = `Will do, thanks.

-----Original Message-----
From: Rita Reviewer <rita@example.org>
Sent: Tuesday, January 2, 2024 10:00 AM
To: Pat Author <pat@example.org>
Subject: Re: [PATCH] widget: add frobnicator

${REVIEW.split('\n').slice(1).join('\n')}`;
    const thread = threadOf([
      patchMail,
      mail('review@x', REVIEWER, 'Re: [PATCH] widget: add frobnicator', REVIEW, 'patch@x', '2024-01-02T10:00:00.000Z'),
      mail('outlook@x', AUTHOR, 'RE: [PATCH] widget: add frobnicator', outlook, 'review@x', '2024-01-03T10:00:00.000Z'),
    ]);
    const comments = linkReviews(thread).patches[0]!.comments;
    expect(comments).toHaveLength(2);
    expect(comments.every((c) => c.author.name === 'Rita Reviewer')).toBe(true);
    expect(comments[1]!.replies.map((r) => [r.author.name, r.text])).toEqual([['Pat Author', 'Will do, thanks.']]);
  });

  it("reads a review bot's summary on top as a comment on the whole patch and its inline notes as comments", () => {
    const bot = `Summary of findings:
- frob_init() error path leaks nothing, OK
- frob_start() return value ignored

> +	frob_start(dev);

frob_start() returns int; its error is ignored here.
`;
    const thread = threadOf([patchMail, mail('bot@x', { name: 'Review Bot', address: 'bot@example.org' }, 'Re: [PATCH] widget: add frobnicator', bot, 'patch@x', '2024-01-02T11:00:00.000Z')]);
    const comments = linkReviews(thread).patches[0]!.comments;
    expect(comments.map((c) => [c.anchor.section, c.anchor.line, c.text.split('\n')[0]])).toEqual([
      ['commit-message', null, 'Summary of findings:'],
      ['diff', 17, 'frob_start() returns int; its error is ignored here.'],
    ]);
  });
});

describe('trailers given in replies', () => {
  it('adds a conditional Reviewed-by to the patch, with its condition, and no comment for it', () => {
    const body = `On Mon, 1 Jan 2024, Pat Author wrote:
> +	frob_start(dev);

Please check the return value.

With that fixed:

Reviewed-by: Rita Reviewer <rita@example.org>
`;
    const thread = threadOf([patchMail, mail('rb@x', REVIEWER, 'Re: [PATCH] widget: add frobnicator', body, 'patch@x', '2024-01-02T10:00:00.000Z')]);
    const patch = linkReviews(thread).patches[0]!;
    expect(patch.trailers.filter((t) => t.from === 'rb@x')).toEqual([
      { name: 'Reviewed-by', value: 'Rita Reviewer <rita@example.org>', from: 'rb@x', condition: 'With that fixed', by: REVIEWER, date: '2024-01-02T10:00:00.000Z' },
    ]);
    expect(patch.comments.map((c) => c.text)).toEqual(['Please check the return value.']);
    // The trailer holds only once the comment is dealt with: it hangs on the comment.
    expect(patch.comments[0]!.conditionalTrailer).toMatchObject({ name: 'Reviewed-by', condition: 'With that fixed' });
  });

  it('gives a reply to the cover letter to the series: its trailer and its comment', () => {
    const cover = mail('cover@x', AUTHOR, '[PATCH 0/1] widget: frobnicator support', 'This series adds a frobnicator.\n\nPat Author (1):\n  widget: add frobnicator\n', null, '2024-01-01T09:59:00.000Z');
    const one = { ...patchMail, subject: '[PATCH 1/1] widget: add frobnicator', inReplyTo: 'cover@x', references: ['cover@x'] };
    const reply = mail('ack@x', REVIEWER, 'Re: [PATCH 0/1] widget: frobnicator support', '> This series adds a frobnicator.\n\nWhy not reuse the existing gizmo API?\n\nAcked-by: Rita Reviewer <rita@example.org>\n', 'cover@x', '2024-01-02T10:00:00.000Z');
    const series: Series = { title: 'widget: frobnicator support', version: 1, cover: 'cover@x', patches: ['patch@x'], total: 1, otherVersions: [], trailers: [], comments: [] };
    const thread = linkReviews(threadOf([cover, one, reply], [series]));
    expect(thread.series[0]!.trailers).toEqual([
      { name: 'Acked-by', value: 'Rita Reviewer <rita@example.org>', from: 'ack@x', by: REVIEWER, date: '2024-01-02T10:00:00.000Z' },
    ]);
    expect(thread.series[0]!.comments.map((c) => [c.anchor.section, c.anchor.line, c.anchor.text, c.text, c.kind])).toEqual([
      ['cover-letter', 1, 'This series adds a frobnicator.', 'Why not reuse the existing gizmo API?', 'question'],
    ]);
  });
});

describe('a patch the archive lacks', () => {
  it('is rebuilt from the replies, with numbers only where a hunk header was quoted', () => {
    const body = `On Mon, 1 Jan 2024, Pat Author wrote:
> diff --git a/drivers/widget/frob.c b/drivers/widget/frob.c
> --- a/drivers/widget/frob.c
> +++ b/drivers/widget/frob.c
> +	frob_start(dev);

Can this fail?
`;
    const thread = threadOf([mail('lonely@x', REVIEWER, 'Re: [PATCH] widget: add frobnicator', body, 'gone@x', '2024-01-02T10:00:00.000Z')]);
    linkReviews(thread);
    const patch = thread.patches.find((p) => p.messageId === 'gone@x')!;
    expect(patch).toMatchObject({ reconstructed: true, author: { name: 'Pat Author' }, title: 'widget: add frobnicator' });
    expect(patch.files.map((f) => f.newPath)).toEqual(['drivers/widget/frob.c']);
    expect(patch.comments.map((c) => [c.anchor.file, c.anchor.hunk, c.anchor.side, c.anchor.line, c.anchor.text, c.text])).toEqual([
      ['drivers/widget/frob.c', null, 'new', null, '+\tfrob_start(dev);', 'Can this fail?'],
    ]);
    expect(thread.messages.map((m) => [m.message.id, m.message.reconstructed ?? false, m.parent])).toEqual([
      ['gone@x', true, null],
      ['lonely@x', false, 'gone@x'],
    ]);
  });
});
