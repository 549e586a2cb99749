// Kinds, statuses and reply trailers, on sentences taken from the real threads in ../shared.
import { describe, expect, it } from 'vitest';
import { commentKind, isAcknowledgement, replyKind } from '../src/review/classify.js';
import { conversationStatus, type StatusTurn } from '../src/review/status.js';
import { findReplyTrailers } from '../src/review/trailers.js';

describe('comment kinds', () => {
  it.each([
    ['I think we leak the fd context we acquired above in this case.', 'concern'],
    ["Why do we do anything in this case, couldn't we just 'put' the extra ctx and return 0 here?", 'question'],
    ["Can you explain this ordering, I would have expected that we'd unregister the bypass before we updated the devid.", 'question'],
    ['Please move above init_data initialization here.', 'request'],
    ['s/invalid/valid/', 'nit'],
    ['nit: missing blank line', 'nit'],
    ['This is wrong. Repeat has to be -1 or > 0.', 'concern'],
    ['Nice!', 'ack'],
    ['Looks good to me.', 'ack'],
    ['Aha, this is the key piece of information I was missing.  Please add a comment that even if the trigger is unchanged we need to bounce the bypass.', 'request'],
  ])('%j is a %s', (text, kind) => {
    expect(commentKind(text)).toBe(kind);
  });

  it('calls the author’s turns answers, or acks when they agree', () => {
    expect(replyKind('Actually, I have explained this in comments above this whole control block.', true)).toBe('answer');
    expect(replyKind('Will do.', true)).toBe('ack');
    expect(replyKind('Yes, that works.', false)).toBe('ack');
  });
});

describe('acknowledgements', () => {
  it.each([
    'Thanks for pointing it out, I will fix this in next version.',
    'Ah, you are right, I will remove this log in next version',
    'sorry for typo :)',
    'Will do.',
    'Agree.',
    'Good catch, fixed in v3.',
    'Thanks, now I see it is better to unregister the bypass before update the devid, will change ordering in next version.',
    'Sorry for that，I will amend the commit messages',
  ])('%j acknowledges', (text) => {
    expect(isAcknowledgement(text)).toBe(true);
  });

  it.each([
    'Actually, I have explained this in comments above this whole control block.',
    'Sorry for confusing and I do this for a reason,  I will add some more comments like this:',
    'Thanks for your comments, this reminds me to think more about the effects to users.',
    "Sorry, I think it cannot be a no-op here. The interrupt affinity setting in guest also triggers the calling of this function",
  ])('%j argues or explains', (text) => {
    expect(isAcknowledgement(text)).toBe(false);
  });

  const ben = { name: 'Ben Luo', address: 'luoben@linux.alibaba.com' };
  const alex = { name: 'Alex Williamson', address: 'alex.williamson@redhat.com' };
  const by = (who: 'author' | 'reviewer', text: string, date: string | null = null): StatusTurn => ({
    text,
    by: who === 'author' ? ben : alex,
    role: who,
    date,
    messageId: `${who}-${date}`,
  });
  const status = (turns: StatusTurn[]): string => conversationStatus(turns, true).status;

  it('derives the status from who spoke and what they said, to the last word', () => {
    expect(status([])).toBe('open');
    expect(status([by('reviewer', 'Also this?')])).toBe('open');
    expect(status([by('author', 'Actually it is fine.')])).toBe('answered');
    expect(
      status([
        by('author', 'Actually it is fine.', '1'),
        by('reviewer', 'It is not.', '2'),
        by('author', 'OK, will change it in the next version.', '3'),
      ]),
    ).toBe('acknowledged');
    // qcom flash torch issue: a promise, then the promise withdrawn; a closing "thank you" is no word on it.
    expect(
      status([
        by('author', 'If it works, I will add it specifically for PMI8998 in patch v5.', '1'),
        by('author', 'Then I will not include PMI8998 support in patch v5.', '2'),
      ]),
    ).toBe('answered');
    expect(status([by('author', 'Will fix in v2.', '1'), by('author', 'Thank you for the help!', '2')])).toBe('acknowledged');
  });

  it('reopens when the reviewer asks again, and stays answered when the reviewer accepts', () => {
    expect(status([by('author', 'The lock is taken by the caller.', '1'), by('reviewer', 'Which caller? I do not see it.', '2')])).toBe('open');
    expect(status([by('author', 'The lock is taken by the caller.', '1'), by('reviewer', 'Fair enough.', '2')])).toBe('answered');
    expect(status([by('author', 'The lock is taken by the caller.', '1'), by('reviewer', 'Ok, thanks for explaining.', '2')])).toBe('answered');
    // A thank-you after an agreement keeps it acknowledged; agreement is never invented.
    expect(status([by('author', 'Will do.', '1'), by('reviewer', 'Thanks!', '2')])).toBe('acknowledged');
  });

  it('gives the deciding sentence, who said it and in what role', () => {
    const verdict = conversationStatus(
      [by('author', 'Thanks for pointing it out. I will fix this in next version.', '1')],
      true,
    );
    expect(verdict.status).toBe('acknowledged');
    expect(verdict.reason).toMatchObject({ why: 'the author agreed', sentence: 'I will fix this in next version.', role: 'author', by: ben });
    expect(conversationStatus([], true).reason.why).toBe('no answer from the author yet');
  });

  it.each([
    'Will do.',
    'Agreed.',
    'Ok, will fix.',
    'Done in v2.',
    'Good catch!',
    "Sorry, I'll change it.",
    'revised as below',
    "Thanks for the review, I'll address all of this in the next version.",
  ])('%j acknowledges', (text) => {
    expect(status([by('author', text)])).toBe('acknowledged');
  });
});

describe('trailers given in a reply', () => {
  it('takes a plain one and keeps the condition of a conditional one', () => {
    const lines = ['Looks good otherwise.', '', 'With the typo fixed:', '', 'Reviewed-by: Rob Herring <robh@kernel.org>'];
    const found = findReplyTrailers(lines, 'reply@x');
    expect(found).toHaveLength(1);
    expect(found[0]!.trailer).toEqual({ name: 'Reviewed-by', value: 'Rob Herring <robh@kernel.org>', from: 'reply@x', condition: 'With the typo fixed' });
    expect(found[0]!.lines.sort()).toEqual([2, 4]);
  });

  it('reads a condition written on the trailer line', () => {
    const [found] = findReplyTrailers(['With that fixed, Acked-by: Pavel Machek <pavel@ucw.cz>'], 'r@x');
    expect(found!.trailer).toMatchObject({ name: 'Acked-by', value: 'Pavel Machek <pavel@ucw.cz>', condition: 'With that fixed' });
  });

  it('takes a reviewer’s Fixes: tag, and leaves Signed-off-by and a lone Cc: alone', () => {
    const found = findReplyTrailers(['Fixes: 0123456789ab ("leds: add driver")', 'Signed-off-by: Someone <s@x>', 'Cc: stable@vger.kernel.org'], 'r@x');
    expect(found.map((f) => f.trailer.name)).toEqual(['Fixes']);
  });
});
