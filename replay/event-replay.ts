/**
 * The event channel of a replay: recorded batches in order, each released once the replayed
 * client has sent the request that caused it in the recording, after the recorded delay
 * (`pace: recorded`) or at once (`instant`). When the batches run out, polls are held until their
 * timeout and answered with an empty batch, as a server would; a second pending poll releases
 * the first with 409 PGetReplaced.
 */
import type { RecordedBatch } from './recording-index.ts';

export type Pace = 'recorded' | 'instant';

export type PollOutcome = { kind: 'batch'; batch: RecordedBatch } | { kind: 'empty'; self: string; next: string } | { kind: 'replaced' } | { kind: 'closed' };

export interface PendingPoll {
  readonly ack: number;
  readonly href: string;
  answer(outcome: PollOutcome): void;
}

export class EventReplay {
  private next = 0;
  private pending: { poll: PendingPoll; timer: NodeJS.Timeout | null; releaseTimer: NodeJS.Timeout | null } | null = null;
  private readonly served = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly batches: readonly RecordedBatch[],
    private readonly pace: Pace,
    private readonly maxDelayMs: number,
  ) {}

  get remaining(): number {
    return this.batches.length - this.next;
  }

  /** The replayed client sent a request with this key. */
  noteRequest(key: string): void {
    this.served.set(key, (this.served.get(key) ?? 0) + 1);
    this.consider();
  }

  poll(poll: PendingPoll, timeoutMs: number): void {
    if (this.pending) {
      this.clearTimers();
      this.pending.poll.answer({ kind: 'replaced' });
    }
    const timer = setTimeout(() => {
      if (this.pending?.poll !== poll) return;
      this.clearTimers();
      this.pending = null;
      const next = poll.href.replace(/([?&]ack=)\d+/, `$1${poll.ack + 1}`);
      poll.answer({ kind: 'empty', self: poll.href, next });
    }, timeoutMs);
    this.pending = { poll, timer, releaseTimer: null };
    this.consider();
  }

  abandon(poll: PendingPoll): void {
    if (this.pending?.poll !== poll) return;
    this.clearTimers();
    this.pending = null;
  }

  /** Stops releasing batches; a poll still held is answered `closed`, so nobody waits on it forever. */
  close(): void {
    this.closed = true;
    this.clearTimers();
    const pending = this.pending;
    this.pending = null;
    pending?.poll.answer({ kind: 'closed' });
  }

  private clearTimers(): void {
    if (this.pending?.timer) clearTimeout(this.pending.timer);
    if (this.pending?.releaseTimer) clearTimeout(this.pending.releaseTimer);
  }

  private releasable(batch: RecordedBatch): boolean {
    return batch.cause === null || (this.served.get(batch.cause.key) ?? 0) >= batch.cause.occurrence;
  }

  private consider(): void {
    const pending = this.pending;
    if (this.closed || !pending || pending.releaseTimer) return;
    const batch = this.batches[this.next];
    if (!batch || !this.releasable(batch)) return;
    const deliver = (): void => {
      if (this.pending !== pending) return;
      this.clearTimers();
      this.pending = null;
      this.next++;
      pending.poll.answer({ kind: 'batch', batch });
    };
    const delay = this.pace === 'instant' ? 0 : Math.min(batch.delayMs, this.maxDelayMs);
    pending.releaseTimer = setTimeout(deliver, delay);
  }
}
