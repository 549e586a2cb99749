// The search language of `/` on the threads screen, as a kernel maintainer types it into lei or
// public-inbox: words, "phrases", prefix*, -excluded, `s:` `f:` `b:` for subject, sender and body, OR
// between alternatives. A mail matches when it holds every word of one alternative and none of its
// excluded ones; a thread matches when one of its mails does.
//
// Whatever is typed — `[PATCH v2]`, a lone `"`, `-`, `*`, `NEAR(`, `AND` — is read as words: FTS5's own
// syntax never sees the user's text, only the tokens cut out of it, each quoted as a string. So no
// query can fail to parse, and a character FTS5 treats as an operator is just a separator.

/** Which part of a mail a term must be found in; null for any part. */
export type Field = 'subject' | 'sender' | 'body';

export interface Term {
  /** The term's tokens, as the index cuts them: lower-cased, without accents; in order (a phrase). */
  tokens: string[];
  /** `irq_upd*`: the last token is a prefix. */
  prefix: boolean;
  field: Field | null;
  /** `-word` or `NOT word`: a mail holding it does not match. */
  exclude: boolean;
}

/** OR of alternatives; each alternative is an AND of terms with at least one term not excluded. */
export interface TextQuery {
  alternatives: Term[][];
}

const FIELDS: Record<string, Field> = { s: 'subject', f: 'sender', b: 'body' };

/**
 * The tokens of a text as the index cuts them (SQLite's unicode61 with `_` as a word character, so
 * `irq_update_devid` is one word, as lei reads it): letters, digits and `_`, lower-cased, accents gone.
 */
export function tokensOf(text: string): string[] {
  // Most subjects and senders are ASCII: nothing to take accents off (a third of the time on linux-leds).
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase().match(/[a-z0-9_]+/g) ?? [];
  const plain = text.normalize('NFKD').replace(/\p{Mn}/gu, '').toLowerCase();
  return plain.match(/[\p{L}\p{N}\p{Co}_]+/gu) ?? [];
}

interface Piece {
  text: string;
  /** Written in double quotes: never an operator, never a field. */
  quoted: boolean;
  /** Followed by `*`. */
  star: boolean;
  exclude: boolean;
  field: Field | null;
}

/** Splits the typed line into pieces: bare words and "quoted phrases", each with its marks. */
function piecesOf(input: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  const n = input.length;
  const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < n) {
    while (i < n && isSpace(input[i])) i++;
    if (i >= n) break;
    let exclude = false;
    let field: Field | null = null;
    if (input[i] === '-') {
      exclude = true;
      i++;
    }
    const colon = input[i + 1] === ':' ? FIELDS[input[i] ?? ''] : undefined;
    if (colon) {
      field = colon;
      i += 2;
    }
    if (input[i] === '"') {
      const end = input.indexOf('"', i + 1);
      const close = end < 0 ? n : end;
      const text = input.slice(i + 1, close);
      i = close + 1;
      const star = input[i] === '*';
      if (star) i++;
      pieces.push({ text, quoted: true, star, exclude, field });
      continue;
    }
    let end = i;
    while (end < n && !isSpace(input[end]) && input[end] !== '"') end++;
    const word = input.slice(i, end);
    i = end;
    pieces.push({ text: word, quoted: false, star: word.endsWith('*'), exclude, field });
  }
  return pieces;
}

function withoutStars(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '*') end--;
  return text.slice(0, end);
}

function endsInWord(text: string): boolean {
  const last = [...text.slice(-2)].at(-1) ?? '';
  return tokensOf(last).length > 0;
}

/** Reads a typed line; never throws. Terms without a letter or digit are dropped. */
export function parseQuery(input: string): TextQuery {
  const alternatives: Term[][] = [];
  let current: Term[] = [];
  let negateNext = false;
  const close = (): void => {
    if (current.some((t) => !t.exclude)) alternatives.push(current);
    current = [];
  };
  for (const piece of piecesOf(input)) {
    // Operators are upper case and bare, as lei and Xapian read them; `and`, `or` are words.
    if (!piece.quoted && !piece.exclude && piece.field === null) {
      if (piece.text === 'OR') {
        close();
        negateNext = false;
        continue;
      }
      if (piece.text === 'AND') continue;
      if (piece.text === 'NOT') {
        negateNext = true;
        continue;
      }
    }
    const tokens = tokensOf(piece.text);
    if (tokens.length === 0) continue;
    // A `*` counts only right after a word: `foo*` and `"foo bar"*`, not `foo-*`.
    const prefix = piece.star && endsInWord(piece.quoted ? piece.text : withoutStars(piece.text));
    current.push({ tokens, prefix, field: piece.field, exclude: piece.exclude || negateNext });
    negateNext = false;
  }
  close();
  return { alternatives };
}

export function isEmptyQuery(query: TextQuery): boolean {
  return query.alternatives.length === 0;
}

/** The FTS5 columns each field reads (the diff of a patch is body too). */
const COLUMNS: Record<Field, string> = { subject: 'subject', sender: 'sender', body: '{body patch}' };

function ftsTerm(term: Term): string {
  // Tokens hold only letters, digits and `_`: nothing in them needs escaping inside a string.
  const phrase = `"${term.tokens.join(' ')}"${term.prefix ? ' *' : ''}`;
  return term.field ? `${COLUMNS[term.field]} : ${phrase}` : phrase;
}

/** The query as an FTS5 MATCH expression (null for an empty query, which matches every thread). */
export function toFts5(query: TextQuery): string | null {
  if (isEmptyQuery(query)) return null;
  const alternatives = query.alternatives.map((terms) => {
    const wanted = terms.filter((t) => !t.exclude).map(ftsTerm);
    const unwanted = terms.filter((t) => t.exclude).map(ftsTerm);
    const all = `(${wanted.join(' AND ')})`;
    return unwanted.length > 0 ? `(${all} NOT (${unwanted.join(' OR ')}))` : all;
  });
  return alternatives.join(' OR ');
}

/** A mail's fields as tokens, for matching without the index (subject and sender of the header pass). */
export interface MailTokens {
  subject: string[];
  sender: string[];
  /** Absent when the body is not known: a body term never matches, an excluded one never excludes. */
  body?: string[];
}

export function mailTokens(subject: string, sender: string): MailTokens {
  return { subject: tokensOf(subject), sender: tokensOf(sender) };
}

function holds(tokens: string[], term: Term): boolean {
  const last = term.tokens.length - 1;
  for (let start = 0; start + last < tokens.length; start++) {
    let k = 0;
    while (k < last && tokens[start + k] === term.tokens[k]) k++;
    if (k < last) continue;
    const word = tokens[start + last]!;
    if (term.prefix ? word.startsWith(term.tokens[last]!) : word === term.tokens[last]) return true;
  }
  return false;
}

function termIn(mail: MailTokens, term: Term): boolean {
  if (term.field === 'subject') return holds(mail.subject, term);
  if (term.field === 'sender') return holds(mail.sender, term);
  if (term.field === 'body') return mail.body !== undefined && holds(mail.body, term);
  return holds(mail.subject, term) || holds(mail.sender, term) || (mail.body !== undefined && holds(mail.body, term));
}

/** The same reading as the index's, on a mail's tokens: what a mail without indexed text is matched by. */
export function matchesMail(query: TextQuery, mail: MailTokens): boolean {
  return query.alternatives.some((terms) => terms.every((t) => termIn(mail, t) !== t.exclude));
}
