/**
 * The timeline inputs of a session or of chosen exchanges, in fold order: read as derivation
 * stored them, with those of exchanges not (or not yet) derived by this version read from their
 * raw bytes, so a timeline never waits for derivation and never misses what was recorded.
 */
import type Database from 'better-sqlite3';
import { DERIVATION_VERSION } from '../../protocol/derive/derive-exchange.ts';
import { inputsFromExchange, type TimelineInput } from '../../protocol/timeline/index.ts';
import { toRecordedExchange, type ExchangeRow } from '../rows.ts';

/** One input and where it sorts: by time, then by its exchange's seq, then by its place in the exchange. */
interface PlacedInput {
  readonly atMs: number;
  readonly seq: number;
  readonly position: number;
  readonly input: TimelineInput;
}

type StoredTuple = [atMs: number, seq: number, position: number, input: string];

const UNDERIVED = 'LEFT JOIN exchange_derived d ON d.exchange_id = e.id WHERE (d.exchange_id IS NULL OR d.derived_version <> ?)';

/** Every input of a session, in fold order; with `toMs`, only those up to and including that moment. */
export function sessionTimelineInputs(db: Database.Database, sessionId: number, toMs: number = Number.MAX_VALUE): TimelineInput[] {
  const stored = db
    .prepare('SELECT at_ms, seq, position, input FROM timeline_inputs WHERE session_id = ? AND at_ms <= ? ORDER BY at_ms, seq, position')
    .raw()
    .all(sessionId, toMs) as StoredTuple[];
  const underived = db.prepare(`SELECT e.id FROM exchanges e ${UNDERIVED} AND e.session_id = ?`).pluck().all(DERIVATION_VERSION, sessionId) as number[];
  return merged(stored, rowsOf(db, underived), toMs);
}

/** The inputs of the given exchanges (of one session), in fold order. */
export function exchangeTimelineInputs(db: Database.Database, exchangeIds: readonly number[]): TimelineInput[] {
  const ids = JSON.stringify(exchangeIds);
  const stored = db
    .prepare('SELECT at_ms, seq, position, input FROM timeline_inputs WHERE exchange_id IN (SELECT value FROM json_each(?)) ORDER BY at_ms, seq, position')
    .raw()
    .all(ids) as StoredTuple[];
  const underived = db.prepare(`SELECT e.id FROM exchanges e ${UNDERIVED} AND e.id IN (SELECT value FROM json_each(?))`).pluck().all(DERIVATION_VERSION, ids) as number[];
  return merged(stored, rowsOf(db, underived), Number.MAX_VALUE);
}

/** The raw rows of a few exchanges (those derivation has not reached): usually none. */
function rowsOf(db: Database.Database, ids: readonly number[]): ExchangeRow[] {
  if (ids.length === 0) return [];
  return db.prepare('SELECT * FROM exchanges WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as ExchangeRow[];
}

function merged(stored: readonly StoredTuple[], underived: readonly ExchangeRow[], toMs: number): TimelineInput[] {
  if (underived.length === 0) return stored.map((row) => JSON.parse(row[3]) as TimelineInput);
  const placed: PlacedInput[] = stored.map(([atMs, seq, position, input]) => ({ atMs, seq, position, input: JSON.parse(input) as TimelineInput }));
  for (const row of underived)
    inputsFromExchange({ id: row.id, seq: row.seq, exchange: toRecordedExchange(row) }).forEach((input, position) => {
      if (input.atMs <= toMs) placed.push({ atMs: input.atMs, seq: row.seq, position, input });
    });
  return placed.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq || a.position - b.position).map((p) => p.input);
}
