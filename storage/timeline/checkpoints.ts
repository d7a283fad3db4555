/**
 * Writes fold checkpoints after derivation: folds a session's settled stored inputs on from its
 * newest checkpoint and keeps a few checkpoints (the newest, and some spread through the session so
 * a moment's state folds only a stretch). Settled: no exchange still open or underived, and none
 * not yet committed, could add a part at or before the point. The live writer's side, which does
 * the same a slice per turn: live-checkpoints.ts.
 */
import type Database from 'better-sqlite3';
import { DERIVATION_VERSION } from '../../protocol/derive/derive-exchange.ts';
import { emptyTimelineState, reduceTimeline, type TimelineInput, type TimelineState } from '../../protocol/timeline/index.ts';
import { UNDERIVED } from '../queries/timeline-input-queries.ts';
import { encodedState } from './checkpoint-encoding.ts';
import { checkpointState, checkpointsOf, deleteCheckpoints, deleteMarkers, writeCheckpoint, type PartKey } from './checkpoint-rows.ts';
import { allDerived } from './checkpoint-fold.ts';
import { PARTS_PER_EXCHANGE, partInputs } from './stored-inputs.ts';

export interface CheckpointPolicy {
  /** A session with fewer stored parts than this folds fast enough: no checkpoint. */
  readonly minParts: number;
  /**
   * While a session records: a new newest checkpoint once this many parts settled after the last,
   * or an eighth of what the last covered if more (a write costs as much as the state is big, so
   * writing less often as it grows keeps the writer's share flat).
   */
  readonly stepParts: number;
  /** How many checkpoints to keep spread through the session besides the newest. */
  readonly spread: number;
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { minParts: 4096, stepParts: 4096, spread: 3 };

/** What one live-writer turn may take: about `ms`, never more than `maxParts` parts folded, and a checkpoint's deflated state written `pieceBytes` at a time (at least one piece a turn). */
export interface TurnBudget {
  readonly ms: number;
  readonly maxParts: number;
  readonly pieceBytes: number;
}

export const DEFAULT_TURN: TurnBudget = { ms: 8, maxParts: 2048, pieceBytes: 256 * 1024 };

/**
 * How long after it started an exchange of a session still recording may still be uncommitted (a
 * recorder's batch in flight or held by another process's lock): parts later than now minus this
 * are not settled. A later part below a checkpoint only costs that checkpoint (derivation deletes it in the same transaction).
 */
const UNCOMMITTED_MS = 15_000;

export interface CheckpointRun {
  readonly written: number;
  readonly durationMs: number;
  /** Parts the session's newest checkpoint covers after the run. */
  readonly coveredParts: number;
}

/** What a session has to fold now: parts before `beforeMs` are settled; `complete` when it takes no more exchanges. */
export interface Settled {
  readonly beforeMs: number;
  readonly complete: boolean;
}

/** Null when the session is gone. */
export function settledOf(db: Database.Database, sessionId: number, options: { readonly complete?: boolean; readonly nowMs?: number } = {}): Settled | null {
  const session = db.prepare('SELECT ended_at_ms, import_sha256 FROM sessions WHERE id = ?').raw().get(sessionId) as [number | null, string | null] | undefined;
  if (session === undefined) return null;
  const complete = options.complete === true || session[0] !== null || session[1] !== null;
  const openFromMs = allDerived(db, sessionId)
    ? null
    : (db.prepare(`SELECT min(e.started_at_ms) FROM exchanges e ${UNDERIVED} AND e.session_id = ?`).pluck().get(DERIVATION_VERSION, sessionId) as number | null);
  const beforeMs = Math.min(openFromMs ?? Number.MAX_VALUE, complete ? Number.MAX_VALUE : (options.nowMs ?? Date.now()) - UNCOMMITTED_MS);
  return { beforeMs, complete };
}

/** Sessions with exchanges this derivation has not stored: an earlier writer left them behind. */
export function sessionsBehind(db: Database.Database): number[] {
  return db.prepare(`SELECT DISTINCT e.session_id FROM exchanges e ${UNDERIVED} AND e.stage <> 'initiated'`).pluck().all(DERIVATION_VERSION) as number[];
}

/** Settled parts after `from`, before `beforeMs`: how many, up to `limit` of them. */
export function countPartsAfter(db: Database.Database, sessionId: number, from: PartKey, beforeMs: number): number {
  return db.prepare(`SELECT count(*) FROM timeline_parts WHERE session_id = ? AND ${AFTER}`).pluck().get(sessionId, from.atMs, from.atMs, from.partId, beforeMs) as number;
}

export type PartTuple = [id: number, atMs: number, seq: number, inputs: string];

/**
 * After a part key, before a time. The plain `at_ms >= ?` restates half of the OR so that SQLite
 * starts its index range at the key: with the OR alone it reads the session's parts from the first.
 */
const AFTER = 'at_ms >= ? AND (at_ms > ? OR id > ?) AND at_ms < ?';

export const PARTS_AFTER = `SELECT id, at_ms, seq, inputs FROM timeline_parts WHERE session_id = ? AND ${AFTER} ORDER BY at_ms, id LIMIT ?`;

/** Up to `limit` settled parts after `from`, in read order. */
export function partsAfter(db: Database.Database, sessionId: number, from: PartKey, beforeMs: number, limit: number): PartTuple[] {
  return db.prepare(PARTS_AFTER).raw().all(sessionId, from.atMs, from.atMs, from.partId, beforeMs, limit) as PartTuple[];
}

/** The same, read as they are asked for (stopping early reads no more); the connection is busy until the iteration ends. */
export function iteratePartsAfter(db: Database.Database, sessionId: number, from: PartKey, beforeMs: number, limit: number): IterableIterator<PartTuple> {
  return db.prepare(PARTS_AFTER).raw().iterate(sessionId, from.atMs, from.atMs, from.partId, beforeMs, limit) as IterableIterator<PartTuple>;
}

/** Whether the policy asks for checkpoints now, and how far apart: null when it does not. */
export function spacingFor(policy: CheckpointPolicy, covered: number, after: number, complete: boolean): number | null {
  const total = covered + after;
  if (total < policy.minParts || after === 0 || (!complete && after < Math.max(policy.stepParts, covered / 8))) return null;
  return Math.max(policy.stepParts, Math.ceil(total / (policy.spread + 1)));
}

/** Folds one stored part into the state; how many inputs it held. */
export function foldPart(state: TimelineState, [id, atMs, seq, json]: PartTuple, buffer: TimelineInput[]): { state: TimelineState; inputs: number } {
  buffer.length = 0;
  partInputs(json, atMs, Math.floor(id / PARTS_PER_EXCHANGE), seq, buffer);
  let next = state;
  for (const input of buffer) next = reduceTimeline(next, input);
  return { state: next, inputs: buffer.length };
}

/** Keeps the newest checkpoint and, from the start, each one at least `spacing` parts past the last kept. */
export function thinCheckpoints(db: Database.Database, sessionId: number, spacing: number): void {
  const rows = checkpointsOf(db, sessionId).filter((row) => row.current).reverse();
  const drop: number[] = [];
  let keptParts = 0;
  rows.forEach((row, i) => {
    if (i === rows.length - 1 || row.partCount - keptParts >= spacing) keptParts = row.partCount;
    else drop.push(row.id);
  });
  deleteCheckpoints(db, drop);
}

const PAGE = 4096;

/**
 * Folds sessions' checkpoints forward at once (an import, a reindex, a command). It keeps no state
 * between runs: a big session's state is tens of MB in memory (about 56 MB for 100,000 exchanges).
 */
export class TimelineCheckpointer {
  constructor(
    private readonly db: Database.Database,
    private readonly policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY,
  ) {}

  /**
   * Folds the session's settled parts past its newest checkpoint and writes what the policy asks.
   * `complete`: the session takes no more exchanges (an import), so everything derived is settled.
   */
  advance(sessionId: number, options: { readonly complete?: boolean; readonly nowMs?: number } = {}): CheckpointRun {
    const started = performance.now();
    const db = this.db;
    const settled = settledOf(db, sessionId, options);
    if (settled === null) return { written: 0, durationMs: 0, coveredParts: 0 };
    const rows = checkpointsOf(db, sessionId);
    deleteCheckpoints(db, rows.filter((row) => !row.current).map((row) => row.id));
    // A session that takes no more exchanges needs no live fold: a marker left is a writer's that stopped.
    if (settled.complete) deleteMarkers(db, sessionId);
    const newest = rows.find((row) => row.current) ?? null;
    const from: PartKey = newest ?? { atMs: -Number.MAX_VALUE, partId: -1 };
    const covered = newest?.partCount ?? 0;
    const spacing = spacingFor(this.policy, covered, countPartsAfter(db, sessionId, from, settled.beforeMs), settled.complete);
    const idle = { written: 0, durationMs: performance.now() - started, coveredParts: covered };
    if (spacing === null) return idle;

    let state = newest === null ? emptyTimelineState() : checkpointState(db, newest.id);
    if (state === null) return idle;
    let key = from;
    let parts = covered;
    let inputs = newest?.inputCount ?? 0;
    let lastWrittenParts = covered;
    let written = 0;
    const buffer: TimelineInput[] = [];
    const write = (plain: boolean): void => {
      const encoded = encodedState(state as TimelineState);
      db.transaction(() => writeCheckpoint(db, sessionId, key, { parts, inputs }, encoded, plain))();
      lastWrittenParts = parts;
      written++;
    };
    for (;;) {
      const page = partsAfter(db, sessionId, key, settled.beforeMs, PAGE);
      for (const part of page) {
        // A checkpoint ends where a moment ends: a read up to a moment takes all of it.
        if (part[1] !== key.atMs && parts - lastWrittenParts >= spacing) write(false);
        const folded = foldPart(state, part, buffer);
        state = folded.state;
        inputs += folded.inputs;
        parts++;
        key = { atMs: part[1], partId: part[0] };
      }
      if (page.length < PAGE) break;
    }
    // Only the newest keeps its timeline as plain text too: writing it for the others would be undone at once.
    if (parts > lastWrittenParts) write(true);
    thinCheckpoints(db, sessionId, spacing);
    return { written, durationMs: performance.now() - started, coveredParts: parts };
  }
}
