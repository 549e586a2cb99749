// Minimal hand-made Review objects for the TUI unit tests: small, obviously synthetic, each field
// there because a test looks at it. The real vfio thread is used by the end-to-end test.
import type { Comment, FileDiff, Hunk, HunkLine, Patch, Person, Reply, Review, Series, Thread, ThreadMessage } from '../../src/model.js';
import { coverTarget, patchTarget, placeComments } from '../../src/review/place.js';

export const alice: Person = { name: 'Alice Reviewer', address: 'alice@example.org' };
export const bob: Person = { name: 'Bob Author', address: 'bob@example.org' };
export const carol: Person = { name: 'Carol Second', address: 'carol@example.org' };

/** Hunk lines from `+`/`-`/` ` strings, numbered from `start` on both sides. */
export function hunk(header: string, start: number, raw: string[]): Hunk {
  let oldLine = start;
  let newLine = start;
  const lines: HunkLine[] = raw.map((r) => {
    const kind = r[0] === '+' ? 'add' : r[0] === '-' ? 'del' : 'context';
    const line: HunkLine = {
      kind,
      raw: r,
      text: r.slice(1),
      oldLine: kind === 'add' ? null : oldLine,
      newLine: kind === 'del' ? null : newLine,
    };
    if (kind !== 'add') oldLine++;
    if (kind !== 'del') newLine++;
    return line;
  });
  const oldLines = lines.filter((l) => l.kind !== 'add').length;
  const newLines = lines.filter((l) => l.kind !== 'del').length;
  return { header, oldStart: start, oldLines, newStart: start, newLines, section: '', lines };
}

export function file(path: string, hunks: Hunk[]): FileDiff {
  return { oldPath: path, newPath: path, status: 'modified', binary: false, headers: [], hunks };
}

export function reply(id: string, author: Person, date: string, text: string, replies: Reply[] = []): Reply {
  return { messageId: id, author, role: 'author', date, text, kind: 'answer', replies };
}

export function comment(
  id: string,
  author: Person,
  date: string,
  text: string,
  anchor: Partial<Comment['anchor']>,
  extra: Partial<Comment> = {},
): Comment {
  return {
    messageId: id,
    author,
    date,
    text,
    kind: 'question',
    status: 'open',
    anchor: { section: 'diff', file: null, hunk: null, side: 'new', line: null, text: null, quote: [], ...anchor },
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

/** A patch whose comments the core placed, as the linker does. */
export function patch(id: string, part: number, total: number, title: string, files: FileDiff[], comments: Comment[], extra: Partial<Patch> = {}): Patch {
  const made: Patch = {
    messageId: id,
    subject: `[PATCH v2 ${part}/${total}] ${title}`,
    title,
    author: bob,
    date: `2020-01-0${part}T10:00:00.000Z`,
    version: 2,
    part,
    total,
    commitMessage: `${title}\n\nSome words about the change.\n\nSigned-off-by: Bob Author <bob@example.org>\n`,
    trailers: [],
    diffstat: [' a.c | 2 +-', ' 1 file changed, 1 insertion(+), 1 deletion(-)'],
    files,
    comments,
    ...extra,
  };
  return { ...made, comments: placeComments(patchTarget(made), made.comments) };
}

function message(id: string, subject: string, from: Person, date: string, parent: string | null, depth: number): ThreadMessage {
  return {
    message: { id, subject, from, date, inReplyTo: parent, references: parent ? [parent] : [], body: `body of ${id}\n`, origin: { path: 'test', where: id } },
    parent,
    children: [],
    depth,
  };
}

export function thread(subject: string, patches: Patch[], opts: { cover?: string; date?: string; seriesComments?: Comment[] } = {}): Thread {
  const root = opts.cover ?? patches[0]?.messageId ?? `${subject}-root`;
  const date = opts.date ?? '2020-01-01T09:00:00.000Z';
  const messages = [message(root, subject, bob, date, null, 0), ...patches.filter((p) => p.messageId !== root).map((p) => message(p.messageId, p.subject, bob, p.date ?? date, root, 1))];
  const series: Series = {
    title: subject,
    version: patches[0]?.version ?? 1,
    cover: opts.cover ?? null,
    patches: patches.map((p) => p.messageId),
    total: patches.length,
    otherVersions: [],
    trailers: [],
    comments: placeComments(coverTarget(root, messages[0]!.message.body), opts.seriesComments ?? []),
  };
  return { subject, root, messages, series: patches.length > 0 ? [series] : [], patches };
}

export function review(threads: Thread[]): Review {
  return { sources: [{ path: 'test', format: 'mbox', mails: 0, messages: 0, problems: [] }], threads };
}

/** A two-patch series: patch 1 has two comments on hunk lines (one answered), patch 2 one open question. */
export function smallSeries(): Review {
  const h1 = hunk('@@ -10,4 +10,5 @@ int first(void)', 10, [' int a;', '-int b;', '+int b = 1;', '+int c;', ' return a;']);
  const h2 = hunk('@@ -40,3 +41,3 @@ int second(void)', 40, [' x();', '-y();', '+z();', ' w();']);
  const c1 = comment('c1', alice, '2020-01-02T10:00:00.000Z', 'Why is b initialised here?', { file: 'a.c', hunk: h1.header, side: 'new', line: 11, text: '+int b = 1;' }, {
    status: 'answered',
    replies: [reply('r1', bob, '2020-01-03T10:00:00.000Z', 'Because first() reads it before the loop.')],
  });
  const c2 = comment('c2', carol, '2020-01-02T11:00:00.000Z', 'z() needs a comment.', { file: 'a.c', hunk: h2.header, side: 'new', line: 42, text: '+z();' }, { kind: 'nit' });
  const p1 = patch('p1', 1, 2, 'first: initialise b', [file('a.c', [h1, h2])], [c1, c2]);
  const h3 = hunk('@@ -1,2 +1,3 @@', 1, [' one', '+two', ' three']);
  const c3 = comment('c3', alice, '2020-01-04T10:00:00.000Z', 'Is two needed at all?', { file: 'b.c', hunk: h3.header, side: 'new', line: 2, text: '+two' });
  const p2 = patch('p2', 2, 2, 'second: add two', [file('b.c', [h3])], [c3]);
  const other = thread('[PATCH] older unrelated change', [patch('q1', 1, 1, 'older unrelated change', [file('c.c', [hunk('@@ -1 +1 @@', 1, ['-x', '+y'])])], [], { version: 1, part: null, total: null })], { date: '2019-05-01T00:00:00.000Z' });
  return review([other, thread('[PATCH v2 0/2] small series', [p1, p2], { cover: 'cover', date: '2020-01-01T09:00:00.000Z' })]);
}
