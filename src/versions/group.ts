// Every version of a series the archives hold, across threads: v3 in one thread, v4 in another, v5
// 3/3 re-sent alone in a third, a reworked patch posted as a reply inside the v4 review. Two series
// are versions of one when the same author sent them and they share the series title (the cover
// letter's, or the single patch's) or the title of a patch. An unversioned `[PATCH]` is v1; a RESEND
// repeats its version.
import type { Patch, Series, SeriesVersion, SeriesVersions, Thread } from '../model.js';
import { normalisedTitle, parseSubject } from '../thread/subject.js';
import { changedLines, matchPatches, reworked, similarity as similarityOfLines, touchesSameFile } from './match.js';

const similarityOf = (a: Patch, b: Patch): number => similarityOfLines(changedLines(a), changedLines(b));

/** A series of one version with the thread and patches it came from. */
export interface VersionEntry {
  version: SeriesVersion;
  series: Series | null;
  thread: Thread;
  patches: Patch[];
}

/** One series across its versions: the model's value, plus the entries it was built from. */
export interface History {
  versions: SeriesVersions;
  entries: VersionEntry[];
}

function authorKey(patches: Patch[], thread: Thread, series: Series): string {
  const cover = series.cover ? thread.messages.find((m) => m.message.id === series.cover)?.message.from : undefined;
  const person = patches[0]?.author ?? cover;
  if (!person) return '';
  return (person.address || person.name).toLowerCase();
}

class Groups {
  private readonly parent: number[] = [];
  add(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }
  join(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

/** The version histories of every series that the archives hold in more than one version. */
export function versionHistories(threads: readonly Thread[]): History[] {
  const entries: VersionEntry[] = [];
  const keysOf: string[][] = [];
  const authors: string[] = [];
  for (const thread of threads) {
    const byId = new Map(thread.patches.map((p) => [p.messageId, p]));
    for (const series of thread.series) {
      const patches = series.patches.map((id) => byId.get(id)).filter((p): p is Patch => p !== undefined);
      const first = series.cover ?? patches[0]?.messageId;
      const subject = first ? thread.messages.find((m) => m.message.id === first)?.message.subject ?? '' : '';
      entries.push({
        version: {
          version: series.version,
          ...(parseSubject(subject).isResend ? { resend: true } : {}),
          thread: thread.root,
          cover: series.cover,
          patches: [...series.patches],
          date: dateOf(thread, first ?? null),
        },
        series,
        thread,
        patches,
      });
      keysOf.push([normalisedTitle(series.title), ...patches.map((p) => normalisedTitle(p.title))].filter(Boolean));
      authors.push(authorKey(patches, thread, series));
    }
    // A patch no series lists (rebuilt from the quotes of its review, as vfio v3 2/3 is) is a version too.
    const listed = new Set(thread.series.flatMap((s) => s.patches));
    for (const patch of thread.patches) {
      if (listed.has(patch.messageId) || patch.revisionOf !== undefined) continue;
      entries.push({
        version: { version: patch.version, thread: thread.root, cover: null, patches: [patch.messageId], date: patch.date },
        series: null,
        thread,
        patches: [patch],
      });
      keysOf.push([normalisedTitle(patch.title)].filter(Boolean));
      authors.push((patch.author.address || patch.author.name).toLowerCase());
    }
  }

  const groups = new Groups();
  entries.forEach(() => groups.add());
  const firstWithKey = new Map<string, number>();
  entries.forEach((_, i) => {
    for (const key of keysOf[i]!) {
      const k = `${authors[i]}\u0000${key}`;
      const other = firstWithKey.get(k);
      if (other === undefined) firstWithKey.set(k, i);
      else groups.join(i, other);
    }
  });

  joinRetitled(entries, authors, groups);

  // Reworked patches posted as replies join the history of the patch they revise.
  const revisions: VersionEntry[] = [];
  const entryOfPatch = new Map<string, number>();
  entries.forEach((e, i) => e.version.patches.forEach((id) => entryOfPatch.set(id, i)));
  const revisionGroup = new Map<VersionEntry, number>();
  const revisionOfId = new Map(threads.flatMap((t) => t.patches.flatMap((p) => (p.revisionOf === undefined ? [] : [[p.messageId, p.revisionOf] as const]))));
  for (const thread of threads) {
    for (const patch of thread.patches) {
      if (patch.revisionOf === undefined) continue;
      // A revision of a revision belongs where the first one's patch does.
      let root: string | undefined = patch.revisionOf;
      for (let guard = 0; root !== undefined && !entryOfPatch.has(root) && guard < 100; guard++) root = revisionOfId.get(root);
      const of = root === undefined ? undefined : entryOfPatch.get(root);
      if (of === undefined) continue;
      const entry: VersionEntry = {
        version: {
          version: entries[of]!.version.version,
          revisionOf: patch.revisionOf,
          thread: thread.root,
          cover: null,
          patches: [patch.messageId],
          date: patch.date,
        },
        series: null,
        thread,
        patches: [patch],
      };
      revisions.push(entry);
      revisionGroup.set(entry, of);
    }
  }

  const byGroup = new Map<number, VersionEntry[]>();
  entries.forEach((e, i) => {
    const g = groups.find(i);
    byGroup.set(g, [...(byGroup.get(g) ?? []), e]);
  });
  for (const r of revisions) {
    const g = groups.find(revisionGroup.get(r)!);
    byGroup.get(g)!.push(r);
  }

  const histories: History[] = [];
  for (const list of byGroup.values()) {
    if (list.length < 2) continue;
    list.sort(
      (a, b) =>
        a.version.version - b.version.version ||
        Number(a.version.revisionOf !== undefined) - Number(b.version.revisionOf !== undefined) ||
        Number(a.version.resend === true) - Number(b.version.resend === true) ||
        (a.version.date ?? '').localeCompare(b.version.date ?? ''),
    );
    const newest = [...list].reverse().find((e) => e.series !== null)?.series;
    const versions: SeriesVersions = {
      title: newest?.title ?? list[0]!.patches[0]?.title ?? '',
      versions: list.map((e) => e.version),
      steps: [],
    };
    let current: Patch[] = list[0]!.patches;
    for (let i = 0; i + 1 < list.length; i++) {
      const to = list[i + 1]!;
      const revised = to.version.revisionOf;
      if (revised !== undefined) {
        // A reply revision replaces one patch of the version; the others stay what they were.
        const of = current.find((p) => p.messageId === revised);
        const similarity = of ? Math.round(similarityOf(of, to.patches[0]!) * 100) / 100 : null;
        versions.steps.push({ from: i, to: i + 1, patches: [{ change: 'kept', from: [revised], to: [to.patches[0]!.messageId], by: 'reply', similarity }] });
        current = current.map((p) => (p.messageId === revised ? to.patches[0]! : p));
      } else {
        const total = to.series?.total ?? null;
        const complete = total === null || to.patches.length >= total;
        versions.steps.push({ from: i, to: i + 1, patches: matchPatches(current, to.patches, complete) });
        current = to.patches;
      }
    }
    histories.push({ versions, entries: list });
  }
  return histories;
}

/** Past this many series by one author on one file, only the nearest in time are compared. */
const RETITLED_NEIGHBOURS = 12;

/**
 * A series the author retitled between versions ("genirq: introduce update_irq_devid()" became
 * "genirq: introduce irq_update_devid()" when tglx asked for the name): another version, by the same
 * author, with a patch that changes mostly the same lines of the same file. A patch rebuilt from the
 * quotes of its review holds only the quoted lines, so the share is of the smaller patch.
 */
function joinRetitled(entries: readonly VersionEntry[], authors: readonly string[], groups: Groups): void {
  const byFile = new Map<string, number[]>();
  entries.forEach((entry, i) => {
    const files = new Set(entry.patches.flatMap((p) => p.files.map((f) => (f.newPath === '/dev/null' ? f.oldPath : f.newPath))));
    for (const file of files) {
      const key = `${authors[i]}\u0000${file}`;
      byFile.set(key, [...(byFile.get(key) ?? []), i]);
    }
  });
  for (const list of byFile.values()) {
    if (list.length < 2) continue;
    const ordered = [...list].sort((a, b) => (entries[a]!.version.date ?? '').localeCompare(entries[b]!.version.date ?? ''));
    for (let x = 0; x < ordered.length; x++) {
      for (let y = x + 1; y < Math.min(ordered.length, x + 1 + RETITLED_NEIGHBOURS); y++) {
        const i = ordered[x]!;
        const j = ordered[y]!;
        if (entries[i]!.version.version === entries[j]!.version.version || groups.find(i) === groups.find(j)) continue;
        if (sharePatch(entries[i]!.patches, entries[j]!.patches)) groups.join(i, j);
      }
    }
  }
}

function sharePatch(a: readonly Patch[], b: readonly Patch[]): boolean {
  return a.some((p) => b.some((q) => touchesSameFile(p, q) && reworked(p, q) > 0));
}

function dateOf(thread: Thread, id: string | null): string | null {
  if (id === null) return null;
  return thread.messages.find((m) => m.message.id === id)?.message.date ?? null;
}

/**
 * The authors a thread's version entries are keyed on (as `versionHistories` keys them). Two series
 * are versions of one only under the same author, so these small keys are all a streamed face needs
 * to know which threads must go through the versions stage together.
 */
export function historyAuthorsOf(thread: Thread): string[] {
  const authors = new Set<string>();
  const byId = new Map(thread.patches.map((p) => [p.messageId, p]));
  for (const series of thread.series) {
    const patches = series.patches.map((id) => byId.get(id)).filter((p): p is Patch => p !== undefined);
    authors.add(authorKey(patches, thread, series));
  }
  const listed = new Set(thread.series.flatMap((s) => s.patches));
  for (const patch of thread.patches) {
    if (listed.has(patch.messageId) || patch.revisionOf !== undefined) continue;
    authors.add((patch.author.address || patch.author.name).toLowerCase());
  }
  return [...authors];
}

/**
 * Threads (by index) that share an author key, transitively, each group in archive order: running
 * the versions stage on a group gives its threads the same result as running it on the whole archive.
 */
export function historyGroups(authorsByThread: readonly (readonly string[])[]): number[][] {
  const groups = new Groups();
  authorsByThread.forEach(() => groups.add());
  const firstOf = new Map<string, number>();
  authorsByThread.forEach((authors, i) => {
    for (const author of authors) {
      const other = firstOf.get(author);
      if (other === undefined) firstOf.set(author, i);
      else groups.join(i, other);
    }
  });
  const byRoot = new Map<number, number[]>();
  authorsByThread.forEach((_, i) => {
    const root = groups.find(i);
    const list = byRoot.get(root);
    if (list) list.push(i);
    else byRoot.set(root, [i]);
  });
  return [...byRoot.values()];
}
