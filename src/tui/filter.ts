// Which comments the review screen shows: `f` cycles all → open → each reviewer in turn → all.
import type { Comment } from '../model.js';
import { personName } from './card.js';
import { awaitsAnswer } from '../review/awaiting.js';

export type CommentFilter = { by: 'all' } | { by: 'open' } | { by: 'reviewer'; name: string };

export const ALL: CommentFilter = { by: 'all' };

export function matchesFilter(comment: Comment, filter: CommentFilter): boolean {
  if (filter.by === 'all') return true;
  if (filter.by === 'open') return awaitsAnswer(comment);
  return personName(comment.author) === filter.name;
}

/** Reviewers who wrote comments, in the order they first appear. */
export function reviewersOf(comments: Comment[]): string[] {
  return [...new Set(comments.map((c) => personName(c.author)))];
}

export function nextFilter(filter: CommentFilter, reviewers: string[]): CommentFilter {
  if (filter.by === 'all') return { by: 'open' };
  const next = filter.by === 'open' ? 0 : reviewers.indexOf(filter.name) + 1;
  return next < reviewers.length ? { by: 'reviewer', name: reviewers[next] } : ALL;
}

export function filterLabel(filter: CommentFilter): string {
  if (filter.by === 'reviewer') return `by ${filter.name}`;
  return filter.by;
}
