// Patch mails split and parsed as a reviewer reads them: message, trailers, diffstat, files, hunks.
import { describe, expect, it } from 'vitest';
import type { Patch, Review } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { splitPatchMail } from '../src/patch/split.js';
import { sharedPath } from './helpers/shared.js';

async function patches(...paths: string[]): Promise<Patch[]> {
  const review: Review = await buildReview(paths.map((p) => sharedPath(p)));
  return review.threads.flatMap((t) => t.patches);
}

describe('the vfio v4 3/3 patch', () => {
  it('splits commit message, trailers, diffstat and the one file', async () => {
    const [v4] = await patches('archives/vfio-irq-update-devid.mbox');
    expect(v4!.subject).toBe('[PATCH v4 3/3] vfio/pci: make use of irq_update_devid and optimize irq ops');
    expect(v4!.commitMessage.startsWith('When userspace (e.g. qemu) triggers a switch between KVM')).toBe(true);
    expect(v4!.commitMessage.endsWith('and also cuts some overhead.')).toBe(true);
    expect(v4!.trailers).toEqual([
      { name: 'Signed-off-by', value: 'Ben Luo <luoben@linux.alibaba.com>', from: v4!.messageId },
    ]);
    expect(v4!.diffstat).toEqual([
      ' drivers/vfio/pci/vfio_pci_intrs.c | 112 +++++++++++++++++++++++++-------------',
      ' 1 file changed, 74 insertions(+), 38 deletions(-)',
    ]);
    expect(v4!.files.map((f) => [f.oldPath, f.newPath, f.status])).toEqual([
      ['drivers/vfio/pci/vfio_pci_intrs.c', 'drivers/vfio/pci/vfio_pci_intrs.c', 'modified'],
    ]);
  });

  it('numbers every hunk line on both sides', async () => {
    const [v4] = await patches('archives/vfio-irq-update-devid.mbox');
    const hunk = v4!.files[0]!.hunks[0]!;
    expect(hunk.header).toBe('@@ -284,70 +284,106 @@ static int vfio_msi_enable(struct vfio_pci_device *vdev, int nvec, bool msix)');
    expect(hunk.section).toBe('static int vfio_msi_enable(struct vfio_pci_device *vdev, int nvec, bool msix)');
    const at = (raw: string) => hunk.lines.filter((l) => l.raw === raw).map((l) => [l.oldLine, l.newLine]);
    expect(at(' static int vfio_msi_set_vector_signal(struct vfio_pci_device *vdev,')).toEqual([[284, 284]]);
    expect(at('+\tstruct eventfd_ctx *trigger = NULL;')).toEqual([[null, 287]]);
    expect(at('-\tstruct eventfd_ctx *trigger;')).toEqual([[288, null]]);
    expect(at('+\tif (fd >= 0) {')).toEqual([[null, 294]]);
    // The line the "leak" comment sits under, and the two other producers of the seed.
    expect(at('+\t\t\tirq_bypass_unregister_producer(&vdev->ctx[vector].producer);')).toEqual([
      [null, 315],
      [null, 326],
      [null, 332],
    ]);
  });

  it('keeps line counts consistent with every hunk header across the leds threads', async () => {
    const all = await patches(
      'archives/leds-threads/leds-lookup-table-int3472-v4.mbox',
      'archives/leds-threads/leds-multicolor-framework-v4.mbox',
      'archives/leds-threads/leds-rust-synology-led.mbox',
      'archives/vfio-series/lkml-benluo-v4-series-and-review.mbox',
    );
    let hunks = 0;
    for (const patch of all) {
      for (const file of patch.files) {
        for (const hunk of file.hunks) {
          hunks++;
          const old = hunk.lines.filter((l) => l.oldLine !== null);
          const added = hunk.lines.filter((l) => l.newLine !== null);
          expect(old).toHaveLength(hunk.oldLines);
          expect(added).toHaveLength(hunk.newLines);
          if (old.length) expect(old.at(-1)!.oldLine).toBe(hunk.oldStart + hunk.oldLines - 1);
          if (added.length) expect(added.at(-1)!.newLine).toBe(hunk.newStart + hunk.newLines - 1);
        }
      }
    }
    expect(hunks).toBeGreaterThan(100);
  });
});

describe('file kinds from Patchwork test mails', () => {
  it('reads a rename', async () => {
    const [patch] = await patches('archives/patchwork/mail/0008-git-rename.mbox');
    expect(patch!.files[0]).toMatchObject({ status: 'renamed', hunks: [] });
    expect(patch!.files[0]!.oldPath).not.toBe(patch!.files[0]!.newPath);
  });

  it('reads an added empty file, a mode change and binary files', async () => {
    const [empty] = await patches('archives/patchwork/mail/0021-git-empty-new-file.mbox');
    expect(empty!.files.map((f) => f.status)).toContain('added');
    const [binary] = await patches('archives/patchwork/mail/0025-git-add-binary-file.mbox');
    expect(binary!.files.some((f) => f.binary)).toBe(true);
    const [mixed] = await patches('archives/patchwork/mail/0026-git-add-mixed-binary-text-files.mbox');
    expect(mixed!.files.some((f) => f.binary)).toBe(true);
    expect(mixed!.files.some((f) => !f.binary && f.hunks.length > 0)).toBe(true);
  });

  it('marks the last line of a file without a newline', async () => {
    const [patch] = await patches('archives/patchwork/mail/0011-no-newline-at-end-of-file.mbox');
    const lines = patch!.files.flatMap((f) => f.hunks.flatMap((h) => h.lines));
    expect(lines.some((l) => l.noNewlineAtEnd)).toBe(true);
  });

  it('reads a patch whose hunk counts were broken, and says so', async () => {
    const review = await buildReview([sharedPath('archives/patchwork/mail/0009-git-rename-with-diff.mbox')]);
    const patch = review.threads[0]!.patches[0]!;
    expect(patch.files[0]!.hunks[0]!.lines.map((l) => l.raw)).toEqual([' a', ' a', '-a', '+b', ' c', ' c', ' c']);
    expect(review.sources[0]!.problems[0]!.reason).toMatch(/recounted/);
  });

  it('keeps the diff of a Gmail patch whose blank context lines lost their space', async () => {
    const [patch] = await patches('archives/patchwork/mail/0019-multipart-patch.mbox');
    const hunk = patch!.files[0]!.hunks[0]!;
    expect(hunk.header).toBe('@@ -576,9 +576,11 @@ def find_comment_content(mail):');
    expect([hunk.oldLines, hunk.newLines]).toEqual([9, 11]);
    expect(hunk.lines.at(-1)).toMatchObject({ kind: 'context', text: '', oldLine: 584, newLine: 586 });
    expect(hunk.lines.filter((l) => l.kind === 'add').map((l) => l.text)).toEqual([
      '    for payload, subtype in _find_content(mail):',
      "        if subtype != 'plain':",
      '            continue',
    ]);
  });
});

describe('trailers', () => {
  it('collects Reviewed-by given in replies onto the patch, with the reply it came from', async () => {
    const review = await buildReview([sharedPath('archives/leds-threads/leds-lookup-table-int3472-v4.mbox')]);
    const first = review.threads[0]!.patches.find((p) => p.part === 1)!;
    const given = first.trailers.filter((t) => t.from !== first.messageId);
    expect(given).toContainEqual(expect.objectContaining({
      name: 'Reviewed-by',
      value: 'Andy Shevchenko <andy.shevchenko@gmail.com>',
      from: 'CAHp75Ve1WtkyvLDHmrmJT8erqZn2B1m0ak=PSiy5cWWF-11HKg@mail.gmail.com',
      // Who gave it, for the trailers list: the giver's From, not only the name in the value.
      by: { name: 'Andy Shevchenko', address: 'andy.shevchenko@gmail.com' },
    }));
    // An Acked-by answering the cover letter is for the whole series.
    expect(review.threads[0]!.series[0]!.trailers.map((t) => `${t.name}: ${t.value}`)).toContain(
      'Acked-by: Linus Walleij <linus.walleij@linaro.org>',
    );
  });

  it('splits a patch without a --- line and with notes after it', () => {
    const parts = splitPatchMail(
      ['Fix the thing.', '', 'Signed-off-by: A <a@x>', '---', 'v2: rebased', '', ' a.c | 2 +-', ' 1 file changed, 1 insertion(+), 1 deletion(-)', '', 'diff --git a/a.c b/a.c', '--- a/a.c', '+++ b/a.c', '@@ -1 +1 @@', '-x', '+y', '-- ', '2.40.0', ''].join('\n'),
    );
    expect(parts.commitMessage).toBe('Fix the thing.');
    expect(parts.trailerLines).toEqual(['Signed-off-by: A <a@x>']);
    expect(parts.notes).toBe('v2: rebased');
    expect(parts.diffstat).toHaveLength(2);
    expect(parts.diff.split('\n').at(-1)).toBe('+y');
  });
});
