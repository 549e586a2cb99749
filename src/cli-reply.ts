// `mlreview reply` and `mlreview send`: answer from the command line, and send the outbox — only
// after an explicit yes. Kept apart from cli.ts so the reading commands stay as they are.
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { Command, Option } from 'commander';
import { dataDir } from './dirs.js';
import type { Review } from './model.js';
import type { OutboxEntry } from './outbox/outbox.js';
import { TRAILER_KINDS, type TrailerKind } from './reply/trailer-kinds.js';

// The commands are defined on every run, their work only loaded when one is run: the browser starts
// without paying for the composer, the outbox and nodemailer.
const outboxModule = () => import('./outbox/outbox.js');
const replyModules = async () => {
  const [compose, draftText, find, identity, mail] = await Promise.all([
    import('./reply/compose.js'),
    import('./reply/draft-text.js'),
    import('./reply/find.js'),
    import('./reply/identity.js'),
    import('./reply/mail.js'),
  ]);
  return { ...compose, ...draftText, ...find, ...identity, ...mail };
};
const sendModules = async () => {
  const [deliver, gitConfig, transport] = await Promise.all([import('./send/deliver.js'), import('./send/git-config.js'), import('./send/transport.js')]);
  return { ...deliver, ...gitConfig, ...transport };
};

/** Reads the archives as every command does (`--mailmap` included). */
type Load = (archives: string[], common: { mailmap?: string }) => Promise<Review>;

/** A usage mistake: exit 2 with this message (cli.ts turns it into one). */
export class ReplyUsageError extends Error {}


async function draftFromFile(path: string): Promise<OutboxEntry> {
  const { parseDraftText, newMessageId, composeMail } = await replyModules();
  const text = await readFile(path, 'utf8').catch((e: Error) => {
    throw new Error(`${path}: ${e.message}`);
  });
  const draft = parseDraftText(text, path);
  const messageId = newMessageId(draft.from);
  const raw = (await composeMail(draft, { messageId, date: new Date() })).toString('utf8').replace(/\r\n/g, '\n');
  return { messageId, raw, error: null };
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function addReplyCommands(cli: Command, load: Load): void {
  cli
    .command('reply')
    .description('write a reply to a mail of the archives: a line of a patch (--line), a comment, or a trailer')
    .argument('<message-id>', 'the mail to answer')
    .argument('[archives...]', 'archives to read (default: the bundled archives)')
    .option('-l, --line <file:n>', "the line answered: a file of the patch and a line number of its new side")
    .addOption(new Option('--trailer <trailer>', 'give a trailer with your name').choices([...TRAILER_KINDS]))
    .option('-o, --output <file>', 'write the draft to FILE instead of standard output')
    .option('--outbox', 'keep the draft in the outbox (for `mlreview send` and the browser) instead of printing it')
    .option('--data-dir <dir>', 'where the outbox is (default: $MLREVIEW_DATA_DIR, $XDG_DATA_HOME/mlreview)')
    .action(async (id: string, archives: string[], own: { line?: string; trailer?: TrailerKind; output?: string; outbox?: boolean }, command: Command) => {
      // --data-dir and --mailmap are also the browser's options: commander gives them to whichever command is named.
      const opts = command.optsWithGlobals<typeof own & { dataDir?: string; mailmap?: string }>();
      const [{ identityOf, threadHolding, findTarget, parseLineRef, composeReply, newMessageId, composeMail, draftToText }, { readSendConfig }, { outboxPath, addDraft }] =
        await Promise.all([replyModules(), sendModules(), outboxModule()]);
      // Who writes comes first: no review is read for a reply that could never be sent.
      const me = identityOf(await readSendConfig());
      const messageId = id.replace(/^<|>$/g, '');
      const review = await load(archives, { mailmap: opts.mailmap });
      const thread = threadHolding(review.threads, messageId);
      const target = opts.trailer
        ? { kind: 'trailer' as const, messageId, trailer: opts.trailer }
        : findTarget(thread, messageId, opts.line ? parseLineRef(opts.line) : null);
      const { draft } = composeReply(thread, target, me);
      if (opts.outbox) {
        const path = outboxPath(dataDir({ explicit: opts.dataDir }));
        const newId = newMessageId(me);
        const raw = (await composeMail(draft, { messageId: newId, date: new Date() })).toString('utf8');
        await addDraft(path, raw);
        process.stderr.write(`draft <${newId}> kept in ${path}\n`);
        return;
      }
      const text = draftToText(draft);
      if (opts.output && opts.output !== '-') await writeFile(opts.output, text);
      else process.stdout.write(text);
    });

  cli
    .command('send')
    .description('send drafts (the outbox, or the draft files given) by SMTP or sendmail, as git send-email is set up')
    .argument('[drafts...]', 'draft files written by `mlreview reply -o` (default: every draft in the outbox)')
    .option('-y, --yes', 'send without asking (needed when standard input is not a terminal)')
    .option('--confirm', 'the same as --yes')
    .option('-n, --dry-run', 'print the mails as they would go out; send nothing')
    .option('--sendmail <cmd>', 'send through this command (like sendemail.sendmailCmd) instead of SMTP')
    .option('--data-dir <dir>', 'where the outbox is (default: $MLREVIEW_DATA_DIR, $XDG_DATA_HOME/mlreview)')
    .action(async (files: string[], _own: unknown, command: Command) => {
      const opts = command.optsWithGlobals<{ yes?: boolean; confirm?: boolean; dryRun?: boolean; sendmail?: string; dataDir?: string }>();
      const [{ outboxPath, readOutbox, withoutOutboxHeaders, decodedHeader }, { senderFor, readSendConfig, deliver }] = await Promise.all([outboxModule(), sendModules()]);
      const outbox = files.length ? null : outboxPath(dataDir({ explicit: opts.dataDir }));
      const entries = outbox ? await readOutbox(outbox) : await Promise.all(files.map(draftFromFile));
      if (entries.length === 0) {
        process.stderr.write(`mlreview: nothing to send: the outbox ${outbox} is empty\n`);
        return;
      }
      if (opts.dryRun) {
        for (const e of entries) process.stdout.write(`${withoutOutboxHeaders(e.raw).replace(/(?<!\n)\n*$/, '\n')}\n`);
        process.stderr.write(`dry run: ${entries.length} ${entries.length === 1 ? 'mail' : 'mails'} not sent\n`);
        return;
      }
      const sender = await senderFor(await readSendConfig(), { sendmail: opts.sendmail });
      const listing = entries
        .map((e) => `  To: ${decodedHeader(e.raw, 'To')}\n  Subject: ${decodedHeader(e.raw, 'Subject')}${e.error ? `\n  (last try failed: ${e.error})` : ''}`)
        .join('\n');
      process.stderr.write(`${entries.length} ${entries.length === 1 ? 'mail' : 'mails'} to send by ${sender.describe}:\n${listing}\n`);
      if (!opts.yes && !opts.confirm) {
        if (!process.stdin.isTTY) {
          sender.close();
          throw new ReplyUsageError('not sending: standard input is not a terminal to confirm on; pass --yes (or --confirm) to send');
        }
        if (!(await confirm(`Send ${entries.length === 1 ? 'it' : `these ${entries.length}`}? [y/N] `))) {
          sender.close();
          process.stderr.write('not sent; the drafts stay in the outbox\n');
          return;
        }
      }
      const results = await deliver(entries, sender, outbox, (d) =>
        process.stderr.write(d.error === null ? `sent: ${d.subject}\n` : `failed: ${d.subject}: ${d.error}${outbox ? ' (kept in the outbox)' : ''}\n`),
      );
      if (results.some((r) => r.error !== null)) process.exitCode = 1;
    });
}
