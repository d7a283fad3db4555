/**
 * Decodes a JSON body: resources and request inputs, event batches, UCWA error bodies and OAuth
 * token responses and errors. Bad input is a DecodeProblem naming what and where, never an
 * exception.
 */
import { BodyShapeError } from './body-shape-error.ts';
import { isEventChannelUrl } from './channel-link.ts';
import { finished, unexpectedFailure } from './decode-safety.ts';
import type { BodyContext, DecodeProblem, DecodeResult, DecodedBody } from './decoded-body.ts';
import { injectedSpacesNote, unescapeHtml } from './html-escaping.ts';
import { looksLikeJsonError, readJsonError } from './json/json-error.ts';
import { readJsonEventBatch } from './json/json-event-batch.ts';
import { isOAuthError, isOAuthToken, readOAuthError, readOAuthToken } from './json/json-oauth.ts';
import { describe, readJsonResource } from './json/json-resource.ts';
import { findJsonSyntaxError } from './json/json-syntax-error.ts';
import { isJsonObject, type JsonMapContext, type JsonObject } from './json/json-values.ts';
import { positionAt } from './text/text-position.ts';

export function decodeJson(text: string, context: BodyContext = { direction: 'response' }): DecodeResult {
  try {
    return finished(decodeJsonText(text, context));
  } catch (error) {
    return unexpectedFailure('json', error);
  }
}

function decodeJsonText(text: string, context: BodyContext): DecodeResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return syntaxProblem(text);
  }
  if (!isJsonObject(value)) return { ok: false, format: 'json', problem: `not a UCWA body: the JSON top level is ${describe(value)}, expected an object` };
  const warnings: string[] = [];
  try {
    const body = decodeObject(value, context, { warnings });
    return { ok: true, format: 'json', body, warnings };
  } catch (error) {
    if (!(error instanceof BodyShapeError)) throw error;
    return { ok: false, format: 'json', problem: `JSON: ${error.sentence}` };
  }
}

function decodeObject(object: JsonObject, context: BodyContext, mapContext: JsonMapContext): DecodedBody {
  if (Array.isArray(object['sender'])) return { kind: 'events', batch: readJsonEventBatch(object, mapContext) };
  if (context.direction === 'response') {
    const failed = context.status === undefined || context.status >= 400;
    if (looksLikeJsonError(object) && failed) return { kind: 'error', error: readJsonError(object, '$', mapContext) };
    if (isOAuthToken(object)) return { kind: 'token', token: readOAuthToken(object) };
    if (isOAuthError(object) && failed) return readOAuthError(object);
    // An empty batch is only `_links`; the URL is what says it came from the event channel.
    if (isEventChannelUrl(context.url) && '_links' in object && !('rel' in object))
      return { kind: 'events', batch: readJsonEventBatch(object, mapContext) };
  }
  return { kind: 'resource', resource: readJsonResource(object, null, context.direction === 'request' ? 'input' : 'resource', '$', mapContext) };
}

function syntaxProblem(text: string): DecodeProblem {
  const error = findJsonSyntaxError(text);
  // HTML escaping is the diagnosis only when the syntax breaks exactly at an "&quot;".
  if (error !== null && text.startsWith('&quot;', error.offset)) {
    const escape = error.offset;
    const unescaped = unescapeHtml(text);
    const retry = findJsonSyntaxError(unescaped);
    const after =
      (retry === null ? 'un-escaped, it is valid JSON' : `even un-escaped it is not JSON: expected ${retry.expected} at ${place(unescaped, retry.offset)}`) +
      injectedSpacesNote(unescaped);
    return {
      ok: false,
      format: 'json',
      problem: `JSON: the body is HTML-escaped: "&quot;" at ${place(text, escape)} stands where '"' belongs (the UCWA docs print request bodies this way; ${after}). Un-escape &quot; &lt; &gt; &amp; to read it`,
      ...positionAt(text, escape),
    };
  }
  if (error === null) return { ok: false, format: 'json', problem: 'JSON: the body does not parse, but no syntax error could be located (please report this body)' };
  return { ok: false, format: 'json', problem: `JSON: expected ${error.expected} at ${place(text, error.offset)}`, ...positionAt(text, error.offset) };
}

/** `offset 212 (line 9, column 5)`. */
function place(text: string, offset: number): string {
  const { line, column } = positionAt(text, offset);
  return `offset ${offset} (line ${line}, column ${column})`;
}
