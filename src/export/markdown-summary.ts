// The top of a series' section in the Markdown export: the numbers a maintainer checks first
// (patches, reviewers, comments by status, trailers collected and who gave them) and the open items,
// each linked to its place below.
import type { Comment, CommentStatus, Patch, Person, SeriesState, Trailer } from '../model.js';
import { codeSpan, escapeInline } from './markdown-escape.js';
import { type ConversationContext, personLabel, urlOf } from './markdown-conversation.js';
import { awaitsAnswer } from '../review/awaiting.js';

/** A series as the export lays it out: the cover letter's comments and the patches in part order. */
export interface SeriesView {
  title: string;
  version: number;
  otherVersions: number[];
  /** Patches the series announces (`n/N`), null when it does not say. */
  total: number | null;
  /** Message-ID of the cover letter, null without one. */
  cover: string | null;
  coverComments: Comment[];
  /** Trailers given to the whole series (in replies to the cover letter). */
  trailers: Trailer[];
  patches: Patch[];
  /** Applied, superseded, in review or new (absent for patches no series claims). */
  state?: SeriesState;
}

/** A rendered comment the open-items list points at. */
export interface OpenItem {
  anchorId: string;
  /** Markdown (already escaped) saying where: `3/3 \`path:321\``, `cover letter`. */
  where: string;
  comment: Comment;
}

// Trailers a reviewer gives; when the patch itself carries one it was given to an earlier version.
const REVIEW_TRAILER = /^(?:reviewed|acked|tested)-by$/i;
const SNIPPET_LENGTH = 90;

/** `3/3`, or `1` for a patch without counter. */
export function patchNumber(patch: Patch): string {
  if (patch.part !== null && patch.total !== null) return `${patch.part}/${patch.total}`;
  return patch.part !== null ? String(patch.part) : '1';
}

export function allComments(view: SeriesView): Comment[] {
  return [...view.coverComments, ...view.patches.flatMap((patch) => patch.comments)];
}

/** The summary table, then the list of trailers collected. */
export function summaryMarkdown(view: SeriesView, ctx: ConversationContext): string[] {
  const comments = allComments(view);
  const count = (status: CommentStatus) => comments.filter((c) => c.status === status).length;
  const people = reviewers(view, comments, ctx);
  const trailers = collectedTrailers(view, ctx);
  const rows: [string, string][] = [
    ...(view.state ? [['State', stateMarkdown(view.state, ctx)] as [string, string]] : []),
    ['Patches', patchCount(view)],
    ['Reviewers', people.length === 0 ? 'none' : people.join(', ')],
    ['Comments', String(comments.length)],
    ['Open', String(comments.filter(awaitsAnswer).length)],
    ['Answered', String(count('answered'))],
    ['Acknowledged', String(count('acknowledged'))],
    ['Trailers collected', String(trailers.length)],
  ];
  // Acks and "Applied" notes nobody answered: not open items, but still comments of the review, so
  // the counts above add up to the comments.
  const acks = comments.filter((c) => c.status === 'open' && !awaitsAnswer(c)).length;
  if (acks > 0) rows.splice(rows.length - 1, 0, ['Acks without reply', String(acks)]);
  const out = ['| Review | |', '| --- | --- |', ...rows.map(([key, value]) => `| ${key} | ${value} |`)];
  if (trailers.length > 0) out.push('', '**Trailers collected**', '', ...trailers);
  return out;
}

/**
 * "applied to for-leds-next by Lee Jones, 2024-05-02 (linked)", "superseded by v5", "in review", "new":
 * the series' state as Patchwork would show it.
 */
export function stateMarkdown(state: SeriesState, ctx: ConversationContext): string {
  if (state.state === 'superseded') return `superseded by v${state.newerVersion ?? '?'}`;
  if (state.state === 'in-review') return 'in review';
  if (state.state !== 'applied' || !state.applied) return state.state;
  const note = state.applied;
  const where = note.where ? ` to ${codeSpan(note.where)}` : '';
  const when = note.date ? note.date.slice(0, 10) : 'date unknown';
  const url = urlOf(note.messageId, ctx);
  const dated = url === null ? escapeInline(when) : `[${escapeInline(when)}](${url})`;
  return `${state.partial ? 'partly applied' : 'applied'}${where} by ${escapeInline(personLabel(note.by))}, ${dated}`;
}

// An archive often holds part of a series (the vfio mbox has the v4 cover letter and 3/3 only):
// say so rather than let "1" read as a one-patch series.
function patchCount(view: SeriesView): string {
  const present = view.patches.length;
  return view.total !== null && view.total > present ? `${present} of ${view.total} in the archives` : String(present);
}

/**
 * Who reviewed: everyone with a comment, and everyone who gave a trailer in a reply without one
 * (a bare "Reviewed-by" mail is a review too). Most comments first.
 */
function reviewers(view: SeriesView, comments: Comment[], ctx: ConversationContext): string[] {
  const byPerson = new Map<string, { person: Person; comments: number; trailers: string[] }>();
  const entry = (person: Person) => {
    const key = personKey(person);
    const found = byPerson.get(key) ?? { person, comments: 0, trailers: [] };
    byPerson.set(key, found);
    return found;
  };
  for (const comment of comments) entry(comment.author).comments++;
  const given = [
    ...view.trailers,
    ...view.patches.flatMap((patch) => patch.trailers.filter((t) => t.from !== patch.messageId)),
  ];
  for (const trailer of given) {
    const giver = ctx.messages.get(trailer.from)?.from;
    if (giver === undefined) continue;
    const found = entry(giver);
    if (!found.trailers.includes(trailer.name)) found.trailers.push(trailer.name);
  }
  return [...byPerson.values()]
    .sort((a, b) => b.comments - a.comments || compareText(personLabel(a.person), personLabel(b.person)))
    .map(({ person, comments: n, trailers }) => {
      const what = n > 0 ? `${n} ${n === 1 ? 'comment' : 'comments'}` : trailers.join(', ');
      return `${escapeInline(personLabel(person))} (${escapeInline(what)})`;
    });
}

function personKey(person: Person): string {
  return person.address.trim().toLowerCase() || personLabel(person).toLowerCase();
}

/**
 * One list item per trailer: where it was given and by whom, each giving linked to its mail.
 * Signed-off-by, Cc, Link... in the patch itself are the author's, not collected.
 */
function collectedTrailers(view: SeriesView, ctx: ConversationContext): string[] {
  const givings = new Map<string, { trailer: Trailer; places: string[]; givers: string[] }>();
  const add = (trailer: Trailer, place: string) => {
    const key = `${trailer.name.toLowerCase()}\u0000${trailer.value}\u0000${trailer.condition ?? ''}`;
    const entry = givings.get(key) ?? { trailer, places: [], givers: [] };
    const url = urlOf(trailer.from, ctx);
    entry.places.push(url === null ? place : `[${place}](${url})`);
    const giver = ctx.messages.get(trailer.from)?.from;
    const giverLabel = giver ? escapeInline(personLabel(giver)) : 'unknown sender';
    if (!entry.givers.includes(giverLabel)) entry.givers.push(giverLabel);
    givings.set(key, entry);
  };
  for (const trailer of view.trailers) add(trailer, 'the series');
  for (const patch of view.patches) {
    for (const trailer of patch.trailers) {
      const inPatch = trailer.from === patch.messageId;
      if (inPatch && !REVIEW_TRAILER.test(trailer.name)) continue;
      add(trailer, inPatch ? `${patchNumber(patch)} (in the patch)` : patchNumber(patch));
    }
  }
  return [...givings.values()].map(({ trailer, places, givers }) => {
    const condition = trailer.condition ? ` — on condition: “${escapeInline(trailer.condition)}”` : '';
    return `- ${escapeInline(`${trailer.name}: ${trailer.value}`)} — given by ${givers.join(', ')} on ${places.join(', ')}${condition}`;
  });
}

/** The open-items list: every open comment, where it is, who, and its first words. */
export function openItemsMarkdown(items: OpenItem[]): string[] {
  if (items.length === 0) return ['No open items.'];
  return items.map(
    ({ anchorId, where, comment }, i) =>
      `${i + 1}. [${where} · ${escapeInline(personLabel(comment.author))} · ${escapeInline(snippet(comment.text))}](#${anchorId})`,
  );
}

/** The first line the reviewer wrote (not a quote), cut at a word near SNIPPET_LENGTH characters. */
export function snippet(text: string): string {
  const first = text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('>'));
  if (first === undefined) return '(no text)';
  if (first.length <= SNIPPET_LENGTH) return first;
  const cut = first.slice(0, SNIPPET_LENGTH);
  const space = cut.lastIndexOf(' ');
  return (space > SNIPPET_LENGTH / 2 ? cut.slice(0, space) : cut) + '…';
}

/** `3/3 \`drivers/vfio/pci/vfio_pci_intrs.c:321\`` */
export function diffPlace(patch: Patch, location: string): string {
  return `${patchNumber(patch)} ${location === '' ? 'diff' : codeSpan(location)}`;
}

/** Code-point order, not locale order: the same file on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
