/**
 * One HTTP request/response pair as recorded, at each stage of its life. Raw bytes are the
 * record; decoded forms are derived elsewhere. Bodies are `Uint8Array` so the browser can
 * share these types.
 */
/** Header pairs in wire order with their original casing; repeated names stay repeated. */
export type HeaderPairs = readonly (readonly [string, string])[];

export interface RecordedRequest {
  readonly method: string;
  /** Absolute URL as the client addressed it (for reverse mode: the upstream's URL). */
  readonly url: string;
  readonly httpVersion: string;
  readonly headers: HeaderPairs;
  /** Exactly the bytes that passed, up to the recording size cap. */
  readonly body: Uint8Array;
  /** Total size that passed, which exceeds `body.byteLength` when the body was truncated. */
  readonly bodySizeBytes: number;
  readonly bodyTruncated: boolean;
}

export interface RecordedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly httpVersion: string;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
  readonly bodySizeBytes: number;
  readonly bodyTruncated: boolean;
}

/**
 * Timings. Wall clock for when; monotonic offsets for how long (immune to clock steps).
 * Offsets are milliseconds after `startedAtMs`, fractional; null when that moment never came.
 */
export interface ExchangeTimings {
  /** Wall clock when the request began, epoch milliseconds. */
  readonly startedAtMs: number;
  /** Monotonic clock of the recording process at start (performance.now()), milliseconds. */
  readonly startedMonoMs: number;
  readonly requestSentMs: number | null;
  readonly firstByteMs: number | null;
  readonly endedMs: number | null;
}

/** What went wrong, apart from any HTTP status. */
export type ExchangeErrorKind =
  | 'upstream-refused'
  | 'upstream-reset'
  | 'upstream-timeout'
  | 'upstream-tls'
  | 'upstream-dns'
  /** The upstream answered with bytes that are not an HTTP response. */
  | 'upstream-invalid-response'
  /** A note on a completed exchange: the proxy retried it once on a fresh connection after a kept-alive one turned out closed. */
  | 'upstream-retried'
  | 'client-aborted'
  | 'body-truncated'
  | 'proxy-error';

export interface ExchangeError {
  readonly kind: ExchangeErrorKind;
  /** A sentence for people: what failed, against what. */
  readonly message: string;
}

/** Where a proxy mapped URLs in one exchange (protocol/url-mapping.ts) and how many changed there. */
export interface UrlMappingNote {
  /** `response body`, `Location`, `WWW-Authenticate`, `request body`… */
  readonly where: string;
  readonly count: number;
  /** `to-client`: the server's URLs served to the client as proxy URLs; `to-server`: proxy URLs the client sent, mapped back. */
  readonly direction: 'to-client' | 'to-server';
}

/** Fields every stage shares. */
interface ExchangeBase {
  /** Connection the exchange came on (client side), so keep-alive reuse is visible. */
  readonly connectionId: string;
  readonly request: RecordedRequest;
  readonly timings: ExchangeTimings;
  /**
   * How a reverse-mode proxy changed URLs between this record and the other side: the record
   * keeps what went over the wire to and from the server. Absent when nothing was mapped.
   */
  readonly urlMappings?: readonly UrlMappingNote[];
  /**
   * True when the exchange was rebuilt from a log of response bodies (an event-channel log):
   * its request was not captured, so its URL is only what the body said and it has no headers.
   */
  readonly reconstructed?: boolean;
}

/** The request is known; no response yet (a pending long poll, for instance). */
export interface InitiatedExchange extends ExchangeBase {
  readonly stage: 'initiated';
}

/** A response arrived in full (its body may still have been truncated at the cap). */
export interface CompletedExchange extends ExchangeBase {
  readonly stage: 'completed';
  readonly response: RecordedResponse;
  /** Set for truncation at the size cap; the exchange still completed. */
  readonly error: ExchangeError | null;
}

/** Ended without a complete response: refused, reset, timed out, or abandoned by the client. */
export interface AbortedExchange extends ExchangeBase {
  readonly stage: 'aborted';
  /** What arrived before it ended, if anything did. */
  readonly response: RecordedResponse | null;
  readonly error: ExchangeError;
}

export type RecordedExchange = InitiatedExchange | CompletedExchange | AbortedExchange;

/** First value of a header, matched case-insensitively. */
export function headerValue(headers: HeaderPairs, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of headers) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
