/**
 * Everything storage derives from one finished exchange's raw bytes: what each body decoded to,
 * the resources and events in it, diagnostics, the conversations it touches, and the text to
 * index. Pure apart from the session's href index it reads and teaches; no SQL here.
 */
import { channelLink } from '../channel-link.ts';
import { lintDecodedBody } from '../catalog/lint.ts';
import { decodeMessage, responseOf } from '../decode-message.ts';
import type { BatchPart, DecodeResult, DecodedBody } from '../decoded-body.ts';
import type { EventBatch } from '../event.ts';
import { headerValue, type RecordedExchange } from '../exchange.ts';
import { decodeResponseHead, describeResponseHead } from '../head/response-head.ts';
import type { HrefIndex } from './href-index.ts';
import { directConversation, eventConversation, learnEvent } from './href-learning.ts';
import { ResourceWalker, type DerivedResource, type Direction } from './resource-walker.ts';
import { inputsFromDecoded, type ExchangeRef } from '../timeline/inputs-from-exchange.ts';
import type { TimelineInput } from '../timeline/timeline-types.ts';

/**
 * Bump when derivation changes what it produces; rows derived by an older version are then
 * rebuilt by `reindex`.
 */
export const DERIVATION_VERSION = 7;

/** Index at most this much of each body's text; the bytes themselves are always kept whole. */
const MAX_INDEXED_CHARS = 1_000_000;

export interface DerivedEventBatch {
  /** The ack this response answered (its self link, else the request URL). */
  readonly ack: number | null;
  readonly nextHref: string | null;
  readonly resyncHref: string | null;
  readonly resumeHref: string | null;
  readonly eventCount: number;
}

export interface DerivedEvent {
  /** 0-based across the batch, in wire order. */
  readonly position: number;
  readonly ack: number | null;
  readonly senderRel: string;
  readonly senderHref: string;
  readonly type: string;
  readonly linkRel: string;
  readonly linkHref: string;
  readonly linkTitle: string | null;
  readonly inRel: string | null;
  readonly inHref: string | null;
  readonly status: string | null;
  readonly reasonCode: string | null;
  readonly reasonSubcode: string | null;
  readonly reasonMessage: string | null;
  /** Normalized href of the conversation the event belongs to, when known. */
  readonly conversation: string | null;
  /** IM text the event delivered (an embedded message's plainMessage/htmlMessage). */
  readonly messageText: string | null;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly direction: Direction;
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  readonly offset: number | null;
}

/** What a body became: a `DecodedBody` kind, `undecodable`, or null when there was no body to decode. */
export type BodyKind = DecodedBody['kind'] | 'undecodable';

export interface DerivedExchange {
  /** The rel of the link the request followed, as learned from earlier responses (`sendMessage`, `events`). */
  readonly targetRel: string | null;
  readonly requestKind: BodyKind | null;
  readonly responseKind: BodyKind | null;
  /** The type of the response's root resource (`conversation`...), when it was one. */
  readonly responseRel: string | null;
  /** `code` or `code/subcode` of a UCWA error body (`Conflict/PGetReplaced`). */
  readonly ucwaError: string | null;
  readonly resources: readonly DerivedResource[];
  readonly eventBatch: DerivedEventBatch | null;
  readonly events: readonly DerivedEvent[];
  readonly diagnostics: readonly Diagnostic[];
  /** Normalized conversation hrefs the exchange touches, in first-seen order. */
  readonly conversations: readonly string[];
  /** Every rel and resource type mentioned, for the exchange list's rel filter. */
  readonly rels: readonly string[];
  readonly text: { readonly request: string; readonly response: string; readonly messages: string };
  /** What the exchange feeds the conversation timelines, decoded once here and stored. */
  readonly timelineInputs: readonly TimelineInput[];
  /** Catalogue lint findings in each body (severity `finding`, an unchecked request input left out), so a list row can mark them without decoding. */
  readonly lintFindingCounts: LintFindingCounts;
}

export interface LintFindingCounts {
  readonly request: number;
  readonly response: number;
}

export function deriveExchange(ref: ExchangeRef, index: HrefIndex): DerivedExchange {
  const { exchange } = ref;
  const { request } = exchange;
  const response = responseOf(exchange);
  const diagnostics: Diagnostic[] = [];
  const walker = new ResourceWalker(index);

  const known = index.get(request.url);
  const urlConversation = known?.conversation ?? null;
  if (urlConversation !== null) walker.conversations.add(urlConversation);

  const requestResult = request.body.byteLength > 0 ? decodeSide(exchange, 'request', diagnostics) : null;
  const responseResult = response ? decodeSide(exchange, 'response', diagnostics) : null;
  if (response) for (const message of describeResponseHead(decodeResponseHead(response.headers))) diagnostics.push({ direction: 'response', severity: 'info', message, offset: null });

  if (requestResult?.ok) walkBody(requestResult.body, 'request', urlConversation, walker);
  let events: DerivedEvent[] = [];
  let eventBatch: DerivedEventBatch | null = null;
  let responseRel: string | null = null;
  let ucwaError: string | null = null;
  if (responseResult?.ok) {
    const body = responseResult.body;
    if (body.kind === 'events') {
      ({ events, eventBatch } = deriveEvents(body.batch, request.url, index, walker));
    } else {
      const rootConversation = walkBody(body, 'response', urlConversation, walker);
      if (body.kind === 'resource') {
        responseRel = body.resource.rel;
        if (request.method.toUpperCase() === 'GET') index.learn(request.url, body.resource.rel, rootConversation, true);
      }
      if (body.kind === 'error') ucwaError = body.error.subcode ? `${body.error.code}/${body.error.subcode}` : body.error.code;
    }
  }
  const location = response ? headerValue(response.headers, 'location') : undefined;
  if (location !== undefined) index.learn(location, null, urlConversation);

  // A GET names what it addressed by the type that came back (an event batch: the events
  // resource); other methods by the link they followed.
  const isGet = request.method.toUpperCase() === 'GET';
  const targetRel = (isGet ? (eventBatch !== null ? 'events' : responseRel) : null) ?? known?.rel ?? null;
  const rels = new Set(targetRel !== null ? [targetRel, ...walker.rels] : walker.rels);
  for (const event of events) rels.add(event.linkRel);
  const conversations = new Set(walker.conversations);
  for (const event of events) if (event.conversation !== null) conversations.add(event.conversation);

  return {
    targetRel,
    requestKind: kindOf(requestResult),
    responseKind: kindOf(responseResult),
    responseRel,
    ucwaError,
    resources: walker.resources,
    eventBatch,
    events,
    diagnostics,
    conversations: [...conversations],
    rels: [...rels],
    text: {
      request: indexableText(request.body, requestResult),
      response: response ? indexableText(response.body, responseResult) : '',
      messages: walker.messages.join('\n'),
    },
    timelineInputs: inputsFromDecoded(ref, responseResult, requestResult),
    lintFindingCounts: { request: lintFindingCount(requestResult), response: lintFindingCount(responseResult) },
  };
}

/**
 * What is stored for an exchange whose derivation threw: nothing derived but the timeline inputs
 * (when they could be read apart), and a diagnostic saying why.
 */
export function failedDerivation(error: unknown, timelineInputs: readonly TimelineInput[] = []): DerivedExchange {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    targetRel: null,
    requestKind: null,
    responseKind: null,
    responseRel: null,
    ucwaError: null,
    resources: [],
    eventBatch: null,
    events: [],
    diagnostics: [{ direction: 'response', severity: 'error', message: `derivation failed: ${reason}; the raw exchange is intact`, offset: null }],
    conversations: [],
    rels: [],
    text: { request: '', response: '', messages: '' },
    timelineInputs,
    lintFindingCounts: { request: 0, response: 0 },
  };
}

function decodeSide(exchange: RecordedExchange, direction: Direction, diagnostics: Diagnostic[]): DecodeResult {
  const message = direction === 'request' ? exchange.request : responseOf(exchange);
  const result = decodeMessage(exchange, direction);
  if (message === null || result === null) throw new Error(`decodeSide: the exchange has no ${direction}`);
  if (message.bodyTruncated)
    diagnostics.push({ direction, severity: 'info', message: `${direction} body truncated at ${message.body.byteLength} of ${message.bodySizeBytes} bytes; decoded what arrived`, offset: null });
  if (!result.ok) diagnostics.push({ direction, severity: 'error', message: result.problem, offset: result.offset ?? null });
  else if (result.body.kind === 'error-page')
    diagnostics.push({ direction, severity: 'info', message: `${result.body.server ?? 'HTML'} error page${result.body.title !== null ? `: ${result.body.title}` : ''}`, offset: null });
  else for (const warning of result.warnings) diagnostics.push({ direction, severity: 'warning', message: warning, offset: null });
  return result;
}

/** Walks whatever resources a body holds; returns the conversation of its root resource. */
function walkBody(body: DecodedBody, direction: Direction, conversation: string | null, walker: ResourceWalker): string | null {
  const context = { direction, rel: null, parentPosition: null, eventPosition: null, conversation };
  switch (body.kind) {
    case 'resource':
      return walker.walk(body.resource, context);
    case 'message-text':
      walker.messages.push(body.text);
      return null;
    case 'batch':
      for (const part of body.parts) walkPart(part, direction, walker);
      return null;
    default:
      return null;
  }
}

function walkPart(part: BatchPart, direction: Direction, walker: ResourceWalker): void {
  if (part.body.ok) walkBody(part.body.body, direction, null, walker);
}

function deriveEvents(batch: EventBatch, url: string, index: HrefIndex, walker: ResourceWalker): { events: DerivedEvent[]; eventBatch: DerivedEventBatch } {
  const ack = batch.self?.ack ?? channelLink(url).ack;
  // The channel's own links all address the `events` resource, whatever rel carried them.
  for (const link of [batch.self, batch.next, batch.resync, batch.resume]) if (link) index.learn(link.href, 'events', null, true);

  const events = batch.events.map((event): DerivedEvent => {
    const direct = directConversation(event);
    let found: string | null = null;
    const messagesBefore = walker.messages.length;
    for (const [relationship, resources] of Object.entries(event.embedded))
      for (const resource of resources) {
        const walked = walker.walk(resource, { direction: 'response', rel: relationship, parentPosition: null, eventPosition: event.index, conversation: direct });
        found ??= walked;
      }
    const conversation = eventConversation(index, event, found);
    learnEvent(index, event, conversation);
    const texts = walker.messages.slice(messagesBefore);
    return {
      position: event.index,
      ack,
      senderRel: event.sender.rel,
      senderHref: event.sender.href,
      type: event.type,
      linkRel: event.link.rel,
      linkHref: event.link.href,
      linkTitle: event.link.title ?? null,
      inRel: event.in?.rel ?? null,
      inHref: event.in?.href ?? null,
      status: event.status ?? null,
      reasonCode: event.reason?.code ?? null,
      reasonSubcode: event.reason?.subcode ?? null,
      reasonMessage: event.reason?.message ?? null,
      conversation,
      messageText: texts.length > 0 ? texts.join('\n') : null,
    };
  });
  return {
    events,
    eventBatch: {
      ack,
      nextHref: batch.next?.href ?? null,
      resyncHref: batch.resync?.href ?? null,
      resumeHref: batch.resume?.href ?? null,
      eventCount: batch.events.length,
    },
  };
}

/**
 * Lint runs on the body already decoded above: the check costs a walk, never a decode. Counted:
 * what the reference does not explain. Not counted: `info` (a known server sends it) and a request
 * input the catalogue cannot check, which says nothing is wrong (every POST of a chat has one).
 */
function lintFindingCount(result: DecodeResult | null): number {
  if (result === null || !result.ok) return 0;
  return (lintDecodedBody(result.body) ?? []).filter((finding) => finding.severity === 'finding' && finding.kind !== 'input-not-checked').length;
}

function kindOf(result: DecodeResult | null): BodyKind | null {
  if (result === null) return null;
  return result.ok ? result.body.kind : 'undecodable';
}

/** The body as text for full-text search: UTF-8 bodies that decoded to something textual. */
function indexableText(body: Uint8Array, result: DecodeResult | null): string {
  if (body.byteLength === 0 || result === null) return '';
  if (result.ok && result.body.kind === 'opaque') return '';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body.byteLength > MAX_INDEXED_CHARS ? body.subarray(0, MAX_INDEXED_CHARS) : body);
  // Replacement characters mean this was binary after all: not worth indexing.
  return text.includes('\uFFFD') ? '' : text;
}
