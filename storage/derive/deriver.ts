/**
 * Runs derivation over stored exchanges: reads raw rows, derives, writes, in transactions of a
 * caller-chosen size. Used by the recorder (just-finished exchanges, between raw batches), by
 * import, and by reindex (everything, from scratch).
 */
import type Database from 'better-sqlite3';
import { ExchangeWriter } from '../exchange-writer.ts';
import { toRecordedExchange, type ExchangeRow } from '../rows.ts';
import { DERIVATION_VERSION, deriveExchange, failedDerivation, type DerivedExchange } from '../../protocol/derive/derive-exchange.ts';
import { inputsFromExchange, type ExchangeRef, type TimelineInput } from '../../protocol/timeline/index.ts';
import { DerivedWriter } from './derived-writer.ts';
import type { HrefIndex } from '../../protocol/derive/href-index.ts';

export interface ReindexProgress {
  readonly done: number;
  readonly total: number;
}

export interface ReindexReport {
  readonly exchanges: number;
  readonly events: number;
  readonly diagnostics: number;
  readonly durationMs: number;
}

/** Rebuild order: by when each exchange ended, as a live recorder derives them; the href index learns in that order. */
function orderBy(alias: string): string {
  return `ORDER BY ${alias}session_id, ${alias}started_at_ms + COALESCE(${alias}ended_ms, ${alias}first_byte_ms, ${alias}request_sent_ms, 0), ${alias}id`;
}
const ORDER = orderBy('');

export class Deriver {
  private readonly writer: DerivedWriter;
  private readonly changes: ExchangeWriter;
  private readonly readRow: Database.Statement;
  private readonly indexes = new Map<number, HrefIndex>();

  constructor(private readonly db: Database.Database) {
    this.changes = new ExchangeWriter(db);
    this.writer = new DerivedWriter(db);
    this.readRow = db.prepare('SELECT * FROM exchanges WHERE id = ?');
  }

  /** Derives the given exchanges, in the given order, in one transaction. */
  derive(ids: readonly number[], fresh = false): void {
    if (ids.length === 0) return;
    this.db.transaction(() => {
      const touched = new Set<number>();
      // One counter update for the whole transaction: each exchange still gets its own change id.
      let changeId = this.changes.takeChangeIds(ids.length);
      for (const id of ids) {
        const row = this.readRow.get(id) as ExchangeRow | undefined;
        if (!row) continue;
        this.deriveRow(row, fresh, changeId++);
        touched.add(row.session_id);
      }
      for (const sessionId of touched) this.writer.saveIndex(sessionId, this.indexes.get(sessionId) as HrefIndex);
    })();
  }

  /** Finished exchanges with no derived rows, or rows from an older derivation, in rebuild order. */
  pendingIds(): number[] {
    return this.db
      .prepare(
        `SELECT e.id FROM exchanges e LEFT JOIN exchange_derived d ON d.exchange_id = e.id
         WHERE e.stage <> 'initiated' AND (d.exchange_id IS NULL OR d.derived_version <> ?) ${orderBy('e.')}`,
      )
      .pluck()
      .all(DERIVATION_VERSION) as number[];
  }

  /** Derives what `pendingIds` lists, chunk by chunk (each its own transaction). Returns how many. */
  derivePending(onProgress?: (progress: ReindexProgress) => void, chunkSize = 500): number {
    const ids = this.pendingIds();
    for (let at = 0; at < ids.length; at += chunkSize) {
      this.derive(ids.slice(at, at + chunkSize));
      onProgress?.({ done: Math.min(at + chunkSize, ids.length), total: ids.length });
    }
    return ids.length;
  }

  /**
   * Clears and rebuilds every derived row (of one session, or all), chunk by chunk. Raw rows
   * are only read. A crash mid-way leaves some exchanges underived, which the next reindex or
   * recorder picks up; nothing recorded is touched.
   */
  rebuild(sessionId: number | null, onProgress?: (progress: ReindexProgress) => void, chunkSize = 500): ReindexReport {
    const started = performance.now();
    const ids = (
      sessionId === null
        ? this.db.prepare(`SELECT id FROM exchanges ${ORDER}`).pluck().all()
        : this.db.prepare(`SELECT id FROM exchanges WHERE session_id = ? ${ORDER}`).pluck().all(sessionId)
    ) as number[];
    this.db.transaction(() => this.writer.clear(sessionId))();
    this.indexes.clear();
    for (let at = 0; at < ids.length; at += chunkSize) {
      this.derive(ids.slice(at, at + chunkSize), true);
      onProgress?.({ done: Math.min(at + chunkSize, ids.length), total: ids.length });
    }
    const count = (table: string): number =>
      (sessionId === null
        ? this.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()
        : this.db.prepare(`SELECT count(*) FROM ${table} WHERE exchange_id IN (SELECT id FROM exchanges WHERE session_id = ?)`).pluck().get(sessionId)) as number;
    return { exchanges: ids.length, events: count('events'), diagnostics: count('diagnostics'), durationMs: Math.round(performance.now() - started) };
  }

  private deriveRow(row: ExchangeRow, fresh: boolean, changeId: number): void {
    let index = this.indexes.get(row.session_id);
    if (index === undefined) {
      index = this.writer.loadIndex(row.session_id);
      this.indexes.set(row.session_id, index);
    }
    const ref: ExchangeRef = { id: row.id, seq: row.seq, exchange: toRecordedExchange(row) };
    let derived: DerivedExchange;
    try {
      derived = deriveExchange(ref, index);
    } catch (error) {
      // A derivation bug must cost one exchange's derived rows, never the batch or the record.
      derived = failedDerivation(error, inputsApart(ref));
    }
    const atMs = row.started_at_ms + (row.first_byte_ms ?? row.ended_ms ?? 0);
    this.writer.write(row.id, row.session_id, row.seq, atMs, derived, fresh, changeId);
  }
}

/** The timeline inputs of an exchange whose derivation failed, when reading them alone succeeds. */
function inputsApart(ref: ExchangeRef): TimelineInput[] {
  try {
    return inputsFromExchange(ref);
  } catch {
    return [];
  }
}
