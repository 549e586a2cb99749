// A patch whose second file's header a mail client broke: the first file and the comments on it must
// survive (parseDiff used to drop every file of the patch when one `diff --git` block failed). Real
// mail: v3 05/11 of Hans de Goede's LED lookup-table series, with Andy Shevchenko's review on
// drivers/leds/led-class.c; its include/linux/leds.h block gets the broken header.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patch, Review } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { parseDiff } from '../src/patch/diff.js';
import { sharedPath } from './helpers/shared.js';

const ARCHIVE = 'archives/leds-threads/leds-lookup-table-int3472-v3.mbox';
const SUBJECT = '[PATCH v3 05/11] leds: led-class: Add generic [devm_]led_get()';

function patch05(review: Review): Patch {
  const found = review.threads.flatMap((t) => t.patches).find((p) => p.subject === SUBJECT);
  if (!found) throw new Error(`no patch "${SUBJECT}" in ${ARCHIVE}`);
  return found;
}

describe('a patch with one diff block jsdiff cannot read', () => {
  let dir: string;
  let intact: Review;
  let broken: Review;
  beforeAll(async () => {
    const path = sharedPath(ARCHIVE);
    const text = readFileSync(path, 'latin1');
    // The "+++" header line doubled (a hand-edited patch, a paste gone wrong): jsdiff throws
    // 'Missing "--- ..." file header', and no recount can fix it.
    const mangled = text.replace('\n+++ b/include/linux/leds.h\n', '\n+++ b/include/linux/leds.h\n+++ b/include/linux/leds.h\n');
    expect(mangled).not.toBe(text);
    dir = mkdtempSync(join(tmpdir(), 'mlreview-broken-block-'));
    writeFileSync(join(dir, 'mangled.mbox'), mangled, 'latin1');
    intact = await buildReview([path]);
    broken = await buildReview([join(dir, 'mangled.mbox')]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the readable file, its hunks and every comment on it, where they were', () => {
    const before = patch05(intact);
    const after = patch05(broken);
    expect(before.files.map((f) => f.newPath)).toEqual(['drivers/leds/led-class.c', 'include/linux/leds.h']);
    expect(after.files.map((f) => f.newPath)).toEqual(['drivers/leds/led-class.c']);
    expect(after.files[0]!.hunks).toEqual(before.files[0]!.hunks);
    const onClass = (p: Patch) => p.comments.filter((c) => c.anchor.file === 'drivers/leds/led-class.c');
    expect(onClass(before).length).toBeGreaterThanOrEqual(2);
    expect(onClass(after).map((c) => [c.text, c.anchor.line, c.place?.at])).toEqual(onClass(before).map((c) => [c.text, c.anchor.line, 'line']));
  });

  it('keeps the broken block, and only it, as text, and says why', () => {
    const after = patch05(broken);
    expect(after.unparsedDiff).toMatch(/^diff --git a\/include\/linux\/leds\.h b\/include\/linux\/leds\.h/);
    expect(after.unparsedDiff).not.toContain('drivers/leds/led-class.c');
    const problems = broken.sources.flatMap((s) => s.problems).map((p) => p.reason);
    expect(problems.some((r) => r.includes('could not be parsed (kept as text)') && r.includes('file header'))).toBe(true);
  });

  it('parseDiff: the good block beside a broken one is still parsed', () => {
    const good = ['diff --git a/x.c b/x.c', '--- a/x.c', '+++ b/x.c', '@@ -1,2 +1,2 @@', ' a', '-b', '+c'];
    const bad = ['diff --git a/y.c b/y.c', '--- a/y.c', '+++ b/y.c', '+++ b/y.c', '@@ -1 +1 @@', '-d', '+e'];
    const parsed = parseDiff([...good, ...bad].join('\n'));
    expect(parsed.files.map((f) => f.newPath)).toEqual(['x.c']);
    expect(parsed.unparsed).toBe(bad.join('\n'));
    expect(parsed.error).toMatch(/file header/);
  });
});
