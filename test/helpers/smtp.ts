// A real SMTP server on loopback for the sending tests: nodemailer's smtp-server with STARTTLS (a
// self-signed certificate made for the test by openssl) and AUTH, on a port the OS picks.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
  /** True when the mail came over TLS (after STARTTLS). */
  secure: boolean;
}

export interface TestSmtp {
  port: number;
  received: Received[];
  close: () => Promise<void>;
}

/** A key and a self-signed certificate for 127.0.0.1, written into `dir`. */
export function selfSignedCert(dir: string): { key: string; cert: string; certPath: string } {
  const keyPath = join(dir, 'smtp.key');
  const certPath = join(dir, 'smtp.crt');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' });
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
}

export interface SmtpBehaviour {
  user: string;
  pass: string;
  /** Drop the connection once the mail data starts arriving: a server that goes away mid-send. */
  dieOnData?: boolean;
  /** TLS from the first byte (port 465 style, git's smtpEncryption=ssl) instead of STARTTLS. */
  implicitTls?: boolean;
}

export async function startSmtp(tls: { key: string; cert: string }, behaviour: SmtpBehaviour): Promise<TestSmtp> {
  const received: Received[] = [];
  const options: SMTPServerOptions = {
    key: tls.key,
    cert: tls.cert,
    secure: behaviour.implicitTls ?? false, // false: STARTTLS, as sendemail.smtpEncryption=tls asks for
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (auth.username === behaviour.user && auth.password === behaviour.pass) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      if (behaviour.dieOnData) {
        stream.resume();
        // The socket goes away under the client, as a crashed or restarted server's does.
        for (const connection of server.connections) connection._socket.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
