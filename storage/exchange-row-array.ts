/**
 * An exchange row selected as an array (`.raw()`) and named in JavaScript: what a reader that
 * builds many rows (derivation) uses instead of `SELECT *`.
 */
import type { ExchangeErrorKind } from '../protocol/exchange.ts';
import type { ExchangeRow } from './rows.ts';

/**
 * Every column of an exchange row, in the order `exchangeRowOf` reads them: a reader that builds
 * many rows selects these as arrays (`.raw()`) and names them in JavaScript, a third cheaper per
 * row than better-sqlite3 naming 30 columns one by one.
 */
export const EXCHANGE_ROW_COLUMNS =
  'id, session_id, seq, stage, connection_id, started_at_ms, started_mono_ms, request_sent_ms, first_byte_ms, ended_ms, method, url, request_http_version, ' +
  'request_headers, request_body, request_body_size, request_body_truncated, status, status_text, response_http_version, response_headers, response_body, ' +
  'response_body_size, response_body_truncated, error_kind, error_message, redactions, url_mappings, reconstructed, change_id';

/** A row selected as `EXCHANGE_ROW_COLUMNS` with `.raw()`, named. */
export function exchangeRowOf(v: readonly unknown[]): ExchangeRow {
  return {
    id: v[0] as number,
    session_id: v[1] as number,
    seq: v[2] as number,
    stage: v[3] as ExchangeRow['stage'],
    connection_id: v[4] as string,
    started_at_ms: v[5] as number,
    started_mono_ms: v[6] as number,
    request_sent_ms: v[7] as number | null,
    first_byte_ms: v[8] as number | null,
    ended_ms: v[9] as number | null,
    method: v[10] as string,
    url: v[11] as string,
    request_http_version: v[12] as string,
    request_headers: v[13] as string,
    request_body: v[14] as Uint8Array,
    request_body_size: v[15] as number,
    request_body_truncated: v[16] as number,
    status: v[17] as number | null,
    status_text: v[18] as string | null,
    response_http_version: v[19] as string | null,
    response_headers: v[20] as string | null,
    response_body: v[21] as Uint8Array | null,
    response_body_size: v[22] as number | null,
    response_body_truncated: v[23] as number | null,
    error_kind: v[24] as ExchangeErrorKind | null,
    error_message: v[25] as string | null,
    redactions: v[26] as string | null,
    url_mappings: v[27] as string | null,
    reconstructed: v[28] as number,
    change_id: v[29] as number,
  };
}
