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
import { DERIVE_SHARE_UNDER_LOAD, derivationPauseMs } from './derive/derive-pacing.ts';
import { Deriver } from './derive/deriver.ts';
import { ExchangeWriter, type FinishedExchange, type NewSession, type SessionRecord, type WriteOp } from './exchange-writer.ts';
import { StorageError, explainSqliteError } from './storage-error.ts';
import { Redactor } from './redactor.ts';

/** Exchanges derived per transaction: small enough that a waiting raw batch is never held long. */
const DERIVE_CHUNK = 32;

export interface WriteLoopOptions {
  /** The file, for error sentences. */
  readonly path?: string;
  /** Also derive exchanges an earlier writer left underived (a crash, an upgraded file). Default true. */
  readonly catchUp?: boolean;
  /** Background failures (derivation chunks); raw batch failures reject their own call instead. */
  readonly onError?: (error: unknown) => void;
}

export class WriteLoop {
  private readonly writer: ExchangeWriter;
  private readonly deriver: Deriver;
  private readonly redactors = new Map<number, Redactor>();
  private readonly deriveQueue: number[] = [];
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private lockedRetries = 0;
  private lastRawAtMs = -Infinity;

  constructor(
    db: Database.Database,
    private readonly options: WriteLoopOptions = {},
  ) {
    this.writer = new ExchangeWriter(db);
    this.deriver = new Deriver(db);
    if (options.catchUp ?? true) this.queueDerivation(this.deriver.pendingIds());
  }

  startSession(session: NewSession): SessionRecord {
    const record = this.writer.createSession(session);
    this.redactors.set(record.id, record.redacted ? new Redactor() : NO_REDACTION);
    return record;
  }

  /** Commits a batch (throws when it cannot; nothing of it is then written) and queues its finished exchanges for derivation. */
  applyBatch(sessionId: number, ops: readonly WriteOp[]): void {
    const redactor = this.redactors.get(sessionId);
    if (redactor === undefined) throw new Error(`session ${sessionId} was not started by this writer`);
    let finished: FinishedExchange[];
    try {
      finished = this.writer.apply(sessionId, ops, redactor === NO_REDACTION ? null : redactor);
    } catch (error) {
      throw explainSqliteError(this.options.path ?? 'the recording', error);
    }
    this.lastRawAtMs = performance.now();
    this.queueDerivation(finished.map((f) => f.id));
  }

  endSession(sessionId: number, endedAtMs: number, notes?: string): void {
    this.writer.endSession(sessionId, endedAtMs, notes);
    this.redactors.delete(sessionId);
  }

  /** Resolves once every exchange queued so far is derived. */
  whenIdle(): Promise<void> {
    if (this.deriveQueue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops deriving; what is still queued stays underived until a later writer or reindex. */
  close(): void {
    this.closed = true;
    this.deriveQueue.length = 0;
    this.releaseIdle();
  }

  private queueDerivation(ids: readonly number[]): void {
    if (ids.length === 0 || this.closed) return;
    this.deriveQueue.push(...ids);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.deriveStep());
    }
  }

  private deriveStep(): void {
    this.scheduled = false;
    if (this.closed) return;
    const chunk = this.deriveQueue.splice(0, DERIVE_CHUNK);
    const startedAtMs = performance.now();
    try {
      this.deriver.derive(chunk);
      this.lockedRetries = 0;
    } catch (error) {
      const explained = explainSqliteError(this.options.path ?? 'the recording', error);
      if (explained instanceof StorageError && explained.code === 'locked') {
        // Another process holds the file for now; the raw rows are safe, so try again shortly.
        this.deriveQueue.unshift(...chunk);
        this.scheduled = true;
        setTimeout(() => this.deriveStep(), Math.min(2000, 100 * 2 ** this.lockedRetries++));
        return;
      }
      // Left underived; `reindex` rebuilds them. The raw rows are already committed.
      this.options.onError?.(explained);
    }
    if (this.deriveQueue.length > 0) {
      this.scheduled = true;
      const now = performance.now();
      const pauseMs = derivationPauseMs({
        chunkMs: now - startedAtMs,
        sinceRawBatchMs: now - this.lastRawAtMs,
        someoneWaiting: this.idleWaiters.length > 0,
        share: DERIVE_SHARE_UNDER_LOAD,
      });
      if (pauseMs > 0) setTimeout(() => this.deriveStep(), pauseMs);
      else setImmediate(() => this.deriveStep());
    } else this.releaseIdle();
  }

  private releaseIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Marks a session recorded with redaction off. */
const NO_REDACTION = new Redactor();
