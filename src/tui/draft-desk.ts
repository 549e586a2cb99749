// The browser's side of writing a review: compose a reply or a trailer, hand it to the editor, keep
// it in the outbox, send or discard it — and give back the review with the drafts where they land.
// Nothing the user wrote is dropped without asking: an editor that fails or leaves the draft as it
// was gets a question (edit again, keep, discard), never a silent loss.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Message, Person, Review, Thread } from '../model.js';
import { addDraft, decodedHeader, type OutboxEntry, readOutbox, removeDraft } from '../outbox/outbox.js';
import { draftMessages, withDrafts } from '../outbox/relink.js';
import { composeReply, type ReplyTarget } from '../reply/compose.js';
import type { Draft } from '../reply/draft.js';
import { draftToText, parseDraftText, textLineOf } from '../reply/draft-text.js';
import { identityOf } from '../reply/identity.js';
import { composeMail, newMessageId } from '../reply/mail.js';
import { deliver } from '../send/deliver.js';
import { readSendConfig } from '../send/git-config.js';
import { senderFor } from '../send/transport.js';
import { type EditorRun, runEditor } from './editor.js';
import type { Ask, DraftLine } from './state.js';

export interface DeskResult {
  review?: Review;
  replaced?: [Thread, Thread][];
  drafts?: DraftLine[];
  message?: string;
  ask?: Ask;
}

export interface DraftDesk {
  /** The review with the outbox's drafts in it (on start). */
  attach(review: Review): Promise<DeskResult>;
  reply(review: Review, thread: Thread, target: ReplyTarget): Promise<DeskResult>;
  draft(review: Review, action: 'edit' | 'send' | 'discard', messageId: string): Promise<DeskResult>;
  afterEdit(review: Review, choice: 'edit-again' | 'keep' | 'discard'): Promise<DeskResult>;
}

export interface DeskOptions {
  outbox: string;
  env?: NodeJS.ProcessEnv;
  /** Runs the editor on a file (the terminal handoff); tests give their own. */
  edit?: (file: string, line: number) => EditorRun;
}

interface Pending {
  dir: string;
  file: string;
  original: string;
  line: number;
  /** The outbox draft being edited again, or null for a new one. */
  replacing: string | null;
}


/** The first words the user wrote (not the attribution, not the quote): what tells two drafts apart. */
function excerpt(body: string | undefined): string {
  const lines = (body ?? '').split('\n').map((l) => l.trim());
  const own = lines.find((l, i) => l !== '' && !l.startsWith('>') && !(lines[i + 1] ?? '').startsWith('>'));
  return own ? (own.length > 60 ? `${own.slice(0, 59)}…` : own) : '(no text)';
}

function lineOf(entry: OutboxEntry, message: Message | undefined): DraftLine {
  const to = decodedHeader(entry.raw, 'To').split(',')[0]?.trim() ?? '';
  const failed = entry.error ? `send failed: ${entry.error} — ` : '';
  return { messageId: entry.messageId, label: `${failed}${excerpt(message?.body)} — ${decodedHeader(entry.raw, 'Subject')} → ${to}` };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** An outbox mail back in the form the editor shows. */
async function draftOf(entry: OutboxEntry): Promise<Draft> {
  const parsed = await simpleParser(entry.raw);
  const people = (field: typeof parsed.to): Person[] =>
    (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => ({ name: v.name ?? '', address: v.address ?? '' })));
  const ids = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? v.split(/\s+/) : []).map((x) => x.replace(/^<|>$/g, '')).filter(Boolean);
  return {
    from: people(parsed.from)[0] ?? { name: '', address: '' },
    to: people(parsed.to),
    cc: people(parsed.cc),
    subject: parsed.subject ?? '',
    inReplyTo: ids(parsed.inReplyTo)[0] ?? null,
    references: ids(parsed.references),
    body: (parsed.text ?? '').replace(/\r\n/g, '\n'),
  };
}

export function createDraftDesk(options: DeskOptions): DraftDesk {
  const env = options.env ?? process.env;
  const edit = options.edit ?? ((file: string, line: number) => runEditor(file, line, env));
  let shown = new Set<string>();
  let pending: Pending | null = null;

  async function refresh(review: Review, message?: string): Promise<DeskResult> {
    const entries = await readOutbox(options.outbox);
    const messages = await draftMessages(entries, options.outbox);
    const next = withDrafts(review, messages, shown);
    shown = new Set(messages.map((m) => m.id));
    const byId = new Map(messages.map((m) => [m.id, m]));
    return { review: next.review, replaced: next.replaced, drafts: entries.map((e) => lineOf(e, byId.get(e.messageId))), message };
  }

  async function done(): Promise<void> {
    if (pending) await rm(pending.dir, { recursive: true, force: true });
    pending = null;
  }

  async function save(review: Review, p: Pending): Promise<DeskResult> {
    let draft: Draft;
    try {
      draft = parseDraftText(await readFile(p.file, 'utf8'), 'the draft');
    } catch (error) {
      return { ask: { text: `${messageOf(error)}: e edit again · d discard`, answers: { 'edit-again': { kind: 'after-edit', choice: 'edit-again' }, 'discard-draft': { kind: 'after-edit', choice: 'discard' } } } };
    }
    const messageId = p.replacing ?? newMessageId(draft.from);
    await addDraft(options.outbox, (await composeMail(draft, { messageId, date: new Date() })).toString('utf8'));
    await done();
    return refresh(review, `draft kept in the outbox: ${draft.subject} (D: send it)`);
  }

  async function editing(review: Review, p: Pending): Promise<DeskResult> {
    pending = p;
    const run = edit(p.file, p.line);
    const text = await readFile(p.file, 'utf8').catch(() => '');
    const why = run.code !== 0 ? `${run.command} exited ${run.code ?? 'abnormally'}` : text === p.original ? 'the draft is unchanged' : null;
    if (why === null) return save(review, p);
    const answers: Ask['answers'] = {
      'edit-again': { kind: 'after-edit', choice: 'edit-again' },
      'keep-draft': { kind: 'after-edit', choice: 'keep' },
      'discard-draft': { kind: 'after-edit', choice: 'discard' },
    };
    return { ask: { text: `${why}: e edit again · k keep it in the outbox · d discard it`, answers } };
  }

  async function start(review: Review, draft: Draft, bodyLine: number, replacing: string | null): Promise<DeskResult> {
    await done();
    const dir = await mkdtemp(join(tmpdir(), 'mlreview-draft-'));
    const file = join(dir, 'reply.eml');
    const text = draftToText(draft);
    await writeFile(file, text, { mode: 0o600 });
    return editing(review, { dir, file, original: text, line: textLineOf(draft, bodyLine), replacing });
  }

  return {
    attach: (review) => refresh(review),

    async reply(review, thread, target) {
      let me: Person;
      try {
        me = identityOf(await readSendConfig({ env }));
      } catch (error) {
        return { message: messageOf(error) };
      }
      let composed;
      try {
        composed = composeReply(thread, target, me);
      } catch (error) {
        return { message: messageOf(error) };
      }
      if (target.kind === 'trailer') {
        const raw = (await composeMail(composed.draft, { messageId: newMessageId(me), date: new Date() })).toString('utf8');
        await addDraft(options.outbox, raw);
        return refresh(review, `${composed.draft.body.trim()} kept in the outbox (D: send it)`);
      }
      return start(review, composed.draft, composed.cursorLine, null);
    },

    async draft(review, action, messageId) {
      const entry = (await readOutbox(options.outbox)).find((e) => e.messageId === messageId);
      if (!entry) return refresh(review, 'that draft is no longer in the outbox');
      if (action === 'discard') {
        await removeDraft(options.outbox, messageId);
        return refresh(review, 'draft discarded');
      }
      if (action === 'edit') {
        const draft = await draftOf(entry);
        return start(review, draft, draft.body.split('\n').length - 1, messageId);
      }
      try {
        const sender = await senderFor(await readSendConfig({ env }));
        const [result] = await deliver([entry], sender, options.outbox);
        return refresh(review, result.error === null ? `sent by ${sender.describe}` : `send failed, the draft stays in the outbox: ${result.error}`);
      } catch (error) {
        return refresh(review, `not sent, the draft stays in the outbox: ${messageOf(error)}`);
      }
    },

    async afterEdit(review, choice) {
      const p = pending;
      if (!p) return { message: 'no draft being edited' };
      if (choice === 'edit-again') return editing(review, p);
      if (choice === 'keep') return save(review, { ...p, original: '' });
      await done();
      return { message: 'draft discarded' };
    },
  };
}
