// Maildir: one mail a file under cur/ and new/ (tmp/ holds mails still being delivered: skipped).
// Names carry flags after ":2," (notmuch's corpus has the same mail under two names; threading
// keeps one of each Message-ID).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface MaildirFile {
  path: string;
  /** `cur/<name>`, what problems and origins point at. */
  name: string;
}

export async function isMaildir(path: string): Promise<boolean> {
  for (const sub of ['cur', 'new']) {
    try {
      if ((await stat(join(path, sub))).isDirectory()) return true;
    } catch {
      // Not there: a Maildir needs only one of cur/ and new/.
    }
  }
  return false;
}

/** Files of cur/ then new/, each sorted by name (delivery time order for the usual names). */
export async function maildirFiles(path: string): Promise<MaildirFile[]> {
  const files: MaildirFile[] = [];
  for (const sub of ['cur', 'new']) {
    let names: string[];
    try {
      names = (await readdir(join(path, sub), { withFileTypes: true }))
        .filter((e) => e.isFile() && !e.name.startsWith('.'))
        .map((e) => e.name);
    } catch {
      continue; // A Maildir may lack one of the two folders.
    }
    for (const name of names.sort()) files.push({ path: join(path, sub, name), name: `${sub}/${name}` });
  }
  return files;
}
