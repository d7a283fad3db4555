/**
 * What changes between the recording and what is served: absolute URLs of the recorded host
 * become the replay server's own, and operationIds the recorded client chose become the live
 * client's. Everything else is served byte for byte.
 */
import type { HeaderPairs } from '../protocol/exchange.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const HOP_BY_HOP = new Set(['transfer-encoding', 'connection', 'keep-alive', 'content-length']);

export interface Rewriter {
  readonly origins: readonly string[];
  readonly ownOrigin: string;
  /** Recorded operationId → the live client's. */
  readonly operationIds: ReadonlyMap<string, string>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function rewriteText(text: string, rewriter: Rewriter): string {
  let out = text;
  for (const origin of rewriter.origins) if (origin !== rewriter.ownOrigin) out = out.split(origin).join(rewriter.ownOrigin);
  for (const [recorded, live] of rewriter.operationIds) {
    if (recorded === live) continue;
    const id = escapeRegExp(recorded);
    out = out.replace(new RegExp(`("operationId"\\s*:\\s*")${id}(")`, 'g'), `$1${live}$2`).replace(new RegExp(`(<property name="operationId">)${id}(<)`, 'g'), `$1${live}$2`);
  }
  return out;
}

export function rewriteBody(body: Uint8Array, rewriter: Rewriter): Uint8Array {
  if (body.byteLength === 0) return body;
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    return body; // binary: served as recorded
  }
  const rewritten = rewriteText(text, rewriter);
  return rewritten === text ? body : new Uint8Array(Buffer.from(rewritten, 'utf8'));
}

/** Recorded headers in their order and casing, URLs of the recorded host rewritten (Location, the WWW-Authenticate challenge), with a Content-Length that fits the served body. */
export function servedHeaders(headers: HeaderPairs, bodyBytes: number, rewriter: Rewriter): string[] {
  const flat: string[] = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    flat.push(name, rewriteText(value, rewriter));
  }
  flat.push('Content-Length', String(bodyBytes));
  return flat;
}
