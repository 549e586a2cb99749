// What the terminal receives from mail text: no escape sequence, no control character, columns
// that line up with CJK and tabs, lines never wider than the screen.
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { codeLine, displayWidth, expandTabs, padToWidth, safeLine, terminalSafe, truncateToWidth, wrapToWidth } from '../src/tui/sanitize.js';

const ESC = '\u001B';
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('terminalSafe', () => {
  it('removes colour, cursor, title, clipboard and device-control sequences, keeping the words', () => {
    const hostile =
      `${ESC}[31mred${ESC}[0m ${ESC}[2J${ESC}[Hcleared ${ESC}]0;owned title\u0007${ESC}]52;c;ZXZpbA==${ESC}\\` +
      `${ESC}Pq#0;2;0;0;0${ESC}\\ \u009b31mC1 csi`;
    const safe = terminalSafe(hostile);
    expect(safe).toBe('red cleared  C1 csi');
    expect(safe).not.toMatch(CONTROLS);
  });

  it('removes bidi overrides so code reads in the order it runs (Trojan Source)', () => {
    const trojan = 'if (access_level != "user\u202E \u2066// Check if admin\u2069 \u2066") {';
    expect(terminalSafe(trojan)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('keeps newlines and tabs, and turns Unicode line separators into spaces', () => {
    expect(terminalSafe('a\tb\nc\u2028d')).toBe('a\tb\nc d');
  });

  it('drops zero-width and other invisible characters from names and prose, so they line up and match', () => {
    expect(safeLine('\uFEFFAlex\u200B Will\u00ADiamson\u2060\u200E')).toBe('Alex Williamson');
    expect(displayWidth(safeLine('Ben\u200B Luo'))).toBe(7);
  });
});

describe('codeLine', () => {
  it('shows what a patch line hides instead of drawing it, tabs expanded', () => {
    expect(codeLine('\tif (accessLevel != "user\u202E \u2066// Check if admin\u2069 \u2066") {')).toBe(
      '        if (accessLevel != "user<U+202E> <U+2066>// Check if admin<U+2069> <U+2066>") {',
    );
    expect(codeLine('printf("\u001B[31mred\u001B[0m\\n");')).toBe('printf("<U+001B>[31mred<U+001B>[0m\\n");');
  });

  it('never lets a control or hidden character through, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const line = codeLine(s);
        expect(line).not.toMatch(CONTROLS);
        expect(line).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B\u200E\u200F\u2028\u2029\uFEFF]/);
        expect(line).not.toContain('\n');
      }),
    );
  });

  it('never lets a control character through, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        expect(safeLine(s)).not.toMatch(CONTROLS);
        expect(safeLine(s)).not.toContain('\n');
      }),
    );
  });
});

describe('columns', () => {
  it('counts CJK characters as two columns', () => {
    expect(displayWidth('在 2019/8/28 上午4:33')).toBe(21);
    expect(displayWidth('plain ascii')).toBe(11);
  });

  it('agrees with string-width on every character it measures without it', () => {
    const ranges: [number, number][] = [[0x20, 0x7e], [0xa0, 0xff], [0x2010, 0x2027], [0x2190, 0x21ff], [0x2500, 0x257f], [0x25b8, 0x25b8], [0x25be, 0x25be], [0x4e00, 0x4e10], [0x300, 0x310], [0x1f600, 0x1f610]];
    for (const [from, to] of ranges) {
      for (let code = from; code <= to; code++) {
        const char = String.fromCodePoint(code);
        expect(displayWidth(`a${char}b`), `U+${code.toString(16)}`).toBe(stringWidth(`a${char}b`));
      }
    }
  });

  it('expands a tab to the next multiple of 8, counting wide characters as the terminal does', () => {
    expect(expandTabs('\tx')).toBe('        x');
    expect(expandTabs('ab\tx')).toBe('ab      x');
    // 写道 is four columns: the tab fills four more to reach column 8.
    expect(expandTabs('写道\tx')).toBe('写道    x');
    expect(displayWidth(expandTabs('写道\tx'))).toBe(9);
  });

  it('cuts and pads to an exact width with an ellipsis', () => {
    expect(truncateToWidth('abcdef', 4)).toBe('abc…');
    expect(padToWidth('ab', 4)).toBe('ab  ');
    expect(displayWidth(padToWidth('上午上午上午', 5))).toBe(5);
  });
});

describe('wrapToWidth', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '上', '写', '-', '\t'), maxLength: 120 });

  it('never gives a line wider than the width, for code and for prose', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 40 }), fc.constantFrom('code' as const, 'prose' as const), (s, width, mode) => {
        for (const line of wrapToWidth(expandTabs(s), width, mode)) expect(displayWidth(line)).toBeLessThanOrEqual(width);
      }),
    );
  });

  it('loses no character of a code line', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 40 }), (s, width) => {
        const line = expandTabs(s);
        expect(wrapToWidth(line, width, 'code').join('')).toBe(line);
      }),
    );
  });

  it('loses no character of prose either, only the spaces where it breaks', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 40 }), (s, width) => {
        const line = expandTabs(s);
        expect(wrapToWidth(line, width, 'prose').join('').replace(/ /g, '')).toBe(line.replace(/ /g, ''));
      }),
    );
  });

  it('keeps the indentation of code quoted in a comment on every wrapped line', () => {
    expect(wrapToWidth('    ret = ioctl(vdev->vbasedev.fd, VFIO_DEVICE_SET_IRQS, irq_set);', 30, 'prose')).toEqual([
      '    ret =',
      '    ioctl(vdev->vbasedev.fd,',
      '    VFIO_DEVICE_SET_IRQS,',
      '    irq_set);',
    ]);
  });

  it('wraps prose at word boundaries', () => {
    expect(wrapToWidth('I think we leak the fd context we acquired above', 20, 'prose')).toEqual([
      'I think we leak the',
      'fd context we',
      'acquired above',
    ]);
  });
});
