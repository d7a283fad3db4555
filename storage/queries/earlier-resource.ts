/**
 * Where an href's previous state was recorded: the last exchange before a given one whose
 * response held a resource with that href (a GET snapshot or an event's embedded resource).
 * The look-back is bounded so a detail view stays fast in a million-exchange session.
 */
import type Database from 'better-sqlite3';

export const LOOK_BACK_EXCHANGES = 20_000;

export function earlierResourceExchange(db: Database.Database, sessionId: number, href: string, beforeExchangeId: number): number | null {
  const found = db
    .prepare(
      `SELECT r.exchange_id FROM resources r JOIN exchanges e ON e.id = r.exchange_id
       WHERE r.exchange_id < ? AND r.exchange_id >= ? AND r.direction = 'response' AND r.href = ? AND e.session_id = ?
       ORDER BY r.exchange_id DESC LIMIT 1`,
    )
    .pluck()
    .get(beforeExchangeId, beforeExchangeId - LOOK_BACK_EXCHANGES, href, sessionId) as number | undefined;
  return found ?? null;
}
