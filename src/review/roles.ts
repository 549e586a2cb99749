// Who speaks for a patch. Patches go out from a work address and answers come from a personal one;
// B4 Relay sends as "devnull+…@kernel.org"; a colleague who co-developed the patch answers for the
// author. The author side is the patch's From plus the people its own Signed-off-by and
// Co-developed-by trailers name; every conversation turn gets its role from it once, here.
import type { Patch, Person, Role, Series } from '../model.js';
import { parsePersonText, samePerson } from './person.js';

// Trailers of the patch itself that name people who wrote it. A maintainer's Signed-off-by on a
// forwarded patch counts too: the maintainer then carries the patch and answers for it.
const AUTHOR_TRAILERS = new Set(['signed-off-by', 'co-developed-by', 'from']);

export interface AuthorSide {
  author: Person | null;
  coAuthors: Person[];
}

export const NO_AUTHOR: AuthorSide = { author: null, coAuthors: [] };

/** The author side of a patch: its From, then the people its own trailer block names. */
export function authorSideOfPatch(patch: Patch): AuthorSide {
  const coAuthors: Person[] = [];
  for (const t of patch.trailers) {
    if (t.from !== patch.messageId || !AUTHOR_TRAILERS.has(t.name.toLowerCase())) continue;
    const person = parsePersonText(t.value);
    if (person && !samePerson(person, patch.author) && !coAuthors.some((p) => samePerson(p, person))) coAuthors.push(person);
  }
  return { author: patch.author, coAuthors };
}

/** The author side of a cover letter: its sender, and everyone who signed off a patch of the series. */
export function authorSideOfCover(series: Series, sender: Person | null, patches: readonly Patch[]): AuthorSide {
  const coAuthors: Person[] = [];
  for (const patch of patches) {
    if (!series.patches.includes(patch.messageId)) continue;
    const side = authorSideOfPatch(patch);
    for (const p of [side.author, ...side.coAuthors]) {
      if (p && !(sender && samePerson(p, sender)) && !coAuthors.some((c) => samePerson(c, p))) coAuthors.push(p);
    }
  }
  return { author: sender, coAuthors };
}

/** True when the person is the author or one of the co-authors. */
export function speaksForPatch(side: AuthorSide, person: Person): boolean {
  if (side.author && samePerson(person, side.author)) return true;
  return side.coAuthors.some((p) => samePerson(person, p));
}

/** The role of a speaker in the conversation of a comment made by `commenter`. */
export function roleOf(side: AuthorSide, commenter: Person, speaker: Person): Role {
  // A reviewer who also signed off the patch (a maintainer commenting on a patch they carry) is the
  // reviewer of their own comment.
  if (samePerson(speaker, commenter)) return 'reviewer';
  if (side.author && samePerson(speaker, side.author)) return 'author';
  if (side.coAuthors.some((p) => samePerson(speaker, p))) return 'co-author';
  return 'other';
}
