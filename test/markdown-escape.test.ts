// Mail text in the Markdown export must render as the mail said: checked with a real CommonMark
// parser (markdown-it, HTML allowed so that a tag that slipped through would show as one).
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { describe, expect, it } from 'vitest';
import { codeSpan, escapeHeading, escapeInline, fencedBlock } from '../src/export/markdown-escape.js';
import { stripControls } from '../src/text/control-chars.js';

const md = new MarkdownIt({ html: true });

/** The blocks of `source` and, for a single paragraph, its inline tokens. */
function inlineTokens(source: string): { blocks: string[]; inline: Token[] } {
  const tokens = md.parse(source, {});
  const blocks = tokens.filter((t) => t.type !== 'inline').map((t) => t.type);
  const inline = tokens.filter((t) => t.type === 'inline').flatMap((t) => t.children ?? []);
  return { blocks, inline };
}

/** What a reader sees of an escaped line: exactly one paragraph holding only text. */
function expectPlainText(line: string, expected: string) {
  const { blocks, inline } = inlineTokens(escapeInline(line));
  if (expected === '') {
    expect(blocks).toEqual([]);
    return;
  }
  expect(blocks).toEqual(['paragraph_open', 'paragraph_close']);
  expect(inline.map((t) => t.type).filter((type) => type !== 'text')).toEqual([]);
  expect(inline.map((t) => t.content).join('')).toBe(expected);
}

describe('escapeInline', () => {
  const hostile: [string, string][] = [
    ['emphasis', 'this is *not* emphasis and __neither__ is this'],
    ['code span', 'use `foo()` or ``bar``'],
    ['link', 'see [the docs](https://evil.example/) and ![img](x.png)'],
    ['reference link', '[1]: https://evil.example/'],
    ['autolink and tag', '<https://evil.example/> <script>alert(1)</script> <b>bold</b>'],
    ['entity', 'AT&amp;T &#64; &lt;tag&gt; &copy;'],
    ['table row', '| a | b |'],
    ['strikethrough', '~~gone~~'],
    ['math', 'costs $x$ and $$y$$'],
    ['heading', '# not a heading'],
    ['heading two', '## Fix #'],
    ['block quote', '> not a quote'],
    ['bullet', '- not a list'],
    ['plus bullet', '+ not a list'],
    ['star bullet', '* not a list'],
    ['ordered', '1. not a list'],
    ['ordered paren', '12) not a list'],
    ['thematic break', '---'],
    ['thematic stars', '* * *'],
    ['underscores', '___'],
    ['setext', '==='],
    ['short setext', '--'],
    ['lone dash', '-'],
    ['lone hash', '#'],
    ['empty ordered item', '1.'],
    ['spaced thematic break', '- - -'],
    ['fence', '```diff'],
    ['tilde fence', '~~~'],
    ['backslashes', 'C:\\path\\ and a trailing \\'],
    ['html comment', '<!-- hidden -->'],
  ];
  for (const [name, line] of hostile) {
    it(`keeps ${name} as plain text: ${line}`, () => expectPlainText(line, line));
  }

  it('leaves underscores inside identifiers and arrows inside lines unescaped', () => {
    expect(escapeInline('vfio_pci_intrs ctx->trigger')).toBe('vfio_pci_intrs ctx->trigger');
  });

  it('leaves line starts that open no block as they are', () => {
    for (const line of ['-EINVAL is returned', '+foo', '01.09.19 22:18, Rob Herring wrote:', '#define X 1']) {
      expect(escapeInline(line)).toBe(line);
      expectPlainText(line, line);
    }
  });

  it('strips terminal escapes, controls and bidi overrides', () => {
    const line = 'red \u001b[31mtext\u001b[0m \u202Eevil\u202C bell\u0007 title\u001b]0;owned\u0007 end';
    expectPlainText(line, 'red text evil bell title end');
  });

  it('never lets a line out of its paragraph (property)', () => {
    const syntax = fc.constantFrom(
      ...'*_`[]()<>!#|~$&;:\\-+=.0123456789 \tabc'.split(''),
      '&amp;',
      '<b>',
      '```',
      'http://x.org',
      '\u001b[1m',
      '\u202E',
    );
    fc.assert(
      fc.property(fc.array(syntax, { maxLength: 40 }), (parts) => {
        const line = parts.join('');
        const expected = stripControls(line).trim();
        const { blocks, inline } = inlineTokens(escapeInline(line));
        if (expected === '') return blocks.length === 0;
        return (
          blocks.join() === 'paragraph_open,paragraph_close' &&
          inline.every((t) => t.type === 'text') &&
          inline.map((t) => t.content).join('') === expected
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('escapeHeading', () => {
  it('keeps a trailing # that ATX would take as a closing sequence', () => {
    const tokens = md.parse(`## ${escapeHeading('Fix bug #')}`, {});
    expect(tokens[0].type).toBe('heading_open');
    expect(tokens[1].content).toBe('Fix bug \\#');
    expect(md.renderInline(tokens[1].content)).toBe('Fix bug #');
  });
});

describe('codeSpan', () => {
  for (const text of ['plain', 'a `tick` inside', '``double``', '`leading', 'trailing`', ' spaced ']) {
    it(`holds ${JSON.stringify(text)} literally`, () => {
      const inline = md.parseInline(codeSpan(text), {})[0].children ?? [];
      expect(inline.map((t) => t.type)).toEqual(['code_inline']);
      expect(inline[0].content).toBe(text);
    });
  }
});

describe('fencedBlock', () => {
  it('is longer than any backtick run inside, so no line closes it early', () => {
    const lines = ['```', '````', 'int x = 0;', '```` trailing', '~~~'];
    const source = fencedBlock(lines, 'diff').join('\n');
    expect(source.startsWith('`````diff\n')).toBe(true);
    const tokens = md.parse(source, {});
    expect(tokens.map((t) => t.type)).toEqual(['fence']);
    expect(tokens[0].info).toBe('diff');
    expect(tokens[0].content).toBe(lines.join('\n') + '\n');
  });

  it('uses three backticks when the content has none, and shows controls in the content as inert markers', () => {
    expect(fencedBlock(['+\tif (x)\u001b[0m'], 'diff')).toEqual(['```diff', '+\tif (x)<U+001B>[0m', '```']);
  });

  it('shows a Trojan Source line as what it is, every bidi and zero-width character spelled out', () => {
    // The CVE-2021-42574 paper's "commenting out" example: the return looks commented out, it runs.
    const trojan = '+\t/* if (isAdmin) { begin admins only */ return 1;\u202E } \u2066end admins only \u2069{\u200B */';
    const tokens = md.parse(fencedBlock([trojan], 'diff').join('\n'), {});
    expect(tokens.map((t) => t.type)).toEqual(['fence']);
    expect(tokens[0].content).toBe(
      '+\t/* if (isAdmin) { begin admins only */ return 1;<U+202E> } <U+2066>end admins only <U+2069>{<U+200B> */\n',
    );
  });
});

describe('codeSpan and hidden characters', () => {
  it('spells out what a path hides instead of dropping it', () => {
    const inline = md.parseInline(codeSpan('drivers/vfio/pci/vfio_pci_in\u200Btrs.c\u001b]8;;x\u0007'), {})[0].children ?? [];
    expect(inline.map((t) => t.type)).toEqual(['code_inline']);
    expect(inline[0].content).toBe('drivers/vfio/pci/vfio_pci_in<U+200B>trs.c<U+001B>]8;;x<U+0007>');
  });
});
