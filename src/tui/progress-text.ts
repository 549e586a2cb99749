// The progress line's words, shared by the browser's loader and the stderr line of export and check.

export interface FetchingProgress {
  url: string;
  bytes: number;
  mails: number;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `mlreview: fetching… 12 mails · 340 kB · https://lore.kernel.org/all/…/t.mbox.gz`: the counts first, so a narrow terminal cuts the URL, not them. */
export function fetchingLine(p: FetchingProgress): string {
  // A thread is tens of kilobytes: "0.0 MB" would say nothing was coming.
  const size = p.bytes < 1e6 ? `${Math.round(p.bytes / 1e3)} kB` : megabytes(p.bytes);
  return `mlreview: fetching… ${p.mails.toLocaleString('en')} ${p.mails === 1 ? 'mail' : 'mails'} · ${size} · ${p.url}`;
}
