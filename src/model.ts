// The one typed model every face (TUI, Markdown, JSON) renders.
// The core (ingest → thread → patch → review) builds it; nothing here imports a face.

/** A person as a mail header names them. `address` is '' when the archive masked or lost it. */
export interface Person {
  name: string;
  address: string;
}

/** Something read that did not make it into the model, and why. Never thrown: carried to the output. */
export interface Problem {
  /** File and position: `path:byte-offset` for mbox, the file path for Maildir/eml. */
  where: string;
  reason: string;
  /**
   * True when the mail this problem is about is in no thread: it could not be decoded, or it repeats
   * a mail already read. Absent when the mail is in the model with a flaw (a recounted hunk, say).
   * `check` balances every source on it: mails read = mails in threads + problems left out.
   */
  leftOut?: boolean;
}

export type ArchiveFormat =
  | 'mbox'
  | 'mbox.gz'
  | 'maildir'
  | 'eml'
  | 'format-patch'
  | 'web-page';

/** Where a message came from, so errors and exports can point back at it. */
export interface Origin {
  path: string;
  /** Byte offset in an mbox, or the file name inside a Maildir/folder. */
  where: string;
}

/** One decoded mail. Bodies are plain text with `\n` line ends. */
export interface Message {
  /** Message-ID without angle brackets. Synthesised (`mlreview-…`) when the mail had none. */
  id: string;
  subject: string;
  from: Person;
  /**
   * The To and Cc header values as written (unfolded, encoded words kept), for a reply-all; absent
   * when the mail had none. Parsed into people only when a reply is written (src/ingest/recipients.ts):
   * parsing every address of kernel Cc lists costs seconds over a list archive.
   */
  to?: string;
  cc?: string;
  /** ISO 8601 in UTC, or null when the Date header is missing or unreadable. */
  date: string | null;
  inReplyTo: string | null;
  /** References, oldest first, In-Reply-To last when it was not already there. */
  references: string[];
  /** The text/plain body (or HTML converted to text), plus inline patch attachments appended. */
  body: string;
  origin: Origin;
  /**
   * True when this message's `>` quote structure was rebuilt (a web-archive page lost the markers).
   * Comments found in it carry `quoteRecovered` too.
   */
  quoteRecovered?: boolean;
  /**
   * True when the body came from a web-archive page that dropped the `>` markers and the structure
   * has not been rebuilt yet (the pipeline rebuilds it once every source is read).
   */
  quotesLost?: boolean;
  /** Messages rebuilt from quotes in a later mail, because the archive does not hold them. */
  reconstructed?: boolean;
  /**
   * 0..1, set with `quoteRecovered`: how sure the rebuilt quote depths are (1 where every quoted line
   * was found in a mail of the archive, 0.6–0.8 when only the body’s structure told). Comments found
   * in such a body should carry it as their `confidence`.
   */
  quoteConfidence?: number;
}

/** Parsed `[PATCH net-next v2 01/12]`-style subject. */
export interface SubjectInfo {
  /** The subject without `Re:` prefixes and bracket tags. */
  title: string;
  isReply: boolean;
  /** Every bracket tag word, lower-cased: `patch`, `rfc`, `resend`, `net-next`, `v2`, `01/12`. */
  tags: string[];
  isPatch: boolean;
  isRfc: boolean;
  isResend: boolean;
  /** 1 when the subject names no version. */
  version: number;
  /** False when the subject names no version (then a cover letter's version may apply). */
  explicitVersion: boolean;
  /** null when the subject has no k/N counter (a single patch). */
  part: number | null;
  total: number | null;
}

export type LineKind = 'context' | 'add' | 'del';

/** One line of a hunk with its real line numbers, computed once (STYLE: one adapter). */
export interface HunkLine {
  kind: LineKind;
  /** The line as it is in the patch, with its `+`/`-`/` ` marker. */
  raw: string;
  /** The line without the marker. */
  text: string;
  /** Line number in the old file; null for added lines. */
  oldLine: number | null;
  /** Line number in the new file; null for removed lines. */
  newLine: number | null;
  /** True when `\ No newline at end of file` follows this line. */
  noNewlineAtEnd?: boolean;
}

export interface Hunk {
  /** `@@ -284,70 +284,106 @@ static int vfio_msi_enable(...)` as written. */
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The function context after the second `@@`, '' when none. */
  section: string;
  lines: HunkLine[];
}

export type FileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';

export interface FileDiff {
  /** Paths without the `a/`/`b/` prefix; `/dev/null` kept for new and deleted files. */
  oldPath: string;
  newPath: string;
  status: FileStatus;
  binary: boolean;
  /** `index 3fa3f72..60d3023 100644` and mode lines, as written. */
  headers: string[];
  hunks: Hunk[];
}

export type TrailerName = string;

/** `Reviewed-by: Name <addr>` and the like, with the message that gave it. */
export interface Trailer {
  name: TrailerName;
  value: string;
  /** Message-ID of the mail the trailer is in (the patch itself, or a reply). */
  from: string;
  /** "with that fixed, Reviewed-by: …": the words that make the trailer conditional. */
  condition?: string;
  /** Who gave it (the From of the reply); absent for the patch's own trailers. */
  by?: Person;
  /** When the reply that gave it was sent. */
  date?: string | null;
}

export type CommentKind = 'question' | 'request' | 'concern' | 'nit' | 'ack' | 'answer' | 'remark';
export type CommentStatus = 'open' | 'answered' | 'acknowledged';
export type AnchorSection = 'diff' | 'commit-message' | 'cover-letter' | 'diffstat';

/** Where in the patch a comment sits. */
export interface Anchor {
  section: AnchorSection;
  /** New path of the file (old path for deleted files); null outside the diff. */
  file: string | null;
  /** The hunk header; null outside the diff. */
  hunk: string | null;
  side: 'old' | 'new' | null;
  /** Line number on `side`; null when it cannot be known (patch rebuilt from quotes). */
  line: number | null;
  /** The patch line the comment sits under, with its marker; for other sections the text line. */
  text: string | null;
  /** The lines the reviewer quoted above the comment, as the patch has them. */
  quote: string[];
}

/**
 * Who speaks in a conversation, seen from the comment: the patch's author (from any of their
 * addresses), a co-author (a Signed-off-by or Co-developed-by of the patch: a colleague answering
 * for the author), the reviewer who made the comment, or someone else.
 */
export type Role = 'author' | 'co-author' | 'reviewer' | 'other';

/**
 * Why a comment has its status: the sentence of the conversation that decided it, who said it and
 * in what role. `why` says it in words ("the author agreed", "no answer from the author").
 */
export interface StatusReason {
  why: string;
  /** The deciding sentence as written; absent when nobody answered. */
  sentence?: string;
  by?: Person;
  role?: Role;
  messageId?: string;
}

/** One turn in a comment's conversation: an answer, a follow-up, a third voice. */
export interface Reply {
  messageId: string;
  author: Person;
  /** The speaker's role in this comment's conversation. */
  role: Role;
  date: string | null;
  text: string;
  kind: CommentKind;
  replies: Reply[];
  quoteRecovered?: boolean;
  /** True for the user's own answer still in the outbox. */
  draft?: boolean;
}

/** A review comment anchored on the patch, with its conversation. */
export interface Comment {
  messageId: string;
  author: Person;
  date: string | null;
  text: string;
  kind: CommentKind;
  status: CommentStatus;
  /** The turn that decided the status, shown on the card and written to JSON. */
  statusReason: StatusReason;
  anchor: Anchor;
  replies: Reply[];
  /**
   * A trailer the reviewer gave in the same mail on condition of this comment ("with that fixed,
   * Reviewed-by: …"): it holds only once the comment is dealt with.
   */
  conditionalTrailer?: Trailer;
  /** Set when the comment came from a body whose quote markers were rebuilt. */
  quoteRecovered?: boolean;
  /** 0..1, how sure the anchor and speaker are; 1 for marked quotes matched exactly. */
  confidence?: number;
  /** True for the user's own reply, still in the outbox (src/outbox): where it will land once sent. */
  draft?: boolean;
  /** The anchor resolved once, by the core, on the patch or cover letter the comment is about. */
  place?: CommentPlace;
  /** The comment followed into the next version of its patch (absent until versions are linked). */
  nextVersion?: NextVersion;
}

/**
 * A place in a patch (or cover letter) as the review model lays it out: a line of the commit message
 * (`Patch.commitMessage` lines) or cover letter (its body lines), of the diffstat, a hunk line
 * (`files[file].hunks[hunk].lines[line]`), the end of a hunk or a file header when the line itself
 * was not found, or the end when nothing of the anchor is in the patch.
 */
export type Place =
  | { at: 'text'; line: number }
  | { at: 'text-end' }
  | { at: 'diffstat'; line: number }
  | { at: 'diffstat-end' }
  | { at: 'line'; file: number; hunk: number; line: number }
  | { at: 'hunk-end'; file: number; hunk: number }
  | { at: 'file'; file: number }
  | { at: 'end' };

/** What a place holds, so it can be found again in another version: the line and 3 lines either side. */
export interface ContentKey {
  /** The file's path (new path; old path for a deleted file); null outside the diff. */
  file: string | null;
  /** The anchored line as the patch has it (with its marker in the diff). */
  line: string;
  before: string[];
  after: string[];
}

/** A comment's anchor, resolved: on which mail (patch or cover letter), where, and what is there. */
export type CommentPlace = Place & {
  /** Message-ID of the patch or cover letter the place is in. */
  target: string;
  /** null when the place is no line (the end of a hunk, a file, the patch). */
  key: ContentKey | null;
};

export type NextVersionState = 'changed' | 'unchanged' | 'dropped' | 'no-next';

/** Where a comment's place went in the next version, and what says it was (or was not) addressed. */
export interface NextVersion {
  /** The next version's number; null when there is none (`no-next`). */
  version: number | null;
  /** True when the next version is a reworked patch posted as a reply in the review thread. */
  revision?: boolean;
  /** Message-ID of the next version's patch (or cover letter); null for `no-next` or a dropped patch. */
  messageId: string | null;
  state: NextVersionState;
  /** The anchored line and its context in this version, as the patch has them. */
  before: string[];
  /** The lines that stand there in the next version (empty when dropped or no-next). */
  after: string[];
  /** Lines of the next version's changelog (below `---`, or the cover letter's) that speak of this comment. */
  changelog: string[];
  /** The patch author's reply promising a change ("will fix in next version"), if any. */
  promise: { messageId: string; text: string } | null;
  /** The place in the next version's patch, when found (the browser shows it beside the old one). */
  place: CommentPlace | null;
}

/** One patch mail, split and parsed. */
export interface Patch {
  messageId: string;
  subject: string;
  title: string;
  author: Person;
  date: string | null;
  version: number;
  part: number | null;
  total: number | null;
  commitMessage: string;
  /** Trailers in the patch itself and those given in replies. */
  trailers: Trailer[];
  diffstat: string[];
  files: FileDiff[];
  /** The maintainer's note that this patch was applied ("Applied, thanks!"), when one was sent. */
  applied?: AppliedNote;
  /** Diff text that jsdiff could not parse (a mail client mangled the hunk counts), kept raw. */
  unparsedDiff?: string;
  /** True when the patch mail is not in the archive and was rebuilt from quotes in replies. */
  reconstructed?: boolean;
  /**
   * Set on a reworked patch the author posted as a reply in the review ("here is the updated
   * patch"): the Message-ID of the patch it revises. A revision of its own, between vN and vN+1.
   */
  revisionOf?: string;
  comments: Comment[];
}

/**
 * A maintainer's "Applied to for-next, thanks!" / "Queued for 6.9": the state of the series, not a
 * comment on it.
 */
export interface AppliedNote {
  messageId: string;
  by: Person;
  date: string | null;
  /** "for-leds-next", "the testing branch of iio.git", "6.9": where, when the note says so. */
  where: string | null;
  /** The note as written (its first lines). */
  text: string;
}

/**
 * Where a series stands, as Patchwork shows it: `applied` (a maintainer said so, on the cover letter
 * or on every patch), `superseded` (a newer version is in the archives), `in-review` (comments or
 * trailers were given), `new` (nobody answered yet).
 */
export interface SeriesState {
  state: 'applied' | 'superseded' | 'in-review' | 'new';
  /** For `applied`: the maintainer's note (on the cover letter, else on the last patch). */
  applied?: AppliedNote;
  /** For `applied`: true when only some of the patches were applied. */
  partial?: boolean;
  /** For `superseded`: the newest version in the archives. */
  newerVersion?: number;
}

/** A patch series in one version: cover letter (0/N) and parts. */
export interface Series {
  title: string;
  version: number;
  /** Message-ID of the cover letter, null without one. */
  cover: string | null;
  /** Message-IDs of the patches, in part order. */
  patches: string[];
  total: number | null;
  /** Other versions of the same series present in the archive. */
  otherVersions: number[];
  /** Trailers given to the whole series (replies to the cover letter). */
  trailers: Trailer[];
  /** Comments on the cover letter. */
  comments: Comment[];
  /** Applied, superseded, in review or new; set once the thread's reviews are linked. */
  state?: SeriesState;
  /** The maintainer's note sent in reply to the cover letter, when there is one. */
  applied?: AppliedNote;
  /** Every version of this series the archives hold, matched patch by patch (shared by them all). */
  versions?: SeriesVersions;
}

/** One version of a series as the archives hold it. */
export interface SeriesVersion {
  version: number;
  /** A reworked patch posted as a reply (between `version` and the next): the revised patch's id. */
  revisionOf?: string;
  /** True when the subject says RESEND: the same version posted again. */
  resend?: boolean;
  /** Root of the thread that holds it. */
  thread: string;
  cover: string | null;
  /** Message-IDs of its patches, in part order. */
  patches: string[];
  date: string | null;
}

/**
 * How a patch of one version became the next version's. `missing`: the next version is only partly
 * in the archives (v5 3/3 re-sent alone) and holds nothing of this patch, which says nothing of it.
 */
export type PatchChange = 'kept' | 'reordered' | 'added' | 'dropped' | 'split' | 'squashed' | 'missing';

export interface PatchMatch {
  change: PatchChange;
  /** The patch(es) in the earlier version; empty when the patch is new. */
  from: string[];
  /** The patch(es) in the later version; empty when the patch was dropped. */
  to: string[];
  /**
   * What matched them: the subject without its prefix, the files and the diff's lines, or the reply
   * (a reworked patch posted in answer to the patch it revises).
   */
  by: 'subject' | 'diff' | 'reply' | null;
  /** 0..1 share of changed lines the two diffs have in common; null when nothing was compared. */
  similarity: number | null;
}

/** The step from one version to the next. */
export interface VersionStep {
  /** Indexes into `SeriesVersions.versions`. */
  from: number;
  to: number;
  patches: PatchMatch[];
}

export interface SeriesVersions {
  title: string;
  /** Oldest first; a reply revision sits after the version it revises. */
  versions: SeriesVersion[];
  steps: VersionStep[];
}

/** A message's place in a thread. */
export interface ThreadMessage {
  message: Message;
  parent: string | null;
  children: string[];
  depth: number;
}

export interface Thread {
  subject: string;
  /** Message-ID of the root (a placeholder id when the root is missing). */
  root: string;
  /** Messages in thread order (depth first, by date). */
  messages: ThreadMessage[];
  series: Series[];
  patches: Patch[];
}

export interface SourceSummary {
  path: string;
  format: ArchiveFormat;
  /** Mails found in the source (mbox entries, Maildir files, 1 for a page or .eml), before decoding. */
  mails: number;
  /** Of those, the mails decoded into messages. */
  messages: number;
  problems: Problem[];
  /** For mail fetched from a server (`path` is its URL): when the copy read was fetched, ISO 8601. */
  fetchedAt?: string;
}

/** Everything mlreview knows about the archives it was given. */
export interface Review {
  sources: SourceSummary[];
  threads: Thread[];
}
