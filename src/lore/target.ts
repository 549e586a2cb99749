// What a command-line argument asks for, when it is not a file: a thread on a public-inbox server
// (a Message-ID, or a link pasted from lore in any of its forms) or a search. Pure: whether the
// argument names an existing path is asked by the caller first, since a file always wins.

/** A public-inbox inbox URL, always ending in `/`: `https://lore.kernel.org/all/`. */
export type InboxUrl = string;

export type LoreTarget =
  | { kind: 'thread'; inbox: InboxUrl; messageId: string }
  | { kind: 'search'; inbox: InboxUrl; query: string };

export const DEFAULT_LORE = 'https://lore.kernel.org/all/';

// What follows the Message-ID in lore's links: the thread views, the raw mail, the downloads.
// A part number (`2-foo.diff`) or an attachment name is not a Message-ID either.
const VIEW_SEGMENTS = new Set(['', 'T', 't', 'raw', 't.mbox.gz', 't.atom', 'd', 'f', '_']);

export class TargetError extends Error {}

/** `--lore URL` as an inbox URL: http(s) only, with the trailing `/` public-inbox's links need. */
export function inboxUrl(raw: string): InboxUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetError(`--lore ${raw}: not a URL (expected e.g. ${DEFAULT_LORE})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetError(`--lore ${raw}: only http:// and https:// servers are read`);
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

/** True for something that can only be a Message-ID: `<a@b>` or a bare `local@domain` without spaces or slashes. */
export function looksLikeMessageId(arg: string): boolean {
  const bare = arg.startsWith('<') && arg.endsWith('>') ? arg.slice(1, -1) : arg;
  return /^[^\s<>/@]+@[^\s<>/@]+$/.test(bare) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(arg);
}

export function looksLikeUrl(arg: string): boolean {
  return /^https?:\/\//i.test(arg);
}

/**
 * The thread or search an argument names, or null when it is neither (then it is a file name, and
 * the file reader gives the usual "no such file" error).
 */
export function targetOf(arg: string, server: InboxUrl): LoreTarget | null {
  if (looksLikeUrl(arg)) return targetOfUrl(arg);
  if (looksLikeMessageId(arg)) return { kind: 'thread', inbox: server, messageId: arg.replace(/^<(.*)>$/, '$1') };
  return null;
}

/**
 * `https://lore.kernel.org/all/<msgid>/`, `/r/<msgid>`, `/<list>/<msgid>/T/#u`, `/t/`, `/raw`,
 * `/t.mbox.gz`, and a search page `/<list>/?q=…`. The inbox is everything before the Message-ID.
 */
export function targetOfUrl(arg: string): LoreTarget {
  let url: URL;
  try {
    url = new URL(arg);
  } catch {
    throw new TargetError(`${arg}: not a URL that can be read`);
  }
  const query = url.searchParams.get('q');
  const segments = url.pathname.split('/').slice(1);
  if (query !== null && query.trim() !== '') {
    const path = url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1);
    return { kind: 'search', inbox: `${url.origin}${path}`, query };
  }
  // The Message-ID is the last segment that is not a view; lore's ids nearly always hold an `@`,
  // which settles it when a view name could also be an id.
  let end = segments.length;
  while (end > 0 && VIEW_SEGMENTS.has(segments[end - 1]!) && !segments[end - 1]!.includes('@')) end -= 1;
  const at = segments.slice(0, end).findLastIndex((s) => decoded(s).includes('@'));
  const index = at >= 0 ? at : end - 1;
  if (index < 1 && at < 0) {
    throw new TargetError(`${arg}: no Message-ID in this link (expected e.g. ${DEFAULT_LORE}<message-id>/)`);
  }
  const messageId = decoded(segments[index]!).replace(/^<(.*)>$/, '$1');
  if (messageId === '') throw new TargetError(`${arg}: no Message-ID in this link`);
  const inboxPath = segments.slice(0, index);
  // lore's `/r/<msgid>` is a short link that the server sends on to `/all/`.
  if (inboxPath.length === 1 && inboxPath[0] === 'r') inboxPath[0] = 'all';
  const inbox = `${url.origin}/${inboxPath.map((s) => `${s}/`).join('')}`;
  return { kind: 'thread', inbox, messageId };
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// public-inbox's own escaping of a Message-ID in a path (PublicInbox::MID::mid_escape): everything
// outside RFC 3986's pchar set is %-encoded, so `/` and `%` in an id cannot change the URL's shape.
const PCHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;

export function escapeMessageId(id: string): string {
  let out = '';
  for (const char of id) {
    if (PCHAR.test(char)) out += char;
    else {
      try {
        out += encodeURIComponent(char);
      } catch {
        // A lone surrogate cannot be UTF-8 encoded; no server could hold such an id anyway.
        out += '%EF%BF%BD';
      }
    }
  }
  return out;
}

/** The thread's mbox download: `<inbox><msgid>/t.mbox.gz`. */
export function threadMboxUrl(inbox: InboxUrl, messageId: string): string {
  return `${inbox}${escapeMessageId(messageId)}/t.mbox.gz`;
}

/** The whole-thread mbox of a search's matches (POST only; public-inbox ignores `x=m` on GET). */
export function searchMboxUrl(inbox: InboxUrl, query: string): string {
  return `${inbox}?${new URLSearchParams({ q: query, x: 'm', t: '1' }).toString()}`;
}

/** How the user would name the thread: its lore page. */
export function threadPageUrl(inbox: InboxUrl, messageId: string): string {
  return `${inbox}${escapeMessageId(messageId)}/`;
}
