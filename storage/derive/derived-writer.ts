/**
 * The SQL side of derivation: replaces exchanges' derived rows (resources, events, diagnostics,
 * conversations, rels, timeline parts, full-text entry) with what derived-cells.ts encoded,
 * persists what the href indexes learned, and gives each exchange's derivation a change-feed id
 * (in exchange_derived: the recorded row is never rewritten) so live viewers refetch it. It
 * decodes nothing, so it can run on the thread that owns the write connection.
 */
import type Database from 'better-sqlite3';
import { DERIVATION_VERSION } from '../../protocol/derive/derive-exchange.ts';
import { PARTS_PER_EXCHANGE } from '../timeline/stored-inputs.ts';
import { DIAGNOSTIC_CELLS, EVENT_CELLS, PART_CELLS, RESOURCE_CELLS, type Cell, type DerivedChunk } from './derived-cells.ts';

/** Every table holding an exchange's derived rows by exchange id besides `exchange_derived`. */
const DERIVED_TABLES_BY_EXCHANGE = ['resources', 'events', 'diagnostics', 'exchange_rels', 'exchange_conversations', 'event_batches'] as const;

export class DerivedWriter {
  private readonly statements;
  private readonly conversationIds = new Map<string, number>();
  /** Per session, the earliest part (in fold order: at_ms, then id) the chunk being written inserted. */
  private readonly earliestParts = new Map<number, { atMs: number; id: number }>();

  constructor(private readonly db: Database.Database) {
    this.statements = {
      deleteDerived: db.prepare('DELETE FROM exchange_derived WHERE exchange_id = ?'),
      deletes: DERIVED_TABLES_BY_EXCHANGE.map((table) => db.prepare(`DELETE FROM ${table} WHERE exchange_id = ?`)),
      deleteText: db.prepare('DELETE FROM exchange_text WHERE rowid = ?'),
      deleteParts: db.prepare('DELETE FROM timeline_parts WHERE id BETWEEN ? AND ?'),
      derived: db.prepare(
        `INSERT INTO exchange_derived (exchange_id, session_id, derived_version, target_rel, request_kind, response_kind, response_rel, ucwa_error, diagnostic_count,
                                      request_lint_count, response_lint_count, change_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
      invalidateCheckpoints: db.prepare('DELETE FROM timeline_checkpoints WHERE session_id = ? AND (at_ms > ? OR (at_ms = ? AND part_id >= ?))'),
    };
  }

  /**
   * Writes a chunk's derived rows (derived-cells.ts) and what the href indexes learned, in
   * derivation order; call inside one transaction. `fresh` skips deleting rows that cannot exist
   * (a full rebuild cleared them already). Exchanges take change-feed ids from `firstChangeId` on.
   */
  writeChunk(chunk: DerivedChunk, fresh: boolean, firstChangeId: number): void {
    const cells = chunk.cells;
    let at = 0;
    let changeId = firstChangeId;
    this.earliestParts.clear();
    for (let n = 0; n < chunk.exchanges; n++) at = this.writeExchange(cells, at, fresh, changeId++);
    // A checkpoint covers the parts up to its point: one a new part lands at or before no longer
    // holds (schema step 12 moved this here from a per-row trigger).
    for (const [sessionId, part] of this.earliestParts) this.statements.invalidateCheckpoints.run(sessionId, part.atMs, part.atMs, part.id);
    const hrefs = chunk.hrefs;
    for (let i = 0; i < hrefs.length; ) {
      const sessionId = hrefs[i] as number;
      const count = hrefs[i + 1] as number;
      i += 2;
      for (let k = 0; k < count; k++, i += 3) {
        const conversation = hrefs[i + 2] as string | null;
        this.statements.saveHref.run(sessionId, hrefs[i], hrefs[i + 1], conversation === null ? null : this.conversationId(sessionId, conversation));
      }
    }
  }

  /** One exchange's rows from `cells` at `at`; returns where the next exchange starts. */
  private writeExchange(c: readonly Cell[], at: number, fresh: boolean, changeId: number): number {
    const s = this.statements;
    const exchangeId = c[at] as number;
    const sessionId = c[at + 1] as number;
    // Not skipped when exchange_derived has no row: a file a kill or a hand left half-derived may
    // still hold other rows of the exchange, and one constraint failure would cost the whole chunk.
    if (!fresh) {
      s.deleteDerived.run(exchangeId);
      for (const statement of s.deletes) statement.run(exchangeId);
      s.deleteText.run(exchangeId);
      s.deleteParts.run(exchangeId * PARTS_PER_EXCHANGE, exchangeId * PARTS_PER_EXCHANGE + PARTS_PER_EXCHANGE - 1);
    }
    const seq = c[at + 2] as number;
    s.derived.run(exchangeId, sessionId, DERIVATION_VERSION, c[at + 3], c[at + 4], c[at + 5], c[at + 6], c[at + 7], c[at + 8], c[at + 9], c[at + 10], changeId);
    at += 11;
    for (let n = c[at++] as number; n > 0; n--, at += RESOURCE_CELLS) s.resource.run(exchangeId, c[at], c[at + 1], c[at + 2], c[at + 3], c[at + 4], c[at + 5], c[at + 6]);
    if (c[at++] === 1) {
      s.batch.run(exchangeId, sessionId, c[at], c[at + 1], c[at + 2], c[at + 3], c[at + 4]);
      at += 5;
    }
    for (let n = c[at++] as number; n > 0; n--, at += EVENT_CELLS) {
      const conversation = c[at + 15] as string | null;
      s.event.run(
        exchangeId,
        sessionId,
        c[at],
        c[at + 1],
        c[at + 2],
        c[at + 3],
        c[at + 4],
        c[at + 5],
        c[at + 6],
        c[at + 7],
        c[at + 8],
        c[at + 9],
        c[at + 10],
        c[at + 11],
        c[at + 12],
        c[at + 13],
        c[at + 14],
        conversation === null ? null : this.conversationId(sessionId, conversation),
        c[at + 16],
      );
    }
    for (let n = c[at++] as number; n > 0; n--, at += DIAGNOSTIC_CELLS) s.diagnostic.run(exchangeId, c[at], c[at + 1], c[at + 2], c[at + 3]);
    for (let n = c[at++] as number; n > 0; n--) s.rel.run(sessionId, c[at++], exchangeId);
    for (let n = c[at++] as number; n > 0; n--) s.exchangeConversation.run(this.conversationId(sessionId, c[at++] as string), exchangeId);
    for (let n = c[at++] as number; n > 0; n--, at += PART_CELLS) {
      s.timelinePart.run(c[at], sessionId, c[at + 1], seq, c[at + 2]);
      this.noteInsertedPart(sessionId, c[at + 1] as number, c[at] as number);
    }
    const request = c[at] as string;
    const response = c[at + 1] as string;
    const messages = c[at + 2] as string;
    if (request !== '' || response !== '' || messages !== '') s.text.run(exchangeId, request, response, messages);
    return at + 3;
  }

  private noteInsertedPart(sessionId: number, atMs: number, id: number): void {
    const earliest = this.earliestParts.get(sessionId);
    if (earliest === undefined) this.earliestParts.set(sessionId, { atMs, id });
    else if (atMs < earliest.atMs || (atMs === earliest.atMs && id < earliest.id)) {
      earliest.atMs = atMs;
      earliest.id = id;
    }
  }

  /** Empties every derived table (all sessions, or one) before a rebuild. */
  clear(sessionId: number | null): void {
    this.conversationIds.clear();
    // Checkpoints first: the parts' triggers then find none to delete.
    if (sessionId === null || this.onlySession(sessionId)) {
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

  /**
   * Whether every exchange in the file is of this session: its derived rows are then cleared as a
   * whole file's are, emptying tables outright (a third of the time of deleting by session, which
   * looks up each exchange's rows, on a 100,000-exchange file).
   */
  private onlySession(sessionId: number): boolean {
    return this.db.prepare('SELECT (SELECT min(session_id) FROM exchanges) = ? AND (SELECT max(session_id) FROM exchanges) = ?').pluck().get(sessionId, sessionId) === 1;
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
