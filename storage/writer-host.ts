/**
 * Where a recorder's write loop runs. `ThreadWriterHost` (writer-thread.ts) runs it in a worker
 * thread with its own connection, the default; `InProcessWriterHost` runs it on the caller's
 * thread and connection, for commands and tests that have nothing else to do meanwhile.
 */
import type Database from 'better-sqlite3';
import type { NewSession, SessionRecord, WriteOp } from './exchange-writer.ts';
import { WriteLoop, type WriteLoopOptions } from './write-loop.ts';

export interface WriterHost {
  startSession(session: NewSession): Promise<SessionRecord>;
  /** Resolves when the batch is committed; rejects, with nothing of it written, when it cannot be. Batches commit in call order. */
  write(sessionId: number, ops: readonly WriteOp[]): Promise<void>;
  endSession(sessionId: number, endedAtMs: number, notes?: string): Promise<void>;
  /** Resolves once everything committed so far is derived. */
  whenIdle(): Promise<void>;
  close(): Promise<void>;
}

export class InProcessWriterHost implements WriterHost {
  private readonly loop: WriteLoop;

  constructor(db: Database.Database, options: WriteLoopOptions = {}) {
    this.loop = new WriteLoop(db, options);
  }

  startSession(session: NewSession): Promise<SessionRecord> {
    return attempt(() => this.loop.startSession(session));
  }

  write(sessionId: number, ops: readonly WriteOp[]): Promise<void> {
    return this.loop.writeBatch(sessionId, ops);
  }

  endSession(sessionId: number, endedAtMs: number, notes?: string): Promise<void> {
    return this.loop.endSession(sessionId, endedAtMs, notes);
  }

  whenIdle(): Promise<void> {
    return this.loop.whenIdle();
  }

  close(): Promise<void> {
    this.loop.close();
    return Promise.resolve();
  }
}

function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}
