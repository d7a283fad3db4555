/** Events of a session or of one conversation, in the order they arrived, and the conversations a session has. */
import type Database from 'better-sqlite3';
import type { DerivedEvent } from '../../protocol/derive/derive-exchange.ts';
import { hrefKey } from '../../protocol/derive/href-index.ts';

/** An event as stored: what derivation found in it, plus where and when it arrived. */
export interface StoredEvent extends Omit<DerivedEvent, 'conversation'> {
  readonly id: number;
  /** The event-channel exchange that delivered it. */
  readonly exchangeId: number;
  readonly sessionId: number;
  /** Wall clock the batch arrived (its exchange's start plus first byte), epoch milliseconds. */
  readonly atMs: number;
  readonly conversationId: number | null;
  readonly conversationHref: string | null;
}

/** Where the next page of events starts: after this arrival time and id. */
export interface EventCursor {
  readonly atMs: number;
  readonly id: number;
}

export interface EventQuery {
  readonly sessionId: number;
  /** Only this conversation's events, by id or href. */
  readonly conversation?: number | string;
  readonly after?: EventCursor;
  /** Default 1000, at most 10000. */
  readonly limit?: number;
}

export interface EventPage {
  readonly items: readonly StoredEvent[];
  /** Pass as `after` for the next page; null when this was the last. */
  readonly next: EventCursor | null;
}

export interface ConversationSummary {
  readonly id: number;
  readonly sessionId: number;
  readonly href: string;
  readonly exchangeCount: number;
  readonly eventCount: number;
  /** When its first exchange started, epoch milliseconds. */
  readonly firstAtMs: number | null;
  /** When its last exchange started. */
  readonly lastAtMs: number | null;
}

export const EVENT_COLUMNS = `ev.id, ev.exchange_id, ev.session_id, ev.position, ev.at_ms, ev.ack, ev.sender_rel, ev.sender_href, ev.type,
  ev.link_rel, ev.link_href, ev.link_title, ev.in_rel, ev.in_href, ev.status, ev.reason_code, ev.reason_subcode, ev.reason_message,
  ev.conversation_id, c.href AS conversation_href, ev.message_text`;

export interface EventRow {
  readonly id: number;
  readonly exchange_id: number;
  readonly session_id: number;
  readonly position: number;
  readonly at_ms: number;
  readonly ack: number | null;
  readonly sender_rel: string;
  readonly sender_href: string;
  readonly type: string;
  readonly link_rel: string;
  readonly link_href: string;
  readonly link_title: string | null;
  readonly in_rel: string | null;
  readonly in_href: string | null;
  readonly status: string | null;
  readonly reason_code: string | null;
  readonly reason_subcode: string | null;
  readonly reason_message: string | null;
  readonly conversation_id: number | null;
  readonly conversation_href: string | null;
  readonly message_text: string | null;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    exchangeId: row.exchange_id,
    sessionId: row.session_id,
    position: row.position,
    atMs: row.at_ms,
    ack: row.ack,
    senderRel: row.sender_rel,
    senderHref: row.sender_href,
    type: row.type,
    linkRel: row.link_rel,
    linkHref: row.link_href,
    linkTitle: row.link_title,
    inRel: row.in_rel,
    inHref: row.in_href,
    status: row.status,
    reasonCode: row.reason_code,
    reasonSubcode: row.reason_subcode,
    reasonMessage: row.reason_message,
    conversationId: row.conversation_id,
    conversationHref: row.conversation_href,
    messageText: row.message_text,
  };
}

export function listEvents(db: Database.Database, query: EventQuery): EventPage {
  const limit = Math.max(1, Math.min(query.limit ?? 1000, 10_000));
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.conversation !== undefined) {
    const id = conversationIdOf(db, query.sessionId, query.conversation);
    if (id === undefined) return { items: [], next: null };
    where.push('ev.conversation_id = ?', 'ev.session_id = ?');
    params.push(id, query.sessionId);
  } else {
    where.push('ev.session_id = ?');
    params.push(query.sessionId);
  }
  if (query.after) {
    where.push('(ev.at_ms, ev.id) > (?, ?)');
    params.push(query.after.atMs, query.after.id);
  }
  const rows = db
    .prepare(`SELECT ${EVENT_COLUMNS} FROM events ev LEFT JOIN conversations c ON c.id = ev.conversation_id WHERE ${where.join(' AND ')} ORDER BY ev.at_ms, ev.id LIMIT ?`)
    .all(...params, limit + 1) as EventRow[];
  const items = rows.slice(0, limit).map(toStoredEvent);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { atMs: last.atMs, id: last.id } : null };
}

export function listConversations(db: Database.Database, sessionId: number): ConversationSummary[] {
  return (
    db
      .prepare(
        `SELECT c.id, c.session_id, c.href,
           (SELECT count(*) FROM exchange_conversations x WHERE x.conversation_id = c.id) AS exchange_count,
           (SELECT count(*) FROM events ev WHERE ev.conversation_id = c.id) AS event_count,
           (SELECT min(e.started_at_ms) FROM exchange_conversations x JOIN exchanges e ON e.id = x.exchange_id WHERE x.conversation_id = c.id) AS first_at_ms,
           (SELECT max(e.started_at_ms) FROM exchange_conversations x JOIN exchanges e ON e.id = x.exchange_id WHERE x.conversation_id = c.id) AS last_at_ms
         FROM conversations c WHERE c.session_id = ? ORDER BY c.id`,
      )
      .all(sessionId) as { id: number; session_id: number; href: string; exchange_count: number; event_count: number; first_at_ms: number | null; last_at_ms: number | null }[]
  ).map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    href: r.href,
    exchangeCount: r.exchange_count,
    eventCount: r.event_count,
    firstAtMs: r.first_at_ms,
    lastAtMs: r.last_at_ms,
  }));
}

function conversationIdOf(db: Database.Database, sessionId: number, conversation: number | string): number | undefined {
  if (typeof conversation === 'number') return conversation;
  const href = hrefKey(conversation);
  return href === null ? undefined : (db.prepare('SELECT id FROM conversations WHERE session_id = ? AND href = ?').pluck().get(sessionId, href) as number | undefined);
}

/** Every event batch of a session as derivation recorded it: exchange id → how many events, and whether it was a resync. */
export function eventBatchesOf(db: Database.Database, sessionId: number): Map<number, { readonly eventCount: number; readonly resync: boolean }> {
  const rows = db.prepare('SELECT exchange_id, event_count, resync_href FROM event_batches WHERE session_id = ?').all(sessionId) as { exchange_id: number; event_count: number; resync_href: string | null }[];
  return new Map(rows.map((row) => [row.exchange_id, { eventCount: row.event_count, resync: row.resync_href !== null }]));
}
