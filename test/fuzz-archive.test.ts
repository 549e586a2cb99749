// Real mails from ../shared/archives, broken at random (fast-check) and written as an mbox, a Maildir,
// a single .eml or a gzipped mbox, then read by the built mlreview and rendered by every face. Whatever
// the input: no crash, no hang, every mail read is accounted for (in a thread or a problem that says it
// was left out), and no face lets a raw ESC through. The big inputs run once each, after the property.
//
// MLREVIEW_FUZZ_RUNS raises the number of generated archives for a long local run (default 400).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ArchiveRunner, type CaseOutcome } from './helpers/archive-runner.js';
import {
  breakBoundary,
  deepQuote,
  headerOf,
  headersOnly,
  invalidBase64,
  invalidQuotedPrintable,
  longLine,
  type Mutation,
  randomBytes,
  type RawMail,
  seedMails,
  setHeader,
  splitMail,
  toMbox,
  truncate,
  wrongCharset,
} from './helpers/mail-mutations.js';

const RUNS = Number(process.env.MLREVIEW_FUZZ_RUNS ?? 400);
// Hang detection, not a speed assertion: the slowest case here takes a few seconds on a loaded 2-core
// machine; one that has not finished in a minute is looping.
const HANG_SECONDS = 60;

type Format = 'mbox' | 'maildir' | 'eml' | 'mbox.gz';

/** A mutation as plain data, so fast-check prints (and shrinks) a counterexample a person can read. */
type MutationSpec =
  | { kind: 'truncate'; fraction: number }
  | { kind: 'random-bytes'; fraction: number; bytes: number[] }
  | { kind: 'broken-boundary'; variant: 'rename' | 'drop-close' | 'claim' }
  | { kind: 'wrong-charset'; charset: string }
  | { kind: 'invalid-base64'; garbage: string }
  | { kind: 'invalid-qp' }
  | { kind: 'headers-only'; blankLine: boolean }
  | { kind: 'deep-quote'; depth: number }
  | { kind: 'long-line'; where: 'body' | 'subject'; text: string; length: number };

function mutationOf(spec: MutationSpec): Mutation {
  switch (spec.kind) {
    case 'truncate':
      return truncate(spec.fraction);
    case 'random-bytes':
      return randomBytes(spec.fraction, spec.bytes);
    case 'broken-boundary':
      return breakBoundary(spec.variant);
    case 'wrong-charset':
      return wrongCharset(spec.charset);
    case 'invalid-base64':
      return invalidBase64(spec.garbage);
    case 'invalid-qp':
      return invalidQuotedPrintable();
    case 'headers-only':
      return headersOnly(spec.blankLine);
    case 'deep-quote':
      return deepQuote(spec.depth);
    case 'long-line':
      return longLine(spec.where, spec.text, spec.length);
  }
}

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
// Characters that regexes in a mail reader like to repeat: spaces, tabs, quote markers, brackets,
// address and trailer punctuation, CJK attribution words, a line break.
const adversarial = fc.constantFrom(' ', '\t', '>', '> ', '[', '<', '(', '@', '.', '-', ',', ':', 'a', 'if ', '于', '\u00a0', '\r', '\u001b[');

const mutationSpec: fc.Arbitrary<MutationSpec> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), fraction }),
  fc.record({ kind: fc.constant('random-bytes' as const), fraction, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('broken-boundary' as const), variant: fc.constantFrom('rename' as const, 'drop-close' as const, 'claim' as const) }),
  fc.record({ kind: fc.constant('wrong-charset' as const), charset: fc.constantFrom('utf-16', 'utf-32le', 'gbk', 'iso-2022-jp', 'x-unknown', 'utf-8', 'us-ascii', '', 'koi8-r') }),
  fc.record({ kind: fc.constant('invalid-base64' as const), garbage: fc.constantFrom('!!!@@@', '====', '\x00\xff\x80', 'QUJD=RE', '-_~') }),
  fc.record({ kind: fc.constant('invalid-qp' as const) }),
  fc.record({ kind: fc.constant('headers-only' as const), blankLine: fc.boolean() }),
  fc.record({ kind: fc.constant('deep-quote' as const), depth: fc.integer({ min: 2, max: 40 }) }),
  fc.record({
    kind: fc.constant('long-line' as const),
    where: fc.constantFrom('body' as const, 'subject' as const),
    text: fc.array(adversarial, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')),
    length: fc.integer({ min: 100, max: 20_000 }),
  }),
);

interface ArchiveCase {
  seeds: number[];
  mutations: Array<{ mail: number; spec: MutationSpec }>;
  format: Format;
}

function archiveCase(seedCount: number): fc.Arbitrary<ArchiveCase> {
  return fc.record({
    seeds: fc.uniqueArray(fc.nat(seedCount - 1), { minLength: 1, maxLength: 4 }),
    mutations: fc.array(fc.record({ mail: fc.nat(), spec: mutationSpec }), { minLength: 1, maxLength: 4 }),
    format: fc.constantFrom<Format>('mbox', 'mbox', 'mbox', 'maildir', 'eml', 'mbox.gz'),
  });
}

/** Writes `mails` as `format` under `dir` and returns the path to give mlreview. */
function writeArchive(dir: string, mails: RawMail[], format: Format): string {
  if (format === 'eml' && mails.length === 1) {
    const path = join(dir, 'mail.eml');
    writeFileSync(path, Buffer.from(mails[0]!, 'latin1'));
    return path;
  }
  if (format === 'maildir') {
    const path = join(dir, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(path, sub), { recursive: true });
    mails.forEach((raw, i) => writeFileSync(join(path, 'cur', `${1_600_000_000 + i}.${i}.fuzz:2,S`), Buffer.from(raw, 'latin1')));
    return path;
  }
  const mbox = Buffer.from(toMbox(mails), 'latin1');
  if (format === 'mbox.gz') {
    const path = join(dir, 'archive.mbox.gz');
    writeFileSync(path, gzipSync(mbox));
    return path;
  }
  const path = join(dir, 'archive.mbox');
  writeFileSync(path, mbox);
  return path;
}

let runner: ArchiveRunner;
let scratch: string;

beforeAll(() => {
  runner = new ArchiveRunner(HANG_SECONDS);
  scratch = mkdtempSync(join(tmpdir(), 'mlreview-fuzz-'));
});

afterAll(async () => {
  await runner.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** What is wrong with one outcome, or null: a crash, a hang, a raw ESC, unbalanced books, lost mails. */
function faultOf(outcome: CaseOutcome, expectedMails: number, format: Format): string | null {
  if (outcome.kind === 'hang') return `hang: no result after ${outcome.seconds} s (worker terminated)`;
  // A lone file so broken it no longer looks like a mail is refused with one clear line, by design.
  if (outcome.kind === 'crash' && outcome.name === 'ArchiveError' && format === 'eml') return null;
  if (outcome.kind === 'crash') return `crash: ${outcome.error}`;
  const r = outcome.result;
  if (r.faults.length) return r.faults.join('; ');
  if (!r.balanced) return `accounting does not balance: ${JSON.stringify(r.unbalanced)}`;
  if (r.mails !== expectedMails) return `${expectedMails} mails written, ${r.mails} read`;
  return null;
}

let caseDir = 0;
async function runMails(mails: RawMail[], format: Format): Promise<CaseOutcome> {
  const dir = join(scratch, String(caseDir++));
  mkdirSync(dir);
  try {
    return await runner.run(writeArchive(dir, mails, format));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('mutated real archives', () => {
  test(`${RUNS} archives of real mails, broken at random: no crash, no hang, every mail accounted for`, async () => {
    const seeds = seedMails();
    const stats = { cases: 0, mails: 0, byFormat: {} as Record<string, number>, byKind: {} as Record<string, number>, slowestMs: 0 };
    const property = fc.asyncProperty(archiveCase(seeds.length), async (c) => {
      const mails = c.seeds.map((s) => seeds[s]!.raw);
      for (const { mail, spec } of c.mutations) {
        const target = mail % mails.length;
        mails[target] = mutationOf(spec).apply(mails[target]!);
      }
      const format: Format = c.format === 'eml' && mails.length > 1 ? 'mbox' : c.format;
      const outcome = await runMails(mails, format);
      stats.cases += 1;
      stats.mails += mails.length;
      stats.byFormat[format] = (stats.byFormat[format] ?? 0) + 1;
      for (const { spec } of c.mutations) stats.byKind[spec.kind] = (stats.byKind[spec.kind] ?? 0) + 1;
      if (outcome.kind === 'done') stats.slowestMs = Math.max(stats.slowestMs, outcome.ms);
      const fault = faultOf(outcome, mails.length, format);
      if (fault) {
        const seedNames = c.seeds.map((s) => seeds[s]!.name).join(', ');
        const labels = c.mutations.map(({ mail, spec }) => `mail ${mail % mails.length}: ${mutationOf(spec).label}`).join('; ');
        throw new Error(`${fault}\n  seeds: ${seedNames}\n  mutations: ${labels}\n  written as ${format}`);
      }
    });
    const details = await fc.check(property, { numRuns: RUNS, endOnFailure: true });
    console.log(
      `fuzz: ${stats.cases} mutated archives (${stats.mails} mails; ${Object.entries(stats.byFormat).map(([f, n]) => `${n} ${f}`).join(', ')}; ` +
        `mutations ${Object.entries(stats.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}), ` +
        `${details.failed ? 1 : 0} failing, slowest ${stats.slowestMs} ms`,
    );
    // fast-check's report names the counterexample, its seed and path (replay with { seed, path }).
    if (details.failed) {
      throw new Error(`${String(details.errorInstance)}\n${fc.defaultReportMessage(details) ?? ''}`);
    }
    expect(details.numRuns).toBe(RUNS);
  }, 900_000);
});

// The big and pathological inputs of the issue, each built once from the vfio review (v4 3/3 and Alex
// Williamson's review of it), each through the same worker and watchdog.
describe('big and pathological inputs, built from the real vfio review', () => {
  const VFIO = 'archives/vfio-irq-update-devid.mbox';
  const seed = (n: number): RawMail => {
    const found = seedMails().find((s) => s.name === `${VFIO}#${n}`);
    if (!found) throw new Error(`seed ${VFIO}#${n} missing`);
    return found.raw;
  };
  const patch = () => seed(2);
  const review = () => seed(3);

  async function expectAccounted(mails: RawMail[], what: string, format: Format = 'mbox'): Promise<CaseOutcome> {
    const outcome = await runMails(mails, format);
    const fault = faultOf(outcome, mails.length, format);
    console.log(`fuzz: ${what}: ${fault ?? `ok, ${outcome.kind === 'done' ? `${outcome.result.threads} threads, ${outcome.ms} ms` : ''}`}`);
    expect(fault).toBeNull();
    return outcome;
  }

  test('a 50 MB base64 attachment', async () => {
    const { head, body } = splitMail(setHeader(setHeader(patch(), 'Content-Type', 'multipart/mixed; boundary="fuzz-50mb"'), 'Content-Transfer-Encoding', '7bit'));
    // 37.5 MB of bytes is 50 MB of base64 in 76-character lines.
    const bytes = Buffer.alloc(37_500_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    const encoded = bytes.toString('base64').replace(/.{76}/g, '$&\n');
    const mail =
      `${head}\n\n--fuzz-50mb\nContent-Type: text/plain; charset=utf-8\n\n${body}\n--fuzz-50mb\n` +
      `Content-Type: application/octet-stream; name="firmware.bin"\nContent-Transfer-Encoding: base64\n` +
      `Content-Disposition: attachment; filename="firmware.bin"\n\n${encoded}\n--fuzz-50mb--\n`;
    expect(mail.length).toBeGreaterThan(50_000_000);
    await expectAccounted([mail, review()], '50 MB base64 attachment');
  }, 300_000);

  // Written as bytes, so '于' is the byte 0x8e and U+00A0 the byte 0xa0: in these UTF-8 mails, invalid
  // sequences that decode to a 1 MB line of U+FFFD (which once took string-width minutes to measure).
  const shown = (text: string) => JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  for (const text of [' ', '\t', '> ', 'a@', '[', 'if ', '于 ', '- ', ', ', '\u00a0']) {
    test(`a 1 MB single line of ${shown(text)} in a body and in a Subject`, async () => {
      const inBody = longLine('body', text, 1_000_000).apply(review());
      const inSubject = longLine('subject', text, 1_000_000).apply(seed(4));
      await expectAccounted([patch(), inBody, inSubject], `1 MB line of ${shown(text)}`);
    }, 300_000);
  }

  test('100 levels of > quote nesting', async () => {
    await expectAccounted([patch(), deepQuote(100).apply(review())], '100-level quote nesting');
  }, 300_000);

  test('a 1,000-deep References chain', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `chain-${i}@fuzz.example`);
    const mails = ids.map((id, i) => {
      let mail = setHeader(i === 0 ? patch() : review(), 'Message-ID', `<${id}>`);
      if (i > 0) mail = setHeader(mail, 'In-Reply-To', `<${ids[i - 1]}>`);
      // Every mail names its 20 nearest ancestors, the last one all 999: one References 1,000 deep.
      const ancestors = i === ids.length - 1 ? ids.slice(0, i) : ids.slice(Math.max(0, i - 20), i);
      return setHeader(mail, 'References', ancestors.map((a) => `<${a}>`).join('\n '));
    });
    const outcome = await expectAccounted(mails, '1,000-deep References chain');
    if (outcome.kind === 'done') expect(outcome.result.threads).toBe(1);
  }, 300_000);

  test('a References cycle A → B → A', async () => {
    const a = setHeader(setHeader(setHeader(patch(), 'Message-ID', '<cycle-a@fuzz.example>'), 'In-Reply-To', '<cycle-b@fuzz.example>'), 'References', '<cycle-b@fuzz.example>');
    const b = setHeader(setHeader(setHeader(review(), 'Message-ID', '<cycle-b@fuzz.example>'), 'In-Reply-To', '<cycle-a@fuzz.example>'), 'References', '<cycle-a@fuzz.example>');
    const c = setHeader(setHeader(seed(4), 'In-Reply-To', '<cycle-b@fuzz.example>'), 'References', '<cycle-a@fuzz.example> <cycle-b@fuzz.example>');
    await expectAccounted([a, b, c], 'References cycle');
  }, 300_000);

  test('the same Message-ID on two different mails', async () => {
    const id = headerOf(patch(), 'Message-ID')!;
    await expectAccounted([patch(), setHeader(seed(4), 'Message-ID', id), review()], 'duplicate Message-ID');
  }, 300_000);
});
