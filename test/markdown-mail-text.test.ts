// Comment and answer text as Markdown blocks: prose reflows, short lines keep their breaks, indented
// code stays verbatim, `>` quotes nest, and nothing the sender typed becomes structure.
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { describe, expect, it } from 'vitest';
import { mailTextMarkdown } from '../src/export/markdown-mail-text.js';
import { stripControls } from '../src/text/control-chars.js';

const md = new MarkdownIt({ html: true });
const parse = (text: string) => md.parse(mailTextMarkdown(text).join('\n'), {});
const blockTypes = (tokens: Token[]) => tokens.filter((t) => t.type !== 'inline').map((t) => t.type);

/** Every line the reader sees: paragraph lines (split at soft and hard breaks) and code lines. */
function visibleLines(tokens: Token[]): string[] {
  const lines: string[] = [];
  for (const token of tokens) {
    if (token.type === 'fence') lines.push(...token.content.replace(/\n$/, '').split('\n'));
    if (token.type !== 'inline') continue;
    let current = '';
    for (const child of token.children ?? []) {
      if (child.type === 'softbreak' || child.type === 'hardbreak') {
        lines.push(current);
        current = '';
      } else {
        current += child.content;
      }
    }
    lines.push(current);
  }
  return lines;
}

describe('mailTextMarkdown', () => {
  it('reflows wrapped prose but keeps the break after a short line', () => {
    const text =
      'Can you explain this ordering, I would have expected that we would\n' +
      'unregister the bypass before we updated the devid.  Thanks,\n\nAlex';
    const tokens = parse(text);
    expect(blockTypes(tokens)).toEqual(['paragraph_open', 'paragraph_close', 'paragraph_open', 'paragraph_close']);
    expect(tokens[1].children?.map((t) => t.type)).toEqual(['text', 'softbreak', 'text']);
    const signOff = parse('Thanks,\nAlex');
    expect(signOff[1].children?.map((t) => t.type)).toEqual(['text', 'hardbreak', 'text']);
  });

  it('keeps list-looking lines as text on their own lines', () => {
    const text = 'Two things to fix in this version of the patch, otherwise fine:\n- the leak\n- the ordering\n1. and this';
    const tokens = parse(text);
    expect(blockTypes(tokens)).toEqual(['paragraph_open', 'paragraph_close']);
    expect(visibleLines(tokens)).toEqual(text.split('\n'));
  });

  it('puts indented code in a code block, verbatim', () => {
    const text = 'Something like:\n\n\tif (trigger == ctx->trigger) {\n\t\teventfd_ctx_put(trigger);\n\t\treturn 0;\n\t}';
    const tokens = parse(text);
    expect(blockTypes(tokens)).toEqual(['paragraph_open', 'paragraph_close', 'fence']);
    expect(tokens[3].content).toBe(text.split('\n\n')[1] + '\n');
  });

  it('turns mail quotes into nested block quotes', () => {
    const tokens = parse('> > deep\n> shallow\n\nmine');
    expect(blockTypes(tokens)).toEqual([
      'blockquote_open',
      'blockquote_open',
      'paragraph_open',
      'paragraph_close',
      'blockquote_close',
      'paragraph_open',
      'paragraph_close',
      'blockquote_close',
      'paragraph_open',
      'paragraph_close',
    ]);
    expect(visibleLines(tokens)).toEqual(['deep', 'shallow', 'mine']);
  });

  it('gives nothing for text that is only blank lines and controls', () => {
    expect(mailTextMarkdown('\n \u0007\n\u001b[0m\n')).toEqual([]);
  });

  it('shows every line of any text, and makes no headings, lists, links or HTML (property)', () => {
    const piece = fc.constantFrom(
      ...'*_`[]()<>!#|~$&-+=.1 \tax'.split(''),
      '> ',
      '>',
      '```',
      '<b>',
      '&amp;',
      '\u001b[31m',
      '\u202E',
    );
    const line = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const tokens = parse(lines.join('\n'));
        const allowed = new Set([
          'paragraph_open',
          'paragraph_close',
          'blockquote_open',
          'blockquote_close',
          'fence',
          'inline',
        ]);
        if (!tokens.every((t) => allowed.has(t.type))) return false;
        const inlineOk = tokens
          .filter((t) => t.type === 'inline')
          .every((t) => (t.children ?? []).every((c) => ['text', 'softbreak', 'hardbreak'].includes(c.type)));
        if (!inlineOk) return false;
        const seen = visibleLines(tokens).map((l) => l.trim());
        return lines
          .map((l) => stripQuoteMarkers(stripControls(l)).trim())
          .filter((l) => l !== '')
          .every((l) => seen.includes(l));
      }),
      { numRuns: 1000 },
    );
  });
});

/** What is left of a line once the quote levels the renderer turns into block quotes are gone. */
function stripQuoteMarkers(line: string): string {
  let rest = line.replace(/\s+$/, '');
  for (let depth = 0; depth < 6 && rest.startsWith('>'); depth++) rest = rest.replace(/^> ?/, '');
  return rest;
}
