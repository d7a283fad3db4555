/**
 * Reads a request's input: JSON or XML `<input>` bodies through protocol's decoder, form bodies
 * for the token endpoint, query parameters for POST input given in the URL (QueryParameters.md).
 * Property names match case-insensitively: the walkthroughs send PascalCase, the ref pages camelCase.
 */
import { decodeHttpMessage } from '../../protocol/decode-message.ts';
import type { UcwaResource } from '../../protocol/resource.ts';
import { badRequest, SimError } from './sim-error.ts';

/** The most a request body may hold; the HTTP server stops reading once a body is past it. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request's body where a route reads it: one past the limit is 413, at the point a server would have read it. */
export function bodyWithinLimit(body: Uint8Array): Uint8Array {
  if (body.byteLength > MAX_BODY_BYTES) throw new SimError(413, { code: 'EntityTooLarge', message: `The request body is over ${MAX_BODY_BYTES} bytes.` });
  return body;
}

export class RequestInput {
  private constructor(
    private readonly properties: ReadonlyMap<string, string>,
    private readonly links: ReadonlyMap<string, string>,
    private readonly lists: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {}

  static empty(url: URL): RequestInput {
    return new RequestInput(queryMap(url), new Map());
  }

  /** Decodes a JSON or XML input body; a body that does not decode is 400 DeserializationFailure naming the problem. */
  static fromBody(body: Uint8Array, contentType: string | undefined, url: URL): RequestInput {
    const properties = queryMap(url);
    const links = new Map<string, string>();
    const lists = new Map<string, string[]>();
    if (body.byteLength === 0) return new RequestInput(properties, links);
    if (!contentType || !/json|xml/i.test(contentType)) throw new SimError(415, { code: 'UnsupportedMediaType', message: `Send input as application/json or application/xml, not ${contentType ?? 'a body without Content-Type'}.` });
    const result = decodeHttpMessage({ side: 'request', body, contentType, method: 'POST', url });
    if (!result.ok) throw badRequest('DeserializationFailure', `The input could not be read: ${result.problem}`);
    if (result.body.kind !== 'resource') throw badRequest('DeserializationFailure', `The input must be an object of properties, not ${result.body.kind}.`);
    const resource: UcwaResource = result.body.resource;
    for (const [name, value] of Object.entries(resource.properties)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') properties.set(name.toLowerCase(), String(value));
      else if (Array.isArray(value)) lists.set(name.toLowerCase(), value.filter((item): item is string => typeof item === 'string'));
      else if (value !== null && typeof value === 'object' && 'kind' in value && value.kind === 'date') properties.set(name.toLowerCase(), value.text);
    }
    for (const [rel, list] of Object.entries(resource.links)) if (list[0]) links.set(rel.toLowerCase(), list[0].href);
    return new RequestInput(properties, links, lists);
  }

  /** An array property (`uris`, `contactUris`); a single value given instead counts as a list of one. */
  list(name: string): readonly string[] | undefined {
    const single = this.get(name);
    return this.lists.get(name.toLowerCase()) ?? (single === undefined ? undefined : [single]);
  }

  get(name: string): string | undefined {
    return this.properties.get(name.toLowerCase());
  }

  link(rel: string): string | undefined {
    return this.links.get(rel.toLowerCase());
  }
}

function queryMap(url: URL): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of url.searchParams) map.set(name.toLowerCase(), value);
  return map;
}
