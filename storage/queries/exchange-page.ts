/**
 * One page of a session's exchanges, filtered, keyset-paginated in both directions by exchange
 * id (which within a session follows `seq`). The query is driven by the most selective index
 * available: the rel or conversation tables when those filters are set, else an exchanges index.
 */
import type Database from 'better-sqlite3';
import { hrefKey } from '../../protocol/derive/href-index.ts';
import { SUMMARY_COLUMNS, SUMMARY_JOINS, toExchangeSummary, type ExchangeSummary, type SummaryRow } from './exchange-summary.ts';

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';

/** Every field narrows the page; fields left out do not filter. */
export interface ExchangeFilter {
  /** Request method, matched exactly after upper-casing (`post` finds `POST`). */
  readonly method?: string;
  /** One status, a class (`4xx`), or an inclusive range. Pending exchanges have no status and never match. */
  readonly status?: number | StatusClass | { readonly min: number; readonly max: number };
  /** A rel or resource type anywhere in the exchange: the link it followed, a decoded resource, an event's link. */
  readonly rel?: string;
  /** A substring of the request URL (case-sensitive). */
  readonly hrefContains?: string;
  /** A conversation, by id or by href (absolute or relative). */
  readonly conversation?: number | string;
  /** Words that must all occur in a body or in decoded message text (full-text search). */
  readonly text?: string;
  /** True: only exchanges with an error (refused, reset, timeout, aborted, truncated); false: only without. */
  readonly hasError?: boolean;
  /** True: only exchanges whose request or response has catalogue lint findings (counted at derivation). */
  readonly hasLintFindings?: boolean;
  /** Only requests started at or after this wall-clock time, epoch milliseconds. */
  readonly startedFromMs?: number;
  /** Only requests started before this wall-clock time, epoch milliseconds. */
  readonly startedBeforeMs?: number;
}

export interface ExchangePageQuery {
  readonly sessionId: number;
  readonly filter?: ExchangeFilter;
  /** Page size; default 100, at most 1000. */
  readonly limit?: number;
  /** Exchanges after this exchange id (the next page forward). */
  readonly after?: number;
  /** Exchanges before this exchange id (the previous page): the `limit` closest to it. */
  readonly before?: number;
  /** With neither cursor, the newest page instead of the oldest (a live tail). */
  readonly fromEnd?: boolean;
}

export interface ExchangePage {
  /** Oldest first, whichever direction was asked for. */
  readonly items: readonly ExchangeSummary[];
  /** More matching exchanges exist before `items[0]` (pass its id as `before`). */
  readonly hasBefore: boolean;
  /** More matching exchanges exist after the last item (pass its id as `after`). */
  readonly hasAfter: boolean;
}

const MAX_LIMIT = 1000;

/** Reads `409`, `4xx`, `400-499` as typed in a filter box; undefined when it is none of them. */
export function parseStatusFilter(text: string): ExchangeFilter['status'] | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^[1-5]xx$/.test(trimmed)) return trimmed as StatusClass;
  if (/^\d{3}$/.test(trimmed)) return Number(trimmed);
  const range = /^(\d{3})\s*-\s*(\d{3})$/.exec(trimmed);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  return undefined;
}

export interface Plan {
  readonly from: string;
  /** The column the page is ordered and keyed by. */
  readonly key: string;
  readonly where: string[];
  readonly params: unknown[];
}

/** Builds the FROM and WHERE for a filter, or null when the filter can match nothing (an unknown conversation). */
export function plan(db: Database.Database, sessionId: number, filter: ExchangeFilter): Plan | null {
  const where: string[] = [];
  const params: unknown[] = [];
  let from: string;
  let key: string;
  let conversationId: number | undefined;
  if (filter.conversation !== undefined) {
    conversationId = resolveConversation(db, sessionId, filter.conversation);
    if (conversationId === undefined) return null;
  }
  // CROSS JOIN keeps the driving table first, so its index gives the page order with no sort.
  if (filter.rel !== undefined) {
    from = 'exchange_rels r CROSS JOIN exchanges e ON e.id = r.exchange_id';
    key = 'r.exchange_id';
    where.push('r.session_id = ?', 'r.rel = ?');
    params.push(sessionId, filter.rel);
    if (conversationId !== undefined) {
      where.push('EXISTS (SELECT 1 FROM exchange_conversations c WHERE c.conversation_id = ? AND c.exchange_id = e.id)');
      params.push(conversationId);
    }
  } else if (conversationId !== undefined) {
    from = 'exchange_conversations c CROSS JOIN exchanges e ON e.id = c.exchange_id';
    key = 'c.exchange_id';
    where.push('c.conversation_id = ?', 'e.session_id = ?');
    params.push(conversationId, sessionId);
  } else {
    from = 'exchanges e';
    key = 'e.id';
    where.push('e.session_id = ?');
    params.push(sessionId);
  }
  if (filter.method !== undefined) {
    where.push('e.method = ?');
    params.push(filter.method.toUpperCase());
  }
  const status = filter.status;
  if (typeof status === 'number') {
    where.push('e.status = ?');
    params.push(status);
  } else if (typeof status === 'string') {
    where.push('e.status / 100 = ?');
    params.push(Number(status[0]));
  } else if (status !== undefined) {
    // A whole class is one index lookup; any other range is a range scan.
    if (status.min % 100 === 0 && status.max === status.min + 99) {
      where.push('e.status / 100 = ?');
      params.push(status.min / 100);
    } else {
      where.push('e.status BETWEEN ? AND ?');
      params.push(status.min, status.max);
    }
  }
  if (filter.hasError === true) where.push('e.error_kind IS NOT NULL');
  if (filter.hasError === false) where.push('e.error_kind IS NULL');
  // One primary-key lookup per candidate row: the counts are stored, no body is read.
  if (filter.hasLintFindings === true)
    where.push('EXISTS (SELECT 1 FROM exchange_derived l WHERE l.exchange_id = e.id AND l.request_lint_count + l.response_lint_count > 0)');
  if (filter.hrefContains !== undefined && filter.hrefContains !== '') {
    where.push('instr(e.url, ?) > 0');
    params.push(filter.hrefContains);
  }
  if (filter.startedFromMs !== undefined) {
    where.push('e.started_at_ms >= ?');
    params.push(filter.startedFromMs);
  }
  if (filter.startedBeforeMs !== undefined) {
    where.push('e.started_at_ms < ?');
    params.push(filter.startedBeforeMs);
  }
  if (filter.text !== undefined && filter.text.trim() !== '') {
    where.push('e.id IN (SELECT rowid FROM exchange_text WHERE exchange_text MATCH ?)');
    params.push(ftsQuery(filter.text));
  }
  return { from, key, where, params };
}

export function listExchanges(db: Database.Database, query: ExchangePageQuery): ExchangePage {
  const limit = Math.max(1, Math.min(query.limit ?? 100, MAX_LIMIT));
  const built = plan(db, query.sessionId, query.filter ?? {});
  if (built === null) return { items: [], hasBefore: false, hasAfter: false };
  const { from, key, where, params } = built;
  const backwards = query.before !== undefined || (query.after === undefined && query.fromEnd === true);
  const cursor = query.before !== undefined ? [`${key} < ?`] : query.after !== undefined ? [`${key} > ?`] : [];
  const cursorParams = query.before !== undefined ? [query.before] : query.after !== undefined ? [query.after] : [];
  const sql = `SELECT ${SUMMARY_COLUMNS} FROM ${from} ${SUMMARY_JOINS}
    WHERE ${[...where, ...cursor].join(' AND ')} ORDER BY ${key} ${backwards ? 'DESC' : 'ASC'} LIMIT ?`;
  const rows = db.prepare(sql).all(...params, ...cursorParams, limit + 1) as SummaryRow[];
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backwards) page.reverse();
  const items = page.map(toExchangeSummary);

  const exists = (condition: string, value: number): boolean =>
    db.prepare(`SELECT 1 FROM ${from} WHERE ${[...where, condition].join(' AND ')} LIMIT 1`).get(...params, value) !== undefined;
  const first = items[0]?.id;
  const last = items.at(-1)?.id;
  if (backwards) {
    const boundary = last ?? (query.before !== undefined ? query.before - 1 : undefined);
    return { items, hasBefore: more, hasAfter: boundary !== undefined && exists(`${key} > ?`, boundary) };
  }
  const boundary = first ?? (query.after !== undefined ? query.after + 1 : undefined);
  return { items, hasBefore: boundary !== undefined && exists(`${key} < ?`, boundary), hasAfter: more };
}

function resolveConversation(db: Database.Database, sessionId: number, conversation: number | string): number | undefined {
  if (typeof conversation === 'number') return conversation;
  const href = hrefKey(conversation);
  if (href === null) return undefined;
  return db.prepare('SELECT id FROM conversations WHERE session_id = ? AND href = ?').pluck().get(sessionId, href) as number | undefined;
}

/** Each word becomes a quoted FTS5 phrase, so punctuation in user input is never FTS syntax; all must match. */
export function ftsQuery(text: string): string {
  return text
    .trim()
    .split(/\s+/)
    .map((word) => `"${word.replace(/"/g, '""')}"`)
    .join(' ');
}
