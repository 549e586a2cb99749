// Hostile text planted in a real thread (the vfio v4 review) reaches no face raw: not the browser's
// frames, not the plain text with or without colour, not the Markdown (whose structure stays that of
// the same review without the sequence), not the JSON bytes (whose strings still hold the mail's text
// exactly). Prose shows what a reader should see around the sequence; code (diff lines, paths)
// spells every hidden character out as <U+XXXX>.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { render } from 'ink-testing-library';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { createElement } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { escapeHidden, renderJson, toJson } from '../src/export/json.js';
import { renderMarkdown } from '../src/export/markdown.js';
import { renderPlainText } from '../src/export/text.js';
import type { Review } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { revealControls, stripControls } from '../src/text/control-chars.js';
import { App } from '../src/tui/app.js';
import { ALL } from '../src/tui/filter.js';
import { itemsOf } from '../src/tui/items.js';
import { paintRow } from '../src/tui/paint.js';
import { buildDocument } from '../src/tui/rows.js';
import { HOSTILE, type HostileSequence, hostileMbox, planted, SITES } from './helpers/hostile-mbox.js';
import { repoRoot } from './helpers/shared.js';
import { CLI } from './helpers/cli.js';

const md = new MarkdownIt({ html: true });

// Anything a terminal acts on or hides: C0 but TAB/LF, DEL, C1, bidi controls, invisible characters,
// line separators. (ZWJ/ZWNJ are listed too: the planted ones sit between ASCII letters.)
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/;
const ESC = '\u001B';
const SGR = /\u001B\[[0-9;]*m/g;

type Site = keyof typeof SITES;
const PROSE_SITES: Site[] = ['coverSubject', 'patchSubject', 'reviewerName', 'reviewerAddress', 'comment'];
const CODE_SITES: Site[] = ['hunkLine', 'path'];

/** What a reader must find at a site: the words around the sequence and what replaces it. */
function expected(site: Site, hostile: HostileSequence): string {
  return planted(site, hostile, PROSE_SITES.includes(site) ? hostile.prose : hostile.code);
}

/**
 * Asserts the site reads as expected in `shown`. BOM and U+2028 are whitespace to JavaScript's `\s`:
 * the series title (src/thread) collapses them to a space before any face sees it, so there a space
 * stands for them too.
 */
function expectShown(shown: string, site: Site, hostile: HostileSequence): void {
  const want = expected(site, hostile);
  const asSpace = /^\s+$/.test(hostile.sequence) && PROSE_SITES.includes(site) ? planted(site, hostile, ' ') : want;
  expect(shown.includes(want) || shown.includes(asSpace), `${site}: ${JSON.stringify(want)} in\n${shown}`).toBe(true);
}

/** The first character the sanitisers act on, as `U+XXXX`, or null. */
function rawIn(text: string): string | null {
  const found = RAW.exec(text);
  return found ? `U+${found[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${JSON.stringify(text.slice(Math.max(0, found.index - 30), found.index + 30))}` : null;
}

/** The review with every planted sequence replaced by what a reader sees of it: same shape, clean text. */
function defanged(review: Review, hostile: HostileSequence): Review {
  const copy = structuredClone(review);
  const seen = new Set<object>();
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return value.split(hostile.sequence).join(hostile.prose);
    if (value === null || typeof value !== 'object' || seen.has(value)) return value;
    seen.add(value);
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = walk(record[key]);
    return value;
  };
  return walk(copy) as Review;
}

/** The Markdown's shape: every block token and every inline token but plain text, in order. */
function shape(markdown: string): string[] {
  return md.parse(markdown, {}).flatMap((t) => [t.type, ...(t.children ?? []).map((c) => c.type).filter((type) => type !== 'text')]);
}

/** The words a Markdown reader sees: text, code spans and code blocks, unescaped. */
function visibleMarkdown(tokens: Token[]): string {
  return tokens
    .map((t) => {
      if (t.type === 'fence' || t.type === 'code_block') return t.content;
      if (t.type !== 'inline') return '';
      return (t.children ?? []).map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? '\n' : c.content)).join('');
    })
    .join('\n');
}

describe('the sanitisers', () => {
  it('strip each hostile sequence from prose, keeping the words around it', () => {
    for (const h of HOSTILE) {
      const text = h.atLineEnd ? `user visible${h.sequence}\nnext line` : `user vis${h.sequence}ible`;
      expect(stripControls(text), h.name).toBe(h.atLineEnd ? 'user visible\nnext line' : `user vis${h.prose}ible`);
    }
  });

  it('spell each hidden character out in code, losing nothing', () => {
    for (const h of HOSTILE) {
      expect(revealControls(`trig${h.sequence}ger`), h.name).toBe(`trig${h.code}ger`);
    }
  });

  it('keep tabs and line feeds, and drop only the CR of a CRLF line end in code', () => {
    expect(stripControls('a\tb\nc')).toBe('a\tb\nc');
    expect(revealControls('+\tint x;\r\n+\ty\r')).toBe('+\tint x;\n+\ty');
  });

  it('keep the joiners that make words and emoji: ZWNJ in Persian, ZWJ after a virama, emoji sequences', () => {
    const legit = ['می\u200Cخواهم', 'क्\u200Dष', '👨\u200D👩\u200D👧', '👁\uFE0F\u200D🗨\uFE0F', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'];
    for (const text of legit) {
      expect(stripControls(text), text).toBe(text);
      expect(revealControls(text), text).toBe(text);
    }
  });

  it('treat joiners next to ASCII and stray tag characters (ASCII smuggling) as hidden', () => {
    expect(stripControls('ad\u200Dmin \u200Cx')).toBe('admin x');
    const smuggled = `ok${[...'rm -rf'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')}`;
    expect(stripControls(smuggled)).toBe('ok');
    expect(revealControls('ok\u{E0072}')).toBe('ok<U+E0072>');
    expect(revealControls('ad\u200Dmin')).toBe('ad<U+200D>min');
  });

  it('shows nothing hidden and runs no sequence, whatever the input (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom(...HOSTILE.map((h) => h.sequence), '\u202D', '\u2029', '\u00AD', '\u061C', '\u{E0041}', 'ab ', '\t', '\n', '\u200C', '写', '👨'),
      fc.string({ unit: 'binary', maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const prose = stripControls(text);
        const code = revealControls(text);
        expect(rawIn(prose.replace(/[\u200C\u200D]/g, ''))).toBeNull();
        expect(rawIn(code.replace(/[\u200C\u200D]/g, ''))).toBeNull();
        // A joiner is only left where it joins two non-ASCII letters or emoji.
        expect(prose).not.toMatch(/(?:^|[\u0000-\u007F])[\u200C\u200D]|[\u200C\u200D](?:$|[\u0000-\u007F])/);
        // Idempotent: prose has nothing left to strip; code markers are plain ASCII text.
        expect(stripControls(prose)).toBe(prose);
        expect(revealControls(code)).toBe(code);
        // Code hides and loses nothing: turning the markers back into characters gives the text
        // (less the CR of a CRLF line end).
        fc.pre(!text.includes('<U+'));
        const decoded = code.replace(/<U\+([0-9A-F]{4,5})>/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
        expect(decoded).toBe(text.replace(/\r+(?=\n|$)/g, ''));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the JSON escaper', () => {
  it('gives back the same value and writes no hidden character raw (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom(...HOSTILE.map((h) => h.sequence), '\u2029', '\u{E0041}', '\u00AD', '"', '\\', '\\u200b', 'ab'),
      fc.string({ unit: 'binary', maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const value = { text: parts.join(''), list: parts };
        const json = escapeHidden(JSON.stringify(value, null, 2));
        expect(rawIn(json)).toBeNull();
        expect(json).not.toMatch(/[\u{E0000}-\u{E007F}]/u);
        expect(JSON.parse(json)).toEqual(value);
      }),
      { numRuns: 1000 },
    );
  });
});

describe.each(HOSTILE)('$name planted in the vfio thread', (hostile) => {
  let review: Review;
  /** The sites every face must show; the address only when mailparser kept it whole (see below). */
  let sites: Site[];
  beforeAll(async () => {
    review = await buildReview([hostileMbox(hostile)]);
    // mailparser's address parser splits a bare address at `[`, `;`, `\\`, CR and JavaScript whitespace
    // (the CSI, OSC, BOM and U+2028 cases): the pieces still must not reach a face raw, but there is no
    // whole address left to look for.
    const second = review.threads.flatMap((t) => t.messages).find((m) => m.message.id === '20190829074842.0f02b5df@x1.home');
    const addressKept = second?.message.from.address === planted('reviewerAddress', hostile);
    sites = [...PROSE_SITES, ...CODE_SITES].filter((site) => site !== 'reviewerAddress' || addressKept);
  });

  it('reaches the model as the mail said (ingest keeps it, the faces must cope)', () => {
    const v4 = review.threads.find((t) => t.patches.some((p) => p.version === 4))!;
    if (hostile.sequence === '\r') {
      // The decoder reads a bare CR as a line break: no CR is left for a face to draw.
      expect(JSON.stringify(toJson(review))).not.toContain('\\r');
      return;
    }
    expect(v4.subject).toContain(hostile.sequence);
    expect(v4.patches[0].comments[0].author.name).toBe(planted('reviewerName', hostile));
  });

  it('plain text, without colour: nothing raw, the words around it kept, code spelled out', () => {
    const text = renderPlainText(review, { color: false });
    expect(rawIn(text)).toBeNull();
    if (hostile.sequence === '\r') return;
    for (const site of sites) expectShown(text, site, hostile);
  });

  it('plain text, with colour: only the theme\'s own SGR sequences', () => {
    const coloured = renderPlainText(review, { color: true });
    expect(coloured.replace(SGR, '')).toBe(renderPlainText(review, { color: false }));
    const used = new Set(coloured.match(SGR));
    expect(used.has(`${ESC}[5;41m`)).toBe(false);
    for (const sgr of used) expect(sgr).toMatch(/^\u001B\[(?:0|[0-9;]*)m$/);
    expect(coloured.split(SGR).join('')).not.toContain(ESC);
  });

  it('Markdown: nothing raw, the structure of the review without the sequence, no HTML or link of its own', () => {
    const out = renderMarkdown(review);
    expect(rawIn(out)).toBeNull();
    expect(shape(out)).toEqual(shape(renderMarkdown(defanged(review, hostile))));
    const tokens = md.parse(out, {});
    const inline = tokens.flatMap((t) => t.children ?? []);
    expect(inline.filter((t) => t.type === 'html_inline').every((t) => /^<a id="comment-\d+" name="comment-\d+">$|^<\/a>$/.test(t.content))).toBe(true);
    expect(tokens.filter((t) => t.type === 'html_block')).toEqual([]);
    const hrefs = inline.filter((t) => t.type === 'link_open').map((t) => t.attrGet('href') ?? '');
    expect(hrefs.every((h) => h.startsWith('https://lore.kernel.org/r/') || h.startsWith('#comment-'))).toBe(true);
    if (hostile.sequence === '\r') return;
    const visible = visibleMarkdown(tokens);
    // The path too: the review linker reads a quoted `diff --git` path up to a space or tab, so a BOM
    // or U+2028 in it (both whitespace to JavaScript's \s) no longer cuts it short.
    for (const site of sites) expectShown(visible, site, hostile);
  });

  it('JSON: nothing raw in the bytes, every string as the mail had it', () => {
    const out = renderJson(review);
    expect(rawIn(out)).toBeNull();
    expect(out).not.toContain(ESC);
    const parsed = JSON.parse(out) as ReturnType<typeof toJson>;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(toJson(review))));
    if (hostile.sequence === '\r') return;
    const v4 = (parsed as { threads: { subject: string; patches: { comments: { author: { name: string }; text: string }[] }[] }[] }).threads.find((t) =>
      t.subject.includes(hostile.sequence),
    );
    expect(v4?.patches[0].comments[0].author.name).toBe(planted('reviewerName', hostile));
    expect(v4?.patches[0].comments[0].text).toContain(hostile.atLineEnd ? hostile.sequence : planted('comment', hostile));
  });

  it('TUI: no row of any item draws it raw, in colour or not, and the rows show every site', () => {
    const drawn: string[] = [];
    for (const thread of review.threads) {
      for (const item of itemsOf(thread)) {
        // Wide enough that no site is wrapped away from the words around it.
        const doc = buildDocument(item, { width: 300, folds: new Set(), filter: ALL });
        for (const row of doc.rows) {
          // Without colour the theme still draws bold and inverse: its SGR codes, and only those.
          const plain = paintRow(row, false).split(SGR).join('');
          expect(rawIn(plain)).toBeNull();
          expect(paintRow(row, true).split(SGR).join('')).toBe(plain);
          drawn.push(plain);
        }
        for (const file of doc.files) expect(rawIn(file)).toBeNull();
      }
    }
    if (hostile.sequence === '\r') return;
    // The cover subject is the threads screen's, checked on the frames below.
    for (const site of sites.filter((s) => s !== 'coverSubject')) expectShown(drawn.join('\n'), site, hostile);
  });

  it('TUI: the frames show the words around it and the code spelled out, nothing raw', async () => {
    const props = { review, colour: true, size: { columns: 200, rows: 70 } };
    const app = render(createElement(App, props));
    // ink-testing-library's screen is 100 columns; the code spelled out needs more to stay on one row.
    Object.defineProperty(app.stdout, 'columns', { get: () => 200 });
    app.stdout.emit('resize');
    // ink does not redraw on resize when it believes it runs in CI (CI=true): draw again at 200.
    app.rerender(createElement(App, props));
    try {
      const frame = () => app.lastFrame() ?? '';
      const press = async (key: string) => {
        const before = frame();
        app.stdin.write(key);
        await vi.waitFor(() => expect(frame()).not.toBe(before), { timeout: 2000, interval: 2 });
      };
      const plain = () => frame().split(SGR).join('');
      expect(rawIn(plain())).toBeNull();
      expect(plain()).not.toContain(ESC);
      if (hostile.sequence !== '\r') expectShown(plain(), 'coverSubject', hostile);
      // The v4 thread (second, by date), its patch (after the cover letter), its first comment.
      await press('\u001B[B');
      await press('\r');
      await press('n');
      const shown = plain();
      expect(rawIn(shown)).toBeNull();
      expect(shown).not.toContain(ESC);
      if (hostile.sequence === '\r') return;
      for (const site of ['reviewerName', 'comment', 'hunkLine', 'path'] as const) expectShown(shown, site, hostile);
    } finally {
      app.unmount();
    }
  });
});

describe('the real command', () => {
  const run = promisify(execFile);
  const cli = CLI;
  const lineEnd = HOSTILE.filter((h) => h.atLineEnd);
  const everything: HostileSequence = {
    name: 'every sequence at once',
    sequence: HOSTILE.filter((h) => !h.atLineEnd).map((h) => h.sequence).join('') + lineEnd.map((h) => h.sequence).join(''),
    prose: '',
    code: '',
    atLineEnd: true,
  };

  it('export -f text and the pipe output write no ESC, C1 or hidden character', async () => {
    const mbox = hostileMbox(everything);
    for (const args of [['export', '-f', 'text', mbox], [mbox], ['export', '-f', 'json', mbox], ['export', mbox]]) {
      const { stdout } = await run('node', [cli, ...args], { encoding: 'buffer', maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } });
      expect(stdout.includes(0x1b), args.join(' ')).toBe(false);
      const text = stdout.toString('utf8');
      expect(rawIn(text), args.join(' ')).toBeNull();
      expect(text).toContain('Alex Williamson');
    }
  });

  it('check --list names the problem the planted CR caused without echoing the sequences', async () => {
    // The CR breaks the patch's file header into two lines, so its diff cannot be parsed: the problem's
    // reason quotes the path as jsdiff read it, sequences and all.
    const { stdout } = await run('node', [cli, 'check', '--list', hostileMbox(everything)], { encoding: 'buffer' });
    const text = stdout.toString('utf8');
    expect(text).toMatch(/could not be parsed \(kept as text\): .*vfio_pci_in/);
    expect(stdout.includes(0x1b)).toBe(false);
    expect(rawIn(text)).toBeNull();
  });
});
