// Review linking: every review comment of a thread placed on the patch line it talks about, with
// its conversation and status. The pipeline calls linkReviews once per thread.
import type { Message, Patch, Person, Thread, ThreadMessage } from '../model.js';
import { buildComments } from './conversation.js';
import { readMail, type MailText } from './mail.js';
import { traceMail, type Quoted, type TracedMail } from './origins.js';
import { coverText, patchText, type PatchText } from './patch-text.js';
import { gmaneLocalPart, overQuoted, quotedShare } from './parent.js';
import { looksLikePatch, rebuildPatch, rebuildQuotedMail } from './reconstruct.js';
import { authorSideOfCover, authorSideOfPatch, NO_AUTHOR, type AuthorSide } from './roles.js';
import { addTrailers } from './trailers.js';
import { coverTarget, patchTarget, placeComments } from './place.js';
import { pastedPatch, textAbovePatch } from '../patch/revision.js';

export { alignQuote, matchKey } from './match.js';
export { parseQuotes, quoteDepth, quoteBlocks } from './quotes.js';
export { parseAttribution, isAttribution } from './attribution.js';
export { commentKind, isAcknowledgement } from './classify.js';
export { conversationStatus } from './status.js';

/**
 * Fills `patch.comments` of every patch and `series.comments`/`series.trailers` of cover letters,
 * adds trailers given in replies to `patch.trailers`, and adds the mails (and patches) the archive
 * lacks but later mails quote, marked `reconstructed`. Mutates and returns `thread`.
 */
export function linkReviews(thread: Thread): Thread {
  const linker = new ThreadLinker(thread);
  linker.run();
  return thread;
}

class ThreadLinker {
  private readonly byId = new Map<string, ThreadMessage>();
  private readonly texts = new Map<string, PatchText>();
  private readonly traced = new Map<string, TracedMail>();
  private readonly rebuilt = new Map<string, { message: Message; child: string }>();
  private readonly visiting = new Set<string>();
  private readonly people: Person[];
  private readonly names: string[];

  constructor(private readonly thread: Thread) {
    for (const tm of thread.messages) this.byId.set(tm.message.id, tm);
    this.people = thread.messages.map((tm) => tm.message.from);
    this.names = [...new Set(this.people.flatMap((p) => [p.name, p.name.split(/\s+/)[0] ?? ''].filter(Boolean)))];
    for (const patch of thread.patches) {
      const body = this.byId.get(patch.messageId)?.message.body ?? null;
      // A reworked patch posted as a reply: quotes are matched against the patch it pasted.
      const text = patch.revisionOf !== undefined && body !== null ? pastedPatch(body)?.text ?? body : body;
      this.texts.set(patch.messageId, patchText(patch, text));
    }
    for (const series of thread.series) {
      const cover = series.cover ? this.byId.get(series.cover) : undefined;
      if (series.cover && cover) this.texts.set(series.cover, coverText(series, series.cover, cover.message.body));
    }
  }

  run(): void {
    const revisions = new Set(this.thread.patches.filter((p) => p.revisionOf !== undefined).map((p) => p.messageId));
    for (const tm of this.thread.messages) {
      if (!this.texts.has(tm.message.id)) this.trace(tm.message);
      // The words above a reworked patch answer the review; the pasted patch answers no one.
      else if (revisions.has(tm.message.id)) this.trace({ ...tm.message, body: textAbovePatch(tm.message.body) });
    }
    const all = [...this.traced.values()];
    const sides = new Map<PatchText, AuthorSide>();
    const sideOf = (text: PatchText): AuthorSide => {
      let side = sides.get(text);
      if (!side) {
        side = text.patch ? authorSideOfPatch(text.patch) : text.series ? authorSideOfCover(text.series, this.coverAuthor(text), this.thread.patches) : NO_AUTHOR;
        sides.set(text, side);
      }
      return side;
    };
    const { comments, applied } = buildComments(all, sideOf);
    for (const patch of this.thread.patches) patch.comments = [];
    for (const series of this.thread.series) series.comments = [];
    // Each anchor is resolved here, once: the faces read `comment.place`.
    for (const [text, list] of comments) {
      if (text.patch) text.patch.comments = placeComments(patchTarget(text.patch), list);
      else if (text.series) text.series.comments = placeComments(coverTarget(text.id, this.byId.get(text.id)?.message.body ?? null), list);
    }
    for (const [text, note] of applied) {
      if (text.patch) text.patch.applied = note;
      else if (text.series) text.series.applied = note;
    }
    for (const t of all) this.giveTrailers(t);
    this.insertRebuilt();
  }

  private coverAuthor(text: PatchText): Person | null {
    return this.byId.get(text.id)?.message.from ?? null;
  }

  private trace(message: Message, offsetMinutes?: number): TracedMail {
    const known = this.traced.get(message.id);
    if (known) return known;
    let mail = readMail(message, this.names, offsetMinutes);
    // A reply chain that loops (broken References) is read without a parent the second time.
    if (this.visiting.has(message.id)) return traceMail(mail, null);
    this.visiting.add(message.id);
    const parent = this.parentOf(message, mail);
    if (parent?.kind === 'patch') {
      const own = overQuoted(mail, parent.text);
      if (own.size) mail = readMail(message, this.names, offsetMinutes, own);
    }
    const traced = traceMail(mail, parent);
    this.visiting.delete(message.id);
    this.traced.set(message.id, traced);
    return traced;
  }

  private parentOf(message: Message, mail: MailText): Quoted | null {
    const id = message.inReplyTo ?? message.references.at(-1) ?? this.byId.get(message.id)?.parent ?? null;
    if (!id || id === message.id) return null;
    const found = this.quotedById(id) ?? this.quotedBySameMail(id, message, mail);
    if (found) return found;
    // Not in the archive: rebuild it from what this mail quotes of it.
    const rebuilt = rebuildQuotedMail(mail, id, this.people);
    if (!rebuilt) {
      const nearest = this.byId.get(message.id)?.parent;
      return nearest && nearest !== id ? this.quotedById(nearest) : null;
    }
    this.rebuilt.set(id, { message: rebuilt.message, child: message.id });
    if (looksLikePatch(rebuilt.message)) {
      const patch = rebuildPatch(rebuilt);
      this.addRebuiltPatch(patch);
      const text = patchText(patch, rebuilt.message.body);
      this.texts.set(id, text);
      return { kind: 'patch', text };
    }
    return { kind: 'mail', traced: this.trace(rebuilt.message, mail.attribution?.offsetMinutes) };
  }

  /**
   * The parent under another Message-ID: gmane rewrote "9603.1277311877@redhat.com" in References
   * as "9603.1277311877-H+wXaHxf7aLQT0dZR+AlfA@public.gmane.org" (notmuch's LKML corpus), and
   * broken clients drop or mangle In-Reply-To. The thread builder already placed the mail under its
   * nearest present ancestor: that one is the parent when the mail quotes it.
   */
  private quotedBySameMail(id: string, message: Message, mail: MailText): Quoted | null {
    const local = (x: string): string => gmaneLocalPart(x) ?? x.split('@')[0]!;
    if (gmaneLocalPart(id) || this.thread.messages.some((tm) => gmaneLocalPart(tm.message.id))) {
      const same = this.thread.messages.find((tm) => tm.message.id !== message.id && local(tm.message.id) === local(id));
      if (same) return this.quotedById(same.message.id);
    }
    const nearest = this.byId.get(message.id)?.parent;
    if (!nearest || nearest === message.id) return null;
    const candidate = this.texts.get(nearest)?.lines.map((l) => l.raw) ?? this.byId.get(nearest)?.message.body.split('\n');
    if (candidate && quotedShare(mail, candidate) >= 0.6) return this.quotedById(nearest);
    return null;
  }

  private quotedById(id: string): Quoted | null {
    const text = this.texts.get(id);
    if (text) return { kind: 'patch', text };
    const present = this.byId.get(id)?.message ?? this.rebuilt.get(id)?.message;
    return present ? { kind: 'mail', traced: this.trace(present) } : null;
  }

  private addRebuiltPatch(patch: Patch): void {
    this.thread.patches.push(patch);
    const series = this.thread.series.find((s) => s.version === patch.version && s.total === patch.total);
    if (series && !series.patches.includes(patch.messageId)) {
      series.patches.push(patch.messageId);
      const part = (id: string): number => this.thread.patches.find((p) => p.messageId === id)?.part ?? 0;
      series.patches.sort((a, b) => part(a) - part(b));
    }
  }

  /** Trailers a reply gives go to the patch (or the series, for a cover letter) it is about. */
  private giveTrailers(t: TracedMail): void {
    if (!t.mail.trailers.length) return;
    let p: Quoted | null = t.parent;
    while (p && p.kind === 'mail') p = p.traced.parent;
    if (!p) return;
    const message = t.mail.message;
    // Who gave it and when, for the trailers list: the value names a person, not always the giver.
    const given = t.mail.trailers.map((trailer) => ({ ...trailer, by: message.from, date: message.date }));
    if (p.text.patch) addTrailers(p.text.patch.trailers, given);
    else if (p.text.series) addTrailers(p.text.series.trailers, given);
  }

  /** Rebuilt mails join the thread right above the mail that quoted them. */
  private insertRebuilt(): void {
    if (!this.rebuilt.size) return;
    const messages = this.thread.messages;
    for (const [id, { message, child }] of this.rebuilt) {
      if (this.byId.has(id)) continue;
      const parent = message.inReplyTo && (this.byId.has(message.inReplyTo) || this.rebuilt.has(message.inReplyTo)) ? message.inReplyTo : null;
      const entry: ThreadMessage = { message, parent, children: [], depth: 0 };
      const childEntry = this.byId.get(child);
      const at = childEntry ? messages.indexOf(childEntry) : messages.length;
      messages.splice(at < 0 ? messages.length : at, 0, entry);
      if (childEntry) childEntry.parent = id;
      this.byId.set(id, entry);
    }
    // Rebuilt parents of rebuilt mails were inserted after their child's entry: restore
    // parent-before-child order, then recompute children and depths from the parent links.
    const ordered: ThreadMessage[] = [];
    const placed = new Set<string>();
    const place = (tm: ThreadMessage, guard: number): void => {
      if (placed.has(tm.message.id) || guard > messages.length) return;
      const parent = tm.parent ? this.byId.get(tm.parent) : undefined;
      if (parent && !placed.has(parent.message.id)) place(parent, guard + 1);
      if (placed.has(tm.message.id)) return;
      placed.add(tm.message.id);
      ordered.push(tm);
    };
    for (const tm of messages) place(tm, 0);
    for (const tm of ordered) {
      tm.children = [];
      const parent = tm.parent ? this.byId.get(tm.parent) : undefined;
      tm.depth = parent && placed.has(parent.message.id) ? parent.depth + 1 : 0;
    }
    for (const tm of ordered) if (tm.parent) this.byId.get(tm.parent)?.children.push(tm.message.id);
    messages.splice(0, messages.length, ...ordered);
  }
}
