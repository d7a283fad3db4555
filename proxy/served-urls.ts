/**
 * Reverse mode's URL mapping on the wire (protocol/url-mapping.ts): responses are served to the
 * client with the session's URLs on the proxy, and request bodies that echo proxy URLs are mapped
 * back before they reach the server. The recorder keeps the server's bytes and a note of each.
 */
import type { IncomingMessage } from 'node:http';
import type { IContext } from 'http-mitm-proxy';
import type { UrlMappingNote } from '../protocol/exchange.ts';
import type { ProxyOrigins } from '../protocol/proxy-urls.ts';
import { bodySyntaxOf, MAPPED_HEADERS, mapBodyToProxy, mapHeaderToProxy, mapTextToServer, type BodySyntax, type ServedContext } from '../protocol/url-mapping.ts';
import { decodeContentEncoding } from '../storage/content-encoding.ts';
import type { FlowRecorder } from './flow-recorder.ts';

/** Bodies larger than this stream through unmapped rather than being held in memory. */
const MAX_MAPPED_BODY_BYTES = 32 * 1024 * 1024;
const HOP_BY_HOP = new Set(['transfer-encoding', 'connection', 'keep-alive', 'content-length']);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const TWO_SLASHES = Buffer.from('//');
const ESCAPED_SLASH = Buffer.from('\\/');

export interface ServedMapping {
  readonly context: ServedContext;
  readonly flow: FlowRecorder;
  /** Told the origins each response named: the hosts the proxy may now forward to. */
  readonly learn: (origins: readonly string[]) => void;
}

/**
 * The response's raw header list (name, value, name, value…) with mapped URLs, and a note per
 * header name that changed. The list is copied only when a header changes.
 */
function mapHeaders(raw: readonly string[], mapping: ServedMapping, notes: UrlMappingNote[]): readonly string[] {
  let out: string[] | null = null;
  let counts: Map<string, number> | null = null;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const mapped = mapHeaderToProxy(name, raw[i + 1] as string, mapping.context);
    if (!mapped || mapped.count === 0) continue;
    mapping.learn(mapped.origins);
    const label = MAPPED_HEADERS[name.toLowerCase()] ?? name;
    counts ??= new Map();
    counts.set(label, (counts.get(label) ?? 0) + mapped.count);
    out ??= [...raw];
    out[i + 1] = mapped.text;
  }
  if (counts) for (const [where, count] of counts) notes.push({ where, count, direction: 'to-client' });
  return out ?? raw;
}

function bodyFor(response: IncomingMessage, method: string): BodySyntax | null {
  const status = response.statusCode ?? 0;
  if (method === 'HEAD' || status === 204 || status === 304 || status < 200) return null;
  if (Number(response.headers['content-length'] ?? 0) > MAX_MAPPED_BODY_BYTES) return null;
  return bodySyntaxOf(response.headers['content-type']);
}

/**
 * Whether an identity-encoded body could hold an href the client should get mapped: any absolute
 * or protocol-relative URL has `//` or a JSON-escaped `\/`, and root-relative hrefs map only in
 * bodies from a server other than the upstream. Most UCWA bodies name only root-relative hrefs on
 * the upstream: they are then served as they came, without being decoded to text and scanned.
 */
function mayNameUrls(raw: Buffer, context: ServedContext): boolean {
  return context.servedBy !== context.upstream || raw.includes(TWO_SLASHES) || raw.includes(ESCAPED_SLASH);
}

/**
 * Maps one response on its way to the client, and tees its body into the flow (the caller adds no
 * listener of its own). Without a mappable body the response streams on
 * through http-mitm-proxy (`passOn`) with its headers mapped; with one, the body is read whole,
 * decoded (gzip, deflate, br), mapped, and sent here as identity with its new Content-Length.
 */
export function mapResponse(ctx: IContext, mapping: ServedMapping, passOn: () => void): void {
  const response = ctx.serverToProxyResponse as IncomingMessage;
  const { flow } = mapping;
  const notes: UrlMappingNote[] = [];
  const headers = mapHeaders(response.rawHeaders, mapping, notes);
  const syntax = bodyFor(response, ctx.clientToProxyRequest.method ?? 'GET');
  if (syntax === null) {
    for (const lower of Object.keys(MAPPED_HEADERS)) {
      const values: string[] = [];
      for (let i = 0; i + 1 < headers.length; i += 2) if ((headers[i] as string).toLowerCase() === lower) values.push(headers[i + 1] as string);
      if (values.length) response.headers[lower] = lower === 'www-authenticate' && values.length > 1 ? values : (values[0] as string);
    }
    flow.noteMappings(notes);
    response.on('data', (chunk: Buffer) => flow.responseChunk(chunk));
    response.on('end', () => flow.completed());
    passOn();
    return;
  }
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    flow.responseChunk(chunk);
  });
  response.on('end', () => {
    const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    const encoding = response.headers['content-encoding'];
    let text: string | null = null;
    if (encoding || mayNameUrls(raw, mapping.context)) {
      const identity = decodeContentEncoding(raw, encoding);
      try {
        text = identity && strictUtf8.decode(identity);
      } catch {
        text = null; // not UTF-8 text: served as the server sent it
      }
    }
    const mapped = text === null ? null : mapBodyToProxy(text, syntax, mapping.context);
    const changed = mapped !== null && mapped.count > 0;
    if (changed) {
      mapping.learn(mapped.origins);
      notes.push({ where: encoding ? `response body (${encoding}, served decoded)` : 'response body', count: mapped.count, direction: 'to-client' });
    }
    const body = changed ? Buffer.from(mapped.text, 'utf8') : raw;
    const client = ctx.proxyToClientResponse;
    if (!client.headersSent && !client.destroyed) {
      const served: string[] = [];
      for (let i = 0; i + 1 < headers.length; i += 2) {
        const lower = (headers[i] as string).toLowerCase();
        if (!HOP_BY_HOP.has(lower) && !(changed && lower === 'content-encoding')) served.push(headers[i] as string, headers[i + 1] as string);
      }
      served.push('Content-Length', String(body.byteLength));
      client.writeHead(response.statusCode ?? 502, response.statusMessage ?? '', served);
      client.end(body);
    }
    flow.noteMappings(notes);
    flow.completed();
  });
  response.resume();
}

/**
 * Maps back the proxy URLs a client echoes in a JSON or XML request body, before the body
 * reaches `target`; the request then goes with a Content-Length that fits. Other bodies stream.
 */
export function mapRequestBody(ctx: IContext, origins: ProxyOrigins, target: string, flow: FlowRecorder): void {
  const request = ctx.clientToProxyRequest;
  if (bodySyntaxOf(request.headers['content-type']) === null || request.headers['content-encoding']) return;
  const chunks: Buffer[] = [];
  ctx.onRequestData((_ctx, chunk, callback) => {
    chunks.push(chunk);
    callback(null, undefined);
  });
  ctx.onRequestEnd((_ctx, callback) => {
    const raw = Buffer.concat(chunks);
    let body = raw;
    let text: string | null = null;
    try {
      text = strictUtf8.decode(raw);
    } catch {
      text = null;
    }
    const mapped = text === null ? null : mapTextToServer(text, origins, target);
    if (mapped && mapped.count > 0) {
      body = Buffer.from(mapped.text, 'utf8');
      flow.requestForwardedAs(body);
      flow.noteMappings([{ where: 'request body', count: mapped.count, direction: 'to-server' }]);
    }
    const upstream = ctx.proxyToServerRequest;
    if (upstream && !upstream.headersSent) {
      upstream.removeHeader('transfer-encoding');
      upstream.setHeader('content-length', String(body.byteLength));
    }
    if (body.byteLength > 0) upstream?.write(body);
    callback();
  });
}
