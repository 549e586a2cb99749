// Comments followed into the next version, checked by hand on real series: which v4 comments v5
// changed the lines of, which it left as they were, and the evidence that goes with each.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Patch, Review } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { awaitsAnswer } from '../src/review/awaiting.js';
import { nextVersionPanel, versionsPanel } from '../src/tui/versions-panel.js';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ledsThread } from './helpers/leds-thread.js';
import { repoRoot, sharedPath } from './helpers/shared.js';
import { CLI } from './helpers/cli.js';

function patch(review: Review, subject: string): Patch {
  const found = review.threads.flatMap((t) => t.patches).find((p) => p.subject.includes(subject));
  if (!found) throw new Error(`no patch "${subject}"`);
  return found;
}

function byText(comments: Comment[], start: string): Comment {
  const found = comments.find((c) => c.text.startsWith(start));
  if (!found) throw new Error(`no comment starting "${start}"`);
  return found;
}

describe('vfio v4 3/3 followed into v5 3/3 (vfio-series)', () => {
  let review: Review;
  let v4: Patch;
  beforeAll(async () => {
    review = await buildReview([sharedPath('archives/vfio-series')]);
    v4 = patch(review, '[PATCH v4 3/3]');
  });

  it("matches v4 3/3 with v5 3/3 and says v4 1/3 and 2/3 are not in the archives' v5 (not dropped)", () => {
    const versions = review.threads.flatMap((t) => t.series).find((s) => s.versions && s.version === 4)!.versions!;
    expect(versions.versions.map((v) => v.version)).toEqual([3, 4, 5]);
    expect(versions.steps[1]!.patches.map((m) => m.change)).toEqual(['missing', 'kept', 'missing']);
    const v5 = patch(review, '[PATCH v5 3/3]');
    expect(versions.steps[1]!.patches[1]).toMatchObject({ from: [v4.messageId], to: [v5.messageId], by: 'subject' });
  });

  it("finds v3 2/3, retitled in v4 as tglx asked, by its lines: his 'name this irq_update_devid()' is changed", () => {
    const v3 = patch(review, '[PATCH v3 2/3]');
    const v42 = patch(review, '[PATCH v4 2/3]');
    // v3 2/3 is not in the archive: rebuilt from tglx's quotes, titled "update_irq_devid()", v4 "irq_update_devid()".
    expect(v3.reconstructed).toBe(true);
    const versions = review.threads.flatMap((t) => t.series).find((s) => s.versions && s.version === 4)!.versions!;
    expect(versions.steps[0]!.patches.find((m) => m.from.includes(v3.messageId))).toMatchObject({ to: [v42.messageId], by: 'diff' });
    const rename = byText(v3.comments, 'Can you please name this: irq_update_devid().').nextVersion!;
    expect(rename).toMatchObject({ version: 4, messageId: v42.messageId, state: 'changed' });
    expect(rename.before).toContain('+ *\tupdate_irq_devid - update irq dev_id to a new one');
    expect(rename.after).toContain('+ *\tirq_update_devid - update irq dev_id to a new one');
    // The v4 cover letter's "changes from v3:" says so; its "changes from v1:" is history, not shown.
    expect(rename.changelog).toEqual([' - rename the new function to irq_update_devid()']);
    expect(rename.promise?.text).toMatch(/^ok, will name it to irq_update_devid\(\)/);
  });

  it("finds all of Alex's comments changed in v5, each with the v5 lines that replaced them", () => {
    const v5 = patch(review, '[PATCH v5 3/3]');
    expect(v4.comments).toHaveLength(4);
    for (const c of v4.comments) expect(c.nextVersion).toMatchObject({ version: 5, messageId: v5.messageId, state: 'changed' });
    const [visible, leak, why, ordering] = v4.comments.map((c) => c.nextVersion!);
    // The user-visible change: v5 disables the vector on a bad fd instead of returning.
    expect(visible!.before).toContain('+\t\t\treturn PTR_ERR(trigger);');
    expect(visible!.after).toContain('+\t\t\t/* oops, going to disable this interrupt */');
    // The leak: v5 puts the duplicate trigger.
    expect(leak!.after).toContain('+\t\t\t/* avoid duplicated referencing to the same trigger */');
    expect(leak!.after).toContain('+\t\t\teventfd_ctx_put(trigger);');
    expect(why!.after).toEqual(leak!.after);
    // The ordering: the unregister after irq_update_devid() is gone from that place.
    expect(ordering!.before).toContain('+\t\t\tirq_bypass_unregister_producer(&vdev->ctx[vector].producer);');
    expect(ordering!.after).not.toContain('+\t\t\tirq_bypass_unregister_producer(&vdev->ctx[vector].producer);');
    expect(leak!.promise?.text).toBe('Thanks for pointing it out, I will fix this in next version.');
    // v5 3/3 has no notes below its `---` and its cover letter is not in the archive.
    expect(v4.comments.flatMap((c) => c.nextVersion!.changelog)).toEqual([]);
  });

  it('carries the comment Alex asked for in the place v5 gives the bypass bounce', () => {
    const ordering = v4.comments[3]!.nextVersion!;
    const place = ordering.place!;
    expect(place.target).toBe(patch(review, '[PATCH v5 3/3]').messageId);
    expect(place.at).toBe('line');
    const v5 = patch(review, '[PATCH v5 3/3]');
    const file = v5.files.find((f) => f.newPath === 'drivers/vfio/pci/vfio_pci_intrs.c')!;
    expect(file.hunks.flatMap((h) => h.lines.map((l) => l.raw))).toContain('+\t\t * interrupt bypass connection to allow affinity changes in');
  });

  it('says no-next for the v5 comments: no later version is in the archives', () => {
    for (const c of patch(review, '[PATCH v5 3/3]').comments) expect(c.nextVersion).toMatchObject({ state: 'no-next', version: null });
  });

  it('draws the next-version overlay side by side and the versions view', () => {
    const panel = nextVersionPanel(v4.comments[1]!, 4, 120);
    expect(panel.title).toBe('v4 → v5: changed');
    expect(panel.lines.some((l) => l.includes('│') && l.includes('eventfd_ctx_put(trigger);'))).toBe(true);
    const versions = review.threads.flatMap((t) => t.series).find((s) => s.versions)!.versions!;
    const patches = new Map(review.threads.flatMap((t) => t.patches.map((p) => [p.messageId, p] as const)));
    const view = versionsPanel(versions, (id) => patches.get(id), 160);
    expect(view.lines[0]).toBe('v3 → v4 → v5');
    const open = v4.comments.filter(awaitsAnswer).length;
    expect(view.lines.slice(1).find((l) => l.startsWith('v4 '))).toMatch(new RegExp(`3 patches · 4 comments · ${open} open · 4 changed · 0 unchanged · 0 dropped`));
  });
});

describe('LED lookup-table series, v3 followed into v4 (leds-threads), checked by hand', () => {
  let review: Review;
  beforeAll(async () => {
    review = await buildReview([
      sharedPath('archives/leds-threads/leds-lookup-table-int3472-v3.mbox'),
      sharedPath('archives/leds-threads/leds-lookup-table-int3472-v4.mbox'),
    ]);
  });

  it('matches the eleven patches of v3 and v4', () => {
    const versions = review.threads.flatMap((t) => t.series).find((s) => s.versions)!.versions!;
    expect(versions.versions.map((v) => [v.version, v.patches.length])).toEqual([[3, 11], [4, 11]]);
    const changes = versions.steps[0]!.patches.map((m) => m.change);
    // v4 adds the videodev.ko patch and drops the RFC dt patch's place in 5/11 (now its own RFC).
    expect(changes.filter((c) => c === 'added')).toHaveLength(1);
    expect(changes.filter((c) => c === 'dropped')).toHaveLength(1);
  });

  it("follows Andy's comments: kstrdup_const/kfree_const and the struct order changed, list_del() unchanged", () => {
    const p5 = patch(review, '[PATCH v3 05/11]').comments;
    const kstrdup = byText(p5, 'kstrdup_const() ?').nextVersion!;
    expect(kstrdup.state).toBe('changed');
    expect(kstrdup.after).toContain('+\t\t\tled_name = kstrdup_const(lookup->led_name, GFP_KERNEL);');
    expect(kstrdup.changelog).toContain('- Use kstrdup_const() / kfree_const() for the led_name');
    const kfree = byText(p5, 'kfree_const() ?').nextVersion!;
    expect(kfree.state).toBe('changed');
    expect(kfree.after).toContain('+\tkfree_const(led_name);');
    expect(kfree.promise?.text).toBe('Ack, will change for v4.');
    // Not taken up in v4: the list_del() is still there.
    const listDel = byText(p5, 'Perhaps list_del_init().').nextVersion!;
    expect(listDel.state).toBe('unchanged');
    expect(listDel.after).toContain('+\tlist_del(&led_lookup->list);');
    const p8 = patch(review, '[PATCH v3 08/11]').comments;
    const first = byText(p8, 'Why not putting this as a first member').nextVersion!;
    expect(first.state).toBe('changed');
    expect(first.changelog).toEqual(['- Make struct led_classdev the first member of the pled struct']);
    expect(byText(p8, 'return dev_err_probe(...);').nextVersion!.state).toBe('changed');
  });

  it('keeps an acknowledged comment open when its lines are unchanged in v4, with the changelog as evidence', () => {
    // "led_module_get() sounds good, I will rename this for v4": the rename is at the function's
    // name, not under Andy's quote; the changelog says it was done — evidence, not proof, either way.
    const rename = byText(patch(review, '[PATCH v3 02/11]').comments, "If I'm not mistaken").nextVersion!;
    expect(rename.state).toBe('unchanged');
    expect(rename.changelog).toContain('- Rename new __led_get() helper to led_module_get()');
    const comment = byText(patch(review, '[PATCH v3 02/11]').comments, "If I'm not mistaken");
    expect(comment.status).toBe('acknowledged');
    expect(awaitsAnswer(comment)).toBe(true);
  });
});

describe('Turris Omnia updates, v3 (leds-threads) followed into v4 (linux-leds), checked by hand', () => {
  let review: Review;
  let v4: string;
  beforeAll(async () => {
    v4 = ledsThread('20230918161104.20860-1-kabel@kernel.org');
    review = await buildReview([sharedPath('archives/leds-threads/leds-turris-omnia-v3.mbox'), v4]);
  });
  afterAll(() => rmSync(dirname(v4), { recursive: true, force: true }));

  it('matches v3 (6 patches) with v4 (4): the two Lee applied are dropped, the rest kept', () => {
    const versions = review.threads.flatMap((t) => t.series).find((s) => s.versions)!.versions!;
    expect(versions.versions.map((v) => [v.version, v.patches.length])).toEqual([[3, 6], [4, 4]]);
    expect(versions.steps[0]!.patches.map((m) => m.change)).toEqual(['dropped', 'kept', 'kept', 'dropped', 'kept', 'kept']);
    // Lee's "Applied, thanks!" is the patch's state (a maintainer note), and why v4 no longer carries it.
    expect(patch(review, '[PATCH v3 1/6]').applied).toBeDefined();
    expect(patch(review, '[PATCH v3 3/6]').applied).toBeDefined();
  });

  it("follows Lee's review: the nits done are changed, the questions left are unchanged", () => {
    const p2 = patch(review, '[PATCH v3 2/6]').comments;
    const normalise = byText(p2, "You don't need to normalise to zero here.").nextVersion!;
    expect(normalise.state).toBe('changed');
    expect(normalise.before).toContain('+	return ret < 0 ? ret : 0;');
    expect(normalise.after).toContain('+	return i2c_master_send(client, buf, sizeof(buf));');
    expect(byText(p2, 'But how to do similar semantics here?').nextVersion!.state).toBe('unchanged');
    const p4 = patch(review, '[PATCH v3 4/6]').comments;
    const our = byText(p4, 'Nit: "our"').nextVersion!;
    expect(our.state).toBe('changed');
    expect(our.after.join('\n')).toContain('make sure that our cached values');
    expect(byText(p4, 'Nit: Please start comments with an upper case char').nextVersion!.after).toContain('+	/* Send the color change command */');
    // Evidence, not proof: "Why the pre-increment?" sits 3 lines from a comment v4 capitalised, so its
    // place changed, but the ++i is still there (Marek answered that it is common in the kernel).
    const pre = byText(p4, 'Why the pre-increment?').nextVersion!;
    expect(pre.state).toBe('changed');
    expect(pre.after).toContain('+	for (int i = 0; i < OMNIA_LED_NUM_CHANNELS; ++i)');
    const p5 = patch(review, '[PATCH v3 5/6]').comments;
    expect(byText(p5, 'Not sure I understand this interface.').nextVersion!.state).toBe('unchanged');
  });
});

describe('export --range', () => {
  const run = promisify(execFile);
  const cli = CLI;

  it('writes the v4..v5 interdiff with the comments on their lines, in Markdown and JSON', async () => {
    const archive = sharedPath('archives/vfio-series');
    const { stdout: md } = await run('node', [cli, 'export', '--range', '4..5', archive]);
    expect(md).toMatch(/^# vfio\/pci: make use of irq_update_devid and optimize irq ops: v4\.\.v5$/m);
    expect(md).toContain('## v4 3/3 → v5 3/3 (kept)');
    expect(md).toMatch(/^## Alex Williamson \[changed\]: I think we leak the fd context/m);
    expect(md).toContain('-+\t\t\t/* switch back to remap mode */');
    expect(md).toContain('++\t\t\t/* avoid duplicated referencing to the same trigger */');
    const { stdout } = await run('node', [cli, 'export', '-f', 'json', '--range', '4..5', archive], { maxBuffer: 16 << 20 });
    const json = JSON.parse(stdout) as { range: unknown; series: Array<{ patches: Array<{ change: string; files: Array<{ comments: unknown[] }> }> }> };
    expect(json.range).toEqual({ from: 4, to: 5 });
    const kept = json.series[0]!.patches.find((p) => p.change === 'kept')!;
    expect(kept.files[0]!.comments).toHaveLength(4);
  });

  it('refuses a range that is not two versions, older first', async () => {
    await expect(run('node', [cli, 'export', '--range', '5..4', sharedPath('archives/vfio-series')])).rejects.toMatchObject({ code: 2 });
  });
});
