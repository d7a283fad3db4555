/**
 * Writes fold checkpoints after derivation: folds a session's settled stored inputs on from its
 * newest checkpoint and keeps a few checkpoints (the newest, and some spread through the session so
 * a moment's state folds only a stretch). Settled: no exchange still open or underived, and none
 * not yet committed, could add a part at or before the point.
 */
import type Database from 'better-sqlite3';
import { DERIVATION_VERSION } from '../../protocol/derive/derive-exchange.ts';
import { emptyTimelineState, reduceTimeline, type TimelineInput, type TimelineState } from '../../protocol/timeline/index.ts';
import { checkpointState, checkpointsOf, deleteCheckpoints, writeCheckpoint, type PartKey } from './checkpoint-rows.ts';
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

/**
 * How long after it started an exchange of a session still recording may still be uncommitted (a
 * recorder's batch in flight or held by another process's lock): parts later than now minus this
 * are not settled. A later part below a checkpoint only costs that checkpoint (the triggers).
 */
const UNCOMMITTED_MS = 15_000;

export interface CheckpointRun {
  readonly written: number;
  readonly durationMs: number;
  /** Parts the session's newest checkpoint covers after the run. */
  readonly coveredParts: number;
}

type PartTuple = [id: number, atMs: number, seq: number, inputs: string];

const PAGE = 4096;

/**
 * Folds sessions' checkpoints forward. It keeps no state between runs: a big session's state is
 * hundreds of MB in memory, and the writer shares its process with a reader (`ui`).
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
    const session = db.prepare('SELECT ended_at_ms, import_sha256 FROM sessions WHERE id = ?').raw().get(sessionId) as [number | null, string | null] | undefined;
    if (session === undefined) return { written: 0, durationMs: 0, coveredParts: 0 };
    const complete = options.complete === true || session[0] !== null || session[1] !== null;
    const openFromMs = allDerived(db, sessionId)
      ? null
      : (db
          .prepare(`SELECT min(e.started_at_ms) FROM exchanges e LEFT JOIN exchange_derived d ON d.exchange_id = e.id WHERE e.session_id = ? AND (d.exchange_id IS NULL OR d.derived_version <> ?)`)
          .pluck()
          .get(sessionId, DERIVATION_VERSION) as number | null);
    const settledBeforeMs = Math.min(openFromMs ?? Infinity, complete ? Infinity : (options.nowMs ?? Date.now()) - UNCOMMITTED_MS);

    const rows = checkpointsOf(db, sessionId);
    deleteCheckpoints(db, rows.filter((row) => !row.current).map((row) => row.id));
    const newest = rows.find((row) => row.current) ?? null;
    const from: PartKey = newest ?? { atMs: -Number.MAX_VALUE, partId: -1 };
    const after = (db
      .prepare('SELECT count(*) FROM timeline_parts WHERE session_id = ? AND (at_ms > ? OR (at_ms = ? AND id > ?)) AND at_ms < ?')
      .pluck()
      .get(sessionId, from.atMs, from.atMs, from.partId, Math.min(settledBeforeMs, Number.MAX_VALUE)) as number);
    const covered = newest?.partCount ?? 0;
    const total = covered + after;
    const idle = { written: 0, durationMs: performance.now() - started, coveredParts: covered };
    if (total < this.policy.minParts || after === 0 || (!complete && after < Math.max(this.policy.stepParts, covered / 8))) return idle;
    const spacing = Math.max(this.policy.stepParts, Math.ceil(total / (this.policy.spread + 1)));

    let state = newest === null ? emptyTimelineState() : checkpointState(db, newest.id);
    if (state === null) return idle;
    let key = from;
    let parts = covered;
    let inputs = newest?.inputCount ?? 0;
    let lastWrittenParts = covered;
    let written = 0;
    const buffer: TimelineInput[] = [];
    const write = (): void => {
      db.transaction(() => writeCheckpoint(db, sessionId, key, { parts, inputs }, state as TimelineState))();
      lastWrittenParts = parts;
      written++;
    };
    for (;;) {
      const page = db
        .prepare('SELECT id, at_ms, seq, inputs FROM timeline_parts WHERE session_id = ? AND (at_ms > ? OR (at_ms = ? AND id > ?)) AND at_ms < ? ORDER BY at_ms, id LIMIT ?')
        .raw()
        .all(sessionId, key.atMs, key.atMs, key.partId, Math.min(settledBeforeMs, Number.MAX_VALUE), PAGE) as PartTuple[];
      for (const [id, atMs, seq, json] of page) {
        // A checkpoint ends where a moment ends: a read up to a moment takes all of it.
        if (atMs !== key.atMs && parts - lastWrittenParts >= spacing) write();
        buffer.length = 0;
        partInputs(json, atMs, Math.floor(id / PARTS_PER_EXCHANGE), seq, buffer);
        for (const input of buffer) state = reduceTimeline(state, input);
        inputs += buffer.length;
        parts++;
        key = { atMs, partId: id };
      }
      if (page.length < PAGE) break;
    }
    if (parts > lastWrittenParts) write();
    this.thin(sessionId, spacing);
    return { written, durationMs: performance.now() - started, coveredParts: parts };
  }

  /** Keeps the newest checkpoint and, from the start, each one at least `spacing` parts past the last kept. */
  private thin(sessionId: number, spacing: number): void {
    const rows = checkpointsOf(this.db, sessionId).filter((row) => row.current).reverse();
    const drop: number[] = [];
    let keptParts = 0;
    rows.forEach((row, i) => {
      if (i === rows.length - 1 || row.partCount - keptParts >= spacing) keptParts = row.partCount;
      else drop.push(row.id);
    });
    deleteCheckpoints(this.db, drop);
  }
}

/**
 * The live writer's side: counts what each session committed and, once derivation has caught up
 * with enough of it (or the session ended), advances that session's checkpoints.
 */
export class LiveCheckpoints {
  private readonly checkpointer: TimelineCheckpointer;
  /** By session: exchanges committed since its last run, how many to wait for, and whether it ended. */
  private readonly sessions = new Map<number, { exchanges: number; due: number; ended: boolean }>();
  /** An exchange stores one or two parts: half the step in exchanges is about the step in parts. */
  private readonly stepExchanges: number;

  constructor(
    db: Database.Database,
    options: { readonly catchUp: boolean; readonly policy?: CheckpointPolicy },
  ) {
    this.checkpointer = new TimelineCheckpointer(db, options.policy);
    this.stepExchanges = Math.ceil((options.policy ?? DEFAULT_CHECKPOINT_POLICY).stepParts / 2);
    if (!options.catchUp) return;
    // Sessions an earlier writer left underived get their checkpoints once the catch-up is done.
    const behind = db
      .prepare(`SELECT DISTINCT e.session_id FROM exchanges e LEFT JOIN exchange_derived d ON d.exchange_id = e.id WHERE e.stage <> 'initiated' AND (d.exchange_id IS NULL OR d.derived_version <> ?)`)
      .pluck()
      .all(DERIVATION_VERSION) as number[];
    for (const id of behind) this.noteCommitted(id, 0, true);
  }

  noteCommitted(sessionId: number, exchanges: number, ended = false): void {
    const entry = this.sessions.get(sessionId) ?? { exchanges: 0, due: this.stepExchanges, ended: false };
    entry.exchanges += exchanges;
    entry.ended ||= ended;
    this.sessions.set(sessionId, entry);
  }

  /** Call when derivation is idle: advances each session with enough new (or ended). Errors go to `onError`; the record is never touched. */
  runDue(onError: (error: unknown) => void): void {
    for (const [sessionId, entry] of this.sessions) {
      if (!entry.ended && entry.exchanges < entry.due) continue;
      entry.exchanges = 0;
      entry.ended = false;
      try {
        const run = this.checkpointer.advance(sessionId);
        entry.due = Math.max(this.stepExchanges, run.coveredParts / 16);
      } catch (error) {
        onError(error);
      }
    }
  }
}
