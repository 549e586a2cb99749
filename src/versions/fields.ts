// What the versions stage adds to a thread — each series' versions, each comment's nextVersion — kept
// apart from the thread. The streamed faces run the stage over a group of threads at once but write
// them one by one: the group's other threads wait as these few fields, not as whole linked threads,
// and are read back from the cache when their turn comes.
import type { NextVersion, SeriesVersions, Thread } from '../model.js';

export interface VersionFields {
  series: Array<{ versions: SeriesVersions | undefined; comments: Array<NextVersion | undefined> }>;
  patches: Array<Array<NextVersion | undefined>>;
}

export function versionFieldsOf(thread: Thread): VersionFields {
  return {
    series: thread.series.map((s) => ({ versions: s.versions, comments: s.comments.map((c) => c.nextVersion) })),
    patches: thread.patches.map((p) => p.comments.map((c) => c.nextVersion)),
  };
}

/** The thread as the versions stage would return it, given the fields it gave this thread before. */
export function withVersionFields(thread: Thread, fields: VersionFields): Thread {
  const series = thread.series.map((s, j) => {
    const got = fields.series[j];
    if (!got) return s;
    const comments = s.comments.map((c, k) => (got.comments[k] === undefined ? c : { ...c, nextVersion: got.comments[k] }));
    return { ...s, comments, ...(got.versions ? { versions: got.versions } : {}) };
  });
  const patches = thread.patches.map((p, j) => ({
    ...p,
    comments: p.comments.map((c, k) => {
      const next = fields.patches[j]?.[k];
      return next === undefined ? c : { ...c, nextVersion: next };
    }),
  }));
  return { ...thread, series, patches };
}

// In the arrays above a comment the stage left alone is `undefined`, which JSON would turn into null.
const LEFT_ALONE = { leftAlone: true };

/** A group's fields as text, for the store: what the stage gave each thread, `undefined`s kept. */
export function encodeVersionFields(fields: VersionFields[]): string {
  return JSON.stringify(fields, (_key, value: unknown) => (value === undefined ? LEFT_ALONE : value));
}

export function decodeVersionFields(text: string): VersionFields[] {
  return JSON.parse(text, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && (value as { leftAlone?: unknown }).leftAlone === true && Object.keys(value).length === 1 ? undefined : value,
  ) as VersionFields[];
}
