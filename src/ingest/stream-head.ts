// A stream's first bytes looked at before any is passed on: a download or a `.gz` is refused by what
// it holds (an HTML page, a tarball) before a reader takes it for mail.

/**
 * The stream unchanged, once `check` has seen at least its first `bytes` bytes (or all of a shorter
 * stream); `check` throws to refuse it. Nothing is held back after the head.
 */
export async function* checkedHead(stream: AsyncIterable<Buffer>, bytes: number, check: (head: Buffer) => void): AsyncGenerator<Buffer> {
  let head = Buffer.alloc(0);
  let checked = false;
  for await (const chunk of stream) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < bytes) continue;
    check(head);
    checked = true;
    yield head;
  }
  if (!checked && head.length > 0) {
    check(head);
    yield head;
  }
}
