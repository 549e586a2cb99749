// Where a comment's conversation stands: open, answered or acknowledged, with the sentence that
// decided it. The status follows the conversation to its last word: the author's agreement
// ("will change ordering in next version") acknowledges; an explanation or a disagreement answers;
// the reviewer asking again reopens; the reviewer's "Ok" or "Fair enough" after an explanation leaves
// it answered — closed, but nobody promised a change, so never acknowledged.
import type { CommentStatus, Person, Role, StatusReason } from '../model.js';
import { asksForFact, commentKind, isAcknowledgement, isBareYes, sentencesOf } from './classify.js';

/** One turn as status needs it. */
export interface StatusTurn {
  text: string;
  by: Person;
  role: Role;
  date: string | null;
  messageId: string;
}

export interface StatusVerdict {
  status: CommentStatus;
  reason: StatusReason;
}

/**
 * The status of a comment from its whole conversation. `answererRole` says whose words answer it:
 * the author side normally; anyone but the reviewer when the comment is the author's own note or the
 * thread does not say who the author is.
 */
export function conversationStatus(turns: readonly StatusTurn[], authorKnown: boolean, comment = ''): StatusVerdict {
  const factQuestion = comment !== '' && asksForFact(comment);
  const ordered = turns
    .map((t, i) => ({ t, i }))
    .sort((a, b) => (a.t.date ?? '').localeCompare(b.t.date ?? '') || a.i - b.i)
    .map(({ t }) => t);
  const answers = (t: StatusTurn): boolean =>
    authorKnown ? t.role === 'author' || t.role === 'co-author' : t.role !== 'reviewer';
  let verdict: StatusVerdict = { status: 'open', reason: { why: 'no answer from the author yet' } };
  // Once anyone has answered, the reviewer's "makes sense" settles it even after asking again.
  let answered = false;
  for (const turn of ordered) {
    if (answers(turn)) {
      const next = answerVerdict(turn, verdict, factQuestion);
      if (next) verdict = next;
      answered = true;
    } else if (turn.role === 'reviewer' && answered) {
      verdict = followUpVerdict(turn, verdict);
    } else if (turn.role === 'other') {
      answered = true;
    }
  }
  return verdict;
}

function reasonOf(turn: StatusTurn, why: string, sentence: string): StatusReason {
  return { why, sentence: clip(sentence), by: turn.by, role: turn.role, messageId: turn.messageId };
}

/** The author side spoke: agreement acknowledges, anything else of substance answers. */
function answerVerdict(turn: StatusTurn, before: StatusVerdict, factQuestion: boolean): StatusVerdict | null {
  const text = turn.text.trim();
  const who = turn.role === 'co-author' ? 'a co-author' : 'the author';
  if (isPleasantry(text)) {
    // "Thank you for the help!" says nothing on the point: it changes nothing once answered.
    return before.status === 'open' ? reasonVerdict('answered', reasonOf(turn, `${who} replied without a word on it`, text)) : null;
  }
  // "I take it you don't support caching on files open for writing?" — "Yes.": a fact confirmed.
  if (factQuestion && isBareYes(text)) return reasonVerdict('answered', reasonOf(turn, `${who} confirmed`, text));
  if (isAcknowledgement(text)) {
    // "Thanks for pointing it out, I will fix this in next version.": the promise is what decided.
    const agreeing = sentencesOf(text).filter((s) => isAcknowledgement(s));
    const sentence = agreeing.find((s) => PROMISE.test(s)) ?? agreeing[0] ?? firstSentence(text);
    return reasonVerdict('acknowledged', reasonOf(turn, `${who} agreed`, sentence));
  }
  const disagrees = DISAGREEMENT.test(text);
  return reasonVerdict('answered', reasonOf(turn, disagrees ? `${who} disagreed` : `${who} explained`, firstSentence(text)));
}

/** The reviewer spoke again after an answer: asking again reopens, accepting closes. */
function followUpVerdict(turn: StatusTurn, before: StatusVerdict): StatusVerdict {
  const text = turn.text.trim();
  const first = firstSentence(text);
  // "You can ignore.", "Anyhow, not a hard requirement", "I don't [insist]": the reviewer lets it go.
  const letGo = sentencesOf(text).find((s) => WITHDRAWS.test(s));
  if (letGo && !asksAgain(text.replace(letGo, ''))) return reasonVerdict('answered', reasonOf(turn, 'the reviewer let it go', letGo));
  if (ACCEPTS.test(first) && !asksAgain(text.slice(first.length))) {
    if (before.status === 'acknowledged') return before;
    if (before.status === 'open' && before.reason.why === 'no answer from the author yet') return before;
    return reasonVerdict('answered', reasonOf(turn, 'the reviewer accepted the answer', first));
  }
  if (before.status === 'open') return before;
  if (asksAgain(text)) {
    const sentence = sentencesOf(text).find((s) => asksAgain(s)) ?? first;
    return reasonVerdict('open', reasonOf(turn, 'the reviewer asked again', sentence));
  }
  return before;
}

function reasonVerdict(status: CommentStatus, reason: StatusReason): StatusVerdict {
  return { status, reason };
}

// "Ok.", "Fair enough.", "Makes sense, thanks.", "I see.", "Got it": the reviewer takes the answer.
const ACCEPTS =
  /^\s*(?:ok(?:ay)?\b|fair enough|fair point|makes sense|that makes sense|i see\b|got it|understood|right\b|alright|sounds good|fine\b|thanks for (?:the )?(?:explanation|clarification|explaining|clarifying)|good\b|sure\b|ack\b|agreed\b|yes\b|indeed\b|great\b|perfect\b|no problem)/i;

const WITHDRAWS =
  /\b(?:you can ignore|(?:just )?ignore (?:it|that|this|me)|never ?mind|fine as (?:it )?is|keep it as (?:it )?is|not a hard requirement|no strong (?:opinion|feelings?)|up to you|your call|i don'?t\.?$|not a big deal|doesn'?t matter)\b/im;

/** A follow-up that wants more: a question, a request, a concern, or a flat "No". */
function asksAgain(text: string): boolean {
  const t = text.trim();
  if (!t) return false;
  if (/^(?:no\b|nope\b|but\b|still\b|i still\b|that (?:does not|doesn'?t) (?:answer|explain))/i.test(t)) return true;
  const kind = commentKind(t);
  return kind === 'question' || kind === 'request' || kind === 'concern';
}

const PROMISE = /\b(?:will|i'?ll|going to|next (?:version|revision|spin)|v\d+|fixed|done|changed|updated|removed|dropped)\b/i;

// An answer that pushes back. Only names it in the reason; either way the status is `answered`.
const DISAGREEMENT =
  /\b(?:i disagree|disagree|i don'?t think|i do not think|not (?:necessary|needed)|no need|on purpose|intentional\w*|for a reason|won'?t (?:change|fix|add)|will not)\b/i;

export function isPleasantry(text: string): boolean {
  const t = text.trim();
  return t.length < 60 && !isAcknowledgement(t) && /^(?:thanks|thank you|thx|many thanks|you'?re welcome|np\b|cheers|great|cool|hi\b|hello\b)/i.test(t);
}

// "Thanks a lot for such a quick review! Please find my comments below.": the opening of a mail that
// answers point by point underneath. It answers nothing by itself.
const INTRO = /\b(?:find|see) (?:my |our )?(?:comments?|answers?|replies|responses?|notes?) (?:below|inline|in-?line)\b|\b(?:comments?|answers?|replies|responses?) (?:are )?(?:below|inline|in-?line)\b/i;

/** The greeting over a point-by-point answer: thanks for the review, "comments inline". */
export function isIntroduction(text: string): boolean {
  const t = text.trim();
  return isPleasantry(t) || (t.length < 200 && INTRO.test(t));
}

function firstSentence(text: string): string {
  return sentencesOf(text).find((s) => !isPleasantry(s)) ?? sentencesOf(text)[0] ?? text.trim();
}

function clip(sentence: string): string {
  const one = sentence.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 199)}…` : one;
}
