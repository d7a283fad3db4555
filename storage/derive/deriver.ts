/**
 * Runs derivation over stored exchanges: reads raw rows, derives, writes, in transactions of a
 * caller-chosen size. Used by the recorder (just-finished exchanges, between raw batches), by
 * import, and by reindex (everything, from scratch); the bulk runs decode in a second thread
 * (derive-thread.ts) when there is enough to derive to be worth starting one.
 */
import type Database from 'better-sqlite3';
import { ExchangeWriter } from '../exchange-writer.ts';
import { DERIVATION_VERSION } from '../../protocol/derive/derive-exchange.ts';
import { ChunkDeriver } from './chunk-deriver.ts';
import type { DerivedChunk } from './derived-cells.ts';
import { DerivedWriter } from './derived-writer.ts';
import { deriveInThread } from './derive-thread.ts';

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

/** Where a bulk derivation (rebuild, pending) decodes. */
export interface DeriveThreading {
  /**
   * True: in a worker thread, while this one writes; false: on this thread. Default: a thread
   * from `THREAD_FROM_EXCHANGES` exchanges on (starting one costs more than it saves below).
   * Never for an in-memory file, or inside a transaction the thread could not see into.
   */
  readonly thread?: boolean;
  /** Where the line about a derivation thread that stopped goes (default stderr). */
  readonly warn?: (line: string) => void;
  /** Tests only: the derivation thread exits, as a crash would, when it reaches this exchange. */
  readonly exitAtExchangeId?: number;
}

export const THREAD_FROM_EXCHANGES = 2_000;

/**
 * Exchanges per transaction in a bulk run. Each commit writes every page it dirtied to the WAL
 * and flushes the full-text index's pending terms as a new segment: at 500 a session's hot index
 * pages went to the WAL four times as often, and commits took about a third of the writer's time.
 */
export const BULK_CHUNK = 2_000;

/**
 * A bulk run writes tens of thousands of rows into a dozen indexes. A page cache bigger than the
 * default 16 MB keeps their hot pages, and WAL checkpoints every 32 MB instead of every 4 MB
 * copy each page rewritten by successive chunks once instead of once per commit. The
 * connection's own settings come back afterwards (the recorder and reads keep the defaults).
 */
function withBulkWriteSettings(db: Database.Database, work: () => void): void {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 8192');
  try {
    work();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
  }
}

/** Rebuild order: by when each exchange ended, as a live recorder derives them; the href index learns in that order. */
function orderBy(alias: string): string {
  return `ORDER BY ${alias}session_id, ${alias}started_at_ms + COALESCE(${alias}ended_ms, ${alias}first_byte_ms, ${alias}request_sent_ms, 0), ${alias}id`;
}
const ORDER = orderBy('');

export class Deriver {
  private readonly writer: DerivedWriter;
  private readonly changes: ExchangeWriter;
  private readonly chunks: ChunkDeriver;

  constructor(private readonly db: Database.Database) {
    this.changes = new ExchangeWriter(db);
    this.writer = new DerivedWriter(db);
    this.chunks = new ChunkDeriver(db);
  }

  /** Derives the given exchanges, in the given order, in one transaction. */
  derive(ids: readonly number[], fresh = false): void {
    if (ids.length === 0) return;
    this.db.transaction(() => this.write([this.chunks.derive(ids)], fresh))();
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
  derivePending(onProgress?: (progress: ReindexProgress) => void, chunkSize = BULK_CHUNK, threading: DeriveThreading = {}): number {
    const ids = this.pendingIds();
    this.deriveAll(ids, chunkSize, onProgress, threading);
    return ids.length;
  }

  /**
   * Clears and rebuilds every derived row (of one session, or all), chunk by chunk. Raw rows
   * are only read. A crash mid-way leaves some exchanges underived, which the next reindex or
   * recorder picks up; nothing recorded is touched.
   */
  rebuild(sessionId: number | null, onProgress?: (progress: ReindexProgress) => void, chunkSize = BULK_CHUNK, threading: DeriveThreading = {}): ReindexReport {
    const started = performance.now();
    const ids = (
      sessionId === null
        ? this.db.prepare(`SELECT id FROM exchanges ${ORDER}`).pluck().all()
        : this.db.prepare(`SELECT id FROM exchanges WHERE session_id = ? ${ORDER}`).pluck().all(sessionId)
    ) as number[];
    const clear = (): void => {
      this.db.transaction(() => this.writer.clear(sessionId))();
      this.chunks.forget();
    };
    this.deriveAll(ids, chunkSize, onProgress, threading, clear);
    const count = (table: string): number =>
      (sessionId === null
        ? this.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()
        : this.db.prepare(`SELECT count(*) FROM ${table} WHERE exchange_id IN (SELECT id FROM exchanges WHERE session_id = ?)`).pluck().get(sessionId)) as number;
    return { exchanges: ids.length, events: count('events'), diagnostics: count('diagnostics'), durationMs: Math.round(performance.now() - started) };
  }

  /**
   * `clear`: a rebuild's, run first (or, with a thread, while the thread starts); the rows it
   * clears need no deleting per exchange.
   */
  private deriveAll(ids: readonly number[], chunkSize: number, onProgress: ((progress: ReindexProgress) => void) | undefined, threading: DeriveThreading, clear?: () => void): void {
    if (ids.length === 0) {
      clear?.();
      return;
    }
    withBulkWriteSettings(this.db, () => this.deriveAllNow(ids, chunkSize, onProgress, threading, clear));
  }

  private deriveAllNow(ids: readonly number[], chunkSize: number, onProgress: ((progress: ReindexProgress) => void) | undefined, threading: DeriveThreading, clear: (() => void) | undefined): void {
    const total = ids.length;
    const fresh = clear !== undefined;
    const inThread = (threading.thread ?? total >= THREAD_FROM_EXCHANGES) && total > 0 && !this.db.memory && !this.db.inTransaction;
    if (!inThread) {
      clear?.();
      for (let at = 0; at < total; at += chunkSize) {
        this.derive(ids.slice(at, at + chunkSize), fresh);
        onProgress?.({ done: Math.min(at + chunkSize, total), total });
      }
      return;
    }
    deriveInThread({
      path: this.db.name,
      ids,
      chunkSize,
      ...(clear !== undefined ? { clear } : {}),
      write: (pieces) => this.db.transaction(() => this.write(pieces, fresh))(),
      onWritten: (done) => onProgress?.({ done, total }),
      fallback: this.chunks,
      warn: threading.warn ?? ((line) => process.stderr.write(`ucwa-inspector: ${line}\n`)),
      ...(threading.exitAtExchangeId !== undefined ? { exitAtExchangeId: threading.exitAtExchangeId } : {}),
    });
    // The thread's indexes learned what this thread's did not see: read them from the file next time.
    this.chunks.forget();
  }

  /** One transaction's pieces, in order. */
  private write(pieces: readonly DerivedChunk[], fresh: boolean): void {
    // One counter update for the whole transaction: each exchange still gets its own change id.
    let changeId = this.changes.takeChangeIds(pieces.reduce((sum, piece) => sum + piece.exchanges, 0));
    for (const piece of pieces) {
      this.writer.writeChunk(piece, fresh, changeId);
      changeId += piece.exchanges;
    }
  }
}
