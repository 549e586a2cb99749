// Who the author is, as a person would decide it: the real sender behind B4 Relay, a name with or
// without its accent, the identities a .mailmap joins; and what is no comment at all (a build bot's
// report is one comment on the line it names). Real linux-leds threads, cut from the whole archive.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Comment, Review } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { samePerson } from '../src/review/person.js';
import { mlreview } from './helpers/cli.js';
import { cutThreads } from './helpers/cut-threads.js';
import { repoRoot, sharedPath } from './helpers/shared.js';

const LEDS = 'archives/linux-leds.mbox.gz';
// J. Neuschäfer's multicolor patch (B4 Relay), André Apitzsch's sy7802 v2 review, the mp3326 bot report.
const THREADS = ['de7fb605-527e-4c62-9b5d-947a1636c54b@kernel.org', '20240411124855.GJ1980182@google.com', '202311121908.Kyj8FdWx-lkp@intel.com'];
let cut: Promise<Review> | null = null;
/** The three linux-leds threads, cut and read once for the file. */
const leds = (): Promise<Review> => (cut ??= buildReview([cutThreads(sharedPath(LEDS), THREADS)]));
const comments = (review: Review): Comment[] => review.threads.flatMap((t) => [...t.series.flatMap((s) => s.comments), ...t.patches.flatMap((p) => p.comments)]);

describe('the author, from any address', () => {
  it('takes the real sender behind B4 Relay from X-Original-From, encoded name and all', async () => {
    // J. Neuschäfer's "Allow differently named multicolor leds" came from devnull+j.ne.posteo.net@kernel.org.
    const review = await leds();
    const patch = review.threads.flatMap((t) => t.patches).find((p) => p.title.includes('differently named multicolor'))!;
    expect(patch.author).toEqual({ name: 'J. Neuschäfer', address: 'j.ne@posteo.net' });
    const lee = comments(review).find((c) => c.author.name === 'Lee Jones')!;
    expect(lee.replies[0]).toMatchObject({ author: { name: 'J. Neuschäfer' }, role: 'author' });
    expect(lee.status).toBe('answered');
    // Krzysztof's questions under that answer are his own comments, with the author's answers.
    const which = comments(review).find((c) => c.text.startsWith('Which binding is this?'))!;
    expect(which).toMatchObject({ author: { name: 'Krzysztof Kozlowski' }, status: 'answered' });
    expect(which.replies[0]).toMatchObject({ role: 'author' });
  });

  it('compares names with accents and case folded, and never by the relay address', () => {
    expect(samePerson({ name: 'Nuno Sá', address: 'noname.nuno@gmail.com' }, { name: 'Nuno Sa', address: 'nuno.sa@analog.com' })).toBe(true);
    expect(samePerson({ name: 'NUNO SA', address: '' }, { name: 'Nuno Sá', address: '' })).toBe(true);
    expect(samePerson({ name: 'Nuno Sá', address: '' }, { name: 'Nuno Silva', address: '' })).toBe(false);
    // Every B4 Relay sender shares the devnull address: it names nobody.
    expect(
      samePerson({ name: 'Fenglin Wu via B4 Relay', address: 'devnull+quic_fenglinw.quicinc.com@kernel.org' }, { name: 'André Apitzsch', address: 'devnull+git.apitzsch.eu@kernel.org' }),
    ).toBe(false);
  });

  it('joins the identities a .mailmap names (--mailmap), and names a line it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlreview-mailmap-'));
    const mailmap = join(dir, '.mailmap');
    writeFileSync(mailmap, '# Ben Luo writes as "luoben" too\nBen Luo <ben.luo@example.org> <luoben@linux.alibaba.com>\nnot an entry\n');
    const result = await mlreview('export', '--format', 'json', '--mailmap', mailmap, join(repoRoot, 'archives', 'vfio-irq-update-devid.mbox'));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`mlreview: ${mailmap}:3: no <address> on the line (line ignored)\n`);
    const json = JSON.parse(result.stdout) as { threads: Array<{ patches: Array<{ author: { address: string }; comments: Array<{ status: string; replies: Array<{ role: string; author: { address: string } }> }> }> }> };
    const patches = json.threads.flatMap((t) => t.patches);
    expect(patches.every((p) => p.author.address === 'ben.luo@example.org')).toBe(true);
    const answers = patches.flatMap((p) => p.comments.flatMap((c) => c.replies)).filter((r) => r.role === 'author');
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((r) => r.author.address === 'ben.luo@example.org')).toBe(true);
    const missing = await mlreview('check', '--mailmap', join(dir, 'nope'), join(repoRoot, 'archives'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`mlreview: ${join(dir, 'nope')}: no such file or directory\n`);
  });

  it("gives a short promise above a whole quoted review to every point it does not answer one by one", async () => {
    // André Apitzsch (via B4 Relay) on sy7802 v2: "I will address your comments in the next version.
    // I have a few comments/questions though" above Lee Jones's whole review, then a few answers inline.
    const review = await leds();
    const bit = comments(review).find((c) => c.text === 'Why not BIT()?')!;
    expect(bit.status).toBe('acknowledged');
    expect(bit.statusReason).toMatchObject({ why: 'the author agreed', role: 'author', by: { name: 'André Apitzsch' } });
    // A point he answered inline keeps that answer's status.
    const aligned = comments(review).find((c) => c.text.startsWith('Much nicer to read if everything was aligned'))!;
    expect(aligned.replies.map((r) => r.text.slice(0, 30))).toEqual(['Using tab size 8, SY7802_FLASH']);
  });
});

describe("a build bot's report", () => {
  it('is one comment, on the line its "vim +/i +490 file" names', async () => {
    const review = await leds();
    const bot = comments(review).filter((c) => c.messageId === '202311121908.Kyj8FdWx-lkp@intel.com');
    expect(bot).toHaveLength(1);
    expect(bot[0]!.anchor).toMatchObject({ section: 'diff', file: 'drivers/leds/leds-mp3326.c', side: 'new', line: 490 });
    expect(bot[0]!.text).toContain('kernel test robot noticed the following build warnings');
  });
});
