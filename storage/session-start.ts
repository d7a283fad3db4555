/**
 * Where a new recording session's writer runs: in a worker thread on a connection of its own
 * (the default: the recording caller's thread then never touches the disk or a decoder), or on
 * the caller's thread through the store's connection (commands and tests).
 */
import type Database from 'better-sqlite3';
import type { NewSession } from './exchange-writer.ts';
import { SessionRecorder, type RecorderOptions } from './session-recorder.ts';
import { InProcessWriterHost, type WriterHost } from './writer-host.ts';
import { ThreadWriterHost } from './writer-thread.ts';

export interface StartSessionOptions extends RecorderOptions {
  /**
   * Run the writer (commits, redaction, decoding) in a worker thread with its own connection
   * (default true): the recording caller's thread then never touches the disk or a decoder.
   * False writes on this thread through this store's connection, on timers; fine for commands
   * and tests.
   */
  readonly thread?: boolean;
  /** The most batches held up by another process's write lock may hold in memory (default 256 MiB). */
  readonly maxWaitingBytes?: number;
}

/** The store a session is started on: its file, its connection, and how long its writes wait for a lock. */
export interface StoreHandle {
  readonly path: string;
  readonly db: Database.Database;
  readonly busyTimeoutMs: number | undefined;
}

export async function startSessionOn(store: StoreHandle, session: NewSession, options: StartSessionOptions): Promise<SessionRecorder> {
  let host: WriterHost;
  const report = options.onWriteError ?? ((error: Error) => process.stderr.write(`ucwa-inspector: recording to ${store.path}: ${error.message}\n`));
  const waiting = options.maxWaitingBytes !== undefined ? { maxWaitingBytes: options.maxWaitingBytes } : {};
  if (options.thread ?? true) {
    if (store.path === ':memory:') throw new Error('an in-memory store cannot be written from a worker thread; pass { thread: false }');
    host = await ThreadWriterHost.start({ path: store.path, catchUp: true, ...waiting, ...(store.busyTimeoutMs !== undefined ? { busyTimeoutMs: store.busyTimeoutMs } : {}) }, report);
  } else {
    host = new InProcessWriterHost(store.db, { path: store.path, catchUp: false, ...waiting, onError: (e: unknown) => report(e as Error) });
  }
  const record = await host.startSession(session);
  return new SessionRecorder(record, host, options);
}
