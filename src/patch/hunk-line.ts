// The hunk lines src/patch makes: the model's HunkLine, with `kind` and `text` read from `raw` when asked.
//
// A hunk line is the commonest object of the model (1.2 million in linux-leds' 23,200 mails, more
// memory than the mail bodies themselves). Holding `text` as a second string cost each line a
// 32-byte slice header and a field: 31 MB of a 348 MB model, 0.3 GB at 200,000 mails; `kind` another
// field. The model's type is unchanged: `kind` and `text` are getters on the prototype, not own
// properties — code that copies a line must name its fields (`{ ...line }` would drop them).
import type { HunkLine, LineKind } from '../model.js';

export class PatchLine implements HunkLine {
  /** Set by the hunk reader when `\ No newline at end of file` follows; absent otherwise. */
  declare noNewlineAtEnd?: boolean;

  constructor(
    public raw: string,
    public oldLine: number | null,
    public newLine: number | null,
  ) {}

  /** From the marker: the hunk reader turned blank context lines a mail client stripped into " ". */
  get kind(): LineKind {
    const marker = this.raw.charCodeAt(0);
    return marker === 0x2b ? 'add' : marker === 0x2d ? 'del' : 'context';
  }

  get text(): string {
    return this.raw.slice(1);
  }
}
