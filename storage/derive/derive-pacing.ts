/**
 * How derivation shares the writer thread with raw batches. Decoding an exchange costs about ten
 * times its raw insert, and on a small machine a writer thread that never rests slows the proxy
 * beside it (GC helpers and the second core are shared). So while raw batches keep arriving,
 * derivation takes only a share of the thread and lags; it runs flat out once the traffic eases,
 * or at once when someone is waiting for it.
 */

/** How recently a raw batch must have arrived for the traffic to count as heavy. */
export const BUSY_WINDOW_MS = 100;

/** The share of the writer thread derivation takes under heavy traffic. */
export const DERIVE_SHARE_UNDER_LOAD = 0.25;

export interface PacingState {
  /** How long the chunk just derived took. */
  readonly chunkMs: number;
  /** Time since the last raw batch was committed. */
  readonly sinceRawBatchMs: number;
  /** Whether a caller waits for derivation to finish (whenDerived, end). */
  readonly someoneWaiting: boolean;
  /** Share of the thread derivation may take under load, in (0, 1]. */
  readonly share: number;
}

/** Milliseconds to leave the thread to raw batches before the next derivation chunk. */
export function derivationPauseMs(state: PacingState): number {
  const busy = state.sinceRawBatchMs < BUSY_WINDOW_MS;
  if (!busy || state.someoneWaiting || state.share >= 1) return 0;
  return (state.chunkMs * (1 - state.share)) / state.share;
}
