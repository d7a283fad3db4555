/**
 * Turns one recorded exchange into timeline inputs: the client's request at the moment it
 * started, and the response (a snapshot, a Location, an error) and each event of an event batch
 * at the moment it ended. Sorting all inputs by time then puts an event that arrived before the
 * 201 of the request that caused it where it belongs.
 */
import { decodeMessage } from '../decode-message.ts';
import type { DecodeResult, DecodedBody } from '../decoded-body.ts';
import { headerValue, type RecordedExchange } from '../exchange.ts';
import { operationIdOf } from '../operation-id.ts';
import type { PropertyValue } from '../resource.ts';
import type { Cause, TimelineInput } from './timeline-types.ts';

/**
 * The input properties the reducer reads from a request body: makeMeAvailable's `signInAs`, the
 * `availability` and `message` POSTed to presence and note, and the URIs a presence subscription
 * takes in (`uris` on presenceSubscriptions, `contactUris` on its memberships). Nothing else of a
 * request body is kept.
 */
export const REQUEST_PROPERTIES = ['signInAs', 'availability', 'message', 'uris', 'contactUris'] as const;

export interface ExchangeRef {
  readonly id: number;
  readonly seq: number;
  readonly exchange: RecordedExchange;
}

export function inputsFromExchange(ref: ExchangeRef): TimelineInput[] {
  const request = ref.exchange.request.body.byteLength > 0 ? decodeMessage(ref.exchange, 'request') : null;
  return inputsFromDecoded(ref, decodeMessage(ref.exchange, 'response'), request);
}

function requestProperties(decoded: DecodeResult | null): Record<string, PropertyValue> | null {
  if (!decoded?.ok || decoded.body.kind !== 'resource') return null;
  const { properties } = decoded.body.resource;
  let kept: Record<string, PropertyValue> | null = null;
  for (const name of REQUEST_PROPERTIES) if (properties[name] !== undefined) (kept ??= {})[name] = properties[name] as PropertyValue;
  return kept;
}

/** The same, given the bodies as already decoded (derivation decodes them once for everything). */
export function inputsFromDecoded({ id, seq, exchange }: ExchangeRef, decoded: DecodeResult | null, decodedRequest: DecodeResult | null = null): TimelineInput[] {
  const { request, timings } = exchange;
  const inputs: TimelineInput[] = [];
  const startedAt = timings.startedAtMs;
  const contentType = headerValue(request.headers, 'content-type');
  const text = /^text\/(plain|html)/i.test(contentType ?? '') ? new TextDecoder().decode(request.body) : undefined;
  const operationId = operationIdOf(request);
  const properties = requestProperties(decodedRequest);
  inputs.push({
    kind: 'request',
    atMs: startedAt,
    cause: { exchangeId: id, seq, source: 'request' },
    method: request.method.toUpperCase(),
    href: request.url,
    ...(text !== undefined ? { text, html: /^text\/html/i.test(contentType ?? '') } : {}),
    ...(operationId ? { operationId } : {}),
    ...(properties !== null ? { properties } : {}),
  });
  if (exchange.stage === 'initiated' || !exchange.response) return inputs;
  const response = exchange.response;
  // What an answer shows is so from its first byte. A loaded recorder notes a response's end late,
  // after requests the client sent in answer to it (a decline of the invitation the batch offered),
  // and the fold must learn the link before it sees the request acting on it.
  const endedAt = startedAt + (timings.firstByteMs ?? timings.endedMs ?? 0);
  const body = decoded?.ok ? decoded.body : null;
  if (body?.kind === 'events') {
    const cause = { exchangeId: id, seq, source: 'event' as const };
    if (body.batch.resync) inputs.push({ kind: 'channel-reset', atMs: endedAt, cause, reset: 'resync' });
    else if (body.batch.resume) inputs.push({ kind: 'channel-reset', atMs: endedAt, cause, reset: 'resume' });
    for (const event of body.batch.events) inputs.push({ kind: 'event', atMs: endedAt, cause: { ...cause, eventIndex: event.index }, event });
    return inputs;
  }
  const location = headerValue(response.headers, 'location');
  inputs.push({
    kind: 'response',
    atMs: endedAt,
    cause: { exchangeId: id, seq, source: 'snapshot' },
    method: request.method.toUpperCase(),
    href: request.url,
    status: response.status,
    ...(location ? { location } : {}),
    ...(body?.kind === 'resource' ? { resource: body.resource } : {}),
    ...(body?.kind === 'error' && body.error.subcode ? { errorSubcode: body.error.subcode } : {}),
  });
  if (body?.kind === 'batch') inputs.push(...batchPartInputs(body, decodedRequest?.ok ? decodedRequest.body : null, endedAt, { exchangeId: id, seq, source: 'snapshot' }));
  return inputs;
}

/**
 * A batch's answers, one response input per part that carried a resource, as if each had been
 * asked alone: the request parts, in the same order, say which method and URL each answers.
 */
function batchPartInputs(body: Extract<DecodedBody, { kind: 'batch' }>, requestBody: DecodedBody | null, atMs: number, cause: Cause): TimelineInput[] {
  const asked = requestBody?.kind === 'batch' ? requestBody.parts.filter((part) => part.kind === 'request') : [];
  const inputs: TimelineInput[] = [];
  body.parts
    .filter((part) => part.kind === 'response')
    .forEach((part, i) => {
      if (!part.body.ok || part.body.body.kind !== 'resource') return;
      const resource = part.body.body.resource;
      const href = asked[i]?.target ?? resource.href;
      if (href === undefined || href === null) return;
      inputs.push({ kind: 'response', atMs, cause, method: (asked[i]?.method ?? 'GET').toUpperCase(), href, status: part.status ?? 200, resource });
    });
  return inputs;
}

/** All inputs of a session's exchanges, in time order (stable: same-time inputs keep recording order). */
export function timelineInputs(exchanges: Iterable<ExchangeRef>): TimelineInput[] {
  const inputs: TimelineInput[] = [];
  for (const exchange of exchanges) inputs.push(...inputsFromExchange(exchange));
  return inputs.map((input, order) => ({ input, order })).sort((a, b) => a.input.atMs - b.input.atMs || a.order - b.order).map(({ input }) => input);
}
