/**
 * How derivation shares the writer thread with raw batches. Decoding an exchange costs several
 * times its raw insert, and on a small machine a writer thread that never rests slows the proxy
 * beside it (GC helpers and the second core are shared). So while heavy traffic keeps arriving,
 * derivation takes only a small share of the thread and lags, but never by more than
 * `MAX_LAG_MS`: past that it runs flat out until it is back under. At a modest rate, once the
 * traffic eases, or when someone is waiting for it, it runs flat out.
 */

/** How recently a raw batch must have arrived for the traffic to count as heavy. */
export const BUSY_WINDOW_MS = 100;

/** Exchanges committed per second from which the traffic counts as heavy; below it derivation keeps up at once. */
export const HEAVY_RATE_PER_SECOND = 200;

/** The share of the writer thread derivation takes under heavy traffic, while within its lag bound. */
export const DERIVE_SHARE_UNDER_LOAD = 0.05;

/** The longest an exchange committed under heavy traffic waits for derivation before derivation takes the whole thread. */
export const MAX_LAG_MS = 10_000;

export interface PacingState {
  /** How long the chunk just derived took. */
  readonly chunkMs: number;
  /** Time since the last raw batch was committed. */
  readonly sinceRawBatchMs: number;
  /** Exchanges (raw writes) committed per second over the last second (RawRate). */
  readonly rawPerSecond: number;
  /** How long the oldest exchange still waiting for derivation has waited since its commit. */
  readonly lagMs: number;
  /** Whether a caller waits for derivation to finish (whenDerived, end). */
  readonly someoneWaiting: boolean;
  /** Share of the thread derivation may take under load, in (0, 1]. */
  readonly share: number;
}

/** Milliseconds to leave the thread to raw batches before the next derivation chunk. */
export function derivationPauseMs(state: PacingState): number {
  const busy = state.sinceRawBatchMs < BUSY_WINDOW_MS && state.rawPerSecond >= HEAVY_RATE_PER_SECOND;
  if (!busy || state.someoneWaiting || state.share >= 1 || state.lagMs >= MAX_LAG_MS) return 0;
  return (state.chunkMs * (1 - state.share)) / state.share;
}

/** Exchanges waiting for derivation, oldest first, each batch with the time it was queued. */
export class DeriveBacklog {
  private readonly batches: { ids: readonly number[]; from: number; queuedAtMs: number }[] = [];
  private waiting = 0;

  get size(): number {
    return this.waiting;
  }

  push(ids: readonly number[], nowMs: number): void {
    if (ids.length === 0) return;
    this.batches.push({ ids, from: 0, queuedAtMs: nowMs });
    this.waiting += ids.length;
  }

  /** Up to `max` ids from the front. */
  take(max: number): number[] {
    const taken: number[] = [];
    while (taken.length < max && this.batches.length > 0) {
      const head = this.batches[0] as { ids: readonly number[]; from: number; queuedAtMs: number };
      const until = Math.min(head.ids.length, head.from + max - taken.length);
      for (let i = head.from; i < until; i++) taken.push(head.ids[i] as number);
      head.from = until;
      if (head.from === head.ids.length) this.batches.shift();
    }
    this.waiting -= taken.length;
    return taken;
  }

  /** Puts ids taken but not derived (the file was locked) back in front, as old as they were. */
  putBack(ids: readonly number[], queuedAtMs: number): void {
    if (ids.length === 0) return;
    this.batches.unshift({ ids, from: 0, queuedAtMs });
    this.waiting += ids.length;
  }

  /** When the oldest waiting exchange was queued; null when none waits. */
  get oldestQueuedAtMs(): number | null {
    return this.batches[0]?.queuedAtMs ?? null;
  }

  clear(): void {
    this.batches.length = 0;
    this.waiting = 0;
  }
}

/** Exchanges committed per second over about the last second, counted per batch. */
export class RawRate {
  private readonly batches: { atMs: number; exchanges: number }[] = [];
  private inWindow = 0;

  constructor(private readonly windowMs = 1000) {}

  add(exchanges: number, nowMs: number): void {
    this.batches.push({ atMs: nowMs, exchanges });
    this.inWindow += exchanges;
    this.forget(nowMs);
  }

  perSecond(nowMs: number): number {
    this.forget(nowMs);
    return (this.inWindow * 1000) / this.windowMs;
  }

  private forget(nowMs: number): void {
    while (this.batches.length > 0 && (this.batches[0] as { atMs: number }).atMs <= nowMs - this.windowMs) this.inWindow -= (this.batches.shift() as { exchanges: number }).exchanges;
  }
}
