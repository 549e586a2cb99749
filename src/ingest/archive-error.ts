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
