/**
 * Turns one recorded exchange into timeline inputs: the client's request at the moment it
 * started, and the response (a snapshot, a Location, an error) and each event of an event batch
 * at the moment it ended. Sorting all inputs by time then puts an event that arrived before the
 * 201 of the request that caused it where it belongs.
 */
import { decodeMessage } from '../decode-message.ts';
import type { DecodeResult } from '../decoded-body.ts';
import { headerValue, type RecordedExchange } from '../exchange.ts';
import { operationIdOf } from '../operation-id.ts';
import type { TimelineInput } from './timeline-types.ts';

export interface ExchangeRef {
  readonly id: number;
  readonly seq: number;
  readonly exchange: RecordedExchange;
}

export function inputsFromExchange(ref: ExchangeRef): TimelineInput[] {
  return inputsFromDecoded(ref, decodeMessage(ref.exchange, 'response'));
}

/** The same, given the response as already decoded (derivation decodes it once for everything). */
export function inputsFromDecoded({ id, seq, exchange }: ExchangeRef, decoded: DecodeResult | null): TimelineInput[] {
  const { request, timings } = exchange;
  const inputs: TimelineInput[] = [];
  const startedAt = timings.startedAtMs;
  const contentType = headerValue(request.headers, 'content-type');
  const text = /^text\/(plain|html)/i.test(contentType ?? '') ? new TextDecoder().decode(request.body) : undefined;
  const operationId = operationIdOf(request);
  inputs.push({
    kind: 'request',
    atMs: startedAt,
    cause: { exchangeId: id, seq, source: 'request' },
    method: request.method.toUpperCase(),
    href: request.url,
    ...(text !== undefined ? { text, html: /^text\/html/i.test(contentType ?? '') } : {}),
    ...(operationId ? { operationId } : {}),
  });
  if (exchange.stage === 'initiated' || !exchange.response) return inputs;
  const response = exchange.response;
  const endedAt = startedAt + (timings.endedMs ?? timings.firstByteMs ?? 0);
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
  return inputs;
}

/** All inputs of a session's exchanges, in time order (stable: same-time inputs keep recording order). */
export function timelineInputs(exchanges: Iterable<ExchangeRef>): TimelineInput[] {
  const inputs: TimelineInput[] = [];
  for (const exchange of exchanges) inputs.push(...inputsFromExchange(exchange));
  return inputs.map((input, order) => ({ input, order })).sort((a, b) => a.input.atMs - b.input.atMs || a.order - b.order).map(({ input }) => input);
}
