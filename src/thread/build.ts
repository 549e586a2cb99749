// JWZ containers → Threads with their messages in reading order, parts of a series that lost
// their threading put back together.
import type { Message, Thread, ThreadMessage } from '../model.js';
import type { Container } from './jwz.js';
import { parseSubject } from './subject.js';

/** Flattens a container tree into a Thread (depth first, children by date). Ghosts are skipped. */
export function toThread(root: Container): Thread {
  const messages: ThreadMessage[] = [];
  const stack: Array<{ c: Container; parent: string | null; depth: number }> = [{ c: root, parent: null, depth: 0 }];
  while (stack.length) {
    const { c, parent, depth } = stack.pop()!;
    const present = c.message !== null;
    if (present) messages.push({ message: c.message!, parent, children: [], depth });
    const childParent = present ? c.id : parent;
    const childDepth = present ? depth + 1 : depth;
    for (let i = c.children.length - 1; i >= 0; i--) stack.push({ c: c.children[i]!, parent: childParent, depth: childDepth });
  }
  const byId = new Map(messages.map((m) => [m.message.id, m]));
  for (const m of messages) if (m.parent) byId.get(m.parent)?.children.push(m.message.id);
  const first = messages[0]?.message;
  return {
    subject: first ? first.subject : root.id,
    root: root.id,
    messages,
    series: [],
    patches: [],
  };
}

/**
 * git send-email without --thread, or a list that stripped References, posts "[PATCH v2 1/3]",
 * "[PATCH v2 2/3]"… as separate roots. A maintainer sees one series: merge roots that are parts
 * of the same k/N series by the same sender, sent within a day of each other.
 */
export function joinUnthreadedSeries(threads: Thread[]): Thread[] {
  const groups = new Map<string, Thread[]>();
  const kept: Thread[] = [];
  for (const thread of threads) {
    const root = thread.messages[0]?.message;
    const info = root ? parseSubject(root.subject) : null;
    if (!root || !info || info.isReply || !info.isPatch || info.total === null || info.total < 1) {
      kept.push(thread);
      continue;
    }
    const key = `${root.from.address.toLowerCase() || root.from.name}|v${info.version}|${info.total}`;
    const group = groups.get(key) ?? [];
    group.push(thread);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => rootDate(a).localeCompare(rootDate(b)));
    let current: Thread | null = null;
    let currentParts = new Set<number>();
    let lastDate = '';
    for (const thread of group) {
      const info = parseSubject(thread.messages[0]!.message.subject);
      const date = rootDate(thread);
      const close = lastDate && date && Date.parse(date) - Date.parse(lastDate) < 24 * 3600 * 1000;
      if (current && close && info.part !== null && !currentParts.has(info.part)) {
        current.messages.push(...thread.messages);
        currentParts.add(info.part);
      } else {
        current = thread;
        currentParts = new Set(info.part !== null ? [info.part] : []);
        kept.push(thread);
      }
      lastDate = date || lastDate;
    }
  }
  for (const thread of kept) sortRoots(thread);
  return kept;
}

/** After a merge the cover letter (0/N) or the lowest part comes first. */
function sortRoots(thread: Thread): void {
  const roots = thread.messages.filter((m) => m.parent === null);
  if (roots.length < 2) return;
  const subtree = new Map<string, ThreadMessage[]>();
  let current: ThreadMessage[] = [];
  for (const m of thread.messages) {
    if (m.parent === null) {
      current = [];
      subtree.set(m.message.id, current);
    }
    current.push(m);
  }
  roots.sort((a, b) => partOf(a.message) - partOf(b.message) || (a.message.date ?? '').localeCompare(b.message.date ?? ''));
  thread.messages = roots.flatMap((r) => subtree.get(r.message.id) ?? []);
  thread.root = thread.messages[0]!.message.id;
  thread.subject = thread.messages[0]!.message.subject;
}

function partOf(message: Message): number {
  return parseSubject(message.subject).part ?? 0;
}

function rootDate(thread: Thread): string {
  return thread.messages[0]?.message.date ?? '';
}
