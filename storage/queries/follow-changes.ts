/** Following the change feed: a poll that hands each new batch of changes to a listener, until stopped. */
import type { ChangeBatch } from './change-feed.ts';

/** What following needs of a store: its feed. */
export interface ChangeFeed {
  changesSince(afterChangeId: number, limit?: number): ChangeBatch;
  latestChangeId(): number;
}

/**
 * Polls the change feed every `intervalMs` (default 100) and calls `onChanges` with each
 * non-empty batch, starting after `afterChangeId` (default: now). Returns a function that stops it.
 */
export function followChanges(feed: ChangeFeed, onChanges: (batch: ChangeBatch) => void, options: { afterChangeId?: number; intervalMs?: number } = {}): () => void {
  let after = options.afterChangeId ?? feed.latestChangeId();
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    for (;;) {
      const batch = feed.changesSince(after);
      if (batch.changes.length === 0) break;
      after = batch.lastChangeId;
      onChanges(batch);
    }
    timer = setTimeout(tick, options.intervalMs ?? 100);
  };
  let timer = setTimeout(tick, 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
