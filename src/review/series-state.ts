// Where a series stands, as Patchwork shows it: applied (a maintainer said so), superseded (a newer
// version is in the archives), in review (someone commented or gave a trailer), or new. Read once the
// thread's reviews are linked and the versions across threads are known.
import type { Patch, Series, SeriesState, Thread } from '../model.js';

/** The state of one series, from its maintainer notes, its versions and its review. */
export function seriesState(series: Series, patches: readonly Patch[]): SeriesState {
  const own = patches.filter((p) => series.patches.includes(p.messageId));
  const applied = own.filter((p) => p.applied);
  if (series.applied) return { state: 'applied', applied: series.applied };
  if (applied.length) {
    const latest = applied.map((p) => p.applied!).sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '')).at(-1)!;
    const state: SeriesState = { state: 'applied', applied: latest };
    if (applied.length < own.length) state.partial = true;
    return state;
  }
  const newer = Math.max(...series.otherVersions.filter((v) => v > series.version), -Infinity);
  if (Number.isFinite(newer)) return { state: 'superseded', newerVersion: newer };
  const reviewed =
    series.comments.length > 0 ||
    series.trailers.some((t) => t.by) ||
    own.some((p) => p.comments.length > 0 || p.trailers.some((t) => t.by));
  return { state: reviewed ? 'in-review' : 'new' };
}

/** The threads with every series' state set (new values; the input is left as it was). */
export function withSeriesStates(threads: readonly Thread[]): Thread[] {
  return threads.map((thread) => ({
    ...thread,
    series: thread.series.map((series) => ({ ...series, state: seriesState(series, thread.patches) })),
  }));
}
