// Real threads from ../shared against the comments a reviewer reads in them, written down by hand in
// test/expected/<name>.expected.json: who said it, where it sits, its status and every turn after it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Anchor, Comment, Reply, Thread } from '../src/model.js';
import { buildReview } from '../src/pipeline.js';
import { repoRoot, sharedPath } from './helpers/shared.js';

interface ExpectedComment {
  author: string;
  /** The comment's text starts with this (whitespace folded). */
  text: string;
  kind?: string;
  status?: string;
  anchor?: Partial<Anchor>;
  /** Every turn after the comment, depth first: "Name: first words", indented two spaces per level. */
  conversation?: string[];
}

interface ExpectedFixture {
  source: string | string[];
  about: string;
  patches?: Array<{ subject: string; comments: ExpectedComment[]; trailers?: Array<{ name: string; value: string; condition?: string }> }>;
  covers?: Array<{ subject: string; comments: ExpectedComment[]; trailers?: Array<{ name: string; value: string }> }>;
}

const dir = join(repoRoot, 'test', 'expected');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.expected.json'))
  .sort()
  .map((f) => ({ name: f.replace('.expected.json', ''), data: JSON.parse(readFileSync(join(dir, f), 'utf8')) as ExpectedFixture }));

const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();

function conversation(replies: Reply[], depth = 0): string[] {
  return replies.flatMap((r) => [`${'  '.repeat(depth)}${r.author.name}: ${fold(r.text)}`, ...conversation(r.replies, depth + 1)]);
}

/** What differs between an expected comment and mlreview's, or [] when they agree. */
function differences(want: ExpectedComment, got: Comment): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(want.anchor ?? {})) {
    const actual = got.anchor[key as keyof Anchor];
    if (JSON.stringify(actual) !== JSON.stringify(value)) out.push(`anchor.${key}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(value)}`);
  }
  if (want.kind && got.kind !== want.kind) out.push(`kind: ${got.kind} ≠ ${want.kind}`);
  if (want.status && got.status !== want.status) out.push(`status: ${got.status} ≠ ${want.status}`);
  if (want.conversation) {
    const turns = conversation(got.replies);
    const ok =
      turns.length === want.conversation.length &&
      want.conversation.every((w, i) => {
        const indent = /^ */.exec(w)![0];
        return turns[i]!.startsWith(indent + fold(w)) && !turns[i]!.startsWith(indent + ' ');
      });
    if (!ok) out.push(`conversation: ${JSON.stringify(turns.map((t) => t.slice(0, 90)))} ≠ ${JSON.stringify(want.conversation)}`);
  }
  return out;
}

interface Tally {
  expected: number;
  found: number;
  anchored: number;
  conversations: number;
  unexpected: number;
}
const total: Tally = { expected: 0, found: 0, anchored: 0, conversations: 0, unexpected: 0 };

async function threadsOf(source: string | string[]): Promise<Thread[]> {
  const paths = (Array.isArray(source) ? source : [source]).map(sharedPath);
  // The pipeline links every thread (src/review via buildReview); the fixtures check what it gives.
  const review = await buildReview(paths);
  return review.threads;
}

describe.each(fixtures)('$name', ({ data }) => {
  let threads: Thread[];
  const groups = [
    ...(data.patches ?? []).map((p) => ({ ...p, cover: false })),
    ...(data.covers ?? []).map((c) => ({ ...c, cover: true })),
  ];

  it.each(groups)('$subject', async (group) => {
    threads ??= await threadsOf(data.source);
    let comments: Comment[];
    let trailers: Array<{ name: string; value: string; condition?: string; from: string }>;
    let own: string | null = null;
    if (group.cover) {
      const series = threads.flatMap((t) => t.series).find((s) => s.cover && threads.some((t) => t.messages.some((m) => m.message.id === s.cover && m.message.subject.includes(group.subject))));
      expect(series, `cover letter "${group.subject}"`).toBeDefined();
      comments = series!.comments;
      trailers = series!.trailers;
    } else {
      const patch = threads.flatMap((t) => t.patches).find((p) => p.subject.includes(group.subject));
      expect(patch, `patch "${group.subject}"`).toBeDefined();
      comments = patch!.comments;
      trailers = patch!.trailers;
      own = patch!.messageId;
    }
    const unmatched = [...comments];
    const problems: string[] = [];
    for (const want of group.comments) {
      total.expected++;
      const at = unmatched.findIndex((c) => c.author.name === want.author && fold(c.text).startsWith(fold(want.text)));
      if (at < 0) {
        problems.push(`missing: ${want.author}: ${want.text}`);
        continue;
      }
      const got = unmatched.splice(at, 1)[0]!;
      total.found++;
      const diff = differences(want, got);
      if (!diff.some((d) => d.startsWith('anchor.'))) total.anchored++;
      if (!diff.some((d) => d.startsWith('conversation') || d.startsWith('status'))) total.conversations++;
      if (diff.length) problems.push(`${want.author}: ${want.text}\n    ${diff.join('\n    ')}`);
    }
    total.unexpected += unmatched.length;
    for (const extra of unmatched) problems.push(`unexpected: ${extra.author.name}: ${fold(extra.text).slice(0, 80)} @ ${extra.anchor.section}:${extra.anchor.line}`);
    if (group.trailers) {
      const given = trailers.filter((t) => t.from !== own).map((t) => ({ name: t.name, value: t.value, ...(t.condition ? { condition: t.condition } : {}) }));
      expect(given).toEqual(group.trailers);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

afterAll(() => {
  // The figure the issue asks for: how many comments the fixtures hold, how many come out as expected.
  console.log(
    `review fixtures: ${fixtures.length} threads, ${total.expected} comments expected; ` +
      `${total.found} found, ${total.anchored} anchored as expected, ${total.conversations} with status and conversation as expected, ` +
      `${total.unexpected} unexpected`,
  );
});
