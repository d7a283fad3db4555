/**
 * A body's bytes under its Content-Encoding (gzip, deflate, br, in the order applied), for code
 * that must read a recorded or passing body: the proxy and the replay mapping URLs in it.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

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
      if (coding === 'gzip' || coding === 'x-gzip') bytes = gunzipSync(bytes);
      else if (coding === 'br') bytes = brotliDecompressSync(bytes);
      else if (coding === 'deflate') bytes = inflateDeflate(bytes);
      else return null;
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
