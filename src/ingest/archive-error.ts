// An archive that cannot be read at all (missing, not mail, unreadable): one line for the user, naming
// the file and the reason. A broken message inside a readable archive is a Problem, never this.
export class ArchiveError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'ArchiveError';
  }
}

// Node's own messages repeat the path and the system call (`EACCES: permission denied, open '…'`);
// the user already gets the path in front, so the reason is the plain words.
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error while reading',
  EMFILE: 'too many open files',
};

/** A file-system error as the words a user reads after the file name. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code && REASONS[code]) return REASONS[code];
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}

/** Runs a file-system step; its failure becomes an ArchiveError naming the path. */
export async function onFile<T>(path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(path, fileErrorReason(error));
  }
}
