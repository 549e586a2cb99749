// Answering a real review and sending it to a real SMTP server on loopback (STARTTLS with a
// certificate made here, AUTH): what arrives is what a list would get, and once it is "on the list"
// (appended to the vfio archive) mlreview reads it back on the line it was written on.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReview } from '../src/pipeline.js';
import type { Comment, Reply, Review } from '../src/model.js';
import { mailEnv, type MailEnv } from './helpers/mail-env.js';
import { sharedPath } from './helpers/shared.js';
import { selfSignedCert, startSmtp, type TestSmtp } from './helpers/smtp.js';

const VFIO = sharedPath('archives/vfio-irq-update-devid.mbox');
const COVER = 'cover.1566486156.git.luoben@linux.alibaba.com';
const V4_3 = '8721e56f15dbcb1e0a1d8fc645def7b9bc752988.1566486156.git.luoben@linux.alibaba.com';
const ALEX_REVIEW = '20190827143305.1ac826e1@x1.home';
const FILE = 'drivers/vfio/pci/vfio_pci_intrs.c';
// A code line longer than any mail client's wrap and than QP's 76 columns: it must arrive whole.
const LONG_LINE = `\tret = request_irq(irq, vfio_msihandler, 0, vdev->ctx[vector].name, trigger); /* ${'x'.repeat(220)} */`;

let tls: ReturnType<typeof selfSignedCert>;
let smtp: TestSmtp;
let dying: TestSmtp;
let user: MailEnv;

function smtpConfig(port: number, pass: string | null, extra = ''): string {
  return [
    '[sendemail]',
    '  from = Zoë Tester <zoe@example.org>',
    '  smtpServer = 127.0.0.1',
    `  smtpServerPort = ${port}`,
    '  smtpEncryption = tls',
    '  smtpUser = alice',
    ...(pass === null ? [] : [`  smtpPass = ${pass}`]),
    `  smtpSslCertPath = ${tls.certPath}`,
    extra,
  ].join('\n');
}

/** The archive as the list would have it once these mails arrived: the vfio thread, then them. */
function archiveWith(dir: string, raws: string[]): string {
  const path = join(dir, `list-${Date.now()}.mbox`);
  const mails = raws.map((raw) => `From zoe@example.org Mon Dec  7 04:00:00 2026\n${raw.replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1')}\n`);
  writeFileSync(path, readFileSync(VFIO, 'utf8') + mails.join(''));
  return path;
}

const messageIdOf = (raw: string): string => /^Message-ID:\s*<([^>]+)>/im.exec(raw)![1];

function v4Patch(review: Review) {
  const patch = review.threads.flatMap((t) => t.patches).find((p) => p.messageId === V4_3);
  if (!patch) throw new Error('v4 3/3 not found in the vfio archive');
  return patch;
}

function turns(replies: Reply[]): Reply[] {
  return replies.flatMap((r) => [r, ...turns(r.replies)]);
}

beforeAll(async () => {
  user = mailEnv('smtp');
  tls = selfSignedCert(user.dir);
  smtp = await startSmtp(tls, { user: 'alice', pass: 'secret' });
  dying = await startSmtp(tls, { user: 'alice', pass: 'secret', dieOnData: true });
});

afterAll(async () => {
  await smtp?.close();
  await dying?.close();
  if (user) rmSync(user.dir, { recursive: true, force: true });
});

describe('reply and send, by SMTP with STARTTLS and AUTH', () => {
  it('sends a reply to a hunk line, threaded, quoted, to everyone; read back as a new open comment on that line', async () => {
    user.gitConfig(smtpConfig(smtp.port, 'secret'));
    const draftFile = join(user.dir, 'reply.txt');
    const written = await user.run('reply', V4_3, VFIO, '--line', `${FILE}:300`, '-o', draftFile);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    // The user writes under the quote, where the draft leaves room.
    const draft = readFileSync(draftFile, 'utf8');
    writeFileSync(draftFile, draft.replace(/\n\n\n$/, `\n\nThis leaks the old trigger when the new fd is bad, as in:\n\n${LONG_LINE}\n\nZoë\n`));
    const sent = await user.run('send', draftFile, '--yes');
    expect(sent.stderr).toContain('sent: Re: [PATCH v4 3/3]');
    expect(sent.code).toBe(0);
    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0];
    expect(got).toMatchObject({ user: 'alice', secure: true, from: 'zoe@example.org' });
    expect(got.to.sort()).toEqual(
      ['luoben@linux.alibaba.com', 'tglx@linutronix.de', 'alex.williamson@redhat.com', 'linux-kernel@vger.kernel.org', 'tao.ma@linux.alibaba.com', 'gerry@linux.alibaba.com', 'nanhai.zou@linux.alibaba.com', 'linyunsheng@huawei.com'].sort(),
    );
    const head = got.raw.slice(0, got.raw.indexOf('\r\n\r\n'));
    // A non-ASCII name goes out as an RFC 2047 encoded word.
    expect(head).toMatch(/^From: =\?UTF-8\?Q\?Zo=C3=AB_Tester\?= <zoe@example\.org>/m);
    expect(head).not.toMatch(/format=flowed/i);
    const mail = await simpleParser(got.raw);
    expect(mail.subject).toBe('Re: [PATCH v4 3/3] vfio/pci: make use of irq_update_devid and optimize irq ops');
    expect(mail.to).toMatchObject({ value: [{ name: 'Ben Luo', address: 'luoben@linux.alibaba.com' }] });
    expect(mail.inReplyTo).toBe(`<${V4_3}>`);
    expect(mail.references).toEqual([`<${COVER}>`, `<${V4_3}>`]);
    expect(mail.messageId).toMatch(/^<[^<>@]+@example\.org>$/);
    const text = mail.text!.replace(/\r\n/g, '\n');
    expect(text).toContain(
      [
        'On Thu, 22 Aug 2019 15:34:43 +0000, Ben Luo wrote:',
        `> diff --git a/${FILE} b/${FILE}`,
        '> index 3fa3f72..60d3023 100644',
        `> --- a/${FILE}`,
        `> +++ b/${FILE}`,
        '> @@ -284,70 +284,106 @@ static int vfio_msi_enable(struct vfio_pci_device *vdev, int nvec, bool msix)',
      ].join('\n'),
    );
    // Only the lines around the one answered, ending with it: four file header lines, the hunk header,
    // three lines of context and line 300 — not the whole hunk of 106 lines.
    const quoted = text.split('\n').filter((l) => l.startsWith('>'));
    const line300 = v4Patch(await buildReview([VFIO])).files[0].hunks[0].lines.find((l) => l.newLine === 300)!;
    expect(quoted).toHaveLength(9);
    expect(quoted.at(-1)).toBe(`> ${line300.raw}`);
    expect(text.split('\n')).toContain(LONG_LINE);

    // On the list: the archive plus this mail. A new comment, on line 300, open, by Zoë.
    const review = await buildReview([archiveWith(user.dir, [got.raw])]);
    const id = mail.messageId!.slice(1, -1);
    const mine = v4Patch(review).comments.filter((c) => c.messageId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ author: { name: 'Zoë Tester', address: 'zoe@example.org' }, status: 'open' });
    expect(mine[0].anchor).toMatchObject({ section: 'diff', file: FILE, side: 'new', line: 300 });
    expect(mine[0].text).toContain('This leaks the old trigger');
    expect(v4Patch(review).comments).toHaveLength(v4Patch(await buildReview([VFIO])).comments.length + 1);
  });

  it("answers a comment in its own conversation and gives trailers to the patch and the series, password from git's credential helper", async () => {
    smtp.received.length = 0;
    // No smtpPass: git's credential helper has it, as for git send-email.
    user.gitConfig(smtpConfig(smtp.port, null, '[credential]\n  helper = "!f() { test \\"$1\\" = get && echo password=secret; }; f"'));
    const before = await buildReview([VFIO]);
    const alex = v4Patch(before).comments.find((c) => c.text.startsWith('I think this is a user visible change'))!;
    expect(alex.anchor.line).not.toBeNull();
    const draftFile = join(user.dir, 'answer.txt');
    expect((await user.run('reply', ALEX_REVIEW, VFIO, '--line', `${FILE}:${alex.anchor.line}`, '-o', draftFile)).code).toBe(0);
    const draft = readFileSync(draftFile, 'utf8');
    expect(draft).toMatch(/^To: Alex Williamson <alex\.williamson@redhat\.com>$/m);
    expect(draft).toMatch(/^Cc: Ben Luo <luoben@linux\.alibaba\.com>, /m);
    expect(draft).toContain('> I think this is a user visible change.');
    writeFileSync(draftFile, draft.replace(/\n\n\n$/, '\n\nAgreed, QEMU relies on the vector being disabled here.\n'));
    for (const args of [['send', draftFile, '--yes'], ['reply', V4_3, VFIO, '--trailer', 'reviewed-by', '--outbox'], ['reply', COVER, VFIO, '--trailer', 'acked-by', '--outbox']]) {
      const r = await user.run(...args);
      expect(r.code, r.stderr).toBe(0);
    }
    const sent = await user.run('send', '--confirm');
    expect(sent.stderr).toMatch(/sent: .*\nsent: /);
    expect(smtp.received).toHaveLength(3);
    expect(readFileSync(user.outbox, 'utf8')).toBe('');

    const after = await buildReview([archiveWith(user.dir, smtp.received.map((r) => r.raw))]);
    const [answer, reviewed, acked] = smtp.received.map((r) => messageIdOf(r.raw));
    const again = v4Patch(after).comments.find((c) => c.text.startsWith('I think this is a user visible change'))!;
    const mine = turns(again.replies).find((t) => t.messageId === answer);
    expect(mine?.author.name).toBe('Zoë Tester');
    expect(mine?.text).toContain('Agreed, QEMU relies on the vector');
    // A third voice agreeing with the reviewer does not answer for the author.
    expect(again.status).toBe(alex.status);
    expect(v4Patch(after).comments.some((c: Comment) => c.messageId === answer)).toBe(false);
    expect(v4Patch(after).trailers).toContainEqual(expect.objectContaining({ name: 'Reviewed-by', value: 'Zoë Tester <zoe@example.org>', from: reviewed }));
    const series = after.threads.flatMap((t) => t.series).find((s) => s.cover === COVER)!;
    expect(series.trailers).toContainEqual(expect.objectContaining({ name: 'Acked-by', value: 'Zoë Tester <zoe@example.org>', from: acked }));
  });
});

describe('TLS from the first byte', () => {
  it('sends with smtpEncryption = ssl', async () => {
    const ssl = await startSmtp(tls, { user: 'alice', pass: 'secret', implicitTls: true });
    try {
      user.gitConfig(smtpConfig(ssl.port, 'secret').replace('smtpEncryption = tls', 'smtpEncryption = ssl'));
      expect((await user.run('reply', V4_3, VFIO, '--trailer', 'acked-by', '--outbox')).code).toBe(0);
      const sent = await user.run('send', '--yes');
      expect(sent.stderr).toMatch(/by SMTP 127\.0\.0\.1:\d+ \(SSL\) as alice:/);
      expect(sent.code).toBe(0);
      expect(ssl.received).toHaveLength(1);
      expect(ssl.received[0]).toMatchObject({ secure: true, user: 'alice' });
    } finally {
      await ssl.close();
    }
  });
});

describe('nothing is sent by mistake, nothing written is lost', () => {
  it('refuses to send without a yes when there is no terminal to ask on, and --dry-run only prints', async () => {
    smtp.received.length = 0;
    user.gitConfig(smtpConfig(smtp.port, 'secret'));
    expect((await user.run('reply', V4_3, VFIO, '--trailer', 'tested-by', '--outbox')).code).toBe(0);
    const outbox = readFileSync(user.outbox, 'utf8');
    const refused = await user.run('send');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('standard input is not a terminal');
    expect(refused.stderr).toContain('--yes (or --confirm)');
    const dry = await user.run('send', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Subject: Re: \[PATCH v4 3\/3\]/m);
    expect(dry.stdout).toMatch(/^Tested-by: Zo/m);
    expect(dry.stdout).toMatch(/^In-Reply-To:\s*\r?\n?\s*<8721e56f/m);
    expect(dry.stdout).not.toContain('X-Mlreview');
    expect(smtp.received).toHaveLength(0);
    expect(readFileSync(user.outbox, 'utf8')).toBe(outbox);
  });

  it('keeps the draft with the error when the server refuses AUTH, goes away mid-send, or sendmail fails', async () => {
    smtp.received.length = 0;
    const cases: [string, string[], RegExp][] = [
      [smtpConfig(smtp.port, 'wrong'), [], /Invalid username or password|535/],
      [smtpConfig(dying.port, 'secret'), [], /127\.0\.0\.1:\d+: .*(closed|ECONNRESET|socket|Connection)/i],
      ['[user]\n  name = Zoë Tester\n  email = zoe@example.org', ['--sendmail', 'echo "mail queue full" >&2; exit 75;'], /exit 75.*mail queue full/],
    ];
    for (const [config, extra, error] of cases) {
      user.gitConfig(config);
      const r = await user.run('send', '--yes', ...extra);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/failed: Re: \[PATCH v4 3\/3\].*\(kept in the outbox\)/);
      expect(r.stderr).toMatch(error);
      const kept = readFileSync(user.outbox, 'utf8');
      expect(kept).toContain('Tested-by: ');
      expect(kept).toMatch(new RegExp(`^X-Mlreview-Send-Error: .*${error.source.replace(/^\(\?:/, '(')}`, 'm'));
    }
    expect(smtp.received).toHaveLength(0);
  });

  it('says clearly that there is no git identity, and writes no draft', async () => {
    user.gitConfig('');
    const r = await user.run('reply', V4_3, VFIO, '--line', `${FILE}:300`, '-o', join(user.dir, 'never.txt'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no identity to send as: git config has neither sendemail.from nor user.name and user.email');
    expect(r.stdout).toBe('');
    expect(() => readFileSync(join(user.dir, 'never.txt'))).toThrow();
  });
});
