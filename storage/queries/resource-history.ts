/**
 * Every recorded state of one href in a session, in exchange order: each response resource
 * with that href (a GET snapshot, a resource embedded in another, an event's embedded resource),
 * a page at a time behind a cursor, through the `resources (href, exchange_id, position)` index.
 */
import type Database from 'better-sqlite3';

/** Where a state sits: its exchange and its depth-first position among the exchange's response resources. */
export interface ResourceStateCursor {
  readonly exchangeId: number;
  readonly position: number;
}

export interface ResourceStateRow extends ResourceStateCursor {
  readonly href: string;
  readonly method: string;
  readonly url: string;
  readonly status: number | null;
  readonly startedAtMs: number;
  /** Set when an event delivered the state: its index in the batch, type and the moment it was received. */
  readonly eventPosition: number | null;
  readonly eventType: string | null;
  readonly eventAtMs: number | null;
  /** The position of the resource it was embedded in; null for a body's root or an event's own resource. */
  readonly parentPosition: number | null;
  readonly rel: string | null;
  readonly type: string | null;
}

export interface ResourceHistoryQuery {
  readonly sessionId: number;
  /** The forms of the href to match exactly (as the client saw it, and without its origin). */
  readonly hrefs: readonly string[];
  readonly limit: number;
  /** States after this one; from the first state when absent. */
  readonly after?: ResourceStateCursor;
}

export interface ResourceHistoryPage {
  readonly items: readonly ResourceStateRow[];
  /** The state just before the page's first, to diff it against; null at the first state. */
  readonly previous: ResourceStateRow | null;
  readonly hasMore: boolean;
}

const COLUMNS = `r.exchange_id AS exchangeId, r.position, r.href, e.method, e.url, e.status, e.started_at_ms AS startedAtMs,
  r.event_position AS eventPosition, ev.type AS eventType, ev.at_ms AS eventAtMs, r.parent_position AS parentPosition, r.rel, r.type`;
const FROM = `FROM resources r JOIN exchanges e ON e.id = r.exchange_id
  LEFT JOIN events ev ON ev.exchange_id = r.exchange_id AND ev.position = r.event_position`;

const byPlace = (a: ResourceStateCursor, b: ResourceStateCursor): number => a.exchangeId - b.exchangeId || a.position - b.position;

/**
 * One query per form of the href, each an ordered range of the index (an `IN` list would sort
 * every remaining state of a busy href for each page), merged here.
 */
export function resourceHistory(db: Database.Database, query: ResourceHistoryQuery): ResourceHistoryPage {
  const where = `r.href = ? AND r.direction = 'response' AND e.session_id = ?`;
  const later = db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE ${where} AND (r.exchange_id, r.position) > (?, ?) ORDER BY r.exchange_id, r.position LIMIT ?`);
  const earlier = db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE ${where} AND (r.exchange_id, r.position) <= (?, ?) ORDER BY r.exchange_id DESC, r.position DESC LIMIT 1`);
  const after = query.after ?? { exchangeId: 0, position: -1 };
  const hrefs = [...new Set(query.hrefs)];
  const rows = hrefs.flatMap((href) => later.all(href, query.sessionId, after.exchangeId, after.position, query.limit + 1) as ResourceStateRow[]).sort(byPlace);
  const previous = query.after
    ? (hrefs.flatMap((href) => earlier.all(href, query.sessionId, after.exchangeId, after.position) as ResourceStateRow[]).sort(byPlace).at(-1) ?? null)
    : null;
  return { items: rows.slice(0, query.limit), previous, hasMore: rows.length > query.limit };
}
