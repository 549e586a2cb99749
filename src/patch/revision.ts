// A reworked patch posted as a reply in the review ("Attached patch with changes", "here is the
// updated patch"): the author pastes or attaches the whole `git format-patch` output under a few
// words. It is a revision of the patch it answers — a version of its own, between vN and vN+1 — not
// a reply whose every line answers the comments above it. Seen on linux-leds: the lm3697
// out-of-bound fix got three such revisions in one day, each an attached format-patch.
import type { Message, Patch, Thread } from '../model.js';
import { parseSubject } from '../thread/subject.js';
import { parseDiff } from './diff.js';
import { newPatch } from './index.js';
import { splitPatchMail } from './split.js';

// git format-patch's first line, its pseudo-headers, and a scissors line (`-- >8 --`, `---8<---`).
const MBOX_FROM = /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001$/;
const PSEUDO_HEADER = /^(?:From|Date|Subject|Message-Id|Message-ID): /;
const SCISSORS = /^-{2,} ?>8 ?-{2,}$|^-{2,} ?8< ?-{2,}$/;
const SIGNED_OFF = /^Signed-off-by: /;

export interface PastedPatch {
  /** Line index where the pasted patch starts (its `From <sha>` line, its headers or its scissors). */
  start: number;
  /** The patch text: commit message, `---`, diffstat, diff, without the pseudo-headers. */
  text: string;
  /** The pasted `Subject:`, when it has one. */
  subject: string | null;
}

/** The whole patch pasted (or attached) in a reply's own text, or null when there is none. */
export function pastedPatch(body: string): PastedPatch | null {
  const lines = body.split('\n');
  const diff = lines.findIndex((l) => l.startsWith('diff --git '));
  if (diff < 0) return null;
  let start = -1;
  let subject: string | null = null;
  for (let i = diff - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.startsWith('>')) break;
    if (MBOX_FROM.test(line) || SCISSORS.test(line)) {
      start = i;
      break;
    }
    const s = patchSubject(line);
    if (s !== null) {
      subject = s;
      start = i;
      // "From: Name <addr>" and "Date:" written just above the Subject belong to it.
      while (start > 0 && PSEUDO_HEADER.test(lines[start - 1]!)) start--;
      if (start > 0 && MBOX_FROM.test(lines[start - 1]!)) start--;
      break;
    }
  }
  if (start < 0) return null;
  let from = start + (SCISSORS.test(lines[start]!) ? 1 : 0);
  while (from < diff && (MBOX_FROM.test(lines[from]!) || PSEUDO_HEADER.test(lines[from]!))) {
    const s = patchSubject(lines[from]!);
    if (s !== null) subject = s;
    from++;
  }
  // Headers end at a blank line; the commit message follows.
  while (from < diff && lines[from] === '') from++;
  const text = lines.slice(from).join('\n');
  // A patch, not a code suggestion: a commit message signed off, or git's own first line.
  if (!MBOX_FROM.test(lines[start]!) && !lines.slice(from, diff).some((l) => SIGNED_OFF.test(l))) return null;
  return { start, text, subject };
}

/** `Subject: [PATCH …] title` → `[PATCH …] title`; null for any other line. */
function patchSubject(line: string): string | null {
  return line.startsWith('Subject: ') && line.includes('[PATCH') ? line.slice('Subject: '.length) : null;
}

/** The reply's own words above the pasted patch, the only part that answers anyone. */
export function textAbovePatch(body: string): string {
  const pasted = pastedPatch(body);
  return pasted === null ? body : body.split('\n').slice(0, pasted.start).join('\n');
}

function changedLines(patch: Patch): string {
  return patch.files
    .flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((l) => l.kind !== 'context').map((l) => l.raw.trimEnd())))
    .join('\n');
}

function sameSender(message: Message, patch: Patch): boolean {
  const a = message.from;
  const b = patch.author;
  if (a.address && b.address && a.address.toLowerCase() === b.address.toLowerCase()) return true;
  return a.name !== '' && a.name.toLowerCase() === b.name.toLowerCase();
}

/**
 * The reworked patches posted as replies in a thread, each a Patch with `revisionOf` set to the
 * patch (or earlier revision) it answers. Only the patch's own sender counts (a reviewer's diff is
 * a suggestion), and only a diff that differs from the patch answered (an Outlook reply "quotes" the
 * whole patch unmarked).
 */
export function revisionsIn(thread: Thread): Patch[] {
  const patches = new Map(thread.patches.map((p) => [p.messageId, p]));
  const byId = new Map(thread.messages.map((m) => [m.message.id, m]));
  const out: Patch[] = [];
  for (const { message, parent } of thread.messages) {
    const info = parseSubject(message.subject);
    if (!info.isReply || patches.has(message.id) || message.reconstructed) continue;
    let answered: Patch | undefined;
    for (let up = parent, guard = 0; up && guard < thread.messages.length; up = byId.get(up)?.parent ?? null, guard++) {
      answered = patches.get(up);
      if (answered) break;
    }
    if (!answered || !sameSender(message, answered)) continue;
    const pasted = pastedPatch(message.body);
    if (pasted === null) continue;
    const parts = splitPatchMail(pasted.text);
    const parsed = parseDiff(parts.diff);
    if (parsed.files.length === 0) continue;
    const patch = newPatch(message, parts, parsed.files, pasted.subject ?? message.subject);
    if (changedLines(patch) === changedLines(answered)) continue;
    const revision: Patch = {
      ...patch,
      title: pasted.subject ? parseSubject(pasted.subject).title : answered.title,
      version: answered.version,
      part: answered.part,
      total: answered.total,
      revisionOf: answered.messageId,
    };
    patches.set(message.id, revision);
    out.push(revision);
  }
  return out;
}
