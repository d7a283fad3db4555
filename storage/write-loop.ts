/**
 * The writing side of a recording, on whichever thread hosts it: commits raw batches as they
 * come, then derives the exchanges those batches finished, a small chunk at a time.
 *
 * Why derivation lives here, after the raw commit, and not on the recorder's call path: the
 * proxy must never wait on decoding (DESIGN.md), and a decoder bug must never cost a raw row.
 * Raw batches always go first: each derivation chunk is a separate macrotask, so a batch that
 * arrives meanwhile is committed before the next chunk, and while batches keep arriving
 * derivation takes only a share of the thread (derive-pacing.ts). By default this loop runs in a worker
 * thread (writer-thread.ts), so neither disk writes nor decoding ever run on the proxy's thread.
 */
import type Database from 'better-sqlite3';
import { DERIVE_SHARE_UNDER_LOAD, DeriveBacklog, RawRate, derivationPauseMs } from './derive/derive-pacing.ts';
import { Deriver } from './derive/deriver.ts';
import { ExchangeWriter, type FinishedExchange, type NewSession, type SessionRecord, type WriteOp } from './exchange-writer.ts';
import { OrderedCommits } from './ordered-commits.ts';
import { StorageError, explainSqliteError } from './storage-error.ts';
import { Redactor } from './redactor.ts';
import { LiveCheckpoints } from './timeline/live-checkpoints.ts';

/** Exchanges derived per transaction: small enough that a waiting raw batch is never held long. */
const DERIVE_CHUNK = 32;

export interface WriteLoopOptions {
  /** The file, for error sentences. */
  readonly path?: string;
  /** Also derive exchanges an earlier writer left underived (a crash, an upgraded file). Default true. */
  readonly catchUp?: boolean;
  /**
   * Background failures (derivation chunks) and notices about another process's write lock
   * holding raw batches up; raw batch failures reject their own call instead.
   */
  readonly onError?: (error: unknown) => void;
  /** The most raw batches held up by another process's lock may hold in memory (default 256 MiB). */
  readonly maxWaitingBytes?: number;
}

export class WriteLoop {
  private readonly writer: ExchangeWriter;
  private readonly deriver: Deriver;
  private readonly redactors = new Map<number, Redactor>();
  private readonly deriveQueue = new DeriveBacklog();
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private lockedRetries = 0;
  private lastRawAtMs = -Infinity;
  private readonly rawRate = new RawRate();
  private readonly commits: OrderedCommits;
  private readonly checkpoints: LiveCheckpoints;

  constructor(
    db: Database.Database,
    private readonly options: WriteLoopOptions = {},
  ) {
    this.writer = new ExchangeWriter(db);
    this.deriver = new Deriver(db);
    this.commits = new OrderedCommits({
      path: options.path ?? 'the recording',
      onNotice: (notice) => options.onError?.(notice),
      ...(options.maxWaitingBytes !== undefined ? { maxWaitingBytes: options.maxWaitingBytes } : {}),
    });
    this.checkpoints = new LiveCheckpoints(db, { catchUp: options.catchUp ?? true });
    if (options.catchUp ?? true) this.queueDerivation(this.deriver.pendingIds());
  }

  startSession(session: NewSession): SessionRecord {
    const record = this.writer.createSession(session);
    this.redactors.set(record.id, record.redacted ? new Redactor(session.redactRules) : NO_REDACTION);
    return record;
  }

  /**
   * Commits a batch after those before it, then queues its finished exchanges for derivation.
   * While another process holds the write lock the batch waits in memory (ordered-commits.ts);
   * rejects, with nothing of it written, when it fails otherwise or too much is waiting.
   */
  writeBatch(sessionId: number, ops: readonly WriteOp[]): Promise<void> {
    const redactor = this.redactors.get(sessionId);
    if (redactor === undefined) return Promise.reject(new Error(`session ${sessionId} was not started by this writer`));
    return this.commits.run(ops.length, sizeOfOps(ops), () => {
      const finished: FinishedExchange[] = this.writer.apply(sessionId, ops, redactor === NO_REDACTION ? null : redactor);
      this.lastRawAtMs = performance.now();
      this.checkpoints.noteCommitted(sessionId, finished.length);
      this.rawRate.add(ops.length, this.lastRawAtMs);
      this.queueDerivation(finished.map((f) => f.id));
    });
  }

  /** Marks the session ended, after every batch before it (so also after a lock is released). */
  endSession(sessionId: number, endedAtMs: number, notes?: string): Promise<void> {
    return this.commits.run(0, 0, () => {
      this.writer.endSession(sessionId, endedAtMs, notes);
      this.redactors.delete(sessionId);
      this.checkpoints.noteCommitted(sessionId, 0, true);
      this.queueCheckpoints();
    });
  }

  /** Resolves once every exchange queued so far is derived. */
  whenIdle(): Promise<void> {
    if (this.closed || (this.deriveQueue.size === 0 && !this.checkpoints.busy)) return Promise.resolve();
    this.queueCheckpoints();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops deriving; what is still queued stays underived until a later writer or reindex. */
  close(): void {
    this.commits.close();
    this.closed = true;
    this.deriveQueue.clear();
    this.releaseIdle();
  }

  private queueDerivation(ids: readonly number[]): void {
    if (ids.length === 0 || this.closed) return;
    this.deriveQueue.push(ids, performance.now());
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.deriveStep());
    }
  }

  private deriveStep(): void {
    this.scheduled = false;
    if (this.closed) return;
    if (this.commits.holding) {
      // The file is locked and raw batches wait: they go first, and deriving would only wait on the lock too.
      this.scheduled = true;
      setTimeout(() => this.deriveStep(), 100);
      return;
    }
    const queuedAtMs = this.deriveQueue.oldestQueuedAtMs ?? performance.now();
    const chunk = this.deriveQueue.take(DERIVE_CHUNK);
    const startedAtMs = performance.now();
    try {
      this.deriver.derive(chunk);
      this.lockedRetries = 0;
    } catch (error) {
      const explained = explainSqliteError(this.options.path ?? 'the recording', error);
      if (explained instanceof StorageError && explained.code === 'locked') {
        // Another process holds the file for now; the raw rows are safe, so try again shortly.
        this.deriveQueue.putBack(chunk, queuedAtMs);
        this.scheduled = true;
        setTimeout(() => this.deriveStep(), Math.min(2000, 100 * 2 ** this.lockedRetries++));
        return;
      }
      // Left underived; `reindex` rebuilds them. The raw rows are already committed.
      this.options.onError?.(explained);
    }
    if (this.deriveQueue.size > 0) {
      this.scheduled = true;
      const now = performance.now();
      const pauseMs = derivationPauseMs({
        chunkMs: now - startedAtMs,
        sinceRawBatchMs: now - this.lastRawAtMs,
        rawPerSecond: this.rawRate.perSecond(now),
        lagMs: now - (this.deriveQueue.oldestQueuedAtMs ?? now),
        someoneWaiting: this.idleWaiters.length > 0,
        share: DERIVE_SHARE_UNDER_LOAD,
      });
      if (pauseMs > 0) setTimeout(() => this.deriveStep(), pauseMs);
      else setImmediate(() => this.deriveStep());
    } else {
      // Caught up: fold checkpoints forward (storage/timeline/live-checkpoints.ts), one short turn at a time so batches get in between, before saying so.
      const more = this.checkpoints.runDue((error) => this.options.onError?.(explainSqliteError(this.options.path ?? 'the recording', error)));
      if (more) this.queueCheckpoints();
      else this.releaseIdle();
    }
  }

  /** A session that ended with nothing left to derive still gets its last checkpoint; a build under way gets its next turn. */
  private queueCheckpoints(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => this.deriveStep());
  }

  private releaseIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Roughly what a batch holds in memory: its bodies and a little for the rest. */
function sizeOfOps(ops: readonly WriteOp[]): number {
  let bytes = 0;
  for (const { exchange } of ops) bytes += 512 + exchange.request.body.byteLength + (exchange.stage === 'initiated' ? 0 : (exchange.response?.body.byteLength ?? 0));
  return bytes;
}

/** Marks a session recorded with redaction off. */
const NO_REDACTION = new Redactor();
