// What the next version did with this version's comments, for the Markdown: per comment its state in
// vN+1, the lines before and after as a range-diff (`-`/`+` in front of the patch's own markers, as
// `git range-diff` writes them) and the changelog lines and promise that speak of it.
import { diffArrays } from 'diff';
import type { Comment, NextVersion, Patch } from '../model.js';
import { codeSpan, escapeHeading, escapeInline, fencedBlock } from './markdown-escape.js';
import { personLabel } from './markdown-conversation.js';
import { patchNumber, snippet } from './markdown-summary.js';

/** `before` against `after`, each line kept with its own marker: ` ` both, `-` only before, `+` only after. */
export function rangeDiff(before: readonly string[], after: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of diffArrays(before.map((l) => l.trimEnd()), after.map((l) => l.trimEnd()))) {
    const mark = part.added ? '+' : part.removed ? '-' : ' ';
    for (const line of part.value) out.push(`${mark}${line}`);
  }
  return out;
}

function stateLabel(next: NextVersion): string {
  const v = next.version === null ? '' : `v${next.version}${next.revision ? ' (revised in a reply)' : ''}: `;
  return `${v}${next.state}`;
}

/** Where the comment is, in the Markdown's words: `3/3 \`file:line\``, `3/3 commit message`, `cover letter`. */
function where(comment: Comment, patch: Patch | null): string {
  const on = patch ? `${patchNumber(patch)} ` : '';
  const { anchor } = comment;
  if (anchor.section === 'diff') return `${on}${codeSpan(`${anchor.file ?? '?'}${anchor.line === null ? '' : `:${anchor.line}`}`)}`;
  return `${on}${anchor.section.replace('-', ' ')}`;
}

/** One comment's entry in the "Since vN" section. */
export function followedMarkdown(comment: Comment, patch: Patch | null): string[] {
  const next = comment.nextVersion;
  if (!next) return [];
  const out = [`- **${stateLabel(next)}** · ${where(comment, patch)} · ${escapeInline(personLabel(comment.author))}: ${escapeInline(snippet(comment.text))}`, ''];
  if (next.before.length > 0 && (next.state === 'changed' || next.state === 'unchanged')) {
    out.push(...fencedBlock(next.state === 'changed' ? rangeDiff(next.before, next.after) : next.before.map((l) => ` ${l}`), 'diff').map((l) => `  ${l}`), '');
  }
  for (const line of next.changelog) out.push(`  > changelog: ${escapeInline(line.trim())}`);
  if (next.changelog.length > 0) out.push('');
  if (next.promise) out.push(`  > promised: ${escapeInline(snippet(next.promise.text))}`, '');
  return out;
}

/**
 * The "Since vN" section of a series whose comments were followed into a later version; empty when
 * none was (no later version in the archives).
 */
export function sinceMarkdown(version: number, cover: Comment[], patches: Patch[]): string[] {
  const entries: Array<[Comment, Patch | null]> = [
    ...cover.map((c): [Comment, Patch | null] => [c, null]),
    ...patches.flatMap((p) => p.comments.map((c): [Comment, Patch | null] => [c, p])),
  ].filter(([c]) => c.nextVersion !== undefined && c.nextVersion.state !== 'no-next');
  if (entries.length === 0) return [];
  const next = entries[0]![0].nextVersion!.version;
  const count = (state: NextVersion['state']) => entries.filter(([c]) => c.nextVersion!.state === state).length;
  const out = [
    `## ${escapeHeading(`Since v${version}`)}`,
    '',
    `What v${next} did with the v${version} comments: ${count('changed')} changed, ${count('unchanged')} unchanged, ${count('dropped')} dropped. ` +
      'A changed line is evidence that a comment was addressed, not proof.',
    '',
  ];
  for (const [comment, patch] of entries) out.push(...followedMarkdown(comment, patch));
  return out;
}
