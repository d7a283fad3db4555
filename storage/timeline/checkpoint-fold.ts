/**
 * A session's timeline up to a point, read as the newest usable fold checkpoint at or before it
 * plus a fold of only the stored inputs after it (and of exchanges not derived yet, from their raw
 * bytes). Gives exactly what a fold of all the session's inputs gives; a checkpoint it cannot be
 * sure of is not used.
 */
import type Database from 'better-sqlite3';
import { DERIVATION_VERSION } from '../../protocol/derive/derive-exchange.ts';
import { emptyTimelineState, reduceTimeline, type SessionTimeline, type TimelineInput, type TimelineState } from '../../protocol/timeline/index.ts';
import { mergedInputs, partsInputs, placedRawInputs, underivedRows, type PlacedInput, type StoredTuple } from '../queries/timeline-input-queries.ts';
import { atOrBefore, checkpointState, checkpointTimeline, checkpointsOf, deleteCheckpoints, type CheckpointRow, type PartKey } from './checkpoint-rows.ts';
import { PARTS_PER_EXCHANGE } from './stored-inputs.ts';

export type FoldBound = { readonly all: true } | { readonly atMs: number } | { readonly exchangeId: number };

export interface FoldedTimeline {
  readonly timeline: SessionTimeline;
  /** The checkpoint the fold started from, or null when it started from nothing. */
  readonly checkpoint: { readonly atMs: number; readonly partCount: number } | null;
  /** How many inputs were folded after it. */
  readonly foldedInputs: number;
}

/** Raised when the exchange a bound names has nothing in the session. */
export class ExchangeNotInSession extends Error {}

type RawInput = PlacedInput;

const END: PartKey = { atMs: Number.MAX_VALUE, partId: Number.MAX_SAFE_INTEGER };
const START: PartKey = { atMs: -Number.MAX_VALUE, partId: -1 };

/** Two counts from indexes: far cheaper than looking for the underived among a big session's rows. */
export function allDerived(db: Database.Database, sessionId: number): boolean {
  return (
    db
      .prepare('SELECT (SELECT count(*) FROM exchanges WHERE session_id = ?) = (SELECT count(*) FROM exchange_derived WHERE session_id = ? AND derived_version = ?)')
      .pluck()
      .get(sessionId, sessionId, DERIVATION_VERSION) === 1
  );
}

/** The inputs of exchanges this derivation has not stored (open, queued, or derived by another version), in fold order. */
function underivedInputs(db: Database.Database, sessionId: number): RawInput[] {
  return allDerived(db, sessionId) ? [] : placedRawInputs(underivedRows(db, sessionId));
}

/**
 * Parts after one key up to another. The plain bounds restate half of each OR so that SQLite reads
 * only that range of its index: with the ORs alone it reads every part of the session.
 */
const BETWEEN = 'session_id = ? AND at_ms >= ? AND (at_ms > ? OR id > ?) AND at_ms <= ? AND (at_ms < ? OR id <= ?)';

export const PARTS_BETWEEN = `SELECT id, at_ms, seq, inputs FROM timeline_parts WHERE ${BETWEEN} ORDER BY at_ms, id`;

/** Stored parts after `from` up to and including `to`, in read order. */
function partsBetween(db: Database.Database, sessionId: number, from: PartKey, to: PartKey): StoredTuple[] {
  return db.prepare(PARTS_BETWEEN).raw().all(sessionId, from.atMs, from.atMs, from.partId, to.atMs, to.atMs, to.partId) as StoredTuple[];
}

/** The same parts' inputs read as a fold asks for them. The connection is busy until it ends. */
function streamedInputs(db: Database.Database, sessionId: number, from: PartKey, to: PartKey): Iterable<TimelineInput> {
  return partsInputs(db.prepare(PARTS_BETWEEN).raw().iterate(sessionId, from.atMs, from.atMs, from.partId, to.atMs, to.atMs, to.partId) as IterableIterator<StoredTuple>);
}

function anyPartBetween(db: Database.Database, sessionId: number, from: PartKey, to: PartKey): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM timeline_parts WHERE ${BETWEEN} LIMIT 1`)
      .get(sessionId, from.atMs, from.atMs, from.partId, to.atMs, to.atMs, to.partId) !== undefined
  );
}

interface Limit {
  /** The last stored part to fold. */
  readonly key: PartKey;
  /** Whether an input read from raw bytes falls within the bound. */
  readonly takesRaw: (raw: RawInput) => boolean;
  /** For an exchange not derived yet: fold up to its last input, wherever that falls. */
  readonly untilExchange?: number;
}

function limitOf(db: Database.Database, sessionId: number, bound: FoldBound, raw: readonly RawInput[]): Limit {
  if ('atMs' in bound) return { key: { atMs: bound.atMs, partId: END.partId }, takesRaw: (r) => r.atMs <= bound.atMs };
  if (!('exchangeId' in bound)) return { key: END, takesRaw: () => true };
  const x = bound.exchangeId;
  if (raw.some((r) => r.input.cause.exchangeId === x)) return { key: END, takesRaw: () => true, untilExchange: x };
  const last = db
    .prepare(`SELECT at_ms, id, seq FROM timeline_parts WHERE id BETWEEN ? AND ? AND session_id = ? ORDER BY at_ms DESC, id DESC LIMIT 1`)
    .raw()
    .get(x * PARTS_PER_EXCHANGE, x * PARTS_PER_EXCHANGE + PARTS_PER_EXCHANGE - 1, sessionId) as [number, number, number] | undefined;
  if (last === undefined) throw new ExchangeNotInSession(`exchange ${x} is not in session ${sessionId}`);
  const [atMs, partId, seq] = last;
  return { key: { atMs, partId }, takesRaw: (r) => r.atMs < atMs || (r.atMs === atMs && r.seq < seq) };
}

/**
 * The newest checkpoint this build may start from at or before `limit`: written by this
 * derivation and reducer, and with no input read from raw bytes at or before it (an exchange
 * derived later would put a part there, and the checkpoint did not fold it). Parts added, replaced
 * or removed at or before a checkpoint delete it (derivation when it inserts them, the schema's triggers otherwise), so the rest still hold.
 */
function usableCheckpoint(rows: readonly CheckpointRow[], limit: PartKey, raw: readonly RawInput[]): CheckpointRow | null {
  const firstRawAtMs = raw[0]?.atMs ?? Infinity;
  return rows.find((row) => row.current && atOrBefore(row, limit) && row.atMs < firstRawAtMs) ?? null;
}

/** Deletes checkpoints of another derivation or reducer; a store locked by a writer keeps them for now (a read never fails over it). */
function dropUnusable(db: Database.Database, rows: readonly CheckpointRow[]): void {
  const stale = rows.filter((row) => !row.current).map((row) => row.id);
  if (stale.length === 0) return;
  try {
    deleteCheckpoints(db, stale);
  } catch {
    // Passed over all the same.
  }
}

export function foldFromCheckpoint(db: Database.Database, sessionId: number, bound: FoldBound, writable: boolean): FoldedTimeline {
  const raw = underivedInputs(db, sessionId);
  const limit = limitOf(db, sessionId, bound, raw);
  const rows = checkpointsOf(db, sessionId);
  if (writable) dropUnusable(db, rows);
  const from = usableCheckpoint(rows, limit.key, raw);
  const rawTail = raw.filter(limit.takesRaw);
  const start = from ?? START;
  if (from !== null && rawTail.length === 0 && limit.untilExchange === undefined && !anyPartBetween(db, sessionId, start, limit.key)) {
    const timeline = checkpointTimeline(db, from.id);
    if (timeline !== null) return { timeline, checkpoint: { atMs: from.atMs, partCount: from.partCount }, foldedInputs: 0 };
  }
  const restored = from === null ? null : checkpointState(db, from.id);
  const used = restored === null ? null : from;
  let inputs: Iterable<TimelineInput>;
  if (rawTail.length === 0 && limit.untilExchange === undefined) inputs = streamedInputs(db, sessionId, used ?? START, limit.key);
  else {
    const listed = mergedInputs(partsBetween(db, sessionId, used ?? START, limit.key), rawTail);
    const x = limit.untilExchange;
    inputs = x === undefined ? listed : listed.slice(0, listed.findLastIndex((input) => input.cause.exchangeId === x) + 1);
  }
  let state: TimelineState = restored ?? emptyTimelineState();
  let folded = 0;
  for (const input of inputs) {
    state = reduceTimeline(state, input);
    folded++;
  }
  return { timeline: state.timeline, checkpoint: used === null ? null : { atMs: used.atMs, partCount: used.partCount }, foldedInputs: folded };
}
