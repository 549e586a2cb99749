// RFC 2047 encoded words ("=?utf-8?q?J=2E_Neusch=C3=A4fer?=") in a header value, decoded by libmime
// (mailparser's own MIME helpers). An encoded word in a charset it does not know leaves the value as
// written: a name shown raw is better than a mail that cannot be read.
import libmime from 'libmime';

export function decodeWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}
