// Patches of a thread → series (one per version and sender), and which versions of the same
// series the archive holds.
import type { Message, Patch, Series, Thread } from '../model.js';
import { normalisedTitle, parseSubject } from './subject.js';

/** Groups the thread's cover letters and patches into series. */
export function seriesOf(thread: Thread): Series[] {
  const byKey = new Map<string, Series & { firstTitle: string }>();
  const patchById = new Map(thread.patches.map((p) => [p.messageId, p]));
  const keyOf = (message: Message, version: number, total: number | null): string =>
    `${message.from.address.toLowerCase() || message.from.name}|v${version}|${total ?? 1}`;

  for (const { message } of thread.messages) {
    const info = parseSubject(message.subject);
    if (info.isReply) continue;
    const patch = patchById.get(message.id);
    const isCover = info.isPatch && info.part === 0;
    if (!patch && !isCover) continue;
    const key = keyOf(message, info.version, info.total);
    let series = byKey.get(key);
    if (!series) {
      series = {
        title: info.title,
        firstTitle: info.title,
        version: info.version,
        cover: null,
        patches: [],
        total: info.total,
        otherVersions: [],
        trailers: [],
        comments: [],
      };
      byKey.set(key, series);
    }
    if (isCover && !series.cover) {
      series.cover = message.id;
      series.title = info.title;
    } else if (patch) {
      series.patches.push(patch.messageId);
    }
  }
  const result: Series[] = [];
  for (const s of byKey.values()) {
    const { firstTitle: _unused, ...series } = s;
    series.patches.sort((a, b) => (patchById.get(a)?.part ?? 0) - (patchById.get(b)?.part ?? 0));
    result.push(series);
  }
  return result.sort((a, b) => a.version - b.version);
}

/**
 * Versions of the same series across the archive: same title (the cover letter's, or the first
 * patch's), different version number.
 */
export function linkVersions(threads: Thread[]): void {
  const versions = new Map<string, Set<number>>();
  const all: Series[] = threads.flatMap((t) => t.series);
  for (const s of all) {
    const key = normalisedTitle(s.title);
    const set = versions.get(key) ?? new Set<number>();
    set.add(s.version);
    versions.set(key, set);
  }
  for (const s of all) {
    s.otherVersions = [...(versions.get(normalisedTitle(s.title)) ?? [])].filter((v) => v !== s.version).sort((a, b) => a - b);
  }
}

export function patchesInPartOrder(patches: Patch[]): Patch[] {
  return [...patches].sort((a, b) => a.version - b.version || (a.part ?? 0) - (b.part ?? 0));
}
