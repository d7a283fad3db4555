/**
 * Whole exchanges as recorded, read in seq order: what export and replay's index walk. Unlike
 * the inspector's pages (exchange-page.ts, exchange-window.ts), these carry bodies.
 */
import type Database from 'better-sqlite3';
import type { RecordedExchange } from '../../protocol/exchange.ts';
import { parseRedactions, REQUEST_SIDE_COLUMNS, toRecordedExchange, toRequestSide, toResponseContent, type ContentTypeMemo, type ExchangeRow, type RequestSide, type RequestSideTuple, type ResponseContent } from '../rows.ts';

/** One exchange as `iterateExchanges` yields it: the record, in seq order. */
export interface RecordedRow {
  readonly id: number;
  readonly seq: number;
  readonly exchange: RecordedExchange;
  readonly redactions: readonly string[];
}

/** Every exchange of a session in seq order, read lazily. */
export function* iterateExchanges(db: Database.Database, sessionId: number): IterableIterator<RecordedRow> {
  const rows = db.prepare('SELECT * FROM exchanges WHERE session_id = ? ORDER BY seq').iterate(sessionId) as IterableIterator<ExchangeRow>;
  for (const row of rows) yield { id: row.id, seq: row.seq, exchange: toRecordedExchange(row), redactions: parseRedactions(row.redactions) };
}

/** Every exchange of a session in seq order without its response's headers and body. */
export function requestSides(db: Database.Database, sessionId: number): RequestSide[] {
  const memo: ContentTypeMemo = new Map();
  return (db.prepare(`SELECT ${REQUEST_SIDE_COLUMNS} FROM exchanges WHERE session_id = ? ORDER BY seq`).raw().all(sessionId) as RequestSideTuple[]).map((row) => toRequestSide(row, memo));
}

/** One exchange's response headers and body; null when it has no response or does not exist. */
export function responseContentOf(db: Database.Database, exchangeId: number): ResponseContent | null {
  const row = db.prepare('SELECT response_headers, response_body FROM exchanges WHERE id = ?').get(exchangeId) as Pick<ExchangeRow, 'response_headers' | 'response_body'> | undefined;
  return row ? toResponseContent(row) : null;
}
