// Where each comment's card goes in the item's rows. The core resolved every anchor once
// (src/review/place.ts, `comment.place`); the browser only groups the cards by that place.
import type { Comment, Place } from '../model.js';

export type { Place } from '../model.js';

export function placeKey(place: Place): string {
  switch (place.at) {
    case 'text':
    case 'diffstat':
      return `${place.at}:${place.line}`;
    case 'line':
      return `line:${place.file}:${place.hunk}:${place.line}`;
    case 'hunk-end':
      return `hunk-end:${place.file}:${place.hunk}`;
    case 'file':
      return `file:${place.file}`;
    default:
      return place.at;
  }
}

/** The place of a comment on the item it belongs to; a comment the core did not place goes to the end. */
export function placeOfComment(comment: Comment): Place {
  return comment.place ?? { at: 'end' };
}

/** Comments grouped by the key of their place, each group in date order. */
export function groupByPlace(comments: Comment[]): Map<string, Comment[]> {
  const byPlace = new Map<string, Comment[]>();
  for (const comment of comments) {
    const key = placeKey(placeOfComment(comment));
    const group = byPlace.get(key);
    if (group) group.push(comment);
    else byPlace.set(key, [comment]);
  }
  for (const group of byPlace.values()) {
    group.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  }
  return byPlace;
}
