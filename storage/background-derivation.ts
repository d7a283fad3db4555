/**
 * Finishes, in a worker thread, the derivation an earlier writer left undone (a killed import,
 * recorder or reindex), for a command that opened the file only to read it (`ui`).
 */
import type { SessionSummary } from './queries/session-queries.ts';
import { ThreadWriterHost } from './writer-thread.ts';

export interface BackgroundDerivation {
  /** How many exchanges were left to decode when it started. */
  readonly underived: number;
  /** Resolves true once every exchange left underived is derived; false when it was stopped or failed first. */
  readonly finished: Promise<boolean>;
  /** Stops deriving; what is not derived yet stays so, for the next writer. */
  stop(): Promise<void>;
}

/**
 * Starts deriving what `sessions` shows as underived, or returns null when nothing is. The worker
 * opens its own read-write connection, so a file the user cannot write (or that another process
 * keeps locked) is reported through the rejection and the reader goes on as it was.
 */
export async function deriveInBackground(path: string, sessions: readonly SessionSummary[], options: { busyTimeoutMs?: number; onError: (error: Error) => void }): Promise<BackgroundDerivation | null> {
  const underived = sessions.reduce((sum, s) => sum + s.underivedCount, 0);
  if (underived === 0) return null;
  const host = await ThreadWriterHost.start({ path, catchUp: true, ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}) }, options.onError);
  let closing: Promise<void> | null = null;
  const stop = (): Promise<void> => (closing ??= host.close());
  const finished = host.whenIdle().then(
    // Stopping releases the wait too, with the rest left undone.
    async () => {
      const complete = closing === null;
      await stop();
      return complete;
    },
    (error: unknown) => {
      options.onError(error as Error);
      return false;
    },
  );
  return { underived, finished, stop };
}
