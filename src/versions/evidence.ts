// What says a comment was addressed, beside the changed lines: the next version's changelog (the notes
// below a patch's `---`, the cover letter's "Changes since v4" / "v4 -> v5" list) where it names the
// reviewer, the file or the comment's words, and the patch author's reply promising the change.
import type { Comment, Person, Reply } from '../model.js';
import { isAcknowledgement } from '../review/classify.js';
import { samePerson } from '../review/person.js';

// "Changes in v5:", "Changelog:", "v4 -> v5", "v5:", "Since v4:", "---- v2 ----".
const CHANGELOG_START = /^\s*(?:[-*]+\s*)?(?:changes?(?:log)?\b|v\d+\s*(?:->|→|=>|to|vs\.?|\.\.)\s*v?\d+|v\d+\s*:|since v\d+)/i;
const DIFFSTAT = /^ \S.*\|\s+\d+|^ \d+ files? changed/;
// Words too common in review mail to tie a changelog line to one comment.
const COMMON = new Set(
  'about above after again also because before being below could does doing done from have here into just like make maybe more most much need needs only other over please really should since some such than that them then there these they thing think this those through very what when where which while will with would your patch version series change changes changed still'.split(' '),
);

/** Lines of a patch mail's notes: below its `---`, above the diffstat and the diff. */
export function patchNotes(body: string): string[] {
  const lines = body.split('\n');
  const separator = lines.findIndex((l) => l === '---' || l === '--- ');
  if (separator < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(separator + 1)) {
    if (DIFFSTAT.test(line) || line.startsWith('diff --git ')) break;
    if (line.trim()) out.push(line.trimEnd());
  }
  return out;
}

/** A changelog heading, not prose that starts with "change": short, or ending in a colon, or naming a version. */
function isHeading(line: string): boolean {
  if (!CHANGELOG_START.test(line)) return false;
  const text = line.trim();
  return text.endsWith(':') || text.length <= 24 || /\bv\d/i.test(text);
}

const LIST_ITEM = /^\s*[-*•+o]\s/;

/**
 * The changelog lists of a cover letter (or a patch's notes): under each heading ("changes from v3:",
 * "v4 -> v5"), its items and their continuation lines, up to the prose that follows.
 */
export function changelogSection(body: string, from?: number, to?: number): string[] {
  const out: string[] = [];
  let inList = false;
  // "changes from v1:" in the v4 cover letter is history: keep the lists about this step, or unnumbered.
  const aboutThisStep = (heading: string): boolean => {
    const named = heading.toLowerCase().match(/v\d+/g);
    if (!named || from === undefined || to === undefined) return true;
    return named.includes(`v${from}`) || named.includes(`v${to}`);
  };
  for (const line of body.split('\n')) {
    if (DIFFSTAT.test(line) || line.startsWith('diff --git ') || /^-- ?$/.test(line)) break;
    if (!line.trim()) continue;
    if (isHeading(line)) {
      inList = aboutThisStep(line);
      if (inList) out.push(line.trimEnd());
    } else if (inList && (LIST_ITEM.test(line) || /^\s+\S/.test(line))) out.push(line.trimEnd());
    else inList = false;
  }
  return out;
}

/** The words of a comment that could name it in a changelog: identifiers and uncommon words. */
function wordsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('>')) continue;
    for (const word of line.toLowerCase().match(/[a-z_][a-z0-9_]{4,}/g) ?? []) if (!COMMON.has(word)) out.add(word);
  }
  return out;
}

function namesOf(person: Person): string[] {
  const names = person.name.split(/\s+/).filter((n) => n.length >= 3).map((n) => n.toLowerCase());
  const local = person.address.split('@')[0]?.toLowerCase() ?? '';
  return local.length >= 3 ? [...names, local] : names;
}

interface ChangelogLine {
  line: string;
  lower: string;
  words: Set<string>;
  identifiers: string[];
}

// Every comment of a patch is held against the same changelog: read its lines once.
const readChangelogs = new WeakMap<readonly string[], ChangelogLine[]>();

function readChangelog(changelog: readonly string[]): ChangelogLine[] {
  let read = readChangelogs.get(changelog);
  if (!read) {
    read = changelog.map((line) => {
      const lower = line.toLowerCase();
      return { line, lower, words: new Set(lower.split(/[^\p{L}\p{N}_]+/u)), identifiers: lower.match(/[a-z_][a-z0-9_]{4,}/g) ?? [] };
    });
    readChangelogs.set(changelog, read);
  }
  return read;
}

/** The changelog lines that mention the comment's reviewer, its file, or two of its words (or one identifier). */
export function changelogFor(comment: Comment, changelog: readonly string[]): string[] {
  if (changelog.length === 0) return [];
  const names = namesOf(comment.author);
  const file = comment.anchor.file;
  const base = file ? file.split('/').pop()!.toLowerCase() : null;
  const stem = base ? base.replace(/\.[a-z]+$/, '') : null;
  const commentWords = wordsOf(comment.text);
  return readChangelog(changelog)
    .filter(({ lower, words, identifiers }) => {
      if (names.some((n) => words.has(n))) return true;
      if (base && (lower.includes(base) || (stem && stem.length >= 4 && lower.includes(stem)))) return true;
      const shared = identifiers.filter((w) => commentWords.has(w));
      return new Set(shared).size >= 2 || shared.some((w) => w.includes('_'));
    })
    .map(({ line }) => line);
}

// "will fix", "will change ordering in next version", "fixed in v5", "I'll rework it": a sentence
// with a future and a verb of change, or one that names the next version.
const FUTURE = /\b(?:will|i'll|going to)\b/i;
const CHANGE_VERB = /\b(?:fix|change|do|update|rework|address|remove|drop|rename|add|move|use|switch|send)/i;
const NEXT = /\bnext (?:version|revision|spin|iteration)\b|\bin v\d+\b|\bfixed\b/i;

function promises(text: string): boolean {
  return text.split(/[.\n]/).some((sentence) => NEXT.test(sentence) || (FUTURE.test(sentence) && CHANGE_VERB.test(sentence)));
}

/** The first turn by the patch author that promises a change. */
export function promiseIn(replies: readonly Reply[], author: Person | null): { messageId: string; text: string } | null {
  for (const reply of replies) {
    const byAuthor = author !== null && samePerson(reply.author, author);
    if (byAuthor && (promises(reply.text) || isAcknowledgement(reply.text))) return { messageId: reply.messageId, text: reply.text };
    const deeper = promiseIn(reply.replies, author);
    if (deeper) return deeper;
  }
  return null;
}
