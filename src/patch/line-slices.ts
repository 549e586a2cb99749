// Cutting runs of lines out of a text as slices of it, not as joined copies.
//
// V8 keeps a slice (a "sliced string") as a pointer into its parent. A patch's hunk lines are slices
// of whatever text jsdiff split; when that text was a `lines.join('\n')` copy, every patch kept its
// diff twice (the body and the copy), and a 2 GB archive no longer fitted in the heap. Slicing the
// body itself, which the model keeps anyway, costs nothing more.

/** Where each line of `lines` (a `split('\n')` of some text) starts in that text, plus one past the end. */
export function lineOffsets(lines: readonly string[]): number[] {
  const at = new Array<number>(lines.length + 1);
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    at[i] = offset;
    offset += lines[i]!.length + 1;
  }
  at[lines.length] = offset;
  return at;
}

/** Lines `from`..`to` (exclusive) of `text` as one slice of it: `lines.slice(from, to).join('\n')` without a copy. */
export function textOfLines(text: string, at: readonly number[], from: number, to: number): string {
  return to > from ? text.slice(at[from], at[to]! - 1) : '';
}
