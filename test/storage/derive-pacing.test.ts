import { describe, expect, it } from 'vitest';
import { BUSY_WINDOW_MS, DeriveBacklog, HEAVY_RATE_PER_SECOND, MAX_LAG_MS, RawRate, derivationPauseMs } from '../../storage/derive/derive-pacing.ts';

describe('derivation pacing on the writer thread', () => {
  const busy = { chunkMs: 20, sinceRawBatchMs: 5, rawPerSecond: 2000, lagMs: 1000, someoneWaiting: false, share: 0.25 };

  it('leaves most of the thread to raw batches while they keep arriving', () => {
    expect(derivationPauseMs(busy)).toBe(60);
    expect(derivationPauseMs({ ...busy, share: 0.5 })).toBe(20);
  });

  it('runs flat out once the traffic eases, at a modest rate, or when someone waits for derivation', () => {
    expect(derivationPauseMs({ ...busy, sinceRawBatchMs: BUSY_WINDOW_MS })).toBe(0);
    expect(derivationPauseMs({ ...busy, rawPerSecond: HEAVY_RATE_PER_SECOND - 1 })).toBe(0);
    expect(derivationPauseMs({ ...busy, someoneWaiting: true })).toBe(0);
    expect(derivationPauseMs({ ...busy, share: 1 })).toBe(0);
  });

  it('runs flat out under heavy traffic too once the oldest waiting exchange is as old as the lag bound', () => {
    expect(derivationPauseMs({ ...busy, lagMs: MAX_LAG_MS - 1 })).toBe(60);
    expect(derivationPauseMs({ ...busy, lagMs: MAX_LAG_MS })).toBe(0);
  });
});

describe('the rate of raw exchanges', () => {
  it('counts the exchanges of the batches committed in the last second', () => {
    const rate = new RawRate();
    rate.add(100, 0);
    rate.add(50, 600);
    expect(rate.perSecond(900)).toBe(150);
    expect(rate.perSecond(1100)).toBe(50);
    expect(rate.perSecond(1700)).toBe(0);
  });
});

describe('the derivation backlog', () => {
  it('hands out ids oldest first across batches and knows when the oldest waiting one was queued', () => {
    const backlog = new DeriveBacklog();
    backlog.push([1, 2, 3], 10);
    backlog.push([4, 5], 20);
    expect(backlog.size).toBe(5);
    expect(backlog.take(2)).toEqual([1, 2]);
    expect(backlog.oldestQueuedAtMs).toBe(10);
    expect(backlog.take(2)).toEqual([3, 4]);
    expect(backlog.oldestQueuedAtMs).toBe(20);
    backlog.putBack([3, 4], 10);
    expect(backlog.oldestQueuedAtMs).toBe(10);
    expect(backlog.take(10)).toEqual([3, 4, 5]);
    expect(backlog.size).toBe(0);
    expect(backlog.oldestQueuedAtMs).toBeNull();
  });
});
