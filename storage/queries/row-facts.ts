/**
 * What derivation already knows about a page of exchanges, for one-line summaries in a list:
 * the first events of each event batch (their link, type and message text) and the
 * conversation each exchange belongs to. Reads derived rows only, never a body.
 */
import type Database from 'better-sqlite3';

export interface RowEventFact {
  readonly type: string;
  readonly linkRel: string;
  readonly senderRel: string;
  readonly messageText: string | null;
  readonly status: string | null;
}

export interface RowFacts {
  /** The first events of the batch, in order (at most `eventsPerRow`). */
  readonly events: readonly RowEventFact[];
  /** Href of the first conversation the exchange touches. */
  readonly conversationHref: string | null;
}

export function rowFacts(db: Database.Database, exchangeIds: readonly number[], eventsPerRow = 6): Map<number, RowFacts> {
  const facts = new Map<number, { events: RowEventFact[]; conversationHref: string | null }>();
  if (exchangeIds.length === 0) return facts;
  for (const id of exchangeIds) facts.set(id, { events: [], conversationHref: null });
  const events = db.prepare(
    'SELECT type, link_rel, sender_rel, message_text, status FROM events WHERE exchange_id = ? ORDER BY position LIMIT ?',
  );
  const conversation = db.prepare(
    'SELECT c.href FROM exchange_conversations x JOIN conversations c ON c.id = x.conversation_id WHERE x.exchange_id = ? ORDER BY c.id LIMIT 1',
  ).pluck();
  for (const [id, fact] of facts) {
    for (const row of events.all(id, eventsPerRow) as { type: string; link_rel: string; sender_rel: string; message_text: string | null; status: string | null }[])
      fact.events.push({ type: row.type, linkRel: row.link_rel, senderRel: row.sender_rel, messageText: row.message_text, status: row.status });
    fact.conversationHref = (conversation.get(id) as string | undefined) ?? null;
  }
  return facts;
}
