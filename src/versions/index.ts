// The versions stage, after every thread is linked: the versions of each series matched patch by
// patch across threads, and each comment followed into the next version. One call, taking the
// linked threads and returning new ones (the threads given are left as they are), so it can move
// with the pipeline's stages.
import type { Comment, NextVersion, Patch, Person, Series, SeriesVersions, Thread } from '../model.js';
import { coverTarget, patchTarget, type PlaceTarget } from '../review/place.js';
import { changelogFor, changelogSection, patchNotes, promiseIn } from './evidence.js';
import { follow, type NextTarget } from './follow.js';
import { type History, versionHistories } from './group.js';

export { matchPatches } from './match.js';
export { historyAuthorsOf, historyGroups } from './group.js';

interface Where {
  history: History;
  entry: number;
}

class VersionLinker {
  private readonly bodies = new Map<string, string>();
  private readonly senders = new Map<string, Person>();
  private readonly patches = new Map<string, Patch>();
  private readonly where = new Map<string, Where>();
  private readonly versionsOf = new Map<Series, SeriesVersions>();

  constructor(threads: readonly Thread[]) {
    for (const thread of threads) {
      for (const { message } of thread.messages) {
        this.bodies.set(message.id, message.body);
        this.senders.set(message.id, message.from);
      }
      for (const patch of thread.patches) this.patches.set(patch.messageId, patch);
    }
    for (const history of versionHistories(threads)) {
      history.entries.forEach((entry, i) => {
        for (const id of entry.version.patches) this.where.set(id, { history, entry: i });
        if (entry.version.cover) this.where.set(entry.version.cover, { history, entry: i });
        if (entry.series) this.versionsOf.set(entry.series, history.versions);
      });
    }
  }

  thread(thread: Thread): Thread {
    const series = thread.series.map((s) => {
      const versions = this.versionsOf.get(s);
      const cover = s.cover;
      const target = cover === null ? null : coverTarget(cover, this.bodies.get(cover) ?? null);
      const author = cover === null ? null : this.senders.get(cover) ?? null;
      const comments = target === null ? s.comments : s.comments.map((c) => this.follow(c, target, this.nextOfCover(cover!), author));
      return { ...s, comments, ...(versions ? { versions } : {}) };
    });
    const patches = thread.patches.map((p) => {
      const target = patchTarget(p);
      const next = p.comments.length ? this.nextOfPatch(p.messageId) : null;
      return { ...p, comments: p.comments.map((c) => this.follow(c, target, next, p.author)) };
    });
    return { ...thread, series, patches };
  }

  private follow(comment: Comment, target: PlaceTarget, next: NextTarget | null, author: Person | null): Comment {
    const evidence = (c: Comment, changelog: string[]): Pick<NextVersion, 'changelog' | 'promise'> => ({
      changelog: changelogFor(c, changelog),
      promise: promiseIn(c.replies, author),
    });
    return { ...comment, nextVersion: follow(comment, target, next, evidence) };
  }

  /** The patch(es) a patch became in the next version; no targets when it was dropped; null when there is no later version. */
  private nextOfPatch(id: string): NextTarget | null {
    const at = this.where.get(id);
    if (!at) return null;
    const { versions } = at.history;
    const fromVersion = versions.versions[at.entry]!.version;
    let current = [id];
    for (let s = at.entry; s < versions.steps.length; s++) {
      const step = versions.steps[s]!;
      const to = versions.versions[step.to]!;
      const match = step.patches.find((m) => m.from.some((f) => current.includes(f)));
      const revision = to.revisionOf !== undefined;
      if (!match) {
        if (revision) continue;
        return { version: to.version, revision: false, targets: [], changelog: [] };
      }
      // The next version is only partly in the archives: a later one may still hold the patch.
      if (match.change === 'missing') continue;
      // A RESEND (or the same version posted twice) is not the next version: look through it.
      if (!revision && to.version === fromVersion && match.to.length > 0) {
        current = match.to;
        continue;
      }
      const targets = match.to.map((m) => this.patches.get(m)).filter((p): p is Patch => p !== undefined);
      const changelog = [
        ...targets.flatMap((p) => patchNotes(this.bodies.get(p.messageId) ?? '')),
        ...(to.cover ? changelogSection(this.bodies.get(to.cover) ?? '', fromVersion, to.version) : []),
      ];
      return { version: to.version, revision, targets: targets.map(patchTarget), changelog };
    }
    return null;
  }

  /** The next version's cover letter; no targets when the next version has none. */
  private nextOfCover(id: string): NextTarget | null {
    const at = this.where.get(id);
    if (!at) return null;
    const { versions } = at.history;
    const fromVersion = versions.versions[at.entry]!.version;
    const next = versions.versions.slice(at.entry + 1).find((v) => v.version > fromVersion && v.revisionOf === undefined);
    if (!next) return null;
    if (next.cover === null) return { version: next.version, revision: false, targets: [], changelog: [] };
    const body = this.bodies.get(next.cover) ?? '';
    return { version: next.version, revision: false, targets: [coverTarget(next.cover, body)], changelog: changelogSection(body, fromVersion, next.version) };
  }
}

/**
 * The stage one thread at a time, so a caller can hand the event loop a turn between threads (the
 * browser's Ctrl-C): yields how many threads are done, returns the threads with each series'
 * versions and each comment's `nextVersion`.
 */
export function* followVersionsSteps(threads: readonly Thread[]): Generator<number, Thread[]> {
  const linker = new VersionLinker(threads);
  const out: Thread[] = [];
  for (const thread of threads) {
    out.push(linker.thread(thread));
    yield out.length;
  }
  return out;
}

/** The threads with each series' versions and each comment's `nextVersion`. */
export function followVersions(threads: readonly Thread[]): Thread[] {
  const steps = followVersionsSteps(threads);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}
