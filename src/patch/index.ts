// A mail → a Patch (or null when the mail carries no diff).
import type { FileDiff, Message, Patch, Problem } from '../model.js';
import { parseSubject } from '../thread/subject.js';
import { parseDiff } from './diff.js';
import { splitPatchMail, type PatchParts } from './split.js';
import { parseTrailerLines } from './trailers.js';

export interface PatchRead {
  patch: Patch | null;
  problem?: Problem;
}

/**
 * A mail is a patch when it starts a conversation (not a reply) and carries a diff. Cover letters
 * (0/N) have no diff and are not patches; replies with a diff ("how about this instead?") are
 * comments on the patch they answer, not patches.
 */
export function readPatch(message: Message): PatchRead {
  const subject = parseSubject(message.subject);
  if (subject.isReply || subject.part === 0) return { patch: null };
  const parts = splitPatchMail(message.body);
  if (!parts.diff) return { patch: null };
  const parsed = parseDiff(parts.diff);
  const patch = newPatch(message, parts, parsed.files);
  if (message.reconstructed) {
    // Rebuilt from the excerpts a reply quoted: the hunk headers are real but the lines between the
    // excerpts are missing, so no line number past the header can be known, and the counts cannot
    // match. Nothing here is a problem of the archive.
    patch.reconstructed = true;
    for (const file of patch.files) {
      for (const hunk of file.hunks) for (const line of hunk.lines) line.oldLine = line.newLine = null;
    }
    return { patch };
  }
  if (parsed.recounted && parsed.unparsed === undefined) {
    return {
      patch,
      problem: {
        where: `${message.origin.path}:${message.origin.where}`,
        reason: `hunk line counts of <${message.id}> did not match its lines and were recounted: ${parsed.recounted}`,
      },
    };
  }
  if (parsed.unparsed !== undefined) {
    // Only the blocks jsdiff could not read; the other files are in `patch.files` with their comments.
    patch.unparsedDiff = parsed.unparsed;
    return {
      patch,
      problem: {
        where: `${message.origin.path}:${message.origin.where}`,
        reason: `diff of <${message.id}> could not be parsed (kept as text): ${parsed.error ?? 'unknown error'}`,
      },
    };
  }
  return { patch };
}

/** A Patch from its mail and the mail's parts: one place that fills the model's fields. */
export function newPatch(message: Message, parts: PatchParts, files: FileDiff[], subject = message.subject): Patch {
  const info = parseSubject(message.subject);
  return {
    messageId: message.id,
    subject,
    title: info.title,
    author: message.from,
    date: message.date,
    version: info.version,
    part: info.part,
    total: info.total,
    commitMessage: parts.commitMessage,
    trailers: parseTrailerLines(parts.trailerLines, message.id),
    diffstat: parts.diffstat,
    files,
    comments: [],
  };
}
