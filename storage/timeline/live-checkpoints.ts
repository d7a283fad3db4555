/**
 * The live writer's fold checkpoints, built a slice per turn between commits: each recording
 * session's fold state stays in memory and only new settled parts are folded into it; a checkpoint
 * is encoded and deflated in slices too, then written in one short transaction. A marker row
 * (checkpoint-rows.ts) tells when a part at or before the fold's point changed, and the fold is
 * then started again: what is written is always the fold of what is stored.
 */
import type Database from 'better-sqlite3';
import { emptyTimelineState, type TimelineInput, type TimelineState } from '../../protocol/timeline/index.ts';
import { StateEncoding, type EncodedState } from './checkpoint-encoding.ts';
import { checkpointsOf, deleteMarker, hasPlainTimeline, markerHolds, movedMarker, placeMarker, writeCheckpoint, type Marker, type PartKey } from './checkpoint-rows.ts';
import { StagedCheckpoint } from './staged-checkpoint.ts';
import {
  DEFAULT_CHECKPOINT_POLICY,
  DEFAULT_TURN,
  countPartsAfter,
  foldPart,
  iteratePartsAfter,
  sessionsBehind,
  settledOf,
  spacingFor,
  thinCheckpoints,
  type CheckpointPolicy,
  type PartTuple,
  type Settled,
  type TurnBudget,
} from './checkpoints.ts';

/** A session's fold kept in memory: the state after every stored part up to `marker.key`. */
interface Fold {
  state: TimelineState;
  marker: Marker;
  parts: number;
  inputs: number;
  /** Parts the newest checkpoint written covers: the next spread one comes a spacing later. */
  writtenParts: number;
}

/** A checkpoint being encoded from the fold, which waits meanwhile. */
interface Pending {
  /** Made in a turn of its own: listing a big href index's entries takes a while. */
  encoding: StateEncoding | null;
  readonly key: PartKey;
  readonly parts: number;
  readonly inputs: number;
  /** The end of what is settled (not a spread one). */
  readonly last: boolean;
  readonly plain: boolean;
  /** Once encoded (unless plain): the checkpoint being written over turns. */
  write: StagedCheckpoint | null;
}

interface Build {
  readonly settled: Settled;
  readonly spacing: number;
  /** The session ended with its newest checkpoint lacking the plain timeline: written again at the end even with nothing new. */
  readonly plainDue: boolean;
  pending: Pending | null;
}

interface LiveSession {
  /** Exchanges committed since its last build, how many to wait for, and whether it ended. */
  exchanges: number;
  due: number;
  ended: boolean;
  fold: Fold | null;
  build: Build | null;
}

/**
 * Counts what each session committed and, once derivation has caught up with enough of it (or
 * the session ended), builds that session's next checkpoints, one bounded turn per `runDue`.
 */
export class LiveCheckpoints {
  private readonly sessions = new Map<number, LiveSession>();
  private readonly policy: CheckpointPolicy;
  private readonly turn: TurnBudget;
  /** An exchange stores one or two parts: half the step in exchanges is about the step in parts. */
  private readonly stepExchanges: number;

  constructor(
    private readonly db: Database.Database,
    options: { readonly catchUp: boolean; readonly policy?: CheckpointPolicy; readonly turn?: TurnBudget },
  ) {
    this.policy = options.policy ?? DEFAULT_CHECKPOINT_POLICY;
    this.turn = options.turn ?? DEFAULT_TURN;
    this.stepExchanges = Math.ceil(this.policy.stepParts / 2);
    if (!options.catchUp) return;
    // Sessions an earlier writer left underived get their checkpoints once the catch-up is done.
    for (const id of sessionsBehind(db)) this.noteCommitted(id, 0, true);
  }

  noteCommitted(sessionId: number, exchanges: number, ended = false): void {
    const entry = this.sessions.get(sessionId) ?? { exchanges: 0, due: this.stepExchanges, ended: false, fold: null, build: null };
    entry.exchanges += exchanges;
    entry.ended ||= ended;
    this.sessions.set(sessionId, entry);
  }

  /** Whether a build is under way or due: `runDue` has more to do. */
  get busy(): boolean {
    for (const entry of this.sessions.values()) if (entry.build !== null || this.isDue(entry)) return true;
    return false;
  }

  /**
   * Call when derivation is idle: one turn of one session's build (starting it if it is due).
   * True when there is more to do: call again after letting commits in. Errors go to `onError`;
   * the record is never touched.
   */
  runDue(onError: (error: unknown) => void): boolean {
    const startedMs = performance.now();
    const next = [...this.sessions].find(([, entry]) => entry.build !== null) ?? [...this.sessions].find(([, entry]) => this.isDue(entry));
    if (next !== undefined) {
      const [sessionId, entry] = next;
      try {
        this.step(sessionId, entry, startedMs + this.turn.ms);
      } catch (error) {
        // A fold interrupted mid-slice is not the fold of anything: the next build, when due, starts it again.
        entry.fold = null;
        entry.build = null;
        entry.exchanges = 0;
        onError(error);
      }
    }
    return this.busy;
  }

  private isDue(entry: LiveSession): boolean {
    return entry.ended || entry.exchanges >= entry.due;
  }

  private step(sessionId: number, entry: LiveSession, deadline: number): void {
    const past = (): boolean => performance.now() > deadline;
    if (entry.build === null) {
      entry.build = this.start(sessionId, entry);
      if (entry.build === null) return;
    }
    const build = entry.build;
    const fold = entry.fold as Fold;
    if (build.pending === null) {
      const slice = this.foldSlice(sessionId, fold, build, deadline);
      if (slice === 'outdated') return this.restart(entry);
      if (slice === 'done') return this.finish(sessionId, entry, build, fold.parts);
      if (slice === 'more') return;
      build.pending = slice;
      if (past()) return;
    }
    const pending = build.pending;
    if (pending.encoding === null) {
      pending.encoding = new StateEncoding(fold.state, { inSlices: true, keepPlain: pending.plain });
      if (past()) return;
    }
    const encoded = pending.encoding.step(past);
    if (encoded === null) return;
    // The state is the fold of what is stored up to its point only if nothing there changed meanwhile.
    const holds = (): boolean => markerHolds(this.db, fold.marker);
    // The plain timeline is written when the session ends, in one transaction: no commits wait then.
    const written = pending.plain ? this.writeAtOnce(sessionId, build, pending, encoded, holds) : this.writeStaged(sessionId, build, pending, encoded, past, holds);
    if (written === 'later') return;
    if (written === 'stale') return this.restart(entry);
    fold.writtenParts = pending.parts;
    build.pending = null;
    if (pending.last) this.finish(sessionId, entry, build, pending.parts);
  }

  private writeAtOnce(sessionId: number, build: Build, pending: Pending, encoded: EncodedState, holds: () => boolean): 'written' | 'stale' {
    return this.db
      .transaction(() => {
        if (!holds()) return 'stale';
        writeCheckpoint(this.db, sessionId, pending.key, { parts: pending.parts, inputs: pending.inputs }, encoded, true);
        thinCheckpoints(this.db, sessionId, build.spacing);
        return 'written';
      })
      .immediate();
  }

  /** The checkpoint written over turns (staged-checkpoint.ts), published as the one-transaction write is. */
  private writeStaged(sessionId: number, build: Build, pending: Pending, encoded: EncodedState, past: () => boolean, holds: () => boolean): 'written' | 'stale' | 'later' {
    if (pending.write === null) {
      pending.write = StagedCheckpoint.stage(this.db, sessionId, pending.key, { parts: pending.parts, inputs: pending.inputs }, encoded, this.turn.pieceBytes, holds);
      if (pending.write === null) return 'stale';
      if (past()) return 'later';
    }
    if (!pending.write.complete) {
      const added = pending.write.addPieces(past);
      if (added === 'gone') return 'stale';
      if (added === 'more' || past()) return 'later';
    }
    return pending.write.publish(holds, () => thinCheckpoints(this.db, sessionId, build.spacing)) ? 'written' : 'stale';
  }

  private finish(sessionId: number, entry: LiveSession, build: Build, parts: number): void {
    entry.build = null;
    entry.due = Math.max(this.stepExchanges, parts / 16);
    if (!build.settled.complete || entry.fold === null) return;
    // Nothing more will come: the fold's memory goes.
    const marker = entry.fold.marker;
    this.db.transaction(() => deleteMarker(this.db, marker))();
    entry.fold = null;
    this.sessions.delete(sessionId);
  }

  /** A build, if the policy asks for one now; the session's fold is placed (from the start) if it has none. */
  private start(sessionId: number, entry: LiveSession): Build | null {
    const db = this.db;
    entry.exchanges = 0;
    const ended = entry.ended;
    entry.ended = false;
    const settled = settledOf(db, sessionId, { complete: ended });
    if (settled === null) {
      this.sessions.delete(sessionId);
      return null;
    }
    const newest = checkpointsOf(db, sessionId).find((row) => row.current) ?? null;
    const covered = newest?.partCount ?? 0;
    const after = countPartsAfter(db, sessionId, newest ?? START, settled.beforeMs);
    // A recording that ends with nothing new since its last checkpoint still leaves the newest as an import would.
    const plainDue = settled.complete && after === 0 && newest !== null && !hasPlainTimeline(db, newest.id);
    const spacing = plainDue ? Math.max(this.policy.stepParts, Math.ceil(covered / (this.policy.spread + 1))) : spacingFor(this.policy, covered, after, settled.complete);
    if (spacing === null) {
      if (settled.complete && entry.fold !== null) {
        const marker = entry.fold.marker;
        db.transaction(() => deleteMarker(db, marker))();
        entry.fold = null;
      }
      return null;
    }
    entry.fold ??= { state: emptyTimelineState(), marker: db.transaction(() => placeMarker(db, sessionId))(), parts: 0, inputs: 0, writtenParts: covered };
    return { settled, spacing, plainDue, pending: null };
  }

  /**
   * Folds the next settled parts until the turn's time is up, then moves the marker past them, in
   * one transaction so nothing changes in between (a marker already gone means the fold was stale
   * before). Returns the checkpoint to encode when the fold reached a spread point or the end of
   * what is settled.
   */
  private foldSlice(sessionId: number, fold: Fold, build: Build, deadline: number): Pending | 'more' | 'done' | 'outdated' {
    const db = this.db;
    let spreadPoint = false;
    let atEnd = false;
    const outdated = db
      .transaction(() => {
        const buffer: TimelineInput[] = [];
        let atMs = fold.marker.key.atMs;
        let last: PartTuple | null = null;
        let read = 0;
        atEnd = true;
        for (const part of iteratePartsAfter(db, sessionId, fold.marker.key, build.settled.beforeMs, this.turn.maxParts + 1)) {
          // A checkpoint ends where a moment ends: a read up to a moment takes all of it.
          if (part[1] !== atMs && fold.parts - fold.writtenParts >= build.spacing) {
            spreadPoint = true;
            break;
          }
          if (++read > this.turn.maxParts || (read % 8 === 0 && performance.now() > deadline)) {
            atEnd = false;
            break;
          }
          const { state, inputs } = foldPart(fold.state, part, buffer);
          fold.state = state;
          fold.inputs += inputs;
          fold.parts++;
          atMs = part[1];
          last = part;
        }
        if (last === null) return false;
        const moved = movedMarker(db, fold.marker, { atMs: last[1], partId: last[0] }, { parts: fold.parts, inputs: fold.inputs });
        if (moved === null) return true;
        fold.marker = moved;
        return false;
      })
      .immediate();
    if (outdated) return 'outdated';
    if (spreadPoint) atEnd = false;
    else if (!atEnd) return 'more';
    if (fold.parts === fold.writtenParts && !(atEnd && build.plainDue)) return 'done';
    return {
      encoding: null,
      key: fold.marker.key,
      parts: fold.parts,
      inputs: fold.inputs,
      last: atEnd,
      plain: atEnd && build.settled.complete,
      write: null,
    };
  }

  /** A part at or before the fold's point changed (the marker is gone): the next build folds from the start. */
  private restart(entry: LiveSession): void {
    entry.fold = null;
    entry.build = null;
    entry.exchanges = Math.max(entry.exchanges, entry.due);
  }
}

const START: PartKey = { atMs: -Number.MAX_VALUE, partId: -1 };
