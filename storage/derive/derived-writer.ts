/**
 * The SQL side of derivation: replaces an exchange's derived rows (resources, events,
 * diagnostics, conversations, rels, full-text entry), persists what the href index learned,
 * and bumps the exchange's change id so live viewers refetch it.
 */
import type Database from 'better-sqlite3';
import { foldedInputs } from '../../protocol/timeline/index.ts';
import { DERIVATION_VERSION, type DerivedExchange } from '../../protocol/derive/derive-exchange.ts';
import { HrefIndex, type HrefFacts } from '../../protocol/derive/href-index.ts';
import { PARTS_PER_EXCHANGE, storedParts } from '../timeline/stored-inputs.ts';

/** Every table holding an exchange's derived rows by exchange id besides `exchange_derived`. */
const DERIVED_TABLES_BY_EXCHANGE = ['resources', 'events', 'diagnostics', 'exchange_rels', 'exchange_conversations', 'event_batches'] as const;

export class DerivedWriter {
  private readonly statements;
  private readonly conversationIds = new Map<string, number>();

  constructor(private readonly db: Database.Database) {
    this.statements = {
      deleteDerived: db.prepare('DELETE FROM exchange_derived WHERE exchange_id = ?'),
      deletes: DERIVED_TABLES_BY_EXCHANGE.map((table) => db.prepare(`DELETE FROM ${table} WHERE exchange_id = ?`)),
      deleteText: db.prepare('DELETE FROM exchange_text WHERE rowid = ?'),
      deleteParts: db.prepare('DELETE FROM timeline_parts WHERE id BETWEEN ? AND ?'),
      derived: db.prepare(
        `INSERT INTO exchange_derived (exchange_id, session_id, derived_version, target_rel, request_kind, response_kind, response_rel, ucwa_error, diagnostic_count,
                                      request_lint_count, response_lint_count)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      resource: db.prepare('INSERT INTO resources (exchange_id, direction, position, parent_position, event_position, rel, type, href) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      batch: db.prepare('INSERT INTO event_batches (exchange_id, session_id, ack, next_href, resync_href, resume_href, event_count) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      event: db.prepare(
        `INSERT INTO events (exchange_id, session_id, position, at_ms, ack, sender_rel, sender_href, type, link_rel, link_href, link_title,
                             in_rel, in_href, status, reason_code, reason_subcode, reason_message, conversation_id, message_text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      diagnostic: db.prepare('INSERT INTO diagnostics (exchange_id, direction, severity, message, offset) VALUES (?, ?, ?, ?, ?)'),
      rel: db.prepare('INSERT OR IGNORE INTO exchange_rels (session_id, rel, exchange_id) VALUES (?, ?, ?)'),
      exchangeConversation: db.prepare('INSERT OR IGNORE INTO exchange_conversations (conversation_id, exchange_id) VALUES (?, ?)'),
      timelinePart: db.prepare('INSERT INTO timeline_parts (id, session_id, at_ms, seq, inputs) VALUES (?, ?, ?, ?, ?)'),
      text: db.prepare('INSERT INTO exchange_text (rowid, request, response, messages) VALUES (?, ?, ?, ?)'),
      findConversation: db.prepare('SELECT id FROM conversations WHERE session_id = ? AND href = ?').pluck(),
      addConversation: db.prepare('INSERT INTO conversations (session_id, href) VALUES (?, ?)'),
      saveHref: db.prepare(
        `INSERT INTO hrefs (session_id, href, rel, conversation_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (session_id, href) DO UPDATE SET rel = excluded.rel, conversation_id = excluded.conversation_id`,
      ),
      loadHrefs: db.prepare('SELECT h.href, h.rel, c.href AS conversation FROM hrefs h LEFT JOIN conversations c ON c.id = h.conversation_id WHERE h.session_id = ?'),
      bumpChange: db.prepare('UPDATE exchanges SET change_id = ? WHERE id = ?'),
    };
  }

  /** The session's href index as derivation left it. */
  loadIndex(sessionId: number): HrefIndex {
    const rows = this.statements.loadHrefs.all(sessionId) as { href: string; rel: string | null; conversation: string | null }[];
    return new HrefIndex(rows.map((row): [string, HrefFacts] => [row.href, { rel: row.rel, conversation: row.conversation }]));
  }

  /**
   * Writes one exchange's derived rows; call inside a transaction, and `saveIndex` before it
   * commits. `fresh` skips deleting rows that cannot exist (a full rebuild cleared them already).
   * `changeId` is the exchange's new change-feed id (taken by the caller, once per transaction).
   */
  write(exchangeId: number, sessionId: number, seq: number, atMs: number, derived: DerivedExchange, fresh: boolean, changeId: number): void {
    const s = this.statements;
    // Not skipped when exchange_derived has no row: a file a kill or a hand left half-derived may
    // still hold other rows of the exchange, and one constraint failure would cost the whole chunk.
    if (!fresh) {
      s.deleteDerived.run(exchangeId);
      for (const statement of s.deletes) statement.run(exchangeId);
      s.deleteText.run(exchangeId);
      s.deleteParts.run(exchangeId * PARTS_PER_EXCHANGE, exchangeId * PARTS_PER_EXCHANGE + PARTS_PER_EXCHANGE - 1);
    }
    s.derived.run(
      exchangeId,
      sessionId,
      DERIVATION_VERSION,
      derived.targetRel,
      derived.requestKind,
      derived.responseKind,
      derived.responseRel,
      derived.ucwaError,
      derived.diagnostics.length,
      derived.lintFindingCounts.request,
      derived.lintFindingCounts.response,
    );
    for (const r of derived.resources) s.resource.run(exchangeId, r.direction, r.position, r.parentPosition, r.eventPosition, r.rel, r.type, r.href);
    const batch = derived.eventBatch;
    if (batch) s.batch.run(exchangeId, sessionId, batch.ack, batch.nextHref, batch.resyncHref, batch.resumeHref, batch.eventCount);
    for (const e of derived.events)
      s.event.run(
        exchangeId,
        sessionId,
        e.position,
        atMs,
        e.ack,
        e.senderRel,
        e.senderHref,
        e.type,
        e.linkRel,
        e.linkHref,
        e.linkTitle,
        e.inRel,
        e.inHref,
        e.status,
        e.reasonCode,
        e.reasonSubcode,
        e.reasonMessage,
        e.conversation === null ? null : this.conversationId(sessionId, e.conversation),
        e.messageText,
      );
    for (const d of derived.diagnostics) s.diagnostic.run(exchangeId, d.direction, d.severity, d.message, d.offset);
    for (const rel of derived.rels) s.rel.run(sessionId, rel, exchangeId);
    for (const href of derived.conversations) s.exchangeConversation.run(this.conversationId(sessionId, href), exchangeId);
    for (const part of storedParts(foldedInputs(derived.timelineInputs), exchangeId, seq)) s.timelinePart.run(exchangeId * PARTS_PER_EXCHANGE + part.place, sessionId, part.atMs, seq, part.inputs);
    const { request, response, messages } = derived.text;
    if (request !== '' || response !== '' || messages !== '') s.text.run(exchangeId, request, response, messages);
    s.bumpChange.run(changeId, exchangeId);
  }

  /**
   * Persists what the session's href index learned since the last call; call inside the
   * transaction that wrote the exchanges it learned from. Once per transaction, not per exchange:
   * an href learned again and again in a batch is written once.
   */
  saveIndex(sessionId: number, index: HrefIndex): void {
    for (const [href, facts] of index.takeChanges())
      this.statements.saveHref.run(sessionId, href, facts.rel, facts.conversation === null ? null : this.conversationId(sessionId, facts.conversation));
  }

  /** Empties every derived table (all sessions, or one) before a rebuild. */
  clear(sessionId: number | null): void {
    this.conversationIds.clear();
    // Checkpoints first: the parts' triggers then find none to delete.
    if (sessionId === null) {
      this.db.exec('DELETE FROM timeline_checkpoints');
      for (const table of ['resources', 'events', 'diagnostics', 'exchange_rels', 'exchange_conversations', 'event_batches', 'exchange_derived', 'timeline_parts', 'hrefs', 'conversations'])
        this.db.exec(`DELETE FROM ${table}`);
      this.db.exec("INSERT INTO exchange_text (exchange_text) VALUES ('delete-all')");
      return;
    }
    const ids = 'SELECT id FROM exchanges WHERE session_id = ?';
    this.db.prepare('DELETE FROM timeline_checkpoints WHERE session_id = ?').run(sessionId);
    for (const table of ['resources', 'diagnostics', 'exchange_rels'] as const) this.db.prepare(`DELETE FROM ${table} WHERE exchange_id IN (${ids})`).run(sessionId);
    for (const table of ['events', 'event_batches', 'exchange_derived', 'timeline_parts', 'hrefs'] as const) this.db.prepare(`DELETE FROM ${table} WHERE session_id = ?`).run(sessionId);
    this.db.prepare('DELETE FROM exchange_conversations WHERE conversation_id IN (SELECT id FROM conversations WHERE session_id = ?)').run(sessionId);
    this.db.prepare('DELETE FROM conversations WHERE session_id = ?').run(sessionId);
    this.db.prepare(`DELETE FROM exchange_text WHERE rowid IN (${ids})`).run(sessionId);
  }

  private conversationId(sessionId: number, href: string): number {
    const key = `${sessionId} ${href}`;
    let id = this.conversationIds.get(key);
    if (id === undefined) {
      id = (this.statements.findConversation.get(sessionId, href) as number | undefined) ?? Number(this.statements.addConversation.run(sessionId, href).lastInsertRowid);
      this.conversationIds.set(key, id);
    }
    return id;
  }
}
