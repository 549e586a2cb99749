// Bytes a worker hands back by moving their buffer: the buffer must hold those bytes alone, or the
// move would take (and detach) whatever else shares it — a small Buffer lives in node's shared pool.

export function owned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}
