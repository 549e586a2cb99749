// Whatever the review holds (hostile text, anchors on lines that are not in the patch, any status,
// answers nested deep), the export shows every comment once, lists every open one first with a
// working link, and lets no HTML or foreign link through.
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/export/markdown.js';
import type { Anchor, Comment, CommentKind, CommentStatus, Reply } from '../src/model.js';
import { awaitsAnswer } from '../src/review/awaiting.js';
import { comment, diffAnchor, message, patch, reply, review, reviewer } from './helpers/markdown-review.js';

const md = new MarkdownIt({ html: true });

const hostileText = fc
  .array(
    fc.constantFrom(
      'plain words',
      '\n',
      '\n\n',
      '> quoted',
      '\tindented code',
      '```',
      '<script>x</script>',
      '[a](http://evil.example)',
      '# title',
      '- item',
      '\u001b[31m',
      '\u202E',
      '*',
      '_',
      '|',
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(''));

const anchorArb: fc.Arbitrary<Anchor> = fc.oneof(
  fc.integer({ min: 0, max: 25 }).map((line) => diffAnchor(line)),
  fc.integer({ min: 1, max: 21 }).map((line) => diffAnchor(line, { side: 'old' })),
  fc.constant(diffAnchor(3, { line: null, quote: ['+quoted'] })),
  fc.constant(diffAnchor(3, { file: 'other/file.c' })),
  fc.constant(diffAnchor(3, { file: null })),
  fc.constantFrom('commit-message', 'cover-letter', 'diffstat').map(
    (section): Anchor => ({ section, file: null, hunk: null, side: null, line: null, text: 'x', quote: ['x'] }),
  ),
);

let ids = 0;
/** Answers up to `depth` levels deep: deeper than the export nests, to reach its flattening. */
function replyArb(depth: number): fc.Arbitrary<Reply> {
  const children = depth === 0 ? fc.constant<Reply[]>([]) : fc.array(replyArb(depth - 1), { maxLength: depth > 5 ? 2 : 1 });
  return fc
    .record({ text: hostileText, replies: children })
    .map(({ text, replies }) => reply(`r${ids++}@example.org`, text, { replies }));
}

const commentArb: fc.Arbitrary<Comment> = fc
  .record({
    text: hostileText,
    status: fc.constantFrom<CommentStatus>('open', 'answered', 'acknowledged'),
    kind: fc.constantFrom<CommentKind>('remark', 'question', 'ack'),
    anchor: anchorArb,
    replies: fc.array(replyArb(7), { maxLength: 2 }),
    day: fc.integer({ min: 1, max: 9 }),
  })
  .map(({ text, status, kind, anchor, replies, day }) =>
    comment(`c${ids++}@example.org`, text, { status, kind, anchor, replies, date: `2024-03-0${day}T10:00:00.000Z` }),
  );

describe('renderMarkdown on any review (property)', () => {
  it('shows each comment once, links every open one, and nothing else gets through', () => {
    fc.assert(
      fc.property(fc.array(commentArb, { maxLength: 8 }), fc.boolean(), (comments, openOnly) => {
        const r = review([patch(comments)], comments.map((c) => message(c.messageId, reviewer)));
        const out = renderMarkdown(r, { openOnly });
        expect(renderMarkdown(r, { openOnly })).toBe(out);

        const html = md.render(out);
        const anchors = [...html.matchAll(/<a id="(comment-\d+)" name="\1"><\/a>/g)].map((m) => m[1]);
        const shown = openOnly ? comments.filter(awaitsAnswer) : comments;
        expect(anchors).toHaveLength(shown.length);
        expect(new Set(anchors).size).toBe(anchors.length);

        const inner = [...html.matchAll(/href="#(comment-\d+)"/g)].map((m) => m[1]);
        expect(inner).toHaveLength(comments.filter(awaitsAnswer).length);
        expect(inner.every((id) => anchors.includes(id))).toBe(true);

        const tokens = md.parse(out, {}).flatMap((t) => [t, ...(t.children ?? [])]);
        const html_ = tokens.filter((t) => t.type.startsWith('html')).map((t) => t.content);
        expect(html_.every((c) => /^<a id="(comment-\d+)" name="\1">$|^<\/a>$/.test(c))).toBe(true);
        const hrefs = tokens.filter((t) => t.type === 'link_open').map((t) => t.attrGet('href') ?? '');
        expect(hrefs.every((h) => h.startsWith('https://lore.kernel.org/r/') || h.startsWith('#comment-'))).toBe(true);
        // Every answer, however deep, is shown once with its own link.
        const answers = shown.flatMap((c) => allReplies(c.replies)).map((id) => `https://lore.kernel.org/r/${id}`);
        expect(hrefs.filter((h) => h.startsWith('https://lore.kernel.org/r/r')).sort()).toEqual(answers.sort());
        expect(out).not.toMatch(/[\u001b\u202E]/);
      }),
      { numRuns: 150 },
    );
  });
});

function allReplies(replies: Reply[]): string[] {
  return replies.flatMap((r) => [r.messageId, ...allReplies(r.replies)]);
}
