// The progress line's words, shared by the browser's loader and the stderr line of export and check.

export interface FetchingProgress {
  url: string;
  bytes: number;
  mails: number;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** A size as a person reads it: a thread's tens of kilobytes are not "0.0 MB" (as if nothing came). */
export function byteSize(bytes: number): string {
  if (bytes < 1e3) return `${bytes} bytes`;
  return bytes < 1e6 ? `${Math.round(bytes / 1e3)} kB` : megabytes(bytes);
}

/** `mlreview: fetching… 12 mails · 340 kB · https://lore.kernel.org/all/…/t.mbox.gz`: the counts first, so a narrow terminal cuts the URL, not them. */
export function fetchingLine(p: FetchingProgress): string {
  return `mlreview: fetching… ${p.mails.toLocaleString('en')} ${p.mails === 1 ? 'mail' : 'mails'} · ${byteSize(p.bytes)} · ${p.url}`;
}
