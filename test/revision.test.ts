// A reworked patch posted as a reply is a revision of the patch it answers, between vN and vN+1 — not
// an answer to each comment. Real thread: Gabriel David's "leds: lm3697: Fix out-of-bound access"
// (linux-leds, Oct 2020), where three reworked patches were attached to replies in one day.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Reply, Review } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { pastedPatch } from '../src/patch/revision.js';
import { ledsThread } from './helpers/leds-thread.js';

const ROOT = 'MIiYgay--3-2@tutanota.com';
const REVISIONS = ['MIt2NiS--3-2@tutanota.com', 'MItOR9Z--3-2@tutanota.com', 'MItjEho--3-2@tutanota.com'];

function allTurns(replies: Reply[]): Reply[] {
  return replies.flatMap((r) => [r, ...allTurns(r.replies)]);
}

describe('reworked patches attached to replies (lm3697 out-of-bound fix)', () => {
  let path: string;
  let review: Review;
  beforeAll(async () => {
    path = ledsThread(ROOT);
    review = await buildReview([path]);
  });
  afterAll(() => rmSync(dirname(path), { recursive: true, force: true }));

  it('makes each attached patch a revision of the one it answers, in a chain', () => {
    const patches = review.threads.flatMap((t) => t.patches);
    const revisions = patches.filter((p) => p.revisionOf !== undefined);
    expect(revisions.map((p) => [p.messageId, p.revisionOf])).toEqual([
      [REVISIONS[0], ROOT],
      [REVISIONS[1], REVISIONS[0]],
      [REVISIONS[2], REVISIONS[1]],
    ]);
    // The third is the one with the Signed-off-by Pavel asked for.
    expect(revisions[2]!.trailers.map((t) => `${t.name}: ${t.value}`)).toContain('Signed-off-by: Gabriel David <ultracoolguy@tutanota.com>');
    const versions = review.threads.flatMap((t) => t.series).find((s) => s.versions)!.versions!;
    expect(versions.versions.map((v) => [v.version, v.revisionOf ?? null])).toEqual([
      [1, null],
      [1, ROOT],
      [1, REVISIONS[0]],
      [1, REVISIONS[1]],
    ]);
    expect(versions.steps.map((s) => s.patches.map((m) => `${m.change} by ${m.by}`))).toEqual([['kept by reply'], ['kept by reply'], ['kept by reply']]);
  });

  it('turns no pasted patch line into an answer turn', () => {
    const comments: Comment[] = review.threads.flatMap((t) => [...t.series.flatMap((s) => s.comments), ...t.patches.flatMap((p) => p.comments)]);
    const turns = comments.flatMap((c) => allTurns(c.replies));
    for (const turn of turns.filter((t) => REVISIONS.includes(t.messageId))) {
      expect(turn.text).not.toMatch(/^(?:diff --git|@@ |[+-]\t)/m);
    }
    const attached = turns.find((t) => t.messageId === REVISIONS[0]);
    expect(attached?.text).toBe('I agree with you.\n\nAttached patch with changes.');
  });

  it("follows Marek's v1 comment into the first revision: num_leds became num_banks", () => {
    const original = review.threads.flatMap((t) => t.patches).find((p) => p.messageId === ROOT)!;
    const banks = original.comments.find((c) => c.text === 'This should be named num_banks.')!;
    expect(banks.nextVersion).toMatchObject({ version: 1, revision: true, messageId: REVISIONS[0], state: 'changed' });
    expect(banks.nextVersion!.before).toContain('+\tint num_leds;');
    expect(banks.nextVersion!.after).toContain('+\tint num_banks;');
  });

  it('finds no pasted patch in a reply that only quotes one, or suggests code without a sign-off', () => {
    expect(pastedPatch('> From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n> diff --git a/x b/x\n')).toBeNull();
    expect(pastedPatch('How about this?\n\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n')).toBeNull();
  });
});
