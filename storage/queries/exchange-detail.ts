/** One exchange in full: the record as it was captured, and everything derived from it. */
import type Database from 'better-sqlite3';
import type { RecordedExchange } from '../../protocol/exchange.ts';
import type { DerivedEventBatch, Diagnostic } from '../../protocol/derive/derive-exchange.ts';
import type { DerivedResource } from '../../protocol/derive/resource-walker.ts';
import { parseRedactions, toRecordedExchange, type ExchangeRow } from '../rows.ts';
import { EVENT_COLUMNS, toStoredEvent, type EventRow, type StoredEvent } from './event-queries.ts';
import type { ExchangeDerivedSummary } from './exchange-summary.ts';

export interface ConversationRef {
  readonly id: number;
  /** Normalized href (path and query) of the conversation resource. */
  readonly href: string;
}

export interface ExchangeDerivation extends ExchangeDerivedSummary {
  /** Version of the derivation code that produced these rows. */
  readonly version: number;
  readonly resources: readonly DerivedResource[];
  readonly eventBatch: DerivedEventBatch | null;
  readonly events: readonly StoredEvent[];
  readonly diagnostics: readonly Diagnostic[];
  readonly conversations: readonly ConversationRef[];
}

export interface StoredExchange {
  readonly id: number;
  readonly sessionId: number;
  readonly seq: number;
  readonly changeId: number;
  /** The exchange as recorded: exact bytes, header pairs in order, timings, error. */
  readonly exchange: RecordedExchange;
  /** What redaction replaced in it (`request header Authorization`…); empty when nothing. */
  readonly redactions: readonly string[];
  /** Null until derived. */
  readonly derived: ExchangeDerivation | null;
}

interface DerivedRow {
  readonly derived_version: number;
  readonly change_id: number;
  readonly target_rel: string | null;
  readonly request_kind: ExchangeDerivedSummary['requestKind'];
  readonly response_kind: ExchangeDerivedSummary['responseKind'];
  readonly response_rel: string | null;
  readonly ucwa_error: string | null;
  readonly diagnostic_count: number;
  readonly request_lint_count: number;
  readonly response_lint_count: number;
}

export function getExchange(db: Database.Database, id: number): StoredExchange | undefined {
  const row = db.prepare('SELECT * FROM exchanges WHERE id = ?').get(id) as ExchangeRow | undefined;
  return row && toStoredExchange(db, row);
}

export function getExchangeBySeq(db: Database.Database, sessionId: number, seq: number): StoredExchange | undefined {
  const row = db.prepare('SELECT * FROM exchanges WHERE session_id = ? AND seq = ?').get(sessionId, seq) as ExchangeRow | undefined;
  return row && toStoredExchange(db, row);
}

function toStoredExchange(db: Database.Database, row: ExchangeRow): StoredExchange {
  const derived = db.prepare('SELECT * FROM exchange_derived WHERE exchange_id = ?').get(row.id) as DerivedRow | undefined;
  return {
    id: row.id,
    sessionId: row.session_id,
    seq: row.seq,
    // Derivation takes its own change id, in exchange_derived: the exchange's latest write is the later of the two.
    changeId: Math.max(row.change_id, derived?.change_id ?? 0),
    exchange: toRecordedExchange(row),
    redactions: parseRedactions(row.redactions),
    derived: derived ? readDerivation(db, row.id, derived) : null,
  };
}

function readDerivation(db: Database.Database, id: number, derived: DerivedRow): ExchangeDerivation {
  const resources = (
    db.prepare('SELECT direction, position, parent_position, event_position, rel, type, href FROM resources WHERE exchange_id = ? ORDER BY position').all(id) as {
      direction: DerivedResource['direction'];
      position: number;
      parent_position: number | null;
      event_position: number | null;
      rel: string | null;
      type: string | null;
      href: string | null;
    }[]
  ).map((r): DerivedResource => ({ direction: r.direction, position: r.position, parentPosition: r.parent_position, eventPosition: r.event_position, rel: r.rel, type: r.type, href: r.href }));
  const batch = db.prepare('SELECT ack, next_href, resync_href, resume_href, event_count FROM event_batches WHERE exchange_id = ?').get(id) as
    | { ack: number | null; next_href: string | null; resync_href: string | null; resume_href: string | null; event_count: number }
    | undefined;
  const events = (db.prepare(`SELECT ${EVENT_COLUMNS} FROM events ev LEFT JOIN conversations c ON c.id = ev.conversation_id WHERE ev.exchange_id = ? ORDER BY ev.position`).all(id) as EventRow[]).map(toStoredEvent);
  const diagnostics = (db.prepare('SELECT direction, severity, message, offset FROM diagnostics WHERE exchange_id = ? ORDER BY id').all(id) as {
    direction: Diagnostic['direction'];
    severity: Diagnostic['severity'];
    message: string;
    offset: number | null;
  }[]).map((d): Diagnostic => ({ direction: d.direction, severity: d.severity, message: d.message, offset: d.offset }));
  const conversations = db
    .prepare('SELECT c.id, c.href FROM exchange_conversations x JOIN conversations c ON c.id = x.conversation_id WHERE x.exchange_id = ? ORDER BY c.id')
    .all(id) as ConversationRef[];
  return {
    version: derived.derived_version,
    targetRel: derived.target_rel,
    requestKind: derived.request_kind,
    responseKind: derived.response_kind,
    responseRel: derived.response_rel,
    ucwaError: derived.ucwa_error,
    diagnosticCount: derived.diagnostic_count,
    lintFindingCounts: { request: derived.request_lint_count, response: derived.response_lint_count },
    eventCount: batch ? batch.event_count : null,
    resources,
    eventBatch: batch
      ? { ack: batch.ack, nextHref: batch.next_href, resyncHref: batch.resync_href, resumeHref: batch.resume_href, eventCount: batch.event_count }
      : null,
    events,
    diagnostics,
    conversations,
  };
}
