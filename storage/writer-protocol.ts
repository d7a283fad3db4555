/** Messages between a recorder's thread and its writer worker (writer-thread.ts, writer-worker.ts). */
import type { NewSession, WriteOp } from './exchange-writer.ts';
import { StorageError, type StorageErrorCode } from './storage-error.ts';

export interface WorkerSettings {
  readonly path: string;
  readonly busyTimeoutMs?: number;
  readonly catchUp?: boolean;
  readonly maxWaitingBytes?: number;
}

export type WorkerRequest =
  | { readonly type: 'start-session'; readonly id: number; readonly session: NewSession }
  | { readonly type: 'batch'; readonly id: number; readonly sessionId: number; readonly ops: readonly WriteOp[] }
  | { readonly type: 'end-session'; readonly id: number; readonly sessionId: number; readonly endedAtMs: number; readonly notes?: string }
  | { readonly type: 'idle'; readonly id: number }
  | { readonly type: 'close'; readonly id: number };

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'open-failed'; readonly error: SerializedError }
  | { readonly type: 'done'; readonly id: number; readonly result?: unknown }
  | { readonly type: 'failed'; readonly id: number; readonly error: SerializedError }
  /** A background failure (a derivation chunk), not tied to a request. */
  | { readonly type: 'background-error'; readonly error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

export function deserializeError(error: SerializedError): Error {
  if (error.name === 'StorageError' && error.code !== undefined) return new StorageError(error.code as StorageErrorCode, error.message);
  const revived = new Error(error.message);
  if (error.code !== undefined) Object.assign(revived, { code: error.code });
  return revived;
}
