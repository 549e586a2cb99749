// Two overlays about versions, as plain lines (pure, tested without a terminal): a comment's place in
// the next version beside the old one (`v`), and a series' versions v1 → v2 → … with, per version,
// its comments, how many are open, changed and unchanged, and what is left (`V`).
import type { Comment, NextVersion, Patch, SeriesVersions } from '../model.js';
import { awaitsAnswer } from '../review/awaiting.js';
import { personName } from './card.js';
import { codeLine, displayWidth, padToWidth, safeLine, truncateToWidth } from './sanitize.js';

export interface Panel {
  title: string;
  lines: string[];
}

/** `v5: changed`, the badge a comment card carries; null when no later version is in the archives. */
export function nextVersionBadge(next: NextVersion | undefined): string | null {
  if (!next || next.state === 'no-next' || next.version === null) return null;
  return `v${next.version}${next.revision ? ' reply' : ''}: ${next.state}`;
}

function columns(left: string[], right: string[], width: number): string[] {
  const half = Math.max(10, Math.floor((width - 3) / 2));
  const out: string[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    // Half a screen each: a tab of indentation is two columns here, or the code is cut off.
    const l = truncateToWidth(codeLine((left[i] ?? '').replace(/\t/g, '  ')), half);
    const r = truncateToWidth(codeLine((right[i] ?? '').replace(/\t/g, '  ')), half);
    out.push(`${padToWidth(l, half)} │ ${r}`);
  }
  return out;
}

/** The comment's place in this version beside the same place in the next one, with the evidence. */
export function nextVersionPanel(comment: Comment, thisVersion: number, width: number): Panel {
  const next = comment.nextVersion;
  const who = `${personName(comment.author)}: ${safeLine(comment.text.split('\n')[0] ?? '')}`;
  if (!next || next.state === 'no-next' || next.version === null) {
    return { title: `v${thisVersion} → no later version in the archives`, lines: [who] };
  }
  const title = `v${thisVersion} → ${nextVersionBadge(next)}`;
  const lines = [truncateToWidth(who, width), ''];
  if (next.state === 'dropped') lines.push(`The file, hunk or patch is gone from v${next.version}.`);
  else {
    const half = Math.max(10, Math.floor((width - 3) / 2));
    lines.push(`${padToWidth(`v${thisVersion}`, half)} │ v${next.version}`);
    lines.push(...columns(next.before, next.after, width));
  }
  if (next.changelog.length) lines.push('', `v${next.version} changelog:`, ...next.changelog.map((l) => `  ${safeLine(l)}`));
  if (next.promise) lines.push('', `promised: ${safeLine(next.promise.text.split('\n')[0] ?? '')}`);
  return { title, lines: lines.map((l) => truncateToWidth(l, width)) };
}

/** Open items of the whole series: the newest version's own, and older ones still unchanged that no one answered. */
export function leftOpen(comments: Comment[]): Comment[] {
  return comments.filter(awaitsAnswer);
}

/** The versions of a series, per version its counts, then what is left. */
export function versionsPanel(versions: SeriesVersions, patchFor: (id: string) => Patch | undefined, width: number): Panel {
  const label = (i: number) => {
    const v = versions.versions[i]!;
    return `v${v.version}${v.revisionOf ? ' (reply)' : v.resend ? ' (resend)' : ''}`;
  };
  const lines: string[] = [versions.versions.map((_, i) => label(i)).join(' → '), ''];
  const newest = versions.versions.length - 1;
  const left: Array<[string, Comment]> = [];
  versions.versions.forEach((v, i) => {
    const comments = v.patches.flatMap((id) => patchFor(id)?.comments ?? []);
    const count = (state: NextVersion['state']) => comments.filter((c) => c.nextVersion?.state === state).length;
    const open = comments.filter(awaitsAnswer);
    lines.push(
      `${padToWidth(label(i), 14)}${v.patches.length} patches · ${comments.length} comments · ${open.length} open · ${count('changed')} changed · ${count('unchanged')} unchanged · ${count('dropped')} dropped`,
    );
    for (const c of open) if (i === newest || c.nextVersion?.state === 'unchanged') left.push([label(i), c]);
  });
  lines.push('', left.length ? `What is left (${left.length}):` : 'Nothing is left open.');
  for (const [v, c] of left) {
    const where = c.anchor.file ? `${c.anchor.file}${c.anchor.line === null ? '' : `:${c.anchor.line}`}` : c.anchor.section;
    lines.push(`  ${v} ${codeLine(where)} · ${personName(c.author)}: ${safeLine(c.text.split('\n')[0] ?? '')}`);
  }
  return { title: `versions: ${safeLine(versions.title)}`, lines: lines.map((l) => (displayWidth(l) > width ? truncateToWidth(l, width) : l)) };
}
