// The real binary in a real terminal: `mlreview` (dist/bundle/cli.js) inside tmux, keys sent with send-keys, the
// screen read back with capture-pane. This is what a reviewer sees, escape sequences and all.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, sharedPath } from './helpers/shared.js';
import { CLI } from './helpers/cli.js';

const SOCKET = `mlreview-e2e-${process.pid}`;
const WIDTH = 120;
const HEIGHT = 40;
let sessions = 0;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

class Terminal {
  readonly name = `s${sessions++}`;

  /**
   * `shell`: type the command into an interactive bash, as a user does, instead of running it as the
   * session's command. Needed where Ctrl-C reaches a program that is not in raw mode: the terminal
   * then sends SIGINT to the whole foreground job, which would end a non-interactive session shell too.
   */
  constructor(args: string[], env: Record<string, string> = {}, shell = false) {
    // ink draws nothing until exit when it believes it runs in CI, so the CI variables are unset;
    // the exit status is printed after the program so the test can check how it ended.
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`);
    const command =
      `cd ${quote(repoRoot)} && env -u CI -u CONTINUOUS_INTEGRATION ${assignments.join(' ')} ` +
      `node ${quote(CLI)} ${args.map(quote).join(' ')}`;
    if (shell) {
      // An interactive bash drops the rest of a command line whose program died of SIGINT, so the
      // exit status is asked for on a line of its own (`reportExit`).
      tmux('new-session', '-d', '-s', this.name, '-x', String(WIDTH), '-y', String(HEIGHT), 'bash --norc --noprofile -i');
      this.typeLine(command);
    } else {
      tmux('new-session', '-d', '-s', this.name, '-x', String(WIDTH), '-y', String(HEIGHT), `${command}; echo "mlreview exited $?"; sleep 600`);
    }
  }

  private typeLine(line: string): void {
    tmux('send-keys', '-t', this.name, '-l', line);
    tmux('send-keys', '-t', this.name, 'Enter');
  }

  /** In a `shell` terminal, once the program has ended: prints "mlreview exited N". */
  reportExit(): void {
    this.typeLine('echo "mlreview exited $?"');
  }

  screen(): string {
    return tmux('capture-pane', '-p', '-t', this.name);
  }

  lines(): string[] {
    return this.screen().split('\n');
  }

  keys(...keys: string[]): void {
    for (const key of keys) tmux('send-keys', '-t', this.name, key);
  }

  /** Types text literally (no key-name lookup: `q` is q, not a key called "q"). */
  type(text: string): void {
    tmux('send-keys', '-t', this.name, '-l', text);
  }

  async waitFor(what: string, test: (screen: string) => boolean, timeout = 60_000): Promise<string> {
    const end = Date.now() + timeout;
    let screen = '';
    while (Date.now() < end) {
      screen = this.screen();
      if (test(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}; the screen was:\n${screen}`);
  }

  async waitForText(text: string, timeout?: number): Promise<string> {
    return this.waitFor(JSON.stringify(text), (s) => s.includes(text), timeout);
  }

  /** The status line, the last non-empty line of the browser. */
  status(): string {
    return this.lines().filter((l) => l.trim() !== '').at(-1) ?? '';
  }

  /** Presses a key and waits until the status line or the screen changes. */
  /**
   * A key, then the screen whose status line says it got there. Not just any change: the review on
   * screen may redraw by itself first (its next versions' badges arrive as the background linking
   * reaches them).
   */
  async pressFor(key: string, status: string): Promise<string> {
    this.keys(key);
    const statusOf = (screen: string): string => screen.split('\n').filter((l) => l.trim() !== '').at(-1) ?? '';
    return this.waitFor(`the status line to say ${JSON.stringify(status)} after ${key}`, (s) => statusOf(s).includes(status), 10_000);
  }

  close(): void {
    spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', this.name]);
  }
}

beforeAll(() => {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error('the end-to-end test needs tmux (apt-get install -y tmux; .ci/run installs it)');
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test builds first)`);
});

afterAll(() => {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

/** The review's comment cards in the order `n` visits them: the first line of each, as sent. */
const ALEX_V4_REVIEW = [
  'I think this is a user visible change.',
  'I think we leak the fd context we acquired above in this case.',
  "Why do we do anything in this case, couldn't we just 'put' the extra ctx",
  'Can you explain this ordering, I would have expected that we',
];

async function openV4Review(term: Terminal): Promise<void> {
  await term.waitFor('the threads screen', (s) => /mlreview — [\d,]+ (of [\d,]+ )?threads?/.test(s));
  term.type('v4');
  await term.waitFor('the filter to narrow to the v4 series', (s) => s.includes('filter: v4') && /^› .*\[PATCH v4 0\/3\]/m.test(s) && !s.includes('[PATCH v5'));
  term.keys('Enter');
  await term.waitForText('cover letter');
}

function checkLeakComment(screen: string): void {
  const lines = screen.split('\n');
  const at = lines.findIndex((l) => l.includes('I think we leak the fd context we acquired above in this case.'));
  expect(at, screen).toBeGreaterThan(1);
  // The card header, and right above it the hunk line the comment is anchored on.
  expect(lines[at - 1]).toMatch(/\| . Alex Williamson · 2019-08-27/);
  expect(lines[at - 2]).toMatch(/^ +315  \+\s+irq_bypass_unregister_producer\(&vdev->ctx\[vector\]\.producer\);/);
  // Why the badge says ACKED (wrapped to the width), then Ben's answer with his role.
  expect(lines[at + 1]).toContain('| why acknowledged: the author agreed — Ben Luo: “Thanks for pointing it out');
  const answer = lines.findIndex((l, i) => i > at && /\| ↳ Ben Luo \(author\) · 2019-08-28/.test(l));
  expect(answer, screen).toBeGreaterThan(at + 1);
  expect(answer).toBeLessThanOrEqual(at + 3);
  expect(lines[answer + 1]).toContain('Thanks for pointing it out, I will fix this in next version.');
}

describe('mlreview in a terminal', () => {
  it('shows the seed review with every comment under its line, walks them with n, and quits cleanly', async () => {
    const term = new Terminal([join(repoRoot, 'archives', 'vfio-irq-update-devid.mbox')]);
    try {
      await openV4Review(term);
      const seen: string[] = [];
      for (let i = 1; i <= ALEX_V4_REVIEW.length; i++) {
        const screen = await term.pressFor('n', `comment ${i}/4`);
        expect(term.status()).toContain(`comment ${i}/4`);
        expect(term.status()).toContain('patch 2/2 · drivers/vfio/pci/vfio_pci_intrs.c');
        expect(screen).toContain(ALEX_V4_REVIEW[i - 1]);
        seen.push(ALEX_V4_REVIEW[i - 1]);
        if (i === 2) checkLeakComment(screen);
      }
      expect(seen).toEqual(ALEX_V4_REVIEW);
      await term.pressFor('n', 'no more comments');
      expect(term.status()).toContain('no more comments');

      term.keys('q');
      await term.waitFor('the threads screen', (s) => /mlreview — [\d,]+ (of [\d,]+ )?threads?/.test(s));
      term.keys('q');
      const end = await term.waitForText('mlreview exited 0');
      // The alternate screen is gone: none of the browser is left on the shell's screen.
      expect(end).not.toContain('vfio_pci_intrs.c');
      expect(end).not.toMatch(/mlreview — [\d,]+ thread/);
    } finally {
      term.close();
    }
  });

  it('finds the same conversation in the whole v4 series from the shared archives, and redraws on resize', async () => {
    const term = new Terminal([sharedPath('archives/vfio-series/lkml-benluo-v4-series-and-review.mbox')]);
    try {
      await openV4Review(term);
      await term.pressFor('n', 'comment 1/4');
      await term.pressFor('n', 'comment 2/4');
      checkLeakComment(term.screen());
      expect(term.status()).toMatch(/patch 4\/4 · drivers\/vfio\/pci\/vfio_pci_intrs\.c · hunk \d+\/\d+ · comment 2\/4/);

      tmux('resize-window', '-t', term.name, '-x', '72', '-y', '30');
      const narrow = await term.waitFor('a redraw at 72 columns', (s) => s.split('\n').filter((l) => /\| . Alex Williamson/.test(l)).length > 0 && !s.split('\n').some((l) => l.length > 72) && s.includes('comment 2/4'));
      expect(narrow).toContain('I think we leak the fd context');

      term.keys('C-c');
      const end = await term.waitForText('mlreview exited 0');
      expect(end).not.toContain('I think we leak');
    } finally {
      term.close();
    }
  });

  it('searches every mail’s text with /: words only a review’s body holds list its thread, with the count', async () => {
    const term = new Terminal([sharedPath('archives/vfio-irq-update-devid.mbox')]);
    try {
      // Text is searched once a thread is linked: wait for the background linking to finish.
      await term.waitFor('the threads screen, every thread linked', (s) => /mlreview — 2 threads/.test(s) && !s.includes('linking'));
      term.keys('/');
      await term.waitFor('the search line', (s) => s.includes('search: ▏'));
      term.type('eventfd leak');
      const screen = await term.waitFor('the thread found by its text', (s) => s.includes('search: eventfd leak▏   1 thread · text of every mail searched'));
      // No subject says it: Alex's review of v4 3/3 does ("I think we leak the fd context…").
      expect(screen).toMatch(/mlreview — 1 of 2 threads/);
      expect(screen).toMatch(/^› .*\[PATCH v4 0\/3\] genirq\/vfio/m);
      expect(screen).not.toContain('[PATCH v5');
      term.keys('Enter');
      await term.waitForText('cover letter');
      term.keys('q');
      await term.waitFor('the search kept on the way back', (s) => s.includes('search: eventfd leak   1 thread') && /mlreview — 1 of 2 threads/.test(s));
      term.keys('Escape');
      await term.waitFor('the whole list again', (s) => /mlreview — 2 threads/.test(s) && s.includes('type to filter · / search'));
      // Typing filters the list's columns only: no subject or author holds the word.
      term.type('leak');
      await term.waitFor('the list filter finding nothing', (s) => s.includes('filter: leak▏') && s.includes('no thread matches'));
      term.keys('C-c');
      await term.waitForText('mlreview exited 0');
    } finally {
      term.close();
    }
  });

  // Ctrl-C must stop a long read at once, in both stages (the linking is synchronous work that hands
  // the event loop a turn between threads), and give the shell back its screen: exit status 130 as a
  // shell reports a SIGINT, and none of the browser's lines left behind.
  for (const stage of [
    { name: 'reading', shows: /reading archives… [1-9][\d,]* messages/ },
    // The browser shows the threads after the header pass and links them in the background, saying so
    // on its title line: Ctrl-C then stops the process just the same.
    { name: 'linking', shows: /linking [\d,]+ of [\d,]+ threads/ },
  ]) {
    it(`stops cleanly on Ctrl-C while ${stage.name} the 23,200-mail linux-leds archive`, { timeout: 240_000 }, async () => {
      const term = new Terminal([sharedPath('archives/linux-leds.mbox.gz')]);
      try {
        const during = await term.waitFor(`the ${stage.name} progress line`, (s) => stage.shows.test(s), 180_000);
        if (stage.name === 'reading') expect(during).not.toMatch(/mlreview — [\d,]+ threads/); // still loading: no threads screen yet
        term.keys('C-c');
        const end = await term.waitForText('mlreview exited 130', 30_000);
        expect(end).not.toMatch(stage.shows);
        expect(end).not.toContain('mlreview: reading archives');
        expect(end).not.toMatch(/mlreview — [\d,]+ threads/);
      } finally {
        term.close();
      }
    });
  }

  it('stops an export on Ctrl-C without leaving a half-written file', { timeout: 240_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mlreview-e2e-')), 'review.md');
    const term = new Terminal(['export', '-o', out, sharedPath('archives/linux-leds.mbox.gz')], {}, true);
    try {
      // Nothing is drawn while exporting; give it a moment to be well into reading, then interrupt.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      term.keys('C-c');
      term.reportExit();
      await term.waitForText('mlreview exited 130', 30_000);
      expect(existsSync(out)).toBe(false);
    } finally {
      term.close();
    }
  });

  it('prints the review as text when stdout is not a terminal, with no escape sequence under NO_COLOR', () => {
    const out = execFileSync('node', [CLI, join(repoRoot, 'archives', 'vfio-irq-update-devid.mbox')], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(out).toContain('I think we leak the fd context we acquired above in this case.');
    expect(out).not.toContain('\u001B');
  });
});
