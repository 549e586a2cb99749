// The settings people already have for `git send-email`, read from git itself (`git config`, run
// without a shell), so mlreview sends the way their patches go out: same From, same SMTP server.
import { execFile } from 'node:child_process';

/** `sendemail.*` and `user.*` as git resolves them (system, global, repository; last one wins). */
export interface SendConfig {
  from: string | null;
  userName: string | null;
  userEmail: string | null;
  smtpServer: string | null;
  smtpServerPort: number | null;
  /** `ssl` (TLS from the first byte, port 465) or `tls` (STARTTLS), as git send-email names them. */
  smtpEncryption: 'ssl' | 'tls' | null;
  smtpUser: string | null;
  smtpPass: string | null;
  /** A CA certificate file to trust (a self-hosted server's own), as git send-email reads it. */
  smtpSslCertPath: string | null;
  /** `sendemail.sendmailCmd`: a shell command that takes the recipients as arguments, the mail on stdin. */
  sendmailCmd: string | null;
}

export interface GitContext {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export class GitConfigError extends Error {}

function run(args: string[], context: GitContext, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd: context.cwd, env: context.env ?? process.env, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
        reject(new GitConfigError(`git could not be run: ${error.message}`));
        return;
      }
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Every `user.*` and `sendemail.*` value in one git call; keys lower-cased as git prints them. */
async function gitValues(context: GitContext): Promise<Map<string, string>> {
  // --null: values may hold newlines; exit 1 means "no such keys", which is not an error.
  const { code, stdout, stderr } = await run(['config', '--null', '--get-regexp', '^(user|sendemail)\\.'], context);
  if (code !== 0 && code !== 1) throw new GitConfigError(`git config failed: ${stderr.trim() || `exit ${code}`}`);
  const values = new Map<string, string>();
  for (const entry of stdout.split('\0')) {
    const nl = entry.indexOf('\n');
    if (nl <= 0) continue;
    values.set(entry.slice(0, nl).toLowerCase(), entry.slice(nl + 1));
  }
  return values;
}

function encryption(value: string | undefined): SendConfig['smtpEncryption'] {
  const v = value?.trim().toLowerCase();
  // git send-email also accepts "starttls" for tls and "ssl"/"smtps" for TLS-on-connect.
  if (v === 'ssl' || v === 'smtps') return 'ssl';
  if (v === 'tls' || v === 'starttls') return 'tls';
  return null;
}

export async function readSendConfig(context: GitContext = {}): Promise<SendConfig> {
  const v = await gitValues(context);
  const get = (key: string): string | null => {
    const value = v.get(key)?.trim();
    return value ? value : null;
  };
  const port = get('sendemail.smtpserverport');
  return {
    from: get('sendemail.from'),
    userName: get('user.name'),
    userEmail: get('user.email'),
    smtpServer: get('sendemail.smtpserver'),
    smtpServerPort: port !== null && /^\d{1,5}$/.test(port) ? Number(port) : null,
    smtpEncryption: encryption(v.get('sendemail.smtpencryption')),
    smtpUser: get('sendemail.smtpuser'),
    smtpPass: v.get('sendemail.smtppass') ?? null,
    smtpSslCertPath: get('sendemail.smtpsslcertpath'),
    sendmailCmd: get('sendemail.sendmailcmd'),
  };
}

/**
 * The password git's credential helper keeps for this server, as git send-email asks for it
 * (`protocol=smtp`, `host=server:port`). Never prompts: a helper that has none gives null.
 */
export async function credentialPassword(host: string, port: number, user: string, context: GitContext = {}): Promise<string | null> {
  const env = { ...(context.env ?? process.env), GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '' };
  const input = `protocol=smtp\nhost=${host}:${port}\nusername=${user}\n\n`;
  const { code, stdout } = await run(['credential', 'fill'], { ...context, env }, input);
  if (code !== 0) return null;
  const line = stdout.split('\n').find((l) => l.startsWith('password='));
  return line ? line.slice('password='.length) : null;
}
