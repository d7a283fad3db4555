/**
 * The SQL that writes the record: sessions and raw exchange rows, in batches, each batch one
 * immediate transaction that also takes change-feed ids. Derived rows are written elsewhere
 * (derive/), after these commits.
 */
import type Database from 'better-sqlite3';
import type { AbortedExchange, CompletedExchange, RecordedExchange } from '../protocol/exchange.ts';
import type { RedactionRules, Redactor } from './redactor.ts';
import { toExchangeValues, type ExchangeValues } from './rows.ts';

/** How a session was recorded. Anything else is kept as given. */
export type SessionMode = 'forward' | 'reverse' | 'import' | 'simulator' | (string & {});

export interface NewSession {
  /** Shown in listings and accepted by `--session`; default `recording <ISO start time>`. */
  readonly name?: string;
  /** Wall clock, epoch milliseconds; default now. */
  readonly startedAtMs?: number;
  /** The upstream server's base URL, or null when there is none (forward mode to many hosts). */
  readonly upstream?: string | null;
  readonly mode: SessionMode;
  readonly notes?: string;
  /** Redact secrets at record time (default true). Stored on the session so readers know. */
  readonly redact?: boolean;
  /** Header and parameter names to redact besides the built-in ones (when `redact` is on). */
  readonly redactRules?: RedactionRules;
}

/** A session as stored. */
export interface SessionRecord {
  readonly id: number;
  readonly name: string;
  readonly startedAtMs: number;
  /** Null while the recording runs (or when it stopped without saying so: a crash). */
  readonly endedAtMs: number | null;
  readonly upstream: string | null;
  readonly mode: SessionMode;
  readonly notes: string;
  /** Whether secrets were redacted when this session was recorded. */
  readonly redacted: boolean;
  /** Set for imported sessions: which file, and whether all of it landed. Null for recordings. */
  readonly import: ImportState | null;
}

/** What an imported session remembers of its import. */
export interface ImportState {
  /** SHA-256 (hex) of the imported file's bytes: importing the same file again is noticed. */
  readonly sha256: string;
  /** Exchanges the file holds. */
  readonly expectedCount: number;
  /** False while importing, and for ever when the import was cut off (killed) before its last exchange. */
  readonly complete: boolean;
}

/** One queued write for a session: a new exchange at `seq`, or the final stage of one already queued or written. */
export type WriteOp =
  | { readonly kind: 'insert'; readonly seq: number; readonly exchange: RecordedExchange }
  | { readonly kind: 'finish'; readonly seq: number; readonly exchange: CompletedExchange | AbortedExchange };

/** An exchange that reached its final stage in a batch: what derivation works through. */
export interface FinishedExchange {
  readonly id: number;
  readonly seq: number;
}

/** The exchange columns every insert binds, named as `toExchangeValues` names them. */
export const EXCHANGE_COLUMNS = [
  'stage',
  'connection_id',
  'started_at_ms',
  'started_mono_ms',
  'request_sent_ms',
  'first_byte_ms',
  'ended_ms',
  'method',
  'url',
  'request_http_version',
  'request_headers',
  'request_body',
  'request_body_size',
  'request_body_truncated',
  'status',
  'status_text',
  'response_http_version',
  'response_headers',
  'response_body',
  'response_body_size',
  'response_body_truncated',
  'error_kind',
  'error_message',
  'redactions',
  'url_mappings',
  'reconstructed',
] as const satisfies readonly (keyof ExchangeValues)[];

/**
 * The exchange's values in the order of `session_id, seq, change_id, EXCHANGE_COLUMNS`: bound by
 * position, which costs better-sqlite3 no name lookup per column (and no spread object per row).
 */
export function exchangeParams(sessionId: number, seq: number, changeId: number, values: ExchangeValues): unknown[] {
  const params: unknown[] = [sessionId, seq, changeId];
  for (const column of EXCHANGE_COLUMNS) params.push(values[column]);
  return params;
}

/** Inserts an exchange row bound with `exchangeParams`; `.run(...).lastInsertRowid` is its id. */
export const INSERT_EXCHANGE_SQL = `INSERT INTO exchanges (session_id, seq, change_id, ${EXCHANGE_COLUMNS.join(', ')})
  VALUES (?, ?, ?, ${EXCHANGE_COLUMNS.map(() => '?').join(', ')})`;

export class ExchangeWriter {
  private readonly insertExchange: Database.Statement;
  private readonly updateExchange: Database.Statement;
  private readonly readCounter: Database.Statement;
  private readonly writeCounter: Database.Statement;

  constructor(private readonly db: Database.Database) {
    // No RETURNING: lastInsertRowid gives the id, and a RETURNING insert costs SQLite a result buffer per row.
    this.insertExchange = db.prepare(INSERT_EXCHANGE_SQL);
    // Binds the insert's array rotated: change_id and the columns, then session_id and seq.
    this.updateExchange = db.prepare(
      `UPDATE exchanges SET change_id = ?, ${EXCHANGE_COLUMNS.map((c) => `${c} = ?`).join(', ')}
       WHERE session_id = ? AND seq = ? RETURNING id`,
    ).pluck();
    this.readCounter = db.prepare("SELECT value FROM meta WHERE key = 'next_change_id'").pluck();
    this.writeCounter = db.prepare("UPDATE meta SET value = ? WHERE key = 'next_change_id'");
  }

  /** Change-feed ids for this transaction; call only inside one, so concurrent writers never share ids. */
  takeChangeIds(count: number): number {
    const first = this.readCounter.get() as number;
    this.writeCounter.run(first + count);
    return first;
  }

  createSession(session: NewSession): SessionRecord {
    const startedAtMs = session.startedAtMs ?? Date.now();
    const record = {
      name: session.name ?? `recording ${new Date(startedAtMs).toISOString()}`,
      startedAtMs,
      endedAtMs: null,
      upstream: session.upstream ?? null,
      mode: session.mode,
      notes: session.notes ?? '',
      redacted: session.redact ?? true,
      import: null,
    };
    const id = this.db
      .transaction(() =>
        this.db
          .prepare(
            `INSERT INTO sessions (name, started_at_ms, ended_at_ms, upstream, mode, notes, redacted, change_id)
             VALUES (?, ?, NULL, ?, ?, ?, ?, ?) RETURNING id`,
          )
          .pluck()
          .get(record.name, record.startedAtMs, record.upstream, record.mode, record.notes, record.redacted ? 1 : 0, this.takeChangeIds(1)),
      )
      .immediate() as number;
    return { id, ...record };
  }

  /** Inserts a whole session at once (import): one transaction, so a failure leaves nothing behind. */
  insertSession(
    session: Omit<SessionRecord, 'id' | 'import'>,
    exchanges: readonly { seq: number; exchange: RecordedExchange; redactions: readonly string[] }[],
  ): { sessionId: number; exchanges: FinishedExchange[] } {
    return this.db
      .transaction(() => {
        const id = this.db
          .prepare(
            `INSERT INTO sessions (name, started_at_ms, ended_at_ms, upstream, mode, notes, redacted, change_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          )
          .pluck()
          .get(session.name, session.startedAtMs, session.endedAtMs, session.upstream, session.mode, session.notes, session.redacted ? 1 : 0, this.takeChangeIds(1)) as number;
        let changeId = this.takeChangeIds(exchanges.length);
        const ordered = [...exchanges].sort((a, b) => a.seq - b.seq);
        const inserted = ordered.map(({ seq, exchange, redactions }) => ({
          id: Number(this.insertExchange.run(exchangeParams(id, seq, changeId++, toExchangeValues(exchange, redactions))).lastInsertRowid),
          seq,
        }));
        return { sessionId: id, exchanges: inserted };
      })
      .immediate();
  }

  /**
   * Writes a batch in one immediate transaction. Returns the exchanges now in a final stage,
   * in batch order, for derivation. Redaction happens here, off the recording caller's path.
   */
  apply(sessionId: number, ops: readonly WriteOp[], redactor: Redactor | null): FinishedExchange[] {
    const prepared = ops.map((op) => {
      const { exchange, redactions } = redactor ? redactor.redact(op.exchange) : { exchange: op.exchange, redactions: [] };
      return { op, values: toExchangeValues(exchange, redactions) };
    });
    return this.db
      .transaction(() => {
        let changeId = this.takeChangeIds(prepared.length);
        const finished: FinishedExchange[] = [];
        for (const { op, values } of prepared) {
          const params = exchangeParams(sessionId, op.seq, changeId++, values);
          let id = op.kind === 'finish' ? (this.updateExchange.get(...params.slice(2), sessionId, op.seq) as number | undefined) : undefined;
          // A finish whose insert never landed (the caller skipped onRequest) becomes an insert.
          id ??= Number(this.insertExchange.run(params).lastInsertRowid);
          if (values.stage !== 'initiated') finished.push({ id, seq: op.seq });
        }
        return finished;
      })
      .immediate();
  }

  endSession(sessionId: number, endedAtMs: number, notes?: string): void {
    this.db
      .transaction(() => {
        const changeId = this.takeChangeIds(1);
        if (notes === undefined) this.db.prepare('UPDATE sessions SET ended_at_ms = ?, change_id = ? WHERE id = ?').run(endedAtMs, changeId, sessionId);
        else this.db.prepare('UPDATE sessions SET ended_at_ms = ?, notes = ?, change_id = ? WHERE id = ?').run(endedAtMs, notes, changeId, sessionId);
      })
      .immediate();
  }
}
