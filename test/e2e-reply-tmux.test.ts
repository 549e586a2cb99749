// The browser as a reviewer uses it to answer: in tmux, `r` on a line found with `/`, a script as
// $EDITOR writing the answer where the cursor was left, the draft card on that line, `D` and the
// send confirmation, an editor that fails (asked, not dropped), a trailer with `t`, and
// `mlreview send` asking on the terminal before it sends.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './helpers/cli.js';
import { mailEnv, type MailEnv } from './helpers/mail-env.js';
import { sharedPath } from './helpers/shared.js';

const SOCKET = `mlreview-reply-${process.pid}`;
const VFIO = sharedPath('archives/vfio-irq-update-devid.mbox');
let user: MailEnv;
let sessions = 0;

const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

class Terminal {
  readonly name = `r${sessions++}`;
  constructor(args: string[], env: NodeJS.ProcessEnv) {
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${quote(v ?? '')}`);
    const command = `cd ${quote(user.dir)} && env -i ${assignments.join(' ')} TERM=xterm-256color node ${quote(CLI)} ${args.map(quote).join(' ')}`;
    tmux('new-session', '-d', '-s', this.name, '-x', '120', '-y', '40', `${command}; echo "mlreview exited $?"; sleep 600`);
  }
  screen = (): string => tmux('capture-pane', '-p', '-J', '-t', this.name);
  keys = (...keys: string[]): void => void tmux('send-keys', '-t', this.name, ...keys);
  type = (text: string): void => void tmux('send-keys', '-t', this.name, '-l', text);
  async waitFor(text: string | RegExp, timeout = 30_000): Promise<string> {
    const end = Date.now() + timeout;
    let screen = '';
    while (Date.now() < end) {
      screen = this.screen();
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${String(text)}; the screen was:\n${screen}`);
  }
  close = (): void => void spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', this.name]);
}

beforeAll(() => {
  if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('the end-to-end test needs tmux (apt-get install -y tmux; .ci/run installs it)');
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test builds first)`);
  user = mailEnv('tmux');
  const editor = join(user.dir, 'editor.sh');
  // Writes the answer on the line mlreview names; fails without touching the file when asked to.
  writeFileSync(
    editor,
    `#!/bin/sh\nif [ -e "${user.dir}/editor-fails" ]; then exit 1; fi\n` +
      `awk -v l="$MLREVIEW_DRAFT_LINE" 'NR==l{print "What happens when fd is 0 here?"} {print}' "$1" > "$1.new" && mv "$1.new" "$1"\n`,
  );
  const sendmail = join(user.dir, 'sendmail.sh');
  writeFileSync(sendmail, `#!/bin/sh\necho "$@" >> "${user.dir}/sent.args"\ncat >> "${user.dir}/sent.mbox"\n`);
  chmodSync(editor, 0o755);
  chmodSync(sendmail, 0o755);
  user.gitConfig(`[user]\n  name = Zoë Tester\n  email = zoe@example.org\n[sendemail]\n  sendmailCmd = ${sendmail}\n`);
  user.env.EDITOR = editor;
  // The browser and send are told where the outbox is by --data-dir here, not by the variable.
  delete user.env.MLREVIEW_DATA_DIR;
});

afterAll(() => {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  if (user) rmSync(user.dir, { recursive: true, force: true });
});

describe('answering from the browser', () => {
  it('r opens the editor on the matched line, shows the draft card there, and D sends it after a yes', async () => {
    const t = new Terminal(['--data-dir', user.dataDir, VFIO], user.env);
    try {
      await t.waitFor(/mlreview — [\d,]+ threads/);
      // Typing narrows the list: once it has, the browser is reading keys (as e2e-tmux opens v4).
      t.type('v5 3/3');
      expect(await t.waitFor('filter: v5 3/3')).toMatch(/^› .*\[PATCH v5 3\/3\]/m);
      t.keys('Enter');
      await t.waitFor('@@ -284,70 +284,120 @@');
      t.type('/fd >= 0');
      t.keys('Enter');
      await t.waitFor('/fd >= 0 (n/N, Esc)');
      t.keys('r');
      const screen = await t.waitFor('draft kept in the outbox');
      // The card sits under the line the reply quotes last, marked as not sent.
      const lines = screen.split('\n');
      const at = lines.findIndex((l) => /^\s+294\s+\+\s+if \(fd >= 0\) \{/.test(l));
      expect(lines[at + 1]).toMatch(/\| ▾ Zoë Tester · \d{4}-\d\d-\d\d · \S+\s+OPEN\s+· draft, not sent/);
      expect(lines[at + 2]).toContain('| What happens when fd is 0 here?');

      // An editor that fails: the browser asks, and nothing is added or lost.
      writeFileSync(join(user.dir, 'editor-fails'), '');
      t.keys('r');
      await t.waitFor(/exited 1: e edit again · k keep it in the outbox · d discard it/);
      t.keys('d');
      await t.waitFor('draft discarded');
      rmSync(join(user.dir, 'editor-fails'));

      t.keys('D');
      await t.waitFor('Drafts in the outbox: 1');
      await t.waitFor('› What happens when fd is 0 here? — Re: [PATCH v5 3/3]');
      t.keys('s');
      await t.waitFor('Send this draft now? y send · n keep it — What happens when fd is 0 here?');
      expect(existsSync(join(user.dir, 'sent.mbox'))).toBe(false);
      t.keys('y');
      await t.waitFor('sent by sendmail command');
      await t.waitFor('Drafts in the outbox: 0');
      const sent = readFileSync(join(user.dir, 'sent.mbox'), 'utf8');
      expect(sent).toMatch(/^In-Reply-To:\s*<9a8b3fc5d82c3c46feb0de673fbe898cfd884d63\.1567151182\.git\.luoben@linux\.alibaba\.com>/m);
      expect(sent).toContain('What happens when fd is 0 here?');
      expect(readFileSync(join(user.dir, 'sent.args'), 'utf8')).toMatch(/^-i luoben@linux\.alibaba\.com .*alex\.williamson@redhat\.com/);

      // A trailer with t, kept for `mlreview send`.
      t.keys('Escape');
      await t.waitFor(/^@@ -284,70 \+284,120 @@/m);
      t.keys('t');
      await t.waitFor('Give this patch: r Reviewed-by · a Acked-by · t Tested-by · Esc cancel');
      t.keys('r');
      await t.waitFor('Reviewed-by: Zoë Tester <zoe@example.org> kept in the outbox');
      // q clears the search first, then leaves the thread, then quits.
      t.keys('q');
      await t.waitFor(/comment –\/\d+ · \? help/);
      t.keys('q');
      await t.waitFor('filter: v5 3/3   Enter open');
      t.keys('q');
      await t.waitFor('mlreview exited 0');
    } finally {
      t.close();
    }

    const send = new Terminal(['send', '--data-dir', user.dataDir], user.env);
    try {
      await send.waitFor('Send it? [y/N]');
      expect(send.screen()).toMatch(/1 mail to send by sendmail command: .*sendmail\.sh:\n\s+To: Ben Luo <luoben@linux\.alibaba\.com>/);
      send.type('y');
      send.keys('Enter');
      await send.waitFor('mlreview exited 0');
      expect(send.screen()).toContain('sent: Re: [PATCH v5 3/3]');
      expect(readFileSync(join(user.dir, 'sent.mbox'), 'utf8')).toContain('Reviewed-by: Zo');
    } finally {
      send.close();
    }
  });
});
