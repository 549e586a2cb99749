// What a comment is (question, request, concern, nit, ack) and where its conversation stands
// (open, answered, acknowledged), read from the words reviewers and authors actually use on LKML.
import type { CommentKind, CommentStatus } from '../model.js';

// Line-start and line-end spacing is spaces and tabs only: `^\s*` in multiline mode ran over a
// 1 MB run of blank lines once per line start (quadratic); a test-only regex matches the same texts.
const NIT = /^[^\S\n\r\u2028\u2029]*(?:\(?nit(?:pick)?s?\)?\b|minor\s*[:,]|trivial\s*[:,]|typo\b|bikeshed)|\bnit\s*:|\b(?:typo|spelling|misspel\w*|whitespace|white space|indentation|checkpatch|blank line|coding style|alignment)\b|^[^\S\n\r\u2028\u2029]*s\/[^/\n]+\/[^/\n]*\/g?[^\S\n\r\u2028\u2029]*$/im;

// Words that name a defect: the comment is a concern whatever else it asks.
const CONCERN =
  /\b(?:leak\w*|races?|racy|race condition|deadlock\w*|use[- ]after[- ]free|double[- ]free|overflow\w*|underflow\w*|null(?: pointer)? deref\w*|crash\w*|corrupt\w*|broken|breaks|regression\w*|wrong|incorrect|unsafe|not safe|dangerous|buggy|a bug|denial of service|maliciously|user[- ]visible change|uninitiali[sz]ed|out of bounds|sleep\w* in atomic|doesn'?t work|won'?t work|does not work)\b/i;
// Doubt without a named defect: a concern only when it neither asks nor requests.
const DOUBT = /\b(?:not convinced|i'?m not sure|i am not sure|worr(?:y|ied)|concern\w*|problem\w*|does not make sense|doesn'?t make sense|bogus|stale)\b/i;

const QUESTION_START =
  /^\s*(?:why|what|how|where|when|which|who|is|are|does|do|did|can|could|would|should|shouldn't|isn't|aren't|doesn't|don't|will|won't|any reason|care to explain|can you explain|could you explain)\b/i;

const REQUEST =
  /\b(?:please|pls|should|shouldn'?t|needs? to|must|have to|can you|could you|would you|let'?s|i'?d (?:suggest|prefer|rather)|suggest\w*|instead|drop (?:this|it|the)|remove (?:this|it|the)|rename|split (?:this|it)|move (?:this|it)|use \w+ instead|make (?:this|it)|add (?:a|an|the|some)|better to|prefer\w*)\b/i;
const IMPERATIVE_START = /^\s*(?:drop|remove|add|use|move|rename|split|replace|make|avoid|consider|don'?t|do not|keep|put|switch|convert|fold|squash|document)\b/i;

const ACK_OR_PRAISE =
  /^\s*(?:looks? (?:good|fine|ok|sane|reasonable|correct)|lgtm|nice|great|good catch|well done|makes sense|agreed|fine by me|ok\b|okay\b|thanks\b|thank you|applied|queued|acked|reviewed|tested|indeed|yes\b|sure\b|right\b)/i;

/** The kind of a comment a reviewer wrote on the patch (or a follow-up that is not an answer). */
export function commentKind(text: string): CommentKind {
  const t = text.trim();
  if (!t) return 'remark';
  const sentences = sentencesOf(t);
  // A maintainer's "Applied, thanks!" (b4 ty) lists the commit subjects, which read like requests.
  if (/^(?:applied|queued|merged|picked up|pushed)\b/i.test(t)) return 'ack';
  if (NIT.test(t) && t.length < 400) return 'nit';
  if (CONCERN.test(t)) return 'concern';
  if (asksSomething(t, sentences)) return 'question';
  if (REQUEST.test(t) || sentences.some((s) => IMPERATIVE_START.test(s))) return 'request';
  if (DOUBT.test(t)) return 'concern';
  if (ACK_OR_PRAISE.test(t) || /\b(?:looks good|lgtm|nice work|good catch|ack)\b/i.test(t)) return 'ack';
  return 'remark';
}

/** The sentences of a text: split after . ? ! and at blank lines; empty ones dropped. */
export function sentencesOf(text: string): string[] {
  return text
    .trim()
    .split(/(?<=[.?!])\s+|\n\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function asksSomething(text: string, sentences: string[]): boolean {
  // A "?" in prose (not inside code such as "x ? a : b").
  if (/\?(?:\s|$|\)|")/m.test(text) && !hasTernary(text)) return true;
  return sentences.some((s) => QUESTION_START.test(s) && /\b(?:explain|why|reason)\b/i.test(s));
}

/**
 * "x ? a : b" on one line. Looked for from the first "w ? w" of each line only: a later one could only
 * find fewer " : " after it, and `/\w \? \w.* : /` re-read the rest of the line from every "?".
 */
function hasTernary(text: string): boolean {
  for (const line of text.split(LINE_BREAK)) {
    const q = /\w \? \w/.exec(line);
    if (q && line.includes(' : ', q.index + 5)) return true;
  }
  return false;
}

// The line terminators `.` does not cross.
const LINE_BREAK = /[\n\r\u2028\u2029]/;

// "Thanks for pointing it out, I will fix this in next version.", "Ah, you are right, I will remove
// this log in next version", "Will do.", "Good catch", "Agreed.", "sorry for typo :)", "Fixed in v5".
const ACK =
  /\b(?:will (?:fix|do|change|update|remove|drop|add|address|rework|send|correct|use|move|rename|split|switch|make|follow|take|clean|handle|reorder|restructure|resend|respin|revert|refactor|keep)\w*|(?:i'?ll|i will|i wil|i'?m going to|going to|will|wil) (?:also )?(?:fix|change|update|remove|drop|add|address|rework|send|correct|use|move|rename|split|switch|make|follow|do|reorder|resend|respin|amend|name|rewrite|reword|document|squash)\w*|will be (?:fixed|changed|done|addressed|updated|removed|dropped|corrected)|(?:it|this|that) should be (?:dropped|removed|fixed|changed)|(?:in|for) (?:the )?(?:next|new|following|upcoming) (?:version|revision|iteration|spin|respin|series|patch|round|post)|in v\d+\b|fixed (?:in|it|that|this)|good catch|nice catch|you'?re right|you are right|you'?re correct|you are correct|(?:^|\s)agreed\b|^agree\b|i agree|^no problem\b|^sure\b|^ok(?:ay)?[,.!]?\s*(?:$|will\b|i'?ll\b|thanks|sure|done|fixed|agreed|makes sense)|agree with you|totally agree|fair (?:enough|point)|thanks for (?:pointing|catching|spotting|noticing)|sorry for (?:the )?typo|my (?:bad|mistake)|oops|will do\b|done\.?$|ack(?:ed)?\.?$)/im;

/**
 * "make it static in the next version": the promise anywhere after "make it <word>" on that line.
 * Apart from ACK because `make it [\w-]+ .*next version` re-read a line from every "make it".
 */
function promisesNextVersion(text: string): boolean {
  for (const line of text.split(LINE_BREAK)) {
    const m = /\bmake it [\w-]+ /i.exec(line);
    if (m && /next version/i.test(line.slice(m.index + m[0].length))) return true;
  }
  return false;
}

// Agreement in the words authors answer with on linux-leds and LKML (hand-labelled threads,
// test/labels/status.json): a short yes ("Yep, I see.", "Exactly", "Ok"), a first-person promise
// ("I will rebase on it", "I'll use devm_gpiod_*"), an apology ("Sorry about that"), "got it,
// changed.", "Fix in next.", "Sounds reasonable.", "But I can change it." A yes followed by "but"
// is no agreement.
// "revised as below", "Sure, I'll …", "Done.", "Sorry, my bad, will fix", "Thanks, will fix", "I'll
// address all of them", "will be in v3": one phrase each, tried line by line (agreesByLine).
const AGREE_LINE = [
  /\b(?:revised|reworked|updated|changed|fixed|reworded|rewritten|done) (?:as|like) (?:below|follows|suggested|you suggested)\b/i,
  /^(?:sure|ok|okay|yes|right)[,.!]? (?:i'?ll|i will|will|let me)\b/i,
  /^(?:done|fixed|changed|removed|dropped|updated)[,.!]/i,
  /^sorry\b[^\n]{0,40}\b(?:i'?ll|will|fix)/i,
  /\byou'?re absolutely right\b/i,
  /^indeed[,.]? (?:i'?ll|will|you'?re right)\b/i,
  /\bthanks?,? (?:i'?ll|will) (?:fix|change|update|remove|drop|add|address)\b/i,
  /\b(?:i'?ll|will|going to) address (?:all|them|these|those|your|the comments?)\b/i,
  /\bwill be in (?:the )?(?:next|v\d+)\b/i,
];

function agreesByLine(text: string): boolean {
  return text.split(LINE_BREAK).some((line) => AGREE_LINE.some((re) => re.test(line.trim())));
}

const AGREE_MORE =
  /\b(?:i'?ll|i will|we'?ll|we will|i'?m going to|i am going to|let me) (?:also |just |then |now |simply |definitely |certainly )?(?!not\b|check|think|consider|look|try|test|explain|wait|see|ask|need|let|reply|answer|keep|leave|have|get|come|be\b|investigate|dig|figure|ping|argue|defer)[a-z]{2,}|^sorry,? (?:about|for) (?:that|this|the|my)\b|^sorry,? (?:my (?:bad|mistake|fault)|i (?:missed|forgot|overlooked))\b|\bi can (?:change|fix|rename|drop|remove|update|do|add|move|use|make) (?:it|that|this|them)\b|\bsounds (?:\w+ )?(?:good|fine|reasonable|ok|great|right)\b|^fix(?:ed)? in (?:the )?next\b|\b(?:changed|fixed|done|removed|updated|dropped)\.?[^\S\n\r\u2028\u2029]*$|\bmakes sense\b|\bcan be (?:removed|dropped|changed|fixed)\b|\back(?:ed)? (?:to|on) (?:that|this|it)\b|\bi (?:also )?need to (?:add|change|fix|remove|update|drop|rename|use|move|rework)\b/im;

// A yes on its own ("Yes.", "Ok", "Yes, it works, thanks.", "Exactly") agrees; a yes that goes on to
// explain ("Yes, VFP suspend is implemented with a sysdev, which …", "Indeed, that's how the demo
// does it now") answers a question and promises nothing.
const AFFIRMATIVE = /^(?:yes|yep|yeah|yup|right|sure|indeed|exactly|correct|true|ok(?:ay)?|alright|got it|understood|noted|ack|roger|(?:good|nice|great|fair) (?:point|idea|suggestion))\b/i;
const SHORT_AFFIRMATIVE = 48;

/** "Yes.", "Ok", "Exactly": a short yes and nothing more. */
export function isBareYes(text: string): boolean {
  return affirms(text.trim());
}

// A question that proposes something ("Would it make sense to skip…?", "Why not BIT()?", "fsleep() ?")
// is agreed to with a yes; one that asks for a fact ("I take it you don't support caching on files
// open for writing?") is only answered by it.
const SUGGESTS =
  /\b(?:would it (?:make sense|be (?:better|nicer|simpler))|why not|how about|what about|shouldn'?t|should|could (?:you|we)|can (?:you|we|this|it)|would you|shall we|maybe|perhaps|consider|instead|better|prefer|please|rather|no\?)/i;
// "fsleep() ?": a name and a question mark proposes that name.
const NAMES_ALTERNATIVE = /^\S{1,40}\s*\?$/;

/** True when the comment asks for a fact rather than proposing a change. */
export function asksForFact(comment: string): boolean {
  return commentKind(comment) === 'question' && !SUGGESTS.test(comment) && !NAMES_ALTERNATIVE.test(comment.trim());
}

function affirms(text: string): boolean {
  return text.length <= SHORT_AFFIRMATIVE && AFFIRMATIVE.test(text) && !/\bbut\b|\?/i.test(text);
}

// A first-person "I'll …" deep in a long explanation ("… so I'll leave the pwm_chip in the LED
// driver") is part of the argument, not a promise to change: only the opening counts for those.
const OPENING = 300;

function agrees(text: string): boolean {
  // "I will\nrebase on it.": a promise wrapped by the mail client is one phrase.
  const opening = text.slice(0, OPENING).replace(/\s+/g, ' ');
  return ACK.test(text) || agreesByLine(text) || AGREE_MORE.test(opening) || affirms(text.trim()) || promisesNextVersion(text);
}

// An answer that argues ("Actually, I have explained this", "I do this for a reason", "it cannot be
// a no-op here") is not an acknowledgement even when it offers to add a comment.
const DISAGREE =
  /\b(?:will not|won'?t (?:include|add|change|fix)|not going to|actually|for a reason|i (?:do|did) this|on purpose|intentional\w*|not (?:necessary|needed|a problem|an issue)|no need|cannot be|can'?t be|i don'?t think|i do not think|i disagree|disagree|it is (?:safe|fine|correct|ok)|that'?s (?:fine|intended|correct)|is needed because|if you (?:insist|really want|really prefer))\b/i;

/** True when an answer agrees with the comment or promises the change. */
export function isAcknowledgement(text: string): boolean {
  const t = text.trim();
  if (!agrees(t)) return false;
  const first = t.split(/(?<=[.?!])\s+|\n/)[0] ?? '';
  if (DISAGREE.test(first)) return false;
  // "If to change it from {0} to { }, is it correct?": asking back is not agreeing yet.
  const rest = t.slice(t.indexOf(first) + first.length).trim();
  if (/\?/.test(first)) return rest !== '' && agrees(rest) && !DISAGREE.test(rest);
  const but = first.search(/\bbut\b/i);
  // An ack in the first sentence wins over later arguing ("Agreed, although actually …"), unless a
  // "but" in it takes the agreement back ("Yes, but as written it matches the formula").
  if (agrees(first)) return but < 0 || agrees(first.slice(but));
  // "Code might be easier to read, but as written now it matches the formula": it opens by arguing,
  // unless a promise follows ("It's protected per LED, but apparently not cross LEDs. Will fix.").
  if (but >= 0) return /\b(?:will|i'?ll) (?:fix|change|do|update|rework|drop|remove|add|rename)\b/i.test(rest);
  return !DISAGREE.test(t);
}

/** The kind of one turn of a conversation: the author's answers are answers (or acks). */
export function replyKind(text: string, byPatchAuthor: boolean): CommentKind {
  if (byPatchAuthor) return isAcknowledgement(text) ? 'ack' : 'answer';
  if (isAcknowledgement(text) && !/\?/.test(text)) return 'ack';
  return commentKind(text);
}
