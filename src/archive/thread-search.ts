// `/` on the threads screen: which threads hold a mail matching what was typed. A mail whose text is
// in its archive's index (every mail of a thread once linked) is searched there, subject, sender,
// body and patch; any other mail by its subject and sender from the header pass, so a search never
// waits for the linking and never misses a thread by its subject. The answer says how many threads
// were searched by their whole text.
import type { Message, Thread } from '../model.js';
import { mailText } from '../store/mail-text.js';
import { isEmptyQuery, mailTokens, matchesMail, parseQuery, toFts5, type MailTokens } from '../store/text-query.js';
import { MailTextIndex, textKey } from '../store/text-search.js';
import type { OpenedSources } from './open.js';

export type ThreadsFound =
  /** Threads (by root) with a matching mail; `searched` of `total` threads had every mail's text indexed. */
  | { kind: 'text'; roots: ReadonlySet<string>; searched: number; total: number }
  /** No text index: the caller filters by subject, author and state, and says why. */
  | { kind: 'subjects'; why: string };

export interface ThreadSearch {
  /** Puts the text of a linked thread's mails (bodies decoded) in the index, those not there yet. */
  add(thread: Thread): void;
  /** Null for a query without a word (every thread stays listed). */
  find(query: string): ThreadsFound | null;
  /** Writes what is pending; the search still works after (it reopens the index when asked). */
  close(): void;
}

interface MailEntry {
  /** textKey of the mail's hash; null for a mail without bytes of its own in the archive. */
  key: number | null;
  store: MailTextIndex | null;
  subject: string;
  sender: string;
  tokens?: MailTokens;
}

function senderOf(message: Message): string {
  return `${message.from.name} ${message.from.address}`;
}

/** A search over no text index at all: `why` is what the screen says. */
export function subjectsOnly(why: string): ThreadSearch {
  return { add: () => undefined, find: (query) => (isEmptyQuery(parseQuery(query)) ? null : { kind: 'subjects', why }), close: () => undefined };
}

/** `threads` as the header pass threads them; `why` says why there is no index when no source has one. */
export function threadSearch(threads: Thread[], opened: OpenedSources, notice: (line: string) => void, why: string): ThreadSearch {
  const stores = new Map<string, MailTextIndex>();
  const storeOf = (message: Message): MailTextIndex | null => {
    const owner = opened.dbOf(message);
    if (!owner) return null;
    let store = stores.get(owner.db.name);
    if (!store) stores.set(owner.db.name, (store = new MailTextIndex(owner.db.name, owner.path, notice)));
    return store;
  };
  // A mail rebuilt from quotes has no bytes in the archive, hence no row and no hash of its own.
  const keyOf = (message: Message): number | null => {
    const hash = storeOf(message) ? opened.hash(message) : '';
    return hash === '' ? null : textKey(hash);
  };
  const mails: MailEntry[][] = threads.map((thread) =>
    thread.messages.map(({ message }) => ({ key: keyOf(message), store: storeOf(message), subject: message.subject, sender: senderOf(message) })),
  );
  if (stores.size === 0) return subjectsOnly(why);

  const add = (thread: Thread): void => {
    for (const { message } of thread.messages) {
      const store = storeOf(message);
      const key = keyOf(message);
      if (!store || key === null || store.has(key)) continue;
      store.add({ key, subject: message.subject, sender: senderOf(message), text: mailText(message.body) });
    }
  };

  const find = (typed: string): ThreadsFound | null => {
    const query = parseQuery(typed);
    const expression = toFts5(query);
    if (expression === null) return null;
    const hits = new Set<number>();
    const working = [...stores.values()].filter((store) => {
      const found = store.match(expression);
      found?.forEach((key) => hits.add(key));
      return found !== null;
    });
    if (working.length === 0) return { kind: 'subjects', why: [...stores.values()][0]?.failure ?? 'no text index' };
    const roots = new Set<string>();
    let searched = 0;
    threads.forEach((thread, i) => {
      let whole = true;
      let matched = false;
      for (const mail of mails[i]!) {
        const indexed = mail.key !== null && mail.store?.has(mail.key) === true;
        whole &&= indexed;
        if (matched) continue;
        if (indexed) matched = hits.has(mail.key!);
        else matched = matchesMail(query, (mail.tokens ??= mailTokens(mail.subject, mail.sender)));
      }
      if (whole) searched++;
      if (matched) roots.add(thread.root);
    });
    return { kind: 'text', roots, searched, total: threads.length };
  };

  return {
    add,
    find,
    close: () => {
      for (const store of stores.values()) store.close();
    },
  };
}
