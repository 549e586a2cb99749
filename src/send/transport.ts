// How a mail leaves: by SMTP with git send-email's settings (nodemailer), or through a sendmail
// command (`sendemail.sendmailCmd`, `--sendmail`, or an absolute path in `sendemail.smtpServer`,
// as git allows), run by the shell the way git runs it, with the recipients as arguments.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createTransport } from 'nodemailer';
import { credentialPassword, type GitContext, type SendConfig } from './git-config.js';

export class SendError extends Error {}

export interface Envelope {
  from: string;
  to: string[];
}

export type Sender = { describe: string; send: (raw: string, envelope: Envelope) => Promise<void>; close: () => void };

export interface SenderOptions extends GitContext {
  /** `--sendmail CMD`: wins over the git settings. */
  sendmail?: string;
}

function sendmailSender(command: string): Sender {
  return {
    describe: `sendmail command: ${command}`,
    close: () => undefined,
    send: (raw, envelope) =>
      new Promise((resolve, reject) => {
        // `"$@"` after the command: git send-email's own way, so a command with arguments works.
        const child = spawn('sh', ['-c', `${command} "$@"`, 'sendmail', '-i', ...envelope.to], { stdio: ['pipe', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => {
          if (stderr.length < 4000) stderr += d.toString('utf8');
        });
        child.on('error', (error) => reject(new SendError(`${command}: ${error.message}`)));
        child.stdin.on('error', () => undefined); // a command that exits without reading: its exit code says why
        child.on('close', (code, signal) => {
          if (code === 0) resolve();
          else reject(new SendError(`${command} failed (${signal ?? `exit ${code}`})${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}`));
        });
        child.stdin.end(raw);
      }),
  };
}

async function smtpSender(config: SendConfig, options: SenderOptions): Promise<Sender> {
  const host = config.smtpServer!;
  const ssl = config.smtpEncryption === 'ssl';
  const port = config.smtpServerPort ?? (ssl ? 465 : 25);
  let auth: { user: string; pass: string } | undefined;
  if (config.smtpUser) {
    const pass = config.smtpPass ?? (await credentialPassword(host, port, config.smtpUser, options));
    if (pass === null) {
      throw new SendError(`no password for ${config.smtpUser} at ${host}:${port}: set sendemail.smtpPass or store one with git's credential helper`);
    }
    auth = { user: config.smtpUser, pass };
  }
  const ca = config.smtpSslCertPath ? await readFile(config.smtpSslCertPath).catch((e: Error) => {
    throw new SendError(`sendemail.smtpSSLCertPath ${config.smtpSslCertPath}: ${e.message}`);
  }) : undefined;
  const transport = createTransport({
    host,
    port,
    secure: ssl,
    // git's "tls" is STARTTLS, and it is required: never fall back to plain text with a password.
    requireTLS: config.smtpEncryption === 'tls',
    ignoreTLS: config.smtpEncryption === null && !auth,
    auth,
    tls: ca ? { ca } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  return {
    describe: `SMTP ${host}:${port}${ssl ? ' (SSL)' : config.smtpEncryption === 'tls' ? ' (STARTTLS)' : ''}${auth ? ` as ${auth.user}` : ''}`,
    close: () => transport.close(),
    send: async (raw, envelope) => {
      try {
        await transport.sendMail({ envelope: { from: envelope.from, to: [...envelope.to] }, raw: raw.replace(/\r?\n/g, '\r\n') });
      } catch (error) {
        throw new SendError(`${host}:${port}: ${(error as Error).message}`);
      }
    },
  };
}

/** The way out the user configured, or a clear error naming the settings to set. */
export async function senderFor(config: SendConfig, options: SenderOptions = {}): Promise<Sender> {
  if (options.sendmail) return sendmailSender(options.sendmail);
  if (config.smtpServer?.startsWith('/')) return sendmailSender(config.smtpServer);
  if (config.smtpServer) return smtpSender(config, options);
  if (config.sendmailCmd) return sendmailSender(config.sendmailCmd);
  throw new SendError('no way to send mail: set git config sendemail.smtpServer (and smtpServerPort, smtpEncryption, smtpUser) or sendemail.sendmailCmd, or give --sendmail CMD');
}
