// The diff excerpt above a comment: a few lines around the anchored line, with a hunk header whose
// numbers are those of the excerpt (so a reader can find the lines in the file).
import { describe, expect, it } from 'vitest';
import { hunkExcerpt as excerptAt } from '../src/export/hunk-excerpt.js';
import type { Anchor, Hunk } from '../src/model.js';
import { placeOf } from '../src/review/place.js';
import { diffAnchor, hunk, longHunk } from './helpers/markdown-review.js';

/** The excerpt the Markdown shows for a comment with this anchor: placed by the core, cut by the face. */
function hunkExcerpt(h: Hunk, anchor: Anchor): ReturnType<typeof excerptAt> {
  const file = { oldPath: 'lib/example.c', newPath: 'lib/example.c', status: 'modified' as const, binary: false, headers: [], hunks: [h] };
  const place = placeOf({ id: 'patch@example.org', text: [], diffstat: [], files: [file] }, anchor);
  return place.at === 'line' ? excerptAt(h, place.line, anchor.quote.length) : null;
}

describe('hunkExcerpt', () => {
  it('shows three lines above and two below the anchored line, not the whole hunk', () => {
    const excerpt = hunkExcerpt(longHunk(), diffAnchor(16));
    expect(excerpt).toEqual({
      header: '@@ -12,6 +13,6 @@ int example(void)',
      lines: [' line 12', ' line 13', ' line 14', ' line 15', ' line 16', ' line 17'],
    });
  });

  it('shows more above when the reviewer quoted more, up to eight lines', () => {
    const quote = (n: number) => Array.from({ length: n }, (_, i) => `q${i}`);
    expect(hunkExcerpt(longHunk(), diffAnchor(11, { quote: quote(5) }))?.lines).toEqual([
      ' line 8',
      ' line 9',
      '-old line 10',
      '+new line 10',
      '+new line 11',
      ' line 11',
      ' line 12',
    ]);
    expect(hunkExcerpt(longHunk(), diffAnchor(15, { quote: quote(40) }))?.lines).toHaveLength(8 + 1 + 2);
  });

  it('stops at the hunk boundaries', () => {
    expect(hunkExcerpt(longHunk(), diffAnchor(1))).toEqual({
      header: '@@ -1,3 +1,3 @@ int example(void)',
      lines: [' line 1', ' line 2', ' line 3'],
    });
    expect(hunkExcerpt(longHunk(), diffAnchor(21))?.lines).toEqual([' line 17', ' line 18', ' line 19', ' line 20']);
  });

  it('finds a removed line by its old number', () => {
    const excerpt = hunkExcerpt(longHunk(), diffAnchor(10, { side: 'old' }));
    expect(excerpt?.header).toBe('@@ -7,4 +7,5 @@ int example(void)');
    expect(excerpt?.lines.slice(3, 4)).toEqual(['-old line 10']);
  });

  it('numbers an excerpt of only added lines from the line before, as diff does', () => {
    const added = hunk('@@ -10,0 +11,8 @@', ['+a', '+b', '+c', '+d', '+e', '+f', '+g', '+h']);
    expect(hunkExcerpt(added, diffAnchor(17))).toEqual({
      header: '@@ -10,0 +14,5 @@',
      lines: ['+d', '+e', '+f', '+g', '+h'],
    });
  });

  it('keeps the no-newline marker of a line it shows', () => {
    const last = hunk('@@ -1,2 +1,2 @@', [' keep', '-old', '+new']);
    last.lines[2].noNewlineAtEnd = true;
    expect(hunkExcerpt(last, diffAnchor(2))?.lines).toEqual([' keep', '-old', '+new', '\\ No newline at end of file']);
  });

  it('gives null when the line is not in the hunk or not known', () => {
    expect(hunkExcerpt(longHunk(), diffAnchor(99))).toBeNull();
    expect(hunkExcerpt(longHunk(), diffAnchor(5, { line: null }))).toBeNull();
  });
});
