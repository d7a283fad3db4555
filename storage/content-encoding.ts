/**
 * The Content-Encodings a UCWA body may come in (gzip, deflate, br), for code that must read or
 * rewrite a recorded or passing body: the proxy and the replay mapping URLs, redaction, pseudonyms,
 * and imports undoing what a capture tool stored as it was on the wire.
 */
import { brotliCompressSync, brotliDecompressSync, deflateSync, gunzipSync, gzipSync, inflateRawSync, inflateSync } from 'node:zlib';

export interface ContentCodec {
  readonly decode: (bytes: Uint8Array) => Uint8Array;
  readonly encode: (bytes: Uint8Array) => Uint8Array;
}

/** By lower-case coding name; `identity` and unknown codings are absent. */
export const CONTENT_CODECS: Readonly<Record<string, ContentCodec>> = {
  gzip: { decode: gunzipSync, encode: gzipSync },
  'x-gzip': { decode: gunzipSync, encode: gzipSync },
  deflate: { decode: inflateDeflate, encode: deflateSync },
  br: { decode: brotliDecompressSync, encode: brotliCompressSync },
};

/** The identity bytes, or null when an encoding is unknown or the bytes do not decode. */
export function decodeContentEncoding(body: Uint8Array, contentEncoding: string | undefined): Uint8Array | null {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  let bytes: Uint8Array = body;
  try {
    // Codings are listed in the order they were applied: undo them last to first.
    for (const coding of codings.reverse()) {
      const codec = CONTENT_CODECS[coding];
      if (codec === undefined) return null;
      bytes = codec.decode(bytes);
    }
  } catch {
    return null;
  }
  return bytes;
}

/** HTTP's deflate is zlib-wrapped, but some servers send raw deflate. */
function inflateDeflate(bytes: Uint8Array): Uint8Array {
  try {
    return inflateSync(bytes);
  } catch {
    return inflateRawSync(bytes);
  }
}
