// Patches of a thread → series (one per version and sender), and which versions of the same
// series the archive holds.
import type { Message, Patch, Series, Thread } from '../model.js';
import { normalisedTitle, parseSubject } from './subject.js';

/** Groups the thread's cover letters and patches into series. */
export function seriesOf(thread: Thread): Series[] {
  const patchById = new Map(thread.patches.map((p) => [p.messageId, p]));
  const byId = new Map(thread.messages.map((m) => [m.message.id, m]));
  const coverVersion = new Map<string, number>();
  const groups: Array<{ key: string; series: Series; parts: Set<number> }> = [];
  const open = new Map<string, { key: string; series: Series; parts: Set<number> }>();

  for (const { message, parent } of thread.messages) {
    const info = parseSubject(message.subject);
    if (info.isReply) continue;
    const patch = patchById.get(message.id);
    const isCover = info.isPatch && info.part === 0;
    if (!patch && !isCover) continue;
    let version = info.version;
    if (!info.explicitVersion) {
      // "[PATCH net-next v3 0/4]" followed by "[PATCH 1/4]": the parts are v3 too.
      for (let up = parent; up; up = byId.get(up)?.parent ?? null) {
        const v = coverVersion.get(up);
        if (v !== undefined) {
          version = v;
          break;
        }
      }
    }
    if (isCover) coverVersion.set(message.id, version);
    if (patch) patch.version = version;
    const key = `${message.from.address.toLowerCase() || message.from.name}|v${version}|${info.total ?? 1}`;
    let group = open.get(key);
    const part = info.part ?? 1;
    // The same part twice means the sender posted the series again: a new series, not 4 of 2.
    const repeated = group && (isCover ? group.series.cover !== null : group.parts.has(part));
    if (!group || repeated) {
      group = {
        key,
        parts: new Set(),
        series: {
          title: info.title,
          version,
          cover: null,
          patches: [],
          total: info.total,
          otherVersions: [],
          trailers: [],
          comments: [],
        },
      };
      open.set(key, group);
      groups.push(group);
    }
    if (isCover) {
      group.series.cover = message.id;
      group.series.title = info.title;
    } else if (patch) {
      group.series.patches.push(patch.messageId);
      group.parts.add(part);
    }
  }
  for (const { series } of groups) {
    series.patches.sort((a, b) => (patchById.get(a)?.part ?? 0) - (patchById.get(b)?.part ?? 0));
  }
  return groups.map((g) => g.series).sort((a, b) => a.version - b.version);
}

/**
 * Versions of the same series across the archive: the same title (the cover letter's, or the first
 * patch's) or a patch of the same title, with another version number. "[PATCH v5 3/3]" re-sent
 * alone is still a new version of the v4 series whose 3/3 it replaces.
 */
export function linkVersions(threads: Thread[]): void {
  const others = otherVersionsOf(threads.map(versionKeysOf));
  threads.forEach((thread, i) => thread.series.forEach((series, j) => (series.otherVersions = others[i]![j]!)));
}

/** What the whole-archive version stage needs of one linked thread: per series its version and title keys. */
export interface SeriesKeys {
  version: number;
  keys: string[];
}

/** A linked thread's series keys, in `thread.series` order (small: kept for every thread while the rest is streamed). */
export function versionKeysOf(thread: Thread): SeriesKeys[] {
  const titles = new Map(thread.patches.map((p) => [p.messageId, normalisedTitle(p.title)]));
  return thread.series.map((series) => ({
    version: series.version,
    keys: [normalisedTitle(series.title), ...series.patches.map((id) => titles.get(id) ?? '')].filter(Boolean),
  }));
}

/** Per thread, per series: the other versions the archive holds, from every thread's keys. */
export function otherVersionsOf(threads: SeriesKeys[][]): number[][][] {
  const versionsByKey = new Map<string, Set<number>>();
  for (const { version, keys } of threads.flat()) {
    for (const key of keys) {
      const set = versionsByKey.get(key) ?? new Set<number>();
      set.add(version);
      versionsByKey.set(key, set);
    }
  }
  return threads.map((series) =>
    series.map(({ version, keys }) => {
      const versions = new Set<number>();
      for (const key of keys) for (const v of versionsByKey.get(key) ?? []) if (v !== version) versions.add(v);
      return [...versions].sort((a, b) => a - b);
    }),
  );
}

export function patchesInPartOrder(patches: Patch[]): Patch[] {
  return [...patches].sort((a, b) => a.version - b.version || (a.part ?? 0) - (b.part ?? 0));
}
