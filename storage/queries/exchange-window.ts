/**
 * A session's exchanges addressed by position (0 = the first that matches the filter), for a list
 * whose scrollbar spans the whole session: how many match, the rows at an offset, and where an
 * exchange or a moment falls. Unfiltered, a position is the exchange's `seq` (one index lookup).
 */
import type Database from 'better-sqlite3';
import { plan, type ExchangeFilter } from './exchange-page.ts';
import { SUMMARY_COLUMNS, SUMMARY_JOINS, toExchangeSummary, type ExchangeSummary, type SummaryRow } from './exchange-summary.ts';

export interface ExchangeWindow {
  /** Position of `items[0]`. */
  readonly offset: number;
  /** How many exchanges match, in the whole session. */
  readonly total: number;
  readonly items: readonly ExchangeSummary[];
}

/** What to find the position of: an exchange, or the first exchange started at or after a moment. */
export type WindowTarget = { readonly exchangeId: number } | { readonly atMs: number };

const MAX_WINDOW = 1000;

const isEmpty = (filter: ExchangeFilter): boolean => Object.values(filter).every((value) => value === undefined);

export function countExchanges(db: Database.Database, sessionId: number, filter: ExchangeFilter): number {
  const built = plan(db, sessionId, filter);
  if (built === null) return 0;
  return db.prepare(`SELECT count(*) FROM ${built.from} WHERE ${built.where.join(' AND ')}`).pluck().get(...built.params) as number;
}

export interface WindowQuery {
  readonly sessionId: number;
  readonly filter: ExchangeFilter;
  readonly offset: number;
  readonly limit: number;
  /** The count when the caller already knows it (counting a big session is the slow part). */
  readonly total?: number;
}

export function exchangeWindow(db: Database.Database, query: WindowQuery): ExchangeWindow {
  const limit = Math.max(1, Math.min(query.limit, MAX_WINDOW));
  const total = query.total ?? countExchanges(db, query.sessionId, query.filter);
  if (isEmpty(query.filter)) {
    // Rows are written with seq 0, 1, 2…: a position is a seq, found through the (session_id, seq) key.
    const rows = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM exchanges e ${SUMMARY_JOINS} WHERE e.session_id = ? AND e.seq >= ? ORDER BY e.seq LIMIT ?`).all(query.sessionId, query.offset, limit) as SummaryRow[];
    return { offset: query.offset, total, items: rows.map(toExchangeSummary) };
  }
  const built = plan(db, query.sessionId, query.filter);
  if (built === null) return { offset: query.offset, total: 0, items: [] };
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM ${built.from} ${SUMMARY_JOINS} WHERE ${built.where.join(' AND ')} ORDER BY ${built.key} LIMIT ? OFFSET ?`)
    .all(...built.params, limit, query.offset) as SummaryRow[];
  return { offset: query.offset, total, items: rows.map(toExchangeSummary) };
}

/** The position of an exchange (null when it does not match the filter) or of the first exchange at or after a moment (the end when none is). */
export function positionOf(db: Database.Database, sessionId: number, filter: ExchangeFilter, target: WindowTarget): number | null {
  const built = plan(db, sessionId, filter);
  if (built === null) return null;
  const where = built.where.join(' AND ');
  let id: number | undefined;
  if ('exchangeId' in target) {
    id = db.prepare(`SELECT e.id FROM ${built.from} WHERE ${where} AND e.id = ?`).pluck().get(...built.params, target.exchangeId) as number | undefined;
    if (id === undefined) return null;
  } else {
    id = db.prepare(`SELECT e.id FROM ${built.from} WHERE ${where} AND e.started_at_ms >= ? ORDER BY e.started_at_ms, e.id LIMIT 1`).pluck().get(...built.params, target.atMs) as number | undefined;
    if (id === undefined) return countExchanges(db, sessionId, filter);
  }
  if (isEmpty(filter)) return db.prepare('SELECT seq FROM exchanges WHERE id = ?').pluck().get(id) as number;
  return db.prepare(`SELECT count(*) FROM ${built.from} WHERE ${where} AND ${built.key} < ?`).pluck().get(...built.params, id) as number;
}

