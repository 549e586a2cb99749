// The progress line's words, shared by the browser's loader and the stderr line of export and check.

export interface FetchingProgress {
  url: string;
  bytes: number;
  mails: number;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `mlreview: fetching https://lore.kernel.org/all/…/t.mbox.gz… 12 mails · 0.3 MB`. */
export function fetchingLine(p: FetchingProgress): string {
  return `mlreview: fetching ${p.url}… ${p.mails.toLocaleString('en')} ${p.mails === 1 ? 'mail' : 'mails'} · ${megabytes(p.bytes)}`;
}
