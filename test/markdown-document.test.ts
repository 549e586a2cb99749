// The Markdown export as a reader meets it, parsed with markdown-it: title and summary, open items
// first and linked to their place, per file and line the excerpt then the conversation, links to the
// archive, nothing injected by the mail, the same bytes every time.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, ThreadNotFoundError } from '../src/export/markdown.js';
import type { Comment, Review } from '../src/model.js';
import {
  comment,
  diffAnchor,
  message,
  patch,
  reply,
  review,
  reviewer,
  second,
} from './helpers/markdown-review.js';

const md = new MarkdownIt({ html: true });

const commitAnchor = (text: string) => ({
  section: 'commit-message' as const,
  file: null,
  hunk: null,
  side: null,
  line: null,
  text,
  quote: [text],
});

/** A patch with an open concern answered once, an acknowledged nit on the commit message, an answered question. */
function sample(): Review {
  const leak = comment('leak@example.org', 'I think we leak the context here.', {
    kind: 'concern',
    date: '2024-03-02T10:00:00.000Z',
    anchor: diffAnchor(11, { quote: [' line 9', '-old line 10', '+new line 10', '+new line 11'] }),
    replies: [
      reply('leak-answer@example.org', 'Right, will fix.', {
        replies: [reply('leak-thanks@example.org', 'Thanks.', { author: reviewer, kind: 'ack' })],
      }),
    ],
  });
  const nit = comment('nit@example.org', 'Typo: "teh".', {
    kind: 'nit',
    status: 'acknowledged',
    date: '2024-03-02T09:00:00.000Z',
    anchor: commitAnchor('Fix teh thing.'),
  });
  const question = comment('why@example.org', 'Why is line 18 needed?', {
    kind: 'question',
    status: 'answered',
    author: second,
    date: '2024-03-02T11:00:00.000Z',
    anchor: diffAnchor(19),
    replies: [reply('why-answer@example.org', 'It is the error path.')],
  });
  const p = patch([leak, nit, question], {
    trailers: [
      { name: 'Signed-off-by', value: 'Arthur Author <arthur@example.org>', from: 'patch-1@example.org' },
      { name: 'Reviewed-by', value: 'Sam Second <sam@example.org>', from: 'why@example.org' },
    ],
  });
  return review(
    [p],
    ['leak', 'nit', 'why', 'leak-answer', 'leak-thanks', 'why-answer'].map((id) =>
      message(`${id}@example.org`, id === 'why' ? second : id.endsWith('answer') ? p.author : reviewer),
    ),
  );
}

const headings = (tokens: Token[]) =>
  tokens.flatMap((t, i) => (t.type === 'heading_open' ? [`${t.tag} ${tokens[i + 1].content}`] : []));

describe('renderMarkdown: the document', () => {
  const out = renderMarkdown(sample());
  const tokens = md.parse(out, {});
  const html = md.render(out);

  it('is laid out title, open items, patch, commit message, file, lines', () => {
    expect(headings(tokens)).toEqual([
      'h1 example: fix the thing (v2)',
      'h2 Open items',
      'h2 Patch 1/1: example: fix the thing',
      'h3 Commit message',
      'h3 `lib/example.c`',
      'h4 `lib/example.c:11`',
      'h4 `lib/example.c:19`',
    ]);
  });

  it('sums up patches, reviewers, comments by status and trailers', () => {
    const cells = tokens.filter((t) => t.type === 'inline' && t.level > 2).map((t) => t.content);
    const row = (name: string) => cells[cells.indexOf(name) + 1];
    expect(row('Patches')).toBe('1');
    expect(row('Reviewers')).toBe('Rita Reviewer (2 comments), Sam Second (1 comment)');
    expect([row('Comments'), row('Open'), row('Answered'), row('Acknowledged')]).toEqual(['3', '1', '1', '1']);
    expect(row('Trailers collected')).toBe('1');
    expect(html).toContain(
      '<li>Reviewed-by: Sam Second &lt;sam@example.org&gt; — given by Sam Second on <a href="https://lore.kernel.org/r/why@example.org">1/1</a></li>',
    );
    expect(html).not.toContain('Signed-off-by');
  });

  it('lists only the open comments first, each linked to its anchor below', () => {
    const list = html.slice(html.indexOf('<h2>Open items</h2>'), html.indexOf('<h2>Patch'));
    const targets = [...list.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets).toHaveLength(1);
    expect(list).toContain('I think we leak the context here.');
    const anchorAt = html.indexOf(`<a id="${targets[0]}" name="${targets[0]}"></a>`);
    expect(anchorAt).toBeGreaterThan(html.indexOf('<h4><code>lib/example.c:11</code></h4>'));
    expect(html.slice(anchorAt, anchorAt + 400)).toContain('<code>open</code>');
  });

  it('puts the excerpt in a diff block under the line heading, then the comment as a quote', () => {
    const at = tokens.findIndex((t) => t.type === 'inline' && t.content === '`lib/example.c:11`');
    const fence = tokens.slice(at).find((t) => t.type === 'fence');
    expect(fence?.info).toBe('diff');
    expect(fence?.content.split('\n')[0]).toBe('@@ -9,4 +9,5 @@ int example(void)');
    expect(fence?.content).toContain('+new line 11\n');
    const quoteAt = tokens.findIndex((t, i) => i > at && t.type === 'blockquote_open');
    expect(tokens[quoteAt + 2].content).toBe('I think we leak the context here.');
  });

  it('nests the answers under the comment, each with its author and link', () => {
    const answer = html.indexOf('It is the error path.');
    expect(answer).toBeGreaterThan(html.indexOf('Why is line 18 needed?'));
    expect(html).toMatch(
      /<ul>\s*<li>\s*<p><strong>Arthur Author<\/strong> \(author\) · <a href="https:\/\/lore.kernel.org\/r\/leak-answer@example.org">2024-03-03 08:30 UTC<\/a> · <em>answer<\/em><\/p>\s*<blockquote>\s*<p>Right, will fix.<\/p>\s*<\/blockquote>\s*<ul>\s*<li>\s*<p><strong>Rita Reviewer<\/strong>/,
    );
  });

  it('shows the commit-message comment under the line it quotes', () => {
    const section = html.slice(html.indexOf('<h3>Commit message</h3>'), html.indexOf('<h3><code>lib/example.c'));
    expect(section).toContain('<pre><code class="language-text">Fix teh thing.\n</code></pre>');
    expect(section).toContain('<code>acknowledged</code>');
  });

  it('has no trailing spaces, no double blank lines, one final newline', () => {
    expect(out).not.toMatch(/[ \t]$/m);
    expect(out).not.toMatch(/\n\n\n/);
    expect(out.endsWith('\n') && !out.endsWith('\n\n')).toBe(true);
  });

  it('renders every comment exactly once', () => {
    expect([...html.matchAll(/<a id="(comment-\d+)" name="\1"><\/a>/g)]).toHaveLength(3);
  });

  it('is byte-identical on every run and whatever the order of the comments in the model', () => {
    const shuffled = sample();
    shuffled.threads[0].patches[0].comments.reverse();
    expect(renderMarkdown(sample())).toBe(out);
    expect(renderMarkdown(shuffled)).toBe(out);
  });
});

describe('renderMarkdown: options', () => {
  it('shows only open comments with openOnly, and says so', () => {
    const open = renderMarkdown(sample(), { openOnly: true });
    expect(open).toContain('*Only the comments still open are shown.*');
    expect(open).toContain('I think we leak the context here.');
    expect(open).not.toContain('Typo');
    expect(open).not.toContain('Why is line 18 needed?');
    // The summary still counts the whole review.
    expect(open).toContain('| Comments | 3 |');
  });

  it('counts a reviewer who only gave a trailer', () => {
    const r = sample();
    const acker = { name: 'Pat Acker', address: 'pat@example.org' };
    r.threads[0].patches[0].trailers.push({ name: 'Acked-by', value: 'Pat Acker <pat@example.org>', from: 'ack@example.org' });
    r.threads[0].messages.push({ message: message('ack@example.org', acker), parent: null, children: [], depth: 1 });
    expect(renderMarkdown(r)).toContain(
      '| Reviewers | Rita Reviewer (2 comments), Sam Second (1 comment), Pat Acker (Acked-by) |',
    );
  });

  it('says so when the archives hold no patch at all', () => {
    expect(renderMarkdown({ sources: [], threads: [] })).toBe('# Review\n\nNo patches in the archives.\n');
  });

  it('says when the archives hold only part of the series', () => {
    const r = sample();
    Object.assign(r.threads[0].patches[0], { part: 3, total: 3 });
    r.threads[0].series[0].total = 3;
    const out = renderMarkdown(r);
    expect(out).toContain('| Patches | 1 of 3 in the archives |');
    expect(out).toContain('## Patch 3/3: example: fix the thing');
  });

  it('shows the quote when the line is unknown or not in the patch, once for comments under the same quote', () => {
    const quote = [' line 3', '-old line 10', '+new line 10'];
    const unknown = (id: string, date: string) =>
      comment(id, `On ${id}.`, { date, anchor: diffAnchor(11, { line: null, side: null, hunk: null, quote }) });
    const p = patch([
      unknown('u1@example.org', '2024-03-02T10:00:00.000Z'),
      unknown('u2@example.org', '2024-03-02T10:05:00.000Z'),
      comment('gone@example.org', 'On a line the patch does not have.', { anchor: diffAnchor(99, { quote: ['+gone'] }) }),
    ]);
    const out = renderMarkdown(review([p]));
    const tokens = md.parse(out, {});
    expect(headings(tokens)).toEqual([
      'h1 example: fix the thing (v2)',
      'h2 Open items',
      'h2 Patch 1/1: example: fix the thing',
      'h3 `lib/example.c`',
      'h4 `lib/example.c:99` (not in the patch as archived)',
      'h4 `lib/example.c` (line number unknown)',
    ]);
    const fences = tokens.filter((t) => t.type === 'fence').map((t) => t.content);
    expect(fences).toEqual(['+gone\n', quote.join('\n') + '\n']);
    expect(out.indexOf('On u1@example.org.')).toBeLessThan(out.indexOf('On u2@example.org.'));
    expect(out).toContain('1/1 `lib/example.c` (line number unknown) · Rita Reviewer · On u1@example.org.');
  });

  it("tells the reader when a comment's place is uncertain or its quotes were rebuilt", () => {
    const r = sample();
    Object.assign(r.threads[0].patches[0].comments[0], { confidence: 0.4, quoteRecovered: true });
    const out = renderMarkdown(r);
    expect(out).toContain('`open` · *concern* · *quote markers rebuilt from a web page* · *placement uncertain*');
    expect(renderMarkdown(sample())).not.toContain('uncertain');
  });

  it('selects the thread by any of its Message-IDs, with or without angle brackets', () => {
    const r = sample();
    const other = sample();
    other.threads[0].root = 'other@example.org';
    other.threads[0].series[0].title = 'other: series';
    const both: Review = { sources: r.sources, threads: [...r.threads, ...other.threads] };
    expect(renderMarkdown(both)).toContain('# other: series');
    expect(renderMarkdown(both, { thread: '<patch-1@example.org>' })).not.toContain('# other: series');
    expect(renderMarkdown(both, { thread: 'other@example.org' })).toMatch(/^# other: series/);
    expect(() => renderMarkdown(both, { thread: 'nowhere@example.org' })).toThrow(ThreadNotFoundError);
  });

  it('leaves out threads without patches unless asked for', () => {
    const r = sample();
    r.threads.push({ subject: 'Question about the docs', root: 'q@example.org', messages: [], series: [], patches: [] });
    expect(renderMarkdown(r)).not.toContain('Question about the docs');
    expect(renderMarkdown(r, { thread: 'q@example.org' })).toBe('# Question about the docs\n\n' + 
      '| Review | |\n| --- | --- |\n| Patches | 0 |\n| Reviewers | none |\n| Comments | 0 |\n| Open | 0 |\n' +
      '| Answered | 0 |\n| Acknowledged | 0 |\n| Trailers collected | 0 |\n\n## Open items\n\nNo open items.\n');
  });

  it('links to another archive with linkBase, and not at all for rebuilt or synthetic messages', () => {
    const r = sample();
    const messages = r.threads[0].messages;
    messages.find((m) => m.message.id === 'leak-answer@example.org')!.message.reconstructed = true;
    r.threads[0].patches[0].comments[2].messageId = 'mlreview-1f2e3d';
    const out = renderMarkdown(r, { linkBase: 'https://archive.example.org/list' });
    const hrefs = [...md.render(out).matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs).toContain('https://archive.example.org/list/leak@example.org');
    expect(hrefs.some((h) => h.includes('leak-answer'))).toBe(false);
    expect(hrefs.some((h) => h.includes('mlreview-'))).toBe(false);
    expect(out).toContain('*rebuilt from quotes, not in the archive*');
  });
});

describe('renderMarkdown: hostile mail', () => {
  const evil = [
    '# Heading?',
    '<script>alert(1)</script> <img src=x onerror=alert(1)>',
    '[click](javascript:alert(1)) ![x](https://evil.example/x.png)',
    '```',
    '</code></pre><h1>out</h1>',
    '> fake quote',
    '- fake item',
    '\u001b[2J\u001b]0;title\u0007cleared \u202Eevil',
  ].join('\n');

  function hostileReview(): Review {
    const c: Comment = comment('evil@example.org', evil, {
      author: { name: '**Mallory** [x](https://evil.example/)', address: 'm@example.org' },
      replies: [reply('evil2@example.org', evil)],
    });
    const p = patch([c], { title: 'a `title` with <b>tags</b> #' });
    p.files[0].hunks[0].lines[10].raw = '+new ``` line 10';
    return review([p], [message('evil@example.org', c.author), message('evil2@example.org', reviewer)]);
  }

  const out = renderMarkdown(hostileReview());
  const tokens = md.parse(out, {});
  const all = tokens.flatMap((t) => [t, ...(t.children ?? [])]);

  it('lets no HTML through but its own comment anchors', () => {
    const htmlTokens = all.filter((t) => t.type === 'html_inline' || t.type === 'html_block');
    expect(htmlTokens.map((t) => t.content).filter((c) => !/^<a id="(comment-\d+)" name="\1">$|^<\/a>$/.test(c))).toEqual([]);
  });

  it('makes no links, images or headings out of mail text', () => {
    const hrefs = all.filter((t) => t.type === 'link_open').map((t) => t.attrGet('href'));
    expect(hrefs.every((h) => h?.startsWith('https://lore.kernel.org/r/') || h?.startsWith('#comment-'))).toBe(true);
    expect(all.some((t) => t.type === 'image')).toBe(false);
    expect(headings(tokens).filter((h) => h.includes('Heading?'))).toEqual([]);
    expect(headings(tokens)).toContain('h2 Patch 1/1: a \\`title\\` with \\<b>tags\\</b> \\#');
  });

  it('keeps the diff in one block even when a line holds a fence', () => {
    const fences = tokens.filter((t) => t.type === 'fence' && t.info === 'diff');
    expect(fences).toHaveLength(1);
    expect(fences[0].content).toContain('+new ``` line 10\n');
    expect(fences[0].content).toContain(' line 12\n');
  });

  it('shows the mail text as text, without terminal controls or bidi overrides', () => {
    expect(out).not.toMatch(/[\u001b\u0007\u202E]/);
    const text = md.render(out);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('[click](javascript:alert(1))');
    expect(text).toContain('cleared evil');
  });
});
