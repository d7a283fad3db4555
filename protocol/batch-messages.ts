/**
 * The messages inside a `multipart/batching` body as raw bytes (for a server that answers each
 * part, or a replay that matches them), and the writing of such a body (BatchingRequests.md).
 */
import { decodeMultipart } from './decode-multipart.ts';
import type { BatchPart, DecodeResult } from './decoded-body.ts';
import { headerValue, type HeaderPairs } from './exchange.ts';
import { parseMediaType } from './media-type.ts';
import { concatBytes } from './concat-bytes.ts';

/** One inner HTTP message with its body bytes as sent. */
export interface BatchMessage {
  readonly part: BatchPart;
  readonly body: Uint8Array;
}

export type SplitBatch = { readonly ok: true; readonly messages: readonly BatchMessage[] } | { readonly ok: false; readonly problem: string };

/** The `boundary` of a `multipart/batching` Content-Type; null when the type is something else. */
export function batchBoundaryOf(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  const parsed = parseMediaType(contentType);
  if (!parsed.ok || parsed.mediaType.essence !== 'multipart/batching') return null;
  return parsed.mediaType.parameters['boundary'] ?? '';
}

const KEEP_BYTES: DecodeResult = { ok: true, format: 'opaque', body: { kind: 'opaque', mediaType: 'application/octet-stream', sizeBytes: 0 }, warnings: [] };

/** Splits a batch into its messages; the multipart decoder hands each inner body to its callback, which keeps the bytes undecoded. */
export function splitBatch(bytes: Uint8Array, contentType: string | undefined): SplitBatch {
  const boundary = batchBoundaryOf(contentType);
  const bodies: Uint8Array[] = [];
  const result = decodeMultipart(bytes, boundary || undefined, (body) => {
    bodies.push(body);
    return KEEP_BYTES;
  });
  if (!result.ok) return { ok: false, problem: result.problem };
  if (result.body.kind !== 'batch') return { ok: false, problem: 'multipart: the body holds no parts' };
  return { ok: true, messages: result.body.parts.map((part, i) => ({ part, body: bodies[i] ?? new Uint8Array(0) })) };
}

/** What to write for one response part. */
export interface BatchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
}

const encoder = new TextEncoder();

/** One request part to write: no body, as batches of GETs are. */
export interface BatchRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: HeaderPairs;
}

/** A `multipart/batching` request body of `application/http; msgtype=request` parts, CRLF line ends (BatchingRequests.md). */
export function encodeBatchRequest(requests: readonly BatchRequest[], boundary: string): Uint8Array {
  const parts = requests.map((r) => [`--${boundary}`, 'Content-Type: application/http; msgtype=request', '', `${r.method} ${r.target} HTTP/1.1`, ...r.headers.map(([name, value]) => `${name}: ${value}`), '', ''].join('\r\n'));
  return encoder.encode(`${parts.join('\r\n')}\r\n--${boundary}--\r\n`);
}

/** A `multipart/batching` response body: each answer an `application/http` part with its own status line, headers and body, CRLF line ends. */
export function encodeBatchResponse(answers: readonly BatchResponse[], boundary: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const answer of answers) {
    const headers = answer.headers.filter(([name]) => !/^(content-length|transfer-encoding|connection|keep-alive)$/i.test(name));
    const head = [`--${boundary}`, 'Content-Type: application/http; msgtype=response', '', `HTTP/1.1 ${answer.status} ${answer.statusText}`, ...headers.map(([name, value]) => `${name}: ${value}`), `Content-Length: ${answer.body.byteLength}`, '', ''].join('\r\n');
    chunks.push(encoder.encode(head), answer.body, encoder.encode('\r\n'));
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  return concatBytes(chunks);
}

const DIGITS = '0123456789';
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A new boundary in the style of the request's: same length and punctuation, a hex boundary
 * (GUID, the reference's `EA370946`) gets hex digits of its case, any other each digit and
 * letter replaced by one of its kind. No request boundary: eight hex digits, as the reference shows.
 */
export function freshBoundaryLike(requestBoundary: string, random: () => number): string {
  const style = /[0-9a-z]/i.test(requestBoundary) ? requestBoundary : '0cac9abd';
  const pick = (alphabet: string) => alphabet[Math.floor(random() * alphabet.length)] as string;
  const hex = /^[0-9a-f-]+$/i.test(style) ? (/[a-f]/.test(style) || !/[A-F]/.test(style) ? '0123456789abcdef' : '0123456789ABCDEF') : null;
  for (;;) {
    let out = '';
    for (const ch of style) out += hex && /[0-9a-f]/i.test(ch) ? pick(hex) : /[0-9]/.test(ch) ? pick(DIGITS) : /[a-z]/i.test(ch) ? pick(LETTERS) : ch;
    if (out !== requestBoundary) return out;
  }
}

/** The header of a part's inner message, by name. */
export function partHeader(message: BatchMessage, name: string): string | undefined {
  return headerValue(message.part.headers, name);
}
