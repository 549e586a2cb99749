// `mlreview export --range 4..5`: the interdiff of a series between two versions, patch by patch like
// `git range-diff` (each patch's lines, `-` only in the earlier version, `+` only in the later), with
// the earlier version's comments on the lines they were about and what became of them.
import { diffArrays } from 'diff';
import type { Comment, FileDiff, NextVersion, Patch, PatchMatch, Review, SeriesVersions } from '../model.js';
import { codeSpan, escapeHeading, escapeInline, fencedBlock } from './markdown-escape.js';
import { personLabel } from './markdown-conversation.js';
import { snippet } from './markdown-summary.js';
import { selectThreads } from './review-selection.js';

export class VersionRangeError extends Error {}

export interface VersionRange {
  from: number;
  to: number;
}

/** `4..5` → {from: 4, to: 5}; throws RangeError on anything else. */
export function parseRange(text: string): VersionRange {
  const m = /^v?(\d{1,4})\.\.v?(\d{1,4})$/.exec(text.trim());
  if (!m || Number(m[1]) >= Number(m[2])) throw new VersionRangeError(`--range wants two versions, older first, like 4..5 (got "${text}")`);
  return { from: Number(m[1]), to: Number(m[2]) };
}

export interface InterdiffLine {
  /** The patch line with a `-`, `+` or ` ` in front: only in the earlier version, only in the later, in both. */
  line: string;
  /** Comments of the earlier version on this line. */
  comments: Comment[];
}

export interface FileInterdiff {
  path: string;
  lines: InterdiffLine[];
}

export interface PatchInterdiff {
  change: PatchMatch['change'];
  from: Patch[];
  to: Patch[];
  files: FileInterdiff[];
}

export interface SeriesInterdiff {
  title: string;
  range: VersionRange;
  patches: PatchInterdiff[];
}

function pathOf(file: FileDiff): string {
  return file.status === 'deleted' ? file.oldPath : file.newPath;
}

function fileInterdiff(path: string, before: FileDiff | undefined, after: FileDiff | undefined, comments: Comment[], f: number): FileInterdiff {
  const old = before ? before.hunks.flatMap((h) => h.lines.map((l) => l.raw.trimEnd())) : [];
  const next = after ? after.hunks.flatMap((h) => h.lines.map((l) => l.raw.trimEnd())) : [];
  const starts: number[] = [];
  let n = 0;
  for (const h of before?.hunks ?? []) {
    starts.push(n);
    n += h.lines.length;
  }
  const byIndex = new Map<number, Comment[]>();
  for (const c of comments) {
    const p = c.place;
    if (!p || p.at !== 'line' || p.file !== f) continue;
    const at = starts[p.hunk]! + p.line;
    byIndex.set(at, [...(byIndex.get(at) ?? []), c]);
  }
  const lines: InterdiffLine[] = [];
  let i = 0;
  for (const part of diffArrays(old, next)) {
    for (const line of part.value) {
      const inOld = !part.added;
      lines.push({ line: `${part.added ? '+' : part.removed ? '-' : ' '}${line}`, comments: inOld ? byIndex.get(i) ?? [] : [] });
      if (inOld) i++;
    }
  }
  return { path, lines };
}

function patchInterdiff(match: PatchMatch, patches: Map<string, Patch>): PatchInterdiff {
  const from = match.from.map((id) => patches.get(id)).filter((p): p is Patch => p !== undefined);
  const to = match.to.map((id) => patches.get(id)).filter((p): p is Patch => p !== undefined);
  const files: FileInterdiff[] = [];
  if (match.change === 'missing') return { change: match.change, from, to, files };
  const a = from[0];
  const afterFiles = to.flatMap((p) => p.files);
  const paths = [...new Set([...(a?.files ?? []).map(pathOf), ...afterFiles.map(pathOf)])];
  for (const path of paths) {
    const f = a ? a.files.findIndex((x) => pathOf(x) === path) : -1;
    const before = f >= 0 ? a!.files[f] : undefined;
    const after = afterFiles.find((x) => pathOf(x) === path);
    files.push(fileInterdiff(path, before, after, a?.comments ?? [], f));
  }
  return { change: match.change, from, to, files };
}

/**
 * The interdiff of every series the review holds in both versions of the range; with `thread`, only
 * the series that thread holds a version of.
 */
export function interdiffs(review: Review, range: VersionRange, thread?: string): SeriesInterdiff[] {
  const patches = new Map(review.threads.flatMap((t) => t.patches.map((p) => [p.messageId, p] as const)));
  const seen = new Set<SeriesVersions>();
  const out: SeriesInterdiff[] = [];
  for (const series of selectThreads(review, thread).flatMap((t) => t.series)) {
    const versions = series.versions;
    if (!versions || seen.has(versions)) continue;
    seen.add(versions);
    const step = versions.steps.find((s) => versions.versions[s.from]!.version === range.from && versions.versions[s.to]!.version === range.to && versions.versions[s.to]!.revisionOf === undefined);
    if (!step) continue;
    out.push({ title: versions.title, range, patches: step.patches.map((m) => patchInterdiff(m, patches)) });
  }
  return out;
}

function label(next: NextVersion | undefined): string {
  return next ? next.state : 'not followed';
}

function patchTitle(p: PatchInterdiff, range: VersionRange): string {
  const name = (list: Patch[], v: number) => (list.length ? list.map((x) => `v${v} ${x.part ?? 1}/${x.total ?? 1}`).join(' + ') : '-');
  const title = p.to[0]?.title ?? p.from[0]?.title ?? '';
  return `${name(p.from, range.from)} → ${name(p.to, range.to)} (${p.change}): ${title}`;
}

export function renderRangeMarkdown(series: SeriesInterdiff[], range: VersionRange): string {
  if (series.length === 0) return `# Range v${range.from}..v${range.to}\n\nNo series in the archives has both v${range.from} and v${range.to}.\n`;
  const out: string[] = [];
  for (const s of series) {
    out.push(`# ${escapeHeading(`${s.title}: v${range.from}..v${range.to}`)}`, '');
    for (const p of s.patches) {
      out.push(`## ${escapeHeading(patchTitle(p, range))}`, '');
      const changed = p.files.filter((f) => f.lines.some((l) => l.line[0] !== ' ' || l.comments.length));
      if (p.change === 'missing') out.push(`v${range.to} of this patch is not in the archives.`, '');
      else if (changed.length === 0) out.push('No change in the diff.', '');
      for (const f of changed) {
        out.push(`### ${codeSpan(f.path)}`, '');
        const body: string[] = [];
        for (const l of f.lines) {
          body.push(l.line);
          for (const c of l.comments) body.push(`## ${personLabel(c.author)} [${label(c.nextVersion)}]: ${snippet(c.text)}`);
        }
        out.push(...fencedBlock(body, 'diff'), '');
        for (const c of f.lines.flatMap((l) => l.comments)) {
          out.push(`- **${label(c.nextVersion)}** · ${escapeInline(personLabel(c.author))}: ${escapeInline(snippet(c.text))}`);
        }
        if (f.lines.some((l) => l.comments.length)) out.push('');
      }
    }
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

export function rangeJson(series: SeriesInterdiff[], range: VersionRange): unknown {
  return {
    schema: 'mlreview/1',
    range,
    series: series.map((s) => ({
      title: s.title,
      patches: s.patches.map((p) => ({
        change: p.change,
        from: p.from.map((x) => x.messageId),
        to: p.to.map((x) => x.messageId),
        files: p.files.map((f) => ({
          path: f.path,
          interdiff: f.lines.map((l) => l.line),
          comments: f.lines.flatMap((l, i) => l.comments.map((c) => ({ line: i, messageId: c.messageId, author: c.author, text: c.text, nextVersion: c.nextVersion ?? null }))),
        })),
      })),
    })),
  };
}
