/**
 * Scripted delays and timeouts, scaled by `timeScale` so tests run a 180 s long-poll timeout or a
 * 30 s missed-invitation window in a fraction of a second. Every pending timer is cancelled on close.
 */

export class SimClock {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly timeScale: number) {
    if (!(timeScale > 0)) throw new Error(`timeScale must be a positive number, not ${timeScale}`);
  }

  now(): number {
    return Date.now();
  }

  /** Runs `work` after `ms` simulated milliseconds; returns a function that cancels it. */
  after(ms: number, work: () => void): () => void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, Math.max(0, Math.round(ms * this.timeScale)));
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** Resolves after `ms` simulated milliseconds (or never, once closed). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** A small seeded generator (mulberry32): the same seed gives the same ids and delays every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
