/** Store rows to the API's wire types. */
import type { DecodeResult } from '../../protocol/decoded-body.ts';
import { headerValue, type RecordedRequest, type RecordedResponse } from '../../protocol/exchange.ts';
import { lintDecodedBody } from '../../protocol/catalog/lint.ts';
import { describeChallenge } from '../../protocol/head/auth-challenge.ts';
import { describeMsDiagnostic } from '../../protocol/head/ms-diagnostics.ts';
import { decodeResponseHead } from '../../protocol/head/response-head.ts';
import type { ExchangeSummary } from '../../storage/queries/exchange-summary.ts';
import type { RowFacts } from '../../storage/queries/row-facts.ts';
import type { StoredEvent } from '../../storage/queries/event-queries.ts';
import type { SessionSummary } from '../../storage/queries/session-queries.ts';
import type { BodyDto, EventDto, ExchangeRowDto, ResponseHeadDto, SessionDto } from '../api/wire-types.ts';
import { prettyBody } from './pretty-body.ts';
import { rowSummary, whereOf } from './row-summary.ts';

export function sessionDto(s: SessionSummary): SessionDto {
  return { id: s.id, name: s.name, startedAtMs: s.startedAtMs, endedAtMs: s.endedAtMs, upstream: s.upstream, mode: s.mode, notes: s.notes, redacted: s.redacted, exchangeCount: s.exchangeCount, pendingCount: s.pendingCount, errorCount: s.errorCount, eventCount: s.eventCount, conversationCount: s.conversationCount, underivedCount: s.underivedCount, decodedCount: s.decodedCount };
}

/** A list row; `facts` (derived events and conversation) make its summary say what happened. */
export function exchangeRowDto(x: ExchangeSummary, facts?: RowFacts): ExchangeRowDto {
  return {
    id: x.id,
    sessionId: x.sessionId,
    seq: x.seq,
    stage: x.stage,
    method: x.method,
    url: x.url,
    startedAtMs: x.startedAtMs,
    durationMs: x.durationMs,
    status: x.status,
    requestBodySizeBytes: x.requestBodySizeBytes,
    responseBodySizeBytes: x.responseBodySizeBytes,
    truncated: x.truncated,
    error: x.error,
    rel: x.derived?.responseRel ?? x.derived?.targetRel ?? null,
    eventCount: x.derived?.eventCount ?? null,
    where: whereOf(x.url),
    summary: rowSummary(x, facts),
    diagnosticCount: x.derived?.diagnosticCount ?? 0,
    ucwaError: x.derived?.ucwaError ?? null,
    lintFindingCount: x.derived ? x.derived.lintFindingCounts.request + x.derived.lintFindingCounts.response : 0,
  };
}

export function eventDto(e: StoredEvent): EventDto {
  return { exchangeId: e.exchangeId, position: e.position, atMs: e.atMs, type: e.type, senderRel: e.senderRel, linkRel: e.linkRel, linkHref: e.linkHref, linkTitle: e.linkTitle, inRel: e.inRel, status: e.status, messageText: e.messageText };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** One side's body for the detail view, given what it decoded to (`decodeMessage`; null for an empty body). */
export function bodyDto(message: RecordedRequest | RecordedResponse, result: DecodeResult | null): BodyDto {
  const contentType = headerValue(message.headers, 'content-type') ?? null;
  let text: string | null = null;
  try {
    text = strictUtf8.decode(message.body);
  } catch {
    text = null;
  }
  const decoded = result === null ? null : result.ok ? result.body : { problem: result.problem };
  // The same lint derivation counts for the row's mark (batch parts included).
  const lint = result?.ok ? (lintDecodedBody(result.body) ?? []) : [];
  return {
    sizeBytes: message.bodySizeBytes,
    truncated: message.bodyTruncated,
    contentType,
    text,
    base64: text === null ? Buffer.from(message.body).toString('base64') : null,
    pretty: text === null ? null : prettyBody(text, contentType),
    decoded: JSON.parse(JSON.stringify(decoded, (_k, v: unknown) => (v instanceof Uint8Array ? { base64: Buffer.from(v).toString('base64') } : v))) as unknown,
    lint: lint.map((f) => ({ kind: f.kind, severity: f.severity, knownFrom: f.knownFrom ?? null, name: f.name, where: f.where, message: f.message })),
    errorPage: result?.ok && result.body.kind === 'error-page' ? { title: result.body.title, server: result.body.server } : null,
  };
}

export function responseHeadDto(response: RecordedResponse): ResponseHeadDto {
  const head = decodeResponseHead(response.headers);
  return {
    challenges: head.challenges.map((c) => ({ scheme: c.scheme, params: c.params, token68: c.token68 ?? null, summary: describeChallenge(c) })),
    diagnostics: head.diagnostics.map((d) => ({ code: d.code, source: d.source, reason: d.reason, summary: describeMsDiagnostic(d) })),
  };
}

/** What the UI says of an exchange rebuilt from an event log. */
export const RECONSTRUCTED_NOTE = 'reconstructed from an event log: request not captured';

/** A curl command that sends the recorded request again (secrets stay as recorded: redacted ones read REDACTED-N). */
export function curlOf(request: RecordedRequest): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const parts = ['curl', '-X', request.method, quote(request.url)];
  for (const [name, value] of request.headers) if (!/^(host|content-length|connection)$/i.test(name)) parts.push('-H', quote(`${name}: ${value}`));
  if (request.body.byteLength > 0) parts.push('--data-binary', quote(Buffer.from(request.body).toString('utf8')));
  return parts.join(' ');
}
