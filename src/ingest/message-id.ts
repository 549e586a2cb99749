// Message-IDs as mail clients really write them: with or without <>, several in one header,
// separated by spaces, commas or folded lines, sometimes with comments around them.

/** `<abc@host>` → `abc@host`; null for an empty or missing id. */
export function cleanMessageId(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const inBrackets = /<([^<>\s]+)>/.exec(raw);
  const id = (inBrackets ? inBrackets[1] : raw.trim().split(/\s+/)[0]) ?? '';
  const cleaned = id.replace(/^<|>$/g, '').trim();
  return cleaned.length > 0 && cleaned.length <= 998 ? cleaned : null;
}

/**
 * All ids in a References / In-Reply-To value. mailparser gives a string for one id and an array
 * for several; both are accepted here so nothing else has to care.
 */
export function parseIdList(raw: string | string[] | undefined | null): string[] {
  if (!raw) return [];
  const values = Array.isArray(raw) ? raw : [raw];
  const ids: string[] = [];
  for (const value of values) {
    const bracketed = value.match(/<[^<>\s]+>/g);
    if (bracketed) {
      for (const b of bracketed) ids.push(b.slice(1, -1));
    } else {
      for (const word of value.split(/[\s,]+/)) {
        if (word.includes('@')) ids.push(word.replace(/^<|>$/g, ''));
      }
    }
  }
  // A References header that names the same id twice would make a loop of one.
  return [...new Set(ids)];
}
