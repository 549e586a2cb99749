// Small hand-made Review objects for the Markdown export's unit tests: neutral names (example.org),
// no imitation of a real thread; the real threads are tested through the goldens.
import type {
  Anchor,
  Comment,
  Hunk,
  HunkLine,
  Message,
  Patch,
  Person,
  Reply,
  Review,
  Series,
  Thread,
} from '../../src/model.js';
import { patchTarget, placeComments } from '../../src/review/place.js';

export const author: Person = { name: 'Arthur Author', address: 'arthur@example.org' };
export const reviewer: Person = { name: 'Rita Reviewer', address: 'rita@example.org' };
export const second: Person = { name: 'Sam Second', address: 'sam@example.org' };

/** A hunk from its header and its lines with markers; line numbers computed as in a unified diff. */
export function hunk(header: string, raw: string[]): Hunk {
  const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/.exec(header);
  if (!m) throw new Error(`bad hunk header in a test: ${header}`);
  let oldLine = Number(m[1]);
  let newLine = Number(m[3]);
  const lines: HunkLine[] = raw.map((line) => {
    const kind = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : 'context';
    const entry: HunkLine = {
      kind,
      raw: line,
      text: line.slice(1),
      oldLine: kind === 'add' ? null : oldLine,
      newLine: kind === 'del' ? null : newLine,
    };
    if (kind !== 'add') oldLine++;
    if (kind !== 'del') newLine++;
    return entry;
  });
  return {
    header,
    oldStart: Number(m[1]),
    oldLines: Number(m[2] ?? 1),
    newStart: Number(m[3]),
    newLines: Number(m[4] ?? 1),
    section: m[5] ?? '',
    lines,
  };
}

/** Twenty context lines with a change in the middle: `line 1`…, one removed and two added at 10. */
export function longHunk(): Hunk {
  const raw: string[] = [];
  for (let i = 1; i <= 9; i++) raw.push(` line ${i}`);
  raw.push('-old line 10', '+new line 10', '+new line 11');
  for (let i = 11; i <= 20; i++) raw.push(` line ${i}`);
  return hunk('@@ -1,20 +1,21 @@ int example(void)', raw);
}

export function message(id: string, from: Person, extra: Partial<Message> = {}): Message {
  return {
    id,
    subject: 'Re: [PATCH v2 1/1] example: fix the thing',
    from,
    date: '2024-03-02T10:00:00.000Z',
    inReplyTo: null,
    references: [],
    body: '',
    origin: { path: 'test.mbox', where: '0' },
    ...extra,
  };
}

export function diffAnchor(line: number, extra: Partial<Anchor> = {}): Anchor {
  return {
    section: 'diff',
    file: 'lib/example.c',
    hunk: '@@ -1,20 +1,21 @@ int example(void)',
    side: 'new',
    line,
    text: null,
    quote: [],
    ...extra,
  };
}

export function comment(messageId: string, text: string, extra: Partial<Comment> = {}): Comment {
  return {
    messageId,
    author: reviewer,
    date: '2024-03-02T10:00:00.000Z',
    text,
    kind: 'remark',
    status: 'open',
    anchor: diffAnchor(11),
    replies: [],
    ...extra,
    statusReason: extra.statusReason ?? reasonFor(extra.status ?? 'open'),
  };
}

/** What the core would say for a status when the test does not care about the sentence. */
function reasonFor(status: Comment['status']): Comment['statusReason'] {
  if (status === 'open') return { why: 'no answer from the author yet' };
  return { why: status === 'acknowledged' ? 'the author agreed' : 'the author explained' };
}

export function reply(messageId: string, text: string, extra: Partial<Reply> = {}): Reply {
  return {
    messageId,
    author: author,
    role: 'author',
    date: '2024-03-03T08:30:00.000Z',
    text,
    kind: 'answer',
    replies: [],
    ...extra,
  };
}

/** A patch whose comments the core placed, as the linker does. */
export function patch(comments: Comment[], extra: Partial<Patch> = {}): Patch {
  const made: Patch = {
    messageId: 'patch-1@example.org',
    subject: '[PATCH v2 1/1] example: fix the thing',
    title: 'example: fix the thing',
    author,
    date: '2024-03-01T09:00:00.000Z',
    version: 2,
    part: 1,
    total: 1,
    commitMessage: 'Fix the thing.\n\nSigned-off-by: Arthur Author <arthur@example.org>',
    trailers: [],
    diffstat: [' lib/example.c | 3 ++-', ' 1 file changed, 2 insertions(+), 1 deletion(-)'],
    files: [
      {
        oldPath: 'lib/example.c',
        newPath: 'lib/example.c',
        status: 'modified',
        binary: false,
        headers: ['index 1111111..2222222 100644'],
        hunks: [longHunk()],
      },
    ],
    comments,
    ...extra,
  };
  return { ...made, comments: placeComments(patchTarget(made), made.comments) };
}

/** A review of one thread: the given patches in one series, and every message named in `messages`. */
export function review(patches: Patch[], messages: Message[] = [], seriesExtra: Partial<Series> = {}): Review {
  const series: Series = {
    title: 'example: fix the thing',
    version: 2,
    cover: null,
    patches: patches.map((p) => p.messageId),
    total: patches.length,
    otherVersions: [],
    trailers: [],
    comments: [],
    ...seriesExtra,
  };
  const all = [...patches.map((p) => message(p.messageId, p.author)), ...messages];
  const thread: Thread = {
    subject: '[PATCH v2 1/1] example: fix the thing',
    root: patches[0]?.messageId ?? 'root@example.org',
    messages: all.map((m, i) => ({ message: m, parent: i === 0 ? null : all[0].id, children: [], depth: i === 0 ? 0 : 1 })),
    series: [series],
    patches,
  };
  return { sources: [{ path: 'test.mbox', format: 'mbox', mails: all.length, messages: all.length, problems: [] }], threads: [thread] };
}
