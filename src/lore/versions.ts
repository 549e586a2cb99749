// The search that finds a series' other versions on the server, as b4's newer-revision check does:
// the same patch titles from the same author (a v5 keeps v4's subjects, only its `[PATCH v5 k/M]`
// prefix changes), and the `change-id:` / `base-commit:` lines b4 writes under a cover letter.
import type { Message } from '../model.js';
import { parseSubject } from '../thread/subject.js';

// A query naming every title of a 40-patch series would be slow for the server and no surer than
// the first ones: a version that kept none of these titles is not found by the others either.
const MAX_TITLES = 30;

const CHANGE_ID = /^change-id:[ \t]*([A-Za-z0-9._-]{1,200})[ \t]*$/im;
const BASE_COMMIT = /^base-commit:[ \t]*([0-9a-f]{12,40})[ \t]*$/im;

/** Everything the server should be asked, or null when the mail holds no patch (nothing to version). */
export function versionQuery(messages: readonly Message[]): string | null {
  const patches = messages.filter((m) => {
    const subject = parseSubject(m.subject);
    return subject.isPatch && !subject.isReply && subject.title !== '';
  });
  if (patches.length === 0) return null;

  const titlesByAuthor = new Map<string, Set<string>>();
  let titles = 0;
  const changeIds = new Set<string>();
  const bases = new Map<string, string>();
  for (const patch of patches) {
    const author = phrase(patch.from.address || patch.from.name);
    const title = phrase(parseSubject(patch.subject).title);
    if (author && title && titles < MAX_TITLES) {
      const set = titlesByAuthor.get(author) ?? new Set<string>();
      if (!set.has(title)) titles += 1;
      titlesByAuthor.set(author, set.add(title));
    }
    const changeId = CHANGE_ID.exec(patch.body)?.[1];
    if (changeId) changeIds.add(changeId);
    const base = BASE_COMMIT.exec(patch.body)?.[1];
    if (base && author) bases.set(base, author);
  }

  const clauses: string[] = [];
  for (const [author, set] of titlesByAuthor) {
    const subjects = [...set].map((t) => `s:"${t}"`).join(' OR ');
    clauses.push(`((${subjects}) AND f:"${author}")`);
  }
  // A change-id names the series whatever its titles became; a base-commit only with the author,
  // since many series of a cycle start from the same commit.
  for (const id of changeIds) clauses.push(`nq:"change-id: ${id}"`);
  for (const [base, author] of bases) clauses.push(`(nq:"base-commit: ${base}" AND f:"${author}")`);
  return clauses.length ? clauses.join(' OR ') : null;
}

/** Text safe inside a Xapian phrase: no quotes, no brackets that could end it, spaces folded. */
function phrase(text: string): string {
  return text
    .replace(/["()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
