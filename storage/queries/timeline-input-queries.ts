/**
 * The timeline inputs of a session or of chosen exchanges, in fold order: read as derivation
 * stored them, with those of exchanges not (or not yet) derived by this version read from their
 * raw bytes, so a timeline never waits for derivation and never misses what was recorded.
 */
import type Database from 'better-sqlite3';
import { DERIVATION_VERSION } from '../../protocol/derive/derive-exchange.ts';
import { inputsFromExchange, type TimelineInput } from '../../protocol/timeline/index.ts';
import { toRecordedExchange, type ExchangeRow } from '../rows.ts';
import { PARTS_PER_EXCHANGE, partInputs } from '../timeline/stored-inputs.ts';

/** One input and where it sorts: by time, then by its exchange's seq, then by its place in the exchange. */
export interface PlacedInput {
  readonly atMs: number;
  readonly seq: number;
  readonly position: number;
  readonly input: TimelineInput;
}

export type StoredTuple = [id: number, atMs: number, seq: number, inputs: string];

const SESSION_PARTS = 'SELECT id, at_ms, seq, inputs FROM timeline_parts WHERE session_id = ? AND at_ms <= ? ORDER BY at_ms, id';

/** Joined to `exchanges e`: those this derivation has not stored (never derived, or by another version); bind DERIVATION_VERSION first. */
export const UNDERIVED = 'LEFT JOIN exchange_derived d ON d.exchange_id = e.id WHERE (d.exchange_id IS NULL OR d.derived_version <> ?)';

/** Every input of a session, in fold order; with `toMs`, only those up to and including that moment. */
export function sessionTimelineInputs(db: Database.Database, sessionId: number, toMs: number = Number.MAX_VALUE): TimelineInput[] {
  const stored = db.prepare(SESSION_PARTS).raw().all(sessionId, toMs) as StoredTuple[];
  return mergedInputs(stored, placedRawInputs(underivedRows(db, sessionId)).filter((p) => p.atMs <= toMs));
}

/** The raw rows of a session's exchanges this derivation has not stored (open, queued, or derived by another version). */
export function underivedRows(db: Database.Database, sessionId: number): ExchangeRow[] {
  return db.prepare(`SELECT e.* FROM exchanges e ${UNDERIVED} AND e.session_id = ?`).all(DERIVATION_VERSION, sessionId) as ExchangeRow[];
}

/**
 * The same, for folding: when every exchange of the session is derived, read row by row as the
 * fold asks (parsed inputs die young instead of all living until the fold ends); else the merged
 * list. The connection is busy until the iteration ends.
 */
export function sessionTimelineInputStream(db: Database.Database, sessionId: number, toMs: number = Number.MAX_VALUE): Iterable<TimelineInput> {
  const underived = db.prepare(`SELECT e.id FROM exchanges e ${UNDERIVED} AND e.session_id = ?`).pluck().all(DERIVATION_VERSION, sessionId) as number[];
  if (underived.length > 0) return sessionTimelineInputs(db, sessionId, toMs);
  return partsInputs(db.prepare(SESSION_PARTS).raw().iterate(sessionId, toMs) as IterableIterator<StoredTuple>);
}

/** Stored parts' inputs, read as a fold asks for them: parsed inputs die young. */
export function* partsInputs(rows: Iterable<StoredTuple>): Generator<TimelineInput> {
  const inputs: TimelineInput[] = [];
  for (const [id, atMs, seq, json] of rows) {
    inputs.length = 0;
    partInputs(json, atMs, Math.floor(id / PARTS_PER_EXCHANGE), seq, inputs);
    yield* inputs;
  }
}

/** The inputs of the given exchanges (of one session), in fold order. */
export function exchangeTimelineInputs(db: Database.Database, exchangeIds: readonly number[]): TimelineInput[] {
  const ids = JSON.stringify(exchangeIds);
  const stored = db
    .prepare(
      `SELECT p.id, p.at_ms, p.seq, p.inputs FROM json_each(?) j JOIN timeline_parts p ON p.id BETWEEN j.value * ${PARTS_PER_EXCHANGE} AND j.value * ${PARTS_PER_EXCHANGE} + ${PARTS_PER_EXCHANGE - 1}
       ORDER BY p.at_ms, p.id`,
    )
    .raw()
    .all(ids) as StoredTuple[];
  const underived = db.prepare(`SELECT e.id FROM exchanges e ${UNDERIVED} AND e.id IN (SELECT value FROM json_each(?))`).pluck().all(DERIVATION_VERSION, ids) as number[];
  return mergedInputs(stored, placedRawInputs(rowsOf(db, underived)));
}

/** The raw rows of a few exchanges (those derivation has not reached): usually none. */
function rowsOf(db: Database.Database, ids: readonly number[]): ExchangeRow[] {
  if (ids.length === 0) return [];
  return db.prepare('SELECT * FROM exchanges WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as ExchangeRow[];
}

function byFoldOrder(a: PlacedInput, b: PlacedInput): number {
  return a.atMs - b.atMs || a.seq - b.seq || a.position - b.position;
}

/** The inputs of exchanges read from their raw bytes, in fold order. */
export function placedRawInputs(rows: readonly ExchangeRow[]): PlacedInput[] {
  const placed: PlacedInput[] = [];
  for (const row of rows)
    inputsFromExchange({ id: row.id, seq: row.seq, exchange: toRecordedExchange(row) }).forEach((input, position) => placed.push({ atMs: input.atMs, seq: row.seq, position, input }));
  return placed.sort(byFoldOrder);
}

/** Stored rows come in fold order already (ids grow with seq within a session); inputs read raw are merged in where they sort. */
export function mergedInputs(stored: readonly StoredTuple[], raw: readonly PlacedInput[]): TimelineInput[] {
  const inputs: TimelineInput[] = [];
  for (const [id, atMs, seq, json] of stored) partInputs(json, atMs, Math.floor(id / PARTS_PER_EXCHANGE), seq, inputs);
  if (raw.length === 0) return inputs;
  // Stored inputs keep their order among themselves: position counts through them in fold order.
  const placed: PlacedInput[] = inputs.map((input, position) => ({ atMs: input.atMs, seq: input.cause.seq, position, input }));
  placed.push(...raw);
  return placed.sort(byFoldOrder).map((p) => p.input);
}
