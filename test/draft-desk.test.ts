// The browser's draft desk without a terminal: the editor is a function here. An editor that leaves
// the draft unchanged or fails is asked about — keep, edit again, discard — and nothing is dropped
// silently; a kept draft shows as a draft card where the sent mail will be read back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Review } from '../src/model.js';
import { readOutbox } from '../src/outbox/outbox.js';
import { buildReview } from '../src/pipeline.js';
import { createDraftDesk } from '../src/tui/draft-desk.js';
import type { EditorRun } from '../src/tui/editor.js';
import { sharedPath } from './helpers/shared.js';

const V4_3 = '8721e56f15dbcb1e0a1d8fc645def7b9bc752988.1566486156.git.luoben@linux.alibaba.com';
let dir: string;
let env: NodeJS.ProcessEnv;
let review: Review;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mlreview-desk-'));
  writeFileSync(join(dir, 'gitconfig'), '[user]\n  name = Zoë Tester\n  email = zoe@example.org\n');
  env = { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_GLOBAL: join(dir, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1' };
  review = await buildReview([sharedPath('archives/vfio-irq-update-devid.mbox')]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An editor that does what the test says, one step per call. */
function editor(steps: ((file: string, line: number) => number)[]): (file: string, line: number) => EditorRun {
  return (file, line) => ({ code: steps.shift()!(file, line), command: 'test-editor' });
}

const write = (text: string) => (file: string, line: number): number => {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.splice(line - 1, 0, text);
  writeFileSync(file, lines.join('\n'));
  return 0;
};

function lineTarget(r: Review) {
  const thread = r.threads.find((t) => t.patches.some((p) => p.messageId === V4_3))!;
  const patch = thread.patches.find((p) => p.messageId === V4_3)!;
  const line = patch.files[0].hunks[0].lines.findIndex((l) => l.newLine === 300);
  return { thread, target: { kind: 'line' as const, patch, file: 0, hunk: 0, line } };
}

describe('the draft desk', () => {
  it('asks when the editor leaves the draft unchanged, edits again, and shows the kept draft on its line', async () => {
    const outbox = join(dir, 'one', 'outbox.mbox');
    const desk = createDraftDesk({ outbox, env, edit: editor([() => 0, write('Please keep the vector disabled on error.')]) });
    const { thread, target } = lineTarget(review);
    const first = await desk.reply(review, thread, target);
    expect(first.ask?.text).toBe('the draft is unchanged: e edit again · k keep it in the outbox · d discard it');
    expect(await readOutbox(outbox)).toEqual([]);
    const again = await desk.afterEdit(review, 'edit-again');
    expect(again.message).toMatch(/^draft kept in the outbox: Re: \[PATCH v4 3\/3\]/);
    expect(again.drafts).toHaveLength(1);
    const [[from, to]] = again.replaced!;
    expect(from).toBe(thread);
    const card = to.patches.find((p) => p.messageId === V4_3)!.comments.find((c) => c.draft);
    expect(card).toMatchObject({ author: { name: 'Zoë Tester' }, anchor: { file: 'drivers/vfio/pci/vfio_pci_intrs.c', line: 300 }, status: 'open' });
    expect(card!.text).toContain('Please keep the vector disabled on error.');

    // Discarding it from the list takes the card away again.
    const gone = await desk.draft(again.review!, 'discard', again.drafts![0].messageId);
    expect(gone.drafts).toEqual([]);
    expect(gone.replaced![0][1].patches.find((p) => p.messageId === V4_3)!.comments.some((c) => c.draft)).toBe(false);
  });

  it('asks when the editor fails; keep keeps the draft as it stands, discard drops it only when told', async () => {
    const outbox = join(dir, 'two', 'outbox.mbox');
    const desk = createDraftDesk({ outbox, env, edit: editor([() => 1, () => 2]) });
    const { thread, target } = lineTarget(review);
    expect((await desk.reply(review, thread, target)).ask?.text).toBe('test-editor exited 1: e edit again · k keep it in the outbox · d discard it');
    expect((await desk.afterEdit(review, 'keep')).message).toMatch(/^draft kept in the outbox/);
    expect(await readOutbox(outbox)).toHaveLength(1);
    expect((await desk.reply(review, thread, target)).ask?.text).toContain('exited 2');
    expect(await desk.afterEdit(review, 'discard')).toEqual({ message: 'draft discarded' });
    expect(await readOutbox(outbox)).toHaveLength(1);
  });

  it('a trailer goes to the outbox at once; no identity is said, not a crash', async () => {
    const outbox = join(dir, 'three', 'outbox.mbox');
    const desk = createDraftDesk({ outbox, env, edit: editor([]) });
    const { thread } = lineTarget(review);
    const given = await desk.reply(review, thread, { kind: 'trailer', messageId: V4_3, trailer: 'tested-by' });
    expect(given.message).toBe('Tested-by: Zoë Tester <zoe@example.org> kept in the outbox (D: send it)');
    const nobody = createDraftDesk({ outbox, env: { ...env, GIT_CONFIG_GLOBAL: join(dir, 'none') }, edit: editor([]) });
    expect((await nobody.reply(review, thread, { kind: 'trailer', messageId: V4_3, trailer: 'acked-by' })).message).toContain('no identity to send as');
    expect(await readOutbox(outbox)).toHaveLength(1);
  });
});
