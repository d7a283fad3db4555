/**
 * The operationId a client chose for a request, read one way for every caller (replay matching
 * and rewriting, timeline inputs): from the query (`operationId`, or `OperationContext` as some
 * clients spell it), else from a JSON or XML input body.
 */

export interface OperationRequest {
  /** Absolute, or a path with its query. */
  readonly url: string | URL;
  readonly body?: Uint8Array;
}

const QUERY_NAME = /^(operationId|OperationContext)$/i;
const JSON_FIELD = /"operationId"\s*:\s*"([^"]+)"/i;
const XML_PROPERTY = /<property name="operationId">([^<]+)</i;
const utf8 = new TextDecoder();

function queryOf(url: string | URL): URLSearchParams {
  if (typeof url !== 'string') return url.searchParams;
  const start = url.indexOf('?');
  if (start < 0) return new URLSearchParams();
  const end = url.indexOf('#', start);
  return new URLSearchParams(url.slice(start + 1, end < 0 ? undefined : end));
}

/**
 * A regular expression, not a decode, reads the body: every recorded request is asked when a
 * recording opens for replay, and an input body names its operationId in one of two fixed shapes.
 */
export function operationIdOf(request: OperationRequest): string | null {
  for (const [name, value] of queryOf(request.url)) if (QUERY_NAME.test(name) && value !== '') return value;
  const body = request.body;
  if (!body || body.byteLength === 0) return null;
  const text = utf8.decode(body);
  return JSON_FIELD.exec(text)?.[1] ?? XML_PROPERTY.exec(text)?.[1] ?? null;
}
