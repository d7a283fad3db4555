/** The one-line view of an exchange that lists and the change feed return, and the SQL that selects it. */
import type { ExchangeError, RecordedExchange } from '../../protocol/exchange.ts';
import type { BodyKind } from '../../protocol/derive/derive-exchange.ts';

export interface ExchangeDerivedSummary {
  /** The rel of the link the request followed (`sendMessage`, `events`), when derivation knows it. */
  readonly targetRel: string | null;
  readonly requestKind: BodyKind | null;
  readonly responseKind: BodyKind | null;
  /** Type of the response's root resource (`conversation`…). */
  readonly responseRel: string | null;
  /** `code` or `code/subcode` when the response is a UCWA error body. */
  readonly ucwaError: string | null;
  readonly diagnosticCount: number;
  /** Catalogue lint findings in each body (what the reference does not document), counted at derivation. */
  readonly lintFindingCounts: { readonly request: number; readonly response: number };
  /** Events in the response when it is an event-channel batch; null for any other response. */
  readonly eventCount: number | null;
}

export interface ExchangeSummary {
  /** Database id: unique in the file; within a session ids increase with `seq`. */
  readonly id: number;
  readonly sessionId: number;
  /** Order within the session, from 0: the order requests started. */
  readonly seq: number;
  readonly stage: RecordedExchange['stage'];
  readonly connectionId: string;
  readonly method: string;
  readonly url: string;
  /** Wall clock when the request began, epoch milliseconds. */
  readonly startedAtMs: number;
  /** Monotonic milliseconds from start to end; null while pending or when the end was not seen. */
  readonly durationMs: number | null;
  readonly status: number | null;
  readonly statusText: string | null;
  readonly requestBodySizeBytes: number;
  readonly responseBodySizeBytes: number | null;
  /** Either body was cut at the recording size cap. */
  readonly truncated: boolean;
  readonly error: ExchangeError | null;
  /** Secrets were replaced by placeholders in this exchange. */
  readonly redacted: boolean;
  /** Position in the change feed of this row's latest write. */
  readonly changeId: number;
  /** Null until derivation has run for this exchange. */
  readonly derived: ExchangeDerivedSummary | null;
}

/** Columns for `toExchangeSummary`; select them `FROM exchanges e ${SUMMARY_JOINS}`. */
export const SUMMARY_COLUMNS = `e.id, e.session_id, e.seq, e.stage, e.connection_id, e.method, e.url, e.started_at_ms, e.ended_ms,
  e.status, e.status_text, e.request_body_size, e.request_body_truncated, e.response_body_size, e.response_body_truncated,
  e.error_kind, e.error_message, e.redactions IS NOT NULL AS redacted, max(e.change_id, COALESCE(d.change_id, 0)) AS change_id,
  d.exchange_id AS derived_id, d.target_rel, d.request_kind, d.response_kind, d.response_rel, d.ucwa_error, d.diagnostic_count,
  d.request_lint_count, d.response_lint_count, b.event_count`;

/** The derived tables `SUMMARY_COLUMNS` reads, joined to `exchanges e`. */
export const SUMMARY_JOINS = 'LEFT JOIN exchange_derived d ON d.exchange_id = e.id LEFT JOIN event_batches b ON b.exchange_id = e.id';

export interface SummaryRow {
  readonly id: number;
  readonly session_id: number;
  readonly seq: number;
  readonly stage: RecordedExchange['stage'];
  readonly connection_id: string;
  readonly method: string;
  readonly url: string;
  readonly started_at_ms: number;
  readonly ended_ms: number | null;
  readonly status: number | null;
  readonly status_text: string | null;
  readonly request_body_size: number;
  readonly request_body_truncated: number;
  readonly response_body_size: number | null;
  readonly response_body_truncated: number | null;
  readonly error_kind: ExchangeError['kind'] | null;
  readonly error_message: string | null;
  readonly redacted: number;
  readonly change_id: number;
  readonly derived_id: number | null;
  readonly target_rel: string | null;
  readonly request_kind: BodyKind | null;
  readonly response_kind: BodyKind | null;
  readonly response_rel: string | null;
  readonly ucwa_error: string | null;
  readonly diagnostic_count: number | null;
  readonly request_lint_count: number | null;
  readonly response_lint_count: number | null;
  readonly event_count: number | null;
}

export function toExchangeSummary(row: SummaryRow): ExchangeSummary {
  return {
    id: row.id,
    sessionId: row.session_id,
    seq: row.seq,
    stage: row.stage,
    connectionId: row.connection_id,
    method: row.method,
    url: row.url,
    startedAtMs: row.started_at_ms,
    durationMs: row.ended_ms,
    status: row.status,
    statusText: row.status_text,
    requestBodySizeBytes: row.request_body_size,
    responseBodySizeBytes: row.response_body_size,
    truncated: row.request_body_truncated === 1 || row.response_body_truncated === 1,
    error: row.error_kind === null ? null : { kind: row.error_kind, message: row.error_message ?? '' },
    redacted: row.redacted === 1,
    changeId: row.change_id,
    derived:
      row.derived_id === null
        ? null
        : {
            targetRel: row.target_rel,
            requestKind: row.request_kind,
            responseKind: row.response_kind,
            responseRel: row.response_rel,
            ucwaError: row.ucwa_error,
            diagnosticCount: row.diagnostic_count ?? 0,
            lintFindingCounts: { request: row.request_lint_count ?? 0, response: row.response_lint_count ?? 0 },
            eventCount: row.event_count,
          },
  };
}
