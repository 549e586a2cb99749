// The memoized lookups the reducer and the screens share (see View in state.ts). Each remembers its
// last answers by argument identity: folds and filters are replaced, never mutated, so identity is
// enough to know the rows are still right.
import type { ThreadsFound } from '../archive/thread-search.js';
import type { Patch, Thread } from '../model.js';
import { itemsOf, type ReviewItem } from './items.js';
import { buildDocument, type ReviewDocument } from './rows.js';
import type { ReviewState, View } from './state.js';
import { filterThreads, type ThreadSummary } from './threads.js';

/** `/` on the threads screen: the threads whose mails hold the words (null: no word typed). */
export type SearchText = (query: string) => ThreadsFound | null;

/** Without an index (`--no-cache`, pages read whole) `/` filters the list's columns, and says why. */
const NO_TEXT_INDEX: SearchText = (query) => (query.trim() === '' ? null : { kind: 'subjects', why: 'no text index' });

export function createView(summaries: ThreadSummary[], width: number, height: number, search: SearchText = NO_TEXT_INDEX): View {
  const items = new WeakMap<Thread, ReviewItem[]>();
  const docs = new WeakMap<ReviewItem, { folds: ReviewState['folds']; filter: ReviewState['filter']; doc: ReviewDocument }>();
  let lastFilter: { filter: string; older: boolean; text: boolean; threads: ThreadSummary[] } | null = null;
  let lastSearch: { query: string; found: ThreadsFound | null } | null = null;
  const searchFor = (query: string): ThreadsFound | null => {
    if (lastSearch?.query !== query) lastSearch = { query, found: search(query) };
    return lastSearch.found;
  };
  const listed = (filter: string, older: boolean, text: boolean): ThreadSummary[] => {
    // One row per series: a thread holding only older versions is a keypress (`+`) away, or found
    // by typing (a maintainer who types "v4" wants v4).
    const shown = older || filter.trim() !== '' ? summaries : summaries.filter((s) => !s.superseded);
    const found = text ? searchFor(filter) : undefined;
    if (found === null) return shown;
    if (found?.kind === 'text') return summaries.filter((s) => found.roots.has(s.thread.root));
    return filterThreads(shown, filter);
  };
  const patches = new Map<string, Patch>(summaries.flatMap((s) => s.thread.patches.map((p) => [p.messageId, p] as const)));

  const itemsFor = (thread: Thread): ReviewItem[] => {
    let list = items.get(thread);
    if (!list) items.set(thread, (list = itemsOf(thread)));
    return list;
  };

  return {
    height,
    width,
    threadsFor(filter, older = false, text = false) {
      if (lastFilter?.filter !== filter || lastFilter.older !== older || lastFilter.text !== text) {
        lastFilter = { filter, older, text, threads: listed(filter, older, text) };
      }
      return lastFilter.threads;
    },
    searchFor,
    patchFor: (id) => patches.get(id),
    itemsFor,
    docFor(review, index = review.item) {
      const item = itemsFor(review.thread)[index];
      const cached = docs.get(item);
      if (cached && cached.folds === review.folds && cached.filter === review.filter) return cached.doc;
      const doc = buildDocument(item, { width, folds: review.folds, filter: review.filter });
      docs.set(item, { folds: review.folds, filter: review.filter, doc });
      return doc;
    },
  };
}
