/**
 * A session's conversations for views that must stay fast at a million exchanges: a page of them
 * with their span and counts (each read from an index), finding one by the short id a user types
 * (`137` for `…/conversations/137`), and the exchanges of one conversation in a time window.
 */
import type Database from 'better-sqlite3';
import type { ConversationSummary } from './event-queries.ts';

export interface ConversationPage {
  readonly total: number;
  readonly items: readonly ConversationSummary[];
}

interface ConversationRow {
  readonly id: number;
  readonly session_id: number;
  readonly href: string;
  readonly exchange_count: number;
  readonly event_count: number;
  readonly first_at_ms: number | null;
  readonly last_at_ms: number | null;
}

/** Conversations in the order they were first seen (or the one `conversationId` names). Spans come from the first and last exchange ids (ids follow start order). */
export function conversationPage(db: Database.Database, sessionId: number, options: { readonly offset: number; readonly limit: number; readonly conversationId?: number }): ConversationPage {
  const total = db.prepare('SELECT count(*) FROM conversations WHERE session_id = ?').pluck().get(sessionId) as number;
  const rows = db
    .prepare(
      `SELECT c.id, c.session_id, c.href,
         (SELECT count(*) FROM exchange_conversations x WHERE x.conversation_id = c.id) AS exchange_count,
         (SELECT count(*) FROM events ev WHERE ev.conversation_id = c.id) AS event_count,
         (SELECT e.started_at_ms FROM exchanges e WHERE e.id = (SELECT min(x.exchange_id) FROM exchange_conversations x WHERE x.conversation_id = c.id)) AS first_at_ms,
         (SELECT e.started_at_ms FROM exchanges e WHERE e.id = (SELECT max(x.exchange_id) FROM exchange_conversations x WHERE x.conversation_id = c.id)) AS last_at_ms
       FROM conversations c WHERE c.session_id = ? AND (? IS NULL OR c.id = ?) ORDER BY c.id LIMIT ? OFFSET ?`,
    )
    .all(sessionId, options.conversationId ?? null, options.conversationId ?? null, options.limit, options.offset) as ConversationRow[];
  return {
    total,
    items: rows.map((r) => ({ id: r.id, sessionId: r.session_id, href: r.href, exchangeCount: r.exchange_count, eventCount: r.event_count, firstAtMs: r.first_at_ms, lastAtMs: r.last_at_ms })),
  };
}

/**
 * The conversations a typed reference names: a database id (`#12`), an href or its path (has a
 * `/`), or the last segment of the href (`137`). Several when a short id is shared.
 */
export function findConversations(db: Database.Database, sessionId: number, reference: string): { readonly id: number; readonly href: string }[] {
  const typed = reference.trim();
  const byId = /^#(\d+)$/.exec(typed);
  if (byId) return db.prepare('SELECT id, href FROM conversations WHERE session_id = ? AND id = ?').all(sessionId, Number(byId[1])) as { id: number; href: string }[];
  if (typed.includes('/')) {
    const path = typed.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
    return db.prepare('SELECT id, href FROM conversations WHERE session_id = ? AND (href = ? OR href LIKE ? ESCAPE \'\\\') ORDER BY id').all(sessionId, path, `%${escapeLike(path)}`) as { id: number; href: string }[];
  }
  return db.prepare('SELECT id, href FROM conversations WHERE session_id = ? AND href LIKE ? ESCAPE \'\\\' ORDER BY id').all(sessionId, `%/${escapeLike(typed)}`) as { id: number; href: string }[];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** An exchange that touches a conversation, by id, with when it started. */
export interface ConversationExchangeStart {
  readonly id: number;
  readonly startedAtMs: number;
}

/**
 * The exchanges that touch a conversation (its own requests and the event batches that spoke of
 * it), in id order, started within [fromMs, toMs), at most `limit` of them.
 */
export function conversationExchangeStarts(db: Database.Database, conversationId: number, window: { readonly fromMs?: number; readonly toMs?: number; readonly limit: number }): ConversationExchangeStart[] {
  return db
    .prepare(
      `SELECT e.id, e.started_at_ms AS startedAtMs FROM exchange_conversations x CROSS JOIN exchanges e ON e.id = x.exchange_id
       WHERE x.conversation_id = ? AND e.started_at_ms >= ? AND e.started_at_ms < ? ORDER BY x.exchange_id LIMIT ?`,
    )
    .all(conversationId, window.fromMs ?? 0, window.toMs ?? Number.MAX_SAFE_INTEGER, window.limit) as ConversationExchangeStart[];
}
