// libmime (mailparser's own MIME helpers, same author) ships no types; mlreview uses one function.
declare module 'libmime' {
  const libmime: {
    /** Decodes RFC 2047 encoded words ("=?utf-8?q?J=2E_Neusch=C3=A4fer?=") in a header value. */
    decodeWords(text: string): string;
  };
  export default libmime;
}
