/**
 * Private mapping between `exchanges`/`sessions` rows and the protocol's exchange types.
 * Headers are stored as JSON arrays of [name, value] pairs (order and casing kept); bodies
 * as blobs, byte for byte.
 */
import {
  headerValue,
  type AbortedExchange,
  type ExchangeError,
  type ExchangeErrorKind,
  type ExchangeTimings,
  type HeaderPairs,
  type RecordedExchange,
  type RecordedRequest,
  type RecordedResponse,
  type UrlMappingNote,
} from '../protocol/exchange.ts';

export interface ExchangeRow {
  readonly id: number;
  readonly session_id: number;
  readonly seq: number;
  readonly stage: RecordedExchange['stage'];
  readonly connection_id: string;
  readonly started_at_ms: number;
  readonly started_mono_ms: number;
  readonly request_sent_ms: number | null;
  readonly first_byte_ms: number | null;
  readonly ended_ms: number | null;
  readonly method: string;
  readonly url: string;
  readonly request_http_version: string;
  readonly request_headers: string;
  readonly request_body: Uint8Array;
  readonly request_body_size: number;
  readonly request_body_truncated: number;
  readonly status: number | null;
  readonly status_text: string | null;
  readonly response_http_version: string | null;
  readonly response_headers: string | null;
  readonly response_body: Uint8Array | null;
  readonly response_body_size: number | null;
  readonly response_body_truncated: number | null;
  readonly error_kind: ExchangeErrorKind | null;
  readonly error_message: string | null;
  readonly redactions: string | null;
  readonly url_mappings: string | null;
  readonly reconstructed: number;
  readonly change_id: number;
}

/** The values an insert or update binds, named as the columns are. */
export type ExchangeValues = Omit<ExchangeRow, 'id' | 'session_id' | 'seq' | 'change_id'>;

export function toExchangeValues(exchange: RecordedExchange, redactions: readonly string[]): ExchangeValues {
  const response = exchange.stage === 'initiated' ? null : exchange.response;
  const error = exchange.stage === 'initiated' ? null : exchange.error;
  const { timings, request } = exchange;
  return {
    stage: exchange.stage,
    connection_id: exchange.connectionId,
    started_at_ms: timings.startedAtMs,
    started_mono_ms: timings.startedMonoMs,
    request_sent_ms: timings.requestSentMs,
    first_byte_ms: timings.firstByteMs,
    ended_ms: timings.endedMs,
    method: request.method,
    url: request.url,
    request_http_version: request.httpVersion,
    request_headers: JSON.stringify(request.headers),
    request_body: request.body,
    request_body_size: request.bodySizeBytes,
    request_body_truncated: request.bodyTruncated ? 1 : 0,
    status: response?.status ?? null,
    status_text: response?.statusText ?? null,
    response_http_version: response?.httpVersion ?? null,
    response_headers: response ? JSON.stringify(response.headers) : null,
    response_body: response?.body ?? null,
    response_body_size: response?.bodySizeBytes ?? null,
    response_body_truncated: response ? (response.bodyTruncated ? 1 : 0) : null,
    error_kind: error?.kind ?? null,
    error_message: error?.message ?? null,
    redactions: redactions.length > 0 ? JSON.stringify(redactions) : null,
    url_mappings: exchange.urlMappings?.length ? JSON.stringify(exchange.urlMappings) : null,
    reconstructed: exchange.reconstructed === true ? 1 : 0,
  };
}

export function parseHeaders(json: string): HeaderPairs {
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`stored headers are not a list: ${json.slice(0, 60)}`);
  return parsed as HeaderPairs;
}

export function toTimings(row: ExchangeRow): ExchangeTimings {
  return {
    startedAtMs: row.started_at_ms,
    startedMonoMs: row.started_mono_ms,
    requestSentMs: row.request_sent_ms,
    firstByteMs: row.first_byte_ms,
    endedMs: row.ended_ms,
  };
}

function toRequest(row: ExchangeRow): RecordedRequest {
  return {
    method: row.method,
    url: row.url,
    httpVersion: row.request_http_version,
    headers: parseHeaders(row.request_headers),
    body: asBytes(row.request_body),
    bodySizeBytes: row.request_body_size,
    bodyTruncated: row.request_body_truncated === 1,
  };
}

function toResponse(row: ExchangeRow): RecordedResponse | null {
  if (row.status === null || row.response_headers === null) return null;
  return {
    status: row.status,
    statusText: row.status_text ?? '',
    httpVersion: row.response_http_version ?? '1.1',
    headers: parseHeaders(row.response_headers),
    body: asBytes(row.response_body),
    bodySizeBytes: row.response_body_size ?? 0,
    bodyTruncated: row.response_body_truncated === 1,
  };
}

/** Any stage's fields, writable, while `toRecordedExchange` adds them one by one. */
type ExchangeInTheMaking = { -readonly [K in keyof AbortedExchange]?: K extends 'stage' ? RecordedExchange['stage'] : K extends 'error' ? ExchangeError | null : AbortedExchange[K] };

export function toRecordedExchange(row: ExchangeRow): RecordedExchange {
  // Built key by key in the order the spread-built objects had (exports serialize them as they
  // are): derivation builds one per exchange, and spreading cost more than all the rest of this.
  const exchange: ExchangeInTheMaking = {
    connectionId: row.connection_id,
    request: toRequest(row),
    timings: toTimings(row),
  };
  if (row.url_mappings) exchange.urlMappings = JSON.parse(row.url_mappings) as UrlMappingNote[];
  if (row.reconstructed === 1) exchange.reconstructed = true;
  const error = row.error_kind === null ? null : { kind: row.error_kind, message: row.error_message ?? '' };
  switch (row.stage) {
    case 'initiated':
      exchange.stage = 'initiated';
      return exchange as RecordedExchange;
    case 'completed': {
      const response = toResponse(row);
      if (!response) throw new Error(`exchange ${row.id} is stored as completed but has no response`);
      exchange.stage = 'completed';
      exchange.response = response;
      exchange.error = error;
      return exchange as RecordedExchange;
    }
    case 'aborted':
      exchange.stage = 'aborted';
      exchange.response = toResponse(row);
      exchange.error = error ?? { kind: 'proxy-error', message: 'aborted without a recorded reason' };
      return exchange as RecordedExchange;
  }
}

export function parseRedactions(json: string | null): string[] {
  return json === null ? [] : (JSON.parse(json) as string[]);
}

/**
 * better-sqlite3 hands blobs back as Buffers. A plain Uint8Array view over the same memory (no
 * copy) keeps Node's Buffer out of the protocol types, whose JSON and equality differ.
 */
function asBytes(blob: Uint8Array | null): Uint8Array {
  return blob === null ? new Uint8Array(0) : new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);
}

/**
 * What replay indexes a recording by: the request's identity and the response's status, without
 * any response headers or body (read when served). Reading a long session this way touches a
 * fraction of its bytes; a request without a body is not even asked for its headers.
 */
export interface RequestSide {
  readonly id: number;
  readonly seq: number;
  readonly stage: RecordedExchange['stage'];
  readonly method: string;
  readonly url: string;
  /** The request's Content-Type; null when it has no body (or no such header). */
  readonly contentType: string | null;
  readonly body: Uint8Array;
  readonly status: number | null;
  readonly statusText: string | null;
  readonly error: ExchangeError | null;
  readonly startedAtMs: number;
  /**
   * The recorder's monotonic clock at the start, sub-millisecond; 0 where the source had none
   * (imports). Wall-clock starts are whole milliseconds: too coarse to order a request against
   * the first byte of an answer in the same millisecond.
   */
  readonly startedMonoMs: number;
  /** Monotonic milliseconds from start to the response's first byte; null when none came. */
  readonly firstByteMs: number | null;
  /** Monotonic milliseconds from start to end; null while pending. */
  readonly endedMs: number | null;
}

/** Read as arrays (`.raw()`): a long session has a row per exchange, and arrays are the cheapest rows to build. */
export const REQUEST_SIDE_COLUMNS = `id, seq, stage, method, url, started_at_ms, started_mono_ms, first_byte_ms, ended_ms, status, status_text, error_kind, error_message,
  CASE WHEN request_body_size > 0 THEN request_headers END,
  CASE WHEN request_body_size > 0 THEN request_body END`;

export type RequestSideTuple = readonly [
  id: number,
  seq: number,
  stage: RecordedExchange['stage'],
  method: string,
  url: string,
  startedAtMs: number,
  startedMonoMs: number,
  firstByteMs: number | null,
  endedMs: number | null,
  status: number | null,
  statusText: string | null,
  errorKind: ExchangeErrorKind | null,
  errorMessage: string | null,
  requestHeaders: string | null,
  requestBody: Uint8Array | null,
];

const NO_BYTES = new Uint8Array(0);

/**
 * Request Content-Types already read, by the headers' stored text: a client sends the same few
 * header sets thousands of times, so a long session parses each set once.
 */
export type ContentTypeMemo = Map<string, string | null>;

function contentTypeOf(requestHeaders: string, memo: ContentTypeMemo | undefined): string | null {
  let contentType = memo?.get(requestHeaders);
  if (contentType === undefined) {
    contentType = headerValue(parseHeaders(requestHeaders), 'content-type') ?? null;
    memo?.set(requestHeaders, contentType);
  }
  return contentType;
}

export function toRequestSide([id, seq, stage, method, url, startedAtMs, startedMonoMs, firstByteMs, endedMs, status, statusText, errorKind, errorMessage, requestHeaders, requestBody]: RequestSideTuple, memo?: ContentTypeMemo): RequestSide {
  const contentType = requestHeaders === null ? null : contentTypeOf(requestHeaders, memo);
  return {
    id,
    seq,
    stage,
    method,
    url,
    contentType,
    body: requestBody === null ? NO_BYTES : asBytes(requestBody),
    status,
    statusText,
    error: errorKind === null ? null : { kind: errorKind, message: errorMessage ?? '' },
    startedAtMs,
    startedMonoMs,
    firstByteMs,
    endedMs,
  };
}

/** A response's headers and body, read on their own. */
export interface ResponseContent {
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
}

export function toResponseContent(row: Pick<ExchangeRow, 'response_headers' | 'response_body'>): ResponseContent | null {
  return row.response_headers === null ? null : { headers: parseHeaders(row.response_headers), body: asBytes(row.response_body) };
}
