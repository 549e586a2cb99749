// Threading by Message-ID / In-Reply-To / References: Jamie Zawinski's algorithm as public-inbox
// implements it (SearchThread.pm): a container per id, ghosts for parents we never saw, a reused
// Message-ID kept once, links that would close a loop refused, and an iterative walk so a
// 1,000-deep References chain cannot blow the stack.
import type { Message, Problem } from '../model.js';
import { normalisedTitle, parseSubject } from './subject.js';

export interface Container {
  id: string;
  message: Message | null;
  parent: Container | null;
  children: Container[];
}

export interface Threading {
  roots: Container[];
  /** Mails dropped because their Message-ID was already taken. */
  problems: Problem[];
}

export function threadMessages(messages: Message[]): Threading {
  const table = new Map<string, Container>();
  const problems: Problem[] = [];
  const container = (id: string): Container => {
    let c = table.get(id);
    if (!c) {
      c = { id, message: null, parent: null, children: [] };
      table.set(id, c);
    }
    return c;
  };

  for (const message of messages) {
    const own = container(message.id);
    if (own.message) {
      problems.push({
        where: `${message.origin.path}:${message.origin.where}`,
        reason: `duplicate Message-ID <${message.id}>: the mail at ${own.message.origin.path}:${own.message.origin.where} was kept`,
        leftOut: true,
      });
      continue;
    }
    own.message = message;
    // Link the References chain pairwise, never re-parenting a container that already has a parent.
    let previous: Container | null = null;
    for (const ref of message.references) {
      const current = container(ref);
      if (previous && !current.parent && previous !== current && !isAncestor(current, previous)) {
        link(previous, current);
      }
      previous = current;
    }
    // The mail's own parent is the last reference; it wins over what other mails guessed.
    if (previous && previous !== own && !isAncestor(own, previous)) {
      if (own.parent) unlink(own);
      link(previous, own);
    }
  }

  let roots = [...table.values()].filter((c) => !c.parent);
  roots = roots.flatMap(pruneGhosts);
  roots = joinBySubject(roots);
  for (const root of roots) sortTree(root);
  roots.sort((a, b) => firstDate(a).localeCompare(firstDate(b)));
  return { roots, problems };
}

function link(parent: Container, child: Container): void {
  child.parent = parent;
  parent.children.push(child);
}

function unlink(child: Container): void {
  const parent = child.parent;
  if (!parent) return;
  parent.children = parent.children.filter((c) => c !== child);
  child.parent = null;
}

/** True when `a` is `b` or one of b's ancestors. */
function isAncestor(a: Container, b: Container): boolean {
  for (let c: Container | null = b; c; c = c.parent) if (c === a) return true;
  return false;
}

/**
 * A ghost (a parent we never saw) with one child is dropped and the child takes its place; a ghost
 * with several children stays, as the placeholder that keeps siblings together (a lost cover letter).
 */
function pruneGhosts(root: Container): Container[] {
  const stack: Container[] = [root];
  while (stack.length) {
    const c = stack.pop()!;
    let changed = true;
    while (changed) {
      changed = false;
      const next: Container[] = [];
      for (const child of c.children) {
        if (!child.message && child.children.length <= 1) {
          changed = true;
          for (const grandchild of child.children) {
            grandchild.parent = c;
            next.push(grandchild);
          }
        } else {
          next.push(child);
        }
      }
      c.children = next;
    }
    for (const child of c.children) stack.push(child);
  }
  if (!root.message) {
    if (root.children.length === 0) return [];
    if (root.children.length === 1) {
      const only = root.children[0]!;
      only.parent = null;
      return [only];
    }
  }
  return [root];
}

/**
 * Replies whose client lost In-Reply-To and References ("Re: subject" and nothing else) join the
 * thread that started with that subject.
 */
function joinBySubject(roots: Container[]): Container[] {
  const starters = new Map<string, Container>();
  for (const root of roots) {
    const subject = root.message?.subject ?? root.children[0]?.message?.subject ?? '';
    const info = parseSubject(subject);
    const key = normalisedTitle(subject);
    if (!key) continue;
    const existing = starters.get(key);
    if (!existing || (!info.isReply && parseSubject(existing.message?.subject ?? '').isReply)) starters.set(key, root);
  }
  const kept: Container[] = [];
  for (const root of roots) {
    const message = root.message;
    if (message && message.references.length === 0 && parseSubject(message.subject).isReply) {
      const starter = starters.get(normalisedTitle(message.subject));
      if (starter && starter !== root && (firstDate(starter) <= (message.date ?? ''))) {
        link(starter, root);
        continue;
      }
    }
    kept.push(root);
  }
  return kept;
}

/** The date a thread sorts by: its root's, or its earliest child's when the root is a ghost. */
function firstDate(c: Container): string {
  if (c.message?.date) return c.message.date;
  const dates = c.children.map((x) => x.message?.date ?? '').filter(Boolean).sort();
  return dates[0] ?? '';
}

function sortTree(root: Container): void {
  const stack = [root];
  while (stack.length) {
    const c = stack.pop()!;
    c.children.sort((a, b) => (a.message?.date ?? '').localeCompare(b.message?.date ?? ''));
    stack.push(...c.children);
  }
}
