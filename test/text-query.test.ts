// The search language of `/`: what a maintainer types (lei's habits), read into FTS5 terms that can
// never fail to parse, and the same reading applied without the index (subjects of mails not indexed
// yet) agreeing with what the index answers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailText } from '../src/store/mail-text.js';
import { mailTokens, matchesMail, parseQuery, toFts5, tokensOf } from '../src/store/text-query.js';
import { MailTextIndex, textKey } from '../src/store/text-search.js';

/** A few mails with the words the queries below use: real subjects and senders from the vfio thread. */
const MAILS = [
  { subject: '[PATCH v4 0/3] genirq/vfio: Introduce irq_update_devid() and optimize VFIO irq ops', sender: 'Ben Luo luoben@linux.alibaba.com' },
  { subject: 'Re: [PATCH v4 3/3] vfio/pci: make use of irq_update_devid and optimize irq ops', sender: 'Alex Williamson alex.williamson@redhat.com' },
  { subject: '[PATCH v5 3/3] vfio/pci: make use of irq_update_devid and optimize irq ops', sender: 'Ben Luo luoben@linux.alibaba.com' },
  { subject: 'Re: [PATCH v2] leds: class: fd context of the LED — “naïve” café', sender: 'Pavel Machek pavel@ucw.cz' },
  { subject: 'NEAR(AND) OR NOT "quoted" -dash *star*', sender: 'Odd Name odd@example.org' },
];

let index: MailTextIndex;
const notices: string[] = [];

beforeAll(() => {
  const file = join(mkdtempSync(join(tmpdir(), 'mlreview-text-query-')), 'index.sqlite');
  new Database(file).close();
  index = new MailTextIndex(file, 'test', (line) => notices.push(line));
  MAILS.forEach((m, i) => index.add({ key: i + 1, subject: m.subject, sender: m.sender, text: { body: '', patch: '' } }));
  index.flush();
});

afterAll(() => index.close());

/** Which of MAILS (1-based) the index finds for a typed query; null for a query without words. */
function indexFinds(typed: string): number[] | null {
  const expression = toFts5(parseQuery(typed));
  if (expression === null) return null;
  const found = index.match(expression);
  expect(found, `index failed on ${JSON.stringify(typed)}: ${notices.join('; ')}`).not.toBeNull();
  return [...found!].sort((a, b) => a - b);
}

function memoryFinds(typed: string): number[] | null {
  const query = parseQuery(typed);
  if (toFts5(query) === null) return null;
  return MAILS.flatMap((m, i) => (matchesMail(query, mailTokens(m.subject, m.sender)) ? [i + 1] : []));
}

describe('the search language', () => {
  it('reads words, "phrases", prefix*, -excluded, s:/f:/b: fields and OR as lei does', () => {
    expect(indexFinds('irq_update_devid')).toEqual([1, 2, 3]);
    expect(indexFinds('irq_update_devid v5')).toEqual([3]);
    expect(indexFinds('irq_update_devid -v5')).toEqual([1, 2]);
    expect(indexFinds('irq_update_devid NOT v5')).toEqual([1, 2]);
    expect(indexFinds('"optimize irq ops"')).toEqual([2, 3]);
    expect(indexFinds('"optimize vfio irq ops"')).toEqual([1]);
    expect(indexFinds('"irq optimize"')).toEqual([]);
    expect(indexFinds('irq_upd*')).toEqual([1, 2, 3]);
    expect(indexFinds('irq_upd')).toEqual([]);
    expect(indexFinds('f:pavel')).toEqual([4]);
    expect(indexFinds('s:pavel')).toEqual([]);
    expect(indexFinds('b:irq_update_devid')).toEqual([]);
    expect(indexFinds('f:alex OR s:genirq')).toEqual([1, 2]);
    // Accents and case do not matter; `_` joins a word, `/` and `-` split one.
    expect(indexFinds('NAIVE CAFE')).toEqual([4]);
    expect(indexFinds('genirq/vfio')).toEqual([1]);
  });

  it('never lets a typed character act as FTS5 syntax: operators and marks are words or separators', () => {
    expect(indexFinds('[PATCH v2]')).toEqual([4]);
    expect(indexFinds('[PATCH')).toEqual([1, 2, 3, 4]);
    expect(indexFinds('"quoted"')).toEqual([5]);
    expect(indexFinds('near(')).toEqual([5]);
    expect(indexFinds('NEAR(')).toEqual([5]);
    // Bare upper-case operators are operators: alone they leave no word to look for.
    for (const typed of ['"', '-', '*', '""', '-"', 'AND', 'OR', 'NOT', 'AND OR NOT', '()', '^', ':', 's:', '-s:', '   ']) {
      expect(indexFinds(typed), typed).toBeNull();
    }
    expect(tokensOf('NEAR(AND) OR NOT "quoted" -dash *star*')).toEqual(['near', 'and', 'or', 'not', 'quoted', 'dash', 'star']);
  });

  it('any typed line gives an expression FTS5 takes, and the reading without the index agrees with it', () => {
    const word = fc.constantFrom('irq', 'irq_update_devid', 'irq_upd', 'vfio', 'PATCH', 'v4', 'v5', 'pavel', 'naïve', 'near', 'and', 'ops', 'fd', 'context', 'ben');
    const mark = fc.constantFrom('"', '-', '*', '(', ')', ':', 's:', 'f:', 'b:', 'NEAR', 'AND', 'OR', 'NOT', '^', '[', ']', '{', '}', '\u0000', '\u202e', ' ', '  ', '\t');
    const typed = fc.oneof(
      fc.array(fc.oneof(word, mark), { maxLength: 10 }).map((parts) => parts.join('')),
      fc.array(fc.oneof(word, mark), { maxLength: 10 }).map((parts) => parts.join(' ')),
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    fc.assert(
      fc.property(typed, (line) => {
        expect(indexFinds(line)).toEqual(memoryFinds(line));
      }),
      { numRuns: 300 },
    );
    expect(notices).toEqual([]);
  });

  it('keys a mail by the first 52 bits of its hash: a number JavaScript and SQLite hold exactly', () => {
    expect(textKey('ffffffffffffff00')).toBe(2 ** 52 - 1);
    expect(Number.isSafeInteger(textKey('0123456789abcdef0123456789abcdef01234567'))).toBe(true);
  });
});

describe('what of a mail is searched', () => {
  it('keeps the writer’s words and the diff’s changed lines, files and functions; drops quotes and context', () => {
    const body = [
      'On Tue, Ben Luo wrote:',
      '> I think we leak the fd context',
      '> +\teventfd_ctx_put(trigger);',
      'Right, the fd context leaks; v5 fixes it.',
      '',
      'Reviewed-by: Alex Williamson <alex.williamson@redhat.com>',
      '---',
      ' drivers/vfio/pci/vfio_pci_intrs.c | 2 +-',
      'diff --git a/drivers/vfio/pci/vfio_pci_intrs.c b/drivers/vfio/pci/vfio_pci_intrs.c',
      'index 1c3a5b2..3f4e5d6 100644',
      '--- a/drivers/vfio/pci/vfio_pci_intrs.c',
      '+++ b/drivers/vfio/pci/vfio_pci_intrs.c',
      '@@ -296,7 +296,7 @@ static int vfio_msi_set_vector_signal(struct vfio_pci_device *vdev,',
      ' \tif (vdev->ctx[vector].trigger) {',
      '-\t\tfree_irq(irq, vdev->ctx[vector].trigger);',
      '+\t\tirq_update_devid(irq, vdev->ctx[vector].trigger, trigger);',
      '',
      '-- ',
      '2.7.4',
    ].join('\n');
    const text = mailText(body);
    expect(text.body).toContain('Right, the fd context leaks');
    expect(text.body).toContain('Reviewed-by: Alex Williamson');
    expect(text.body).toContain('vfio_pci_intrs.c | 2 +-');
    expect(text.body).not.toContain('I think we leak');
    expect(text.body).not.toContain('eventfd_ctx_put');
    expect(text.patch).toContain('drivers/vfio/pci/vfio_pci_intrs.c');
    expect(text.patch).toContain('static int vfio_msi_set_vector_signal');
    expect(text.patch).toContain('free_irq(irq');
    expect(text.patch).toContain('irq_update_devid(irq');
    expect(text.patch).not.toContain('if (vdev->ctx[vector].trigger)');
  });
});
