/**
 * Undoes what a capture tool stored as it was on the wire: chunked transfer-encoding and
 * gzip/deflate/br content-encoding. Storage keeps bodies as the decoder reads them (a HAR's
 * `content.text` is already decoded too), so the stored exchange stays self-consistent: the
 * header that no longer holds is removed, `Content-Length` follows the body, and each change is
 * listed in the exchange's notes so nobody mistakes it for the wire.
 */
import { CONTENT_CODECS } from '../content-encoding.ts';
import { headerValue, type HeaderPairs } from '../../protocol/exchange.ts';
import { concatBytes } from '../../protocol/concat-bytes.ts';

export interface Unwrapped {
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
  readonly notes: readonly string[];
}

/** Joins the chunks of a chunked body; null when the bytes are not chunked framing. */
export function dechunk(bytes: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (;;) {
    let lineEnd = at;
    while (lineEnd < bytes.length && bytes[lineEnd] !== 0x0a) lineEnd++;
    if (lineEnd >= bytes.length) return null;
    const sizeText = new TextDecoder('latin1').decode(bytes.subarray(at, lineEnd)).replace(/\r$/, '').split(';')[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) return null;
    const size = Number.parseInt(sizeText, 16);
    at = lineEnd + 1;
    if (size === 0) break;
    if (at + size > bytes.length) return null;
    parts.push(bytes.subarray(at, at + size));
    at += size;
    if (bytes[at] === 0x0d) at++;
    if (bytes[at] === 0x0a) at++;
  }
  return concatBytes(parts);
}

function without(headers: HeaderPairs, name: string): HeaderPairs {
  return headers.filter(([n]) => n.toLowerCase() !== name);
}

function withContentLength(headers: HeaderPairs, length: number): HeaderPairs {
  return headers.map(([n, v]): readonly [string, string] => (n.toLowerCase() === 'content-length' ? [n, String(length)] : [n, v]));
}

/** `side` is `request` or `response`, for the notes. */
export function undoWireEncoding(headers: HeaderPairs, body: Uint8Array, side: string): Unwrapped {
  const notes: string[] = [];
  let outHeaders = headers;
  let outBody = body;
  const transfer = (headerValue(headers, 'transfer-encoding') ?? '').toLowerCase();
  if (transfer.includes('chunked')) {
    const joined = dechunk(body);
    if (joined === null) notes.push(`${side} body kept as stored: it says Transfer-Encoding: chunked but is not chunked framing`);
    else {
      outBody = joined;
      outHeaders = without(outHeaders, 'transfer-encoding');
      notes.push(`${side} body de-chunked on import (Transfer-Encoding header removed)`);
    }
  }
  const encoding = (headerValue(headers, 'content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity' && outBody.byteLength > 0) {
    const decode = CONTENT_CODECS[encoding]?.decode;
    if (decode === undefined) notes.push(`${side} body kept ${encoding}-encoded: storage cannot read that encoding`);
    else {
      try {
        outBody = new Uint8Array(decode(outBody));
        outHeaders = without(outHeaders, 'content-encoding');
        notes.push(`${side} body ${encoding}-decoded on import (Content-Encoding header removed)`);
      } catch {
        notes.push(`${side} body kept as stored: it says Content-Encoding: ${encoding} but does not decode (already decoded, or cut short)`);
      }
    }
  }
  if (outBody !== body) outHeaders = withContentLength(outHeaders, outBody.byteLength);
  return { headers: outHeaders, body: outBody, notes };
}

/**
 * A HAR's `content.text` is decoded by definition (HAR 1.2: "decompressed & unchunked"), while
 * its headers still say how the wire carried it. Headers that no longer hold are removed.
 */
export function dropDecodedFraming(headers: HeaderPairs, body: Uint8Array, side: string): Unwrapped {
  if (body.byteLength === 0) return { headers, body, notes: [] };
  const notes: string[] = [];
  let out = headers;
  for (const name of ['content-encoding', 'transfer-encoding']) {
    const value = (headerValue(out, name) ?? '').trim().toLowerCase();
    if (value === '' || value === 'identity') continue;
    out = without(out, name);
    notes.push(`${side} header ${name === 'content-encoding' ? 'Content-Encoding' : 'Transfer-Encoding'}: ${value} removed on import: the HAR holds the decoded body`);
  }
  return notes.length === 0 ? { headers, body, notes } : { headers: withContentLength(out, body.byteLength), body, notes };
}
