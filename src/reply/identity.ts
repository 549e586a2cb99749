// Who the user is when they answer: git send-email's `sendemail.from`, else `user.name` and
// `user.email` — the identity their patches already carry.
import addressparser from 'nodemailer/lib/addressparser';
import type { Person } from '../model.js';
import type { SendConfig } from '../send/git-config.js';

export class IdentityError extends Error {}

export function identityOf(config: SendConfig): Person {
  if (config.from) {
    const [first] = addressparser(config.from, { flatten: true });
    if (first?.address) return { name: first.name ?? '', address: first.address };
    throw new IdentityError(`git config sendemail.from is not an address: ${config.from}`);
  }
  if (config.userName && config.userEmail) return { name: config.userName, address: config.userEmail };
  const missing = [config.userName ? null : 'user.name', config.userEmail ? null : 'user.email'].filter(Boolean).join(' and ');
  throw new IdentityError(
    `no identity to send as: git config has neither sendemail.from nor ${missing} (git config --global user.name "Your Name"; git config --global user.email you@example.org)`,
  );
}
