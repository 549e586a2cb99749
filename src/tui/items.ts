// A thread is read one "item" at a time: the cover letter of each version, then its patches in part
// order. A thread without patches (a plain discussion) is one item that shows its mails.
import type { Comment, Message, Patch, Series, Thread } from '../model.js';

export type ReviewItem =
  | { kind: 'cover'; series: Series; message: Message | null; label: string }
  | { kind: 'patch'; patch: Patch; label: string }
  | { kind: 'discussion'; thread: Thread; label: string };

function partLabel(version: number, part: number | null, total: number | null): string {
  const v = version > 1 ? `v${version} ` : '';
  if (part === null) return v.trim();
  return `${v}${part}/${total ?? '?'}`;
}

/** The items of a thread in reading order: per version (oldest first), cover letter then parts. */
export function itemsOf(thread: Thread): ReviewItem[] {
  const byId = new Map(thread.patches.map((p) => [p.messageId, p]));
  const messages = new Map(thread.messages.map((m) => [m.message.id, m.message]));
  const items: ReviewItem[] = [];
  const shown = new Set<string>();
  const series = [...thread.series].sort((a, b) => a.version - b.version);
  for (const s of series) {
    if (s.cover !== null) {
      const label = `[${partLabel(s.version, 0, s.total)}] cover letter`;
      items.push({ kind: 'cover', series: s, message: messages.get(s.cover) ?? null, label });
    }
    for (const id of s.patches) {
      const patch = byId.get(id);
      if (!patch || shown.has(id)) continue;
      shown.add(id);
      items.push({ kind: 'patch', patch, label: patchLabel(patch) });
    }
  }
  for (const patch of thread.patches) {
    if (shown.has(patch.messageId)) continue;
    shown.add(patch.messageId);
    items.push({ kind: 'patch', patch, label: patchLabel(patch) });
  }
  if (items.length === 0) items.push({ kind: 'discussion', thread, label: thread.subject });
  return items;
}

export function patchLabel(patch: Patch): string {
  const part = partLabel(patch.version, patch.part, patch.total);
  return `${part ? `[${part}] ` : ''}${patch.title || patch.subject}`;
}

/** The comments an item carries (top-level ones; replies live inside them). */
export function commentsOf(item: ReviewItem): Comment[] {
  if (item.kind === 'patch') return item.patch.comments;
  if (item.kind === 'cover') return item.series.comments;
  return [];
}
