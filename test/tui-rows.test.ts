// The review model as display rows, without a terminal: each comment right under the line it talks
// about, its conversation nested below, folds and filters, nothing wider than the screen.
import { describe, expect, it } from 'vitest';
import { commentKey } from '../src/tui/comment-key.js';
import { ALL } from '../src/tui/filter.js';
import { itemsOf } from '../src/tui/items.js';
import { rowText, type Row } from '../src/tui/row.js';
import { buildDocument, type LayoutOptions } from '../src/tui/rows.js';
import { displayWidth } from '../src/tui/sanitize.js';
import { alice, bob, comment, file, hunk, patch, reply, review, smallSeries, thread } from './helpers/tui-review.js';

const layout = (over: Partial<LayoutOptions> = {}): LayoutOptions => ({ width: 80, folds: new Set(), filter: ALL, ...over });

function seriesThread() {
  return smallSeries().threads.find((t) => t.patches.length === 2)!;
}

const texts = (rows: Row[]): string[] => rows.map(rowText);

describe('buildDocument', () => {
  it('reads a series as cover letter, then each patch in part order', () => {
    expect(itemsOf(seriesThread()).map((i) => i.label)).toEqual([
      '[v2 0/2] cover letter',
      '[v2 1/2] first: initialise b',
      '[v2 2/2] second: add two',
    ]);
  });

  it('puts each comment card right under the hunk line it is anchored on, with its reply nested', () => {
    const [, first] = itemsOf(seriesThread());
    const doc = buildDocument(first, layout());
    const lines = texts(doc.rows);
    const anchored = lines.findIndex((l) => l.includes('+int b = 1;'));
    expect(lines[anchored]).toMatch(/^\s+11  \+int b = 1;$/);
    expect(lines[anchored + 1]).toMatch(/\| ▾ Alice Reviewer · 2020-01-02 · question\s+ANSWERED\s+· 1 reply/);
    expect(lines[anchored + 2]).toMatch(/\| Why is b initialised here\?$/);
    // Why the badge says ANSWERED, before the conversation.
    expect(lines[anchored + 3]).toMatch(/\| why answered: the author explained$/);
    expect(lines[anchored + 4]).toMatch(/\| ↳ Bob Author \(author\) · 2020-01-03 · answer$/);
    expect(lines[anchored + 5]).toMatch(/\| {3}Because first\(\) reads it before the loop\.$/);
    expect(lines[anchored + 6]).toContain('+int c;');
    expect(doc.comments.map((c) => c.messageId)).toEqual(['c1', 'c2']);
    expect(doc.commentRows.map((r) => lines[r])).toEqual([lines[anchored + 1], expect.stringContaining('Carol Second')]);
  });

  it('numbers old and new lines in the gutter and tags rows with their file and hunk', () => {
    const [, first] = itemsOf(seriesThread());
    const doc = buildDocument(first, layout());
    const removed = doc.rows.find((r) => rowText(r).includes('-int b;'))!;
    expect(rowText(removed)).toMatch(/^ 11 {6}-int b;$/);
    expect(removed).toMatchObject({ kind: 'hunk-line', file: 0, hunk: 0 });
    const second = doc.rows.find((r) => rowText(r).includes('+z();'))!;
    expect(second).toMatchObject({ file: 0, hunk: 1 });
    expect(doc.hunkRows.map((r) => rowText(doc.rows[r]))).toEqual(['@@ -10,4 +10,5 @@ int first(void)', '@@ -40,3 +41,3 @@ int second(void)']);
    expect(doc.files).toEqual(['a.c']);
  });

  it('folds a conversation to its header and first line, saying what it hides', () => {
    const [, first] = itemsOf(seriesThread());
    const c1 = first.kind === 'patch' ? first.patch.comments[0] : undefined;
    const doc = buildDocument(first, layout({ folds: new Set([commentKey(c1!)]) }));
    const lines = texts(doc.rows);
    const head = lines.findIndex((l) => l.includes('Alice Reviewer'));
    expect(lines[head]).toMatch(/▸ Alice Reviewer .* 1 reply hidden/);
    expect(lines[head + 1]).toContain('Why is b initialised here?');
    expect(lines.join('\n')).not.toContain('Because first() reads it');
  });

  it('folds one comment of a review mail, not every comment that mail made', () => {
    const h = hunk('@@ -1,3 +1,3 @@', 1, [' a', '-b', '+c', ' d']);
    const first = comment('mail', alice, '2020-01-01T00:00:00.000Z', 'First point.', { file: 'm.c', line: 2, text: '+c' }, { replies: [reply('r', bob, null as unknown as string, 'Answer one.')] });
    const second = comment('mail', alice, '2020-01-01T00:00:00.000Z', 'Second point.', { file: 'm.c', line: 3, text: ' d' }, { replies: [reply('s', bob, null as unknown as string, 'Answer two.')] });
    const item = itemsOf(thread('[PATCH] m', [patch('pm2', 1, 1, 'm', [file('m.c', [h])], [first, second])]))[0];
    // The placed comment (the linker's object), not the one built above: a fold is kept per comment object.
    const placed = item.kind === 'patch' ? item.patch.comments[0]! : first;
    const text = texts(buildDocument(item, layout({ folds: new Set([commentKey(placed)]) })).rows).join('\n');
    expect(text).not.toContain('Answer one.');
    expect(text).toContain('Answer two.');
  });

  it('shows only open comments, or one reviewer, under a filter', () => {
    const [, first] = itemsOf(seriesThread());
    expect(buildDocument(first, layout({ filter: { by: 'open' } })).comments.map((c) => c.messageId)).toEqual(['c2']);
    expect(buildDocument(first, layout({ filter: { by: 'reviewer', name: 'Alice Reviewer' } })).comments.map((c) => c.messageId)).toEqual(['c1']);
  });

  it('keeps a comment whose line is not in the patch, at the end, and one on the commit message under its line', () => {
    const h = hunk('@@ -1,2 +1,2 @@', 1, [' keep', '-old', '+new']);
    const lost = comment('lost', alice, '2020-02-01T00:00:00.000Z', 'About a file this patch does not touch.', { file: 'other.c', line: 99, text: '+nothing' });
    const onMessage = comment('msg', alice, '2020-02-01T00:00:00.000Z', 'Say why, not what.', { section: 'commit-message', file: null, side: null, text: 'Some words about the change.' });
    const p = patch('pm', 1, 1, 'words', [file('x.c', [h])], [lost, onMessage], { part: null, total: null });
    const doc = buildDocument(itemsOf(thread('[PATCH] words', [p]))[0], layout());
    const lines = texts(doc.rows);
    const words = lines.findIndex((l) => l.trim() === 'Some words about the change.');
    expect(lines[words + 1]).toContain('Alice Reviewer');
    expect(lines[words + 2]).toContain('Say why, not what.');
    const notice = lines.findIndex((l) => l.includes('Comments whose line is not in this patch'));
    expect(notice).toBeGreaterThan(lines.findIndex((l) => l.includes('+new')));
    expect(lines.slice(notice).join('\n')).toContain('About a file this patch does not touch.');
    expect(doc.comments).toHaveLength(2);
  });

  it('finds the line by its text when the anchor has no line number (patch rebuilt from quotes)', () => {
    const h = hunk('@@ -5,3 +5,3 @@', 5, [' a();', '-b();', '+c();']);
    const c = comment('q', alice, null as unknown as string, 'Why c?', { file: 'y.c', hunk: null, side: null, line: null, text: '+c();' });
    const doc = buildDocument(itemsOf(thread('[PATCH] y', [patch('py', 1, 1, 'y', [file('y.c', [h])], [c])]))[0], layout());
    const lines = texts(doc.rows);
    expect(lines[lines.findIndex((l) => l.includes('+c();')) + 1]).toContain('Alice Reviewer');
  });

  it('never draws a row wider than the screen, with long code lines, CJK comments and deep replies', () => {
    const long = `+${'x'.repeat(50)}\t${'上午'.repeat(30)}`;
    const h = hunk('@@ -1 +1 @@', 1, ['-a', long]);
    const deep = reply('d1', bob, '2020-01-01T00:00:00.000Z', '写道 '.repeat(40), [
      reply('d2', alice, '2020-01-01T00:00:00.000Z', 'word '.repeat(40), [reply('d3', bob, '2020-01-01T00:00:00.000Z', 'x'.repeat(200))]),
    ]);
    const c = comment('w', alice, '2020-01-01T00:00:00.000Z', '在 2019/8/28 上午4:33 '.repeat(10), { file: 'w.c', line: 1, text: long }, { replies: [deep] });
    for (const width of [30, 57, 80, 133]) {
      const doc = buildDocument(itemsOf(thread('[PATCH] wide', [patch('pw', 1, 1, 'wide', [file('w.c', [h])], [c])]))[0], layout({ width }));
      for (const row of doc.rows) expect(displayWidth(rowText(row))).toBeLessThanOrEqual(width);
      expect(texts(doc.rows).join('')).toContain('x'.repeat(20));
    }
  });

  it('draws no escape sequence that came in a mail', () => {
    const h = hunk('@@ -1 +1 @@', 1, ['-a', '+b \u001B]0;pwned\u0007\u001B[2J']);
    const c = comment('e', { name: 'Evil \u001B[31mRed', address: 'e@x' }, '2020-01-01T00:00:00.000Z', 'look \u001B[?1049l here\u202E', { file: 'e.c', line: 1, text: '+b' });
    const doc = buildDocument(itemsOf(thread('[PATCH] \u001B[5mblink', [patch('pe', 1, 1, 'e', [file('e.c', [h])], [c])]))[0], layout());
    for (const row of doc.rows) expect(rowText(row)).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202E]/);
    expect(texts(doc.rows).join('\n')).toContain('Evil Red');
  });

  it('shows the mails of a thread without patches', () => {
    const t = thread('just a question', []);
    const doc = buildDocument(itemsOf(t)[0], layout());
    expect(texts(doc.rows).join('\n')).toContain('body of just a question-root');
    expect(review([t]).threads).toHaveLength(1);
  });
});
