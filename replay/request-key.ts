/**
 * A request's identity for matching: method, path, the query with parameters sorted, and the
 * body by meaning (JSON and XML input through the decoder, forms by field), without the values a
 * client chooses anew every run (operationId, sessionContext…, secrets, and what the user adds).
 */
import { decodeHttpMessage } from '../protocol/decode-message.ts';

export const DEFAULT_IGNORED = ['operationId', 'OperationContext', 'sessionContext', 'endpointId', 'instanceId', 'password', 'access_token', 'refresh_token', 'ms_rtc_renew'];

export interface KeyOptions {
  /** Query parameters and body fields left out of the key (case-insensitive). */
  readonly ignore: ReadonlySet<string>;
}

export interface RequestKey {
  readonly method: string;
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  /** The body by meaning: field → value, or the text for text bodies. */
  readonly body: readonly (readonly [string, string])[] | string;
  /** All of it as one string, for lookups. */
  readonly text: string;
}

export function ignoreSet(extra: readonly string[] = []): ReadonlySet<string> {
  return new Set([...DEFAULT_IGNORED, ...extra].map((name) => name.toLowerCase()));
}

type BodyFields = readonly (readonly [string, string])[] | string;

/**
 * Body fields already worked out, by method, Content-Type and body bytes: a long recording sends
 * the same few bodies thousands of times, and decoding each again is most of the cost of keying
 * it. A request body decodes the same at any path (only a response's URL tells the decoder
 * anything), so the path is not part of the memo's key.
 */
export type BodyFieldMemo = Map<string, BodyFields>;

function bodyFields(body: Uint8Array, contentType: string | undefined, url: string, method: string, ignore: ReadonlySet<string>, memo: BodyFieldMemo | undefined): BodyFields {
  if (body.byteLength === 0) return '';
  if (memo === undefined) return decodeFields(body, contentType, url, method, ignore);
  // latin1 maps each byte to one character: two bodies share a memo key only when their bytes are equal.
  const memoKey = `${method}\n${contentType ?? ''}\n${Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1')}`;
  let fields = memo.get(memoKey);
  if (fields === undefined) {
    fields = decodeFields(body, contentType, url, method, ignore);
    memo.set(memoKey, fields);
  }
  return fields;
}

function decodeFields(body: Uint8Array, contentType: string | undefined, url: string, method: string, ignore: ReadonlySet<string>): BodyFields {
  const decoded = decodeHttpMessage({ side: 'request', body, contentType, method, url });
  if (!decoded.ok) return Buffer.from(body).toString('utf8');
  const out: [string, string][] = [];
  const keep = (name: string, value: string) => {
    if (!ignore.has(name.toLowerCase())) out.push([name.toLowerCase(), value]);
  };
  const result = decoded.body;
  if (result.kind === 'form') for (const [name, value] of result.fields) keep(name, value);
  else if (result.kind === 'resource') {
    for (const [name, value] of Object.entries(result.resource.properties)) keep(name, JSON.stringify(value !== null && typeof value === 'object' && 'text' in value ? value.text : value));
    for (const [rel, links] of Object.entries(result.resource.links)) for (const link of links) keep(`_links.${rel}`, link.href);
  } else if (result.kind === 'message-text') return result.text;
  else return Buffer.from(body).toString('utf8');
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `url` may come parsed already. */
export function requestKey(method: string, url: string | URL, body: Uint8Array, contentType: string | undefined, options: KeyOptions): RequestKey {
  const parsed = typeof url === 'string' ? new URL(url, 'http://replay.invalid') : url;
  return requestKeyAt(method, parsed.pathname, parsed.search, body, contentType, options);
}

/**
 * The key of a request to `path` with query `search` (`''` or `?…`, as URL.search): indexing a
 * long recording builds no URL per request, and shares one `memo` across its requests.
 */
export function requestKeyAt(method: string, path: string, search: string, body: Uint8Array, contentType: string | undefined, options: KeyOptions, memo?: BodyFieldMemo): RequestKey {
  const query = search === '' ? [] : [...new URLSearchParams(search)].filter(([name]) => !options.ignore.has(name.toLowerCase())).sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  // Only the path tells a decoder anything (an event channel's); the host is the replay's own.
  const fields = bodyFields(body, contentType, `http://replay.invalid${path}${search}`, method, options.ignore, memo);
  const upper = method.toUpperCase();
  return { method: upper, path, query, body: fields, text: JSON.stringify([upper, path, query, fields]) };
}

/** What differs between a live request and a recorded one, in words, most important first. */
export function differences(live: RequestKey, recorded: RequestKey): string[] {
  const out: string[] = [];
  if (live.method !== recorded.method) out.push(`method ${live.method} (recorded ${recorded.method})`);
  if (live.path !== recorded.path) out.push(`path ${live.path} (recorded ${recorded.path})`);
  const liveQuery = new Map(live.query);
  const recordedQuery = new Map(recorded.query);
  for (const name of new Set([...liveQuery.keys(), ...recordedQuery.keys()]))
    if (liveQuery.get(name) !== recordedQuery.get(name)) out.push(`query parameter ${name}: ${liveQuery.get(name) ?? '(absent)'} (recorded ${recordedQuery.get(name) ?? '(absent)'})`);
  if (typeof live.body === 'string' || typeof recorded.body === 'string') {
    if (JSON.stringify(live.body) !== JSON.stringify(recorded.body)) out.push('body text');
  } else {
    const liveBody = new Map(live.body);
    const recordedBody = new Map(recorded.body);
    for (const name of new Set([...liveBody.keys(), ...recordedBody.keys()]))
      if (liveBody.get(name) !== recordedBody.get(name)) out.push(`body field ${name}: ${liveBody.get(name) ?? '(absent)'} (recorded ${recordedBody.get(name) ?? '(absent)'})`);
  }
  return out;
}
