/**
 * What changes between the recording and what is served: the session's URLs are served as URLs
 * on the replay server, as the recording proxy serves them (protocol/url-mapping.ts), and
 * operationIds the recorded client chose become the live client's. Everything else is served
 * byte for byte.
 */
import type { HeaderPairs } from '../protocol/exchange.ts';
import { bodySyntaxOf, mapBodyToProxy, mapHeaderToProxy, type ServedContext } from '../protocol/url-mapping.ts';
import { decodeContentEncoding } from '../storage/content-encoding.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const HOP_BY_HOP = new Set(['transfer-encoding', 'connection', 'keep-alive', 'content-length']);

export interface Rewriter {
  /** Where the served message came from in the recording and where the client reaches the replay. */
  readonly context: ServedContext;
  /** Recorded operationId → the live client's. */
  readonly operationIds: ReadonlyMap<string, string>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function rewriteOperationIds(text: string, operationIds: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [recorded, live] of operationIds) {
    if (recorded === live) continue;
    const id = escapeRegExp(recorded);
    out = out.replace(new RegExp(`("operationId"\\s*:\\s*")${id}(")`, 'g'), `$1${live}$2`).replace(new RegExp(`(<property name="operationId">)${id}(<)`, 'g'), `$1${live}$2`);
  }
  return out;
}

export interface Served {
  /** With a Content-Length that fits the body. */
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
}

/**
 * A recorded response as served: mapped headers, and a JSON or XML body with mapped hrefs and
 * live operationIds (decoded from gzip/deflate/br first, and then served as identity when it changed).
 */
export function serveRecorded(headers: HeaderPairs, body: Uint8Array, rewriter: Rewriter): Served {
  let contentType: string | undefined;
  let encoding: string | undefined;
  for (const [name, value] of headers) {
    if (name.toLowerCase() === 'content-type') contentType ??= value;
    if (name.toLowerCase() === 'content-encoding') encoding ??= value;
  }
  let served = body;
  let decodedServed = false;
  const syntax = bodySyntaxOf(contentType);
  const identity = syntax && body.byteLength > 0 ? decodeContentEncoding(body, encoding) : null;
  if (syntax && identity) {
    let text: string | null;
    try {
      text = strictUtf8.decode(identity);
    } catch {
      text = null; // not UTF-8: served as recorded
    }
    if (text !== null) {
      const rewritten = rewriteOperationIds(mapBodyToProxy(text, syntax, rewriter.context).text, rewriter.operationIds);
      if (rewritten !== text) {
        served = new TextEncoder().encode(rewritten);
        decodedServed = true;
      }
    }
  }
  const out: [string, string][] = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || (decodedServed && lower === 'content-encoding')) continue;
    out.push([name, mapHeaderToProxy(name, value, rewriter.context)?.text ?? value]);
  }
  out.push(['Content-Length', String(served.byteLength)]);
  return { headers: out, body: served };
}

/** Headers of an answer from the fallback server, with a Content-Length that fits its body. */
export function passedHeaders(headers: HeaderPairs, bodyBytes: number): HeaderPairs {
  const out: [string, string][] = [];
  for (const [name, value] of headers) if (!HOP_BY_HOP.has(name.toLowerCase())) out.push([name, value]);
  out.push(['Content-Length', String(bodyBytes)]);
  return out;
}
