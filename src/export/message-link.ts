// Links from an export to a message's archive page (lore by default: `https://lore.kernel.org/r/<id>`).

export const DEFAULT_LINK_BASE = 'https://lore.kernel.org/r/';

// Ids mlreview makes up itself: a mail without Message-ID (`mlreview-…`) or a web-archive page
// without one (`webpage-…`). No archive knows them.
const SYNTHETIC_ID = /^(?:mlreview|webpage)-/;

/** True when `id` is a Message-ID an archive could know: not synthesised, and `local@domain`. */
export function isRealMessageId(id: string): boolean {
  return !SYNTHETIC_ID.test(id) && /^[^@\s]+@[^@\s]+$/.test(id);
}

/**
 * The archive URL of a message, or null when it has none: the id is synthesised or the message was
 * rebuilt from quotes (it exists in no archive, or not under that id).
 */
export function messageUrl(id: string, linkBase: string, reconstructed = false): string | null {
  if (reconstructed || !isRealMessageId(id)) return null;
  return linkDestination(normalizeBase(linkBase)) + encodeMessageId(id);
}

/**
 * A Message-ID as one URL path segment. `@` is a valid path character (RFC 3986 pchar) and lore's own
 * links keep it; `/`, `%`, `?`, `#` and spaces must be encoded, and so must `(`, `)`, `'`, `*`, `!`,
 * which encodeURIComponent leaves alone but an unbalanced `)` would end a Markdown link destination.
 */
export function encodeMessageId(id: string): string {
  return encodeURIComponent(id)
    .replace(/%40/g, '@')
    .replace(/[!'()*]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase());
}

function normalizeBase(base: string): string {
  const trimmed = base.trim();
  return trimmed.endsWith('/') ? trimmed : trimmed + '/';
}

// The base comes from the command line, not from mail, but it still must not end the link early.
function linkDestination(url: string): string {
  return url.replace(/[\s()<>\\]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}
