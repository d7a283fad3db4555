import { describe, expect, it } from 'vitest';
import { BUSY_WINDOW_MS, derivationPauseMs } from '../../storage/derive/derive-pacing.ts';

describe('derivation pacing on the writer thread', () => {
  const busy = { chunkMs: 20, sinceRawBatchMs: 5, someoneWaiting: false, share: 0.25 };

  it('leaves three quarters of the thread to raw batches while they keep arriving', () => {
    expect(derivationPauseMs(busy)).toBe(60);
    expect(derivationPauseMs({ ...busy, share: 0.5 })).toBe(20);
  });

  it('runs flat out once the traffic eases, or when someone waits for derivation', () => {
    expect(derivationPauseMs({ ...busy, sinceRawBatchMs: BUSY_WINDOW_MS })).toBe(0);
    expect(derivationPauseMs({ ...busy, someoneWaiting: true })).toBe(0);
    expect(derivationPauseMs({ ...busy, share: 1 })).toBe(0);
  });
});
