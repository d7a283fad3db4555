/**
 * One application's event channel (EventsInUCWA.md, EventChannelDetails.md): events queue up
 * in order; a pending GET on `events?ack=N` is answered when events are due or its timeout
 * passes (an empty batch with `next`). Following `next` (ack N+1) acknowledges batch N; asking
 * for N again re-sends it; any other ack gets a `resync` link to the first unacknowledged batch.
 * A second pending GET releases the first with 409 PGetReplaced. Each batch is delivered once
 * and in order, its events grouped by sender (groupBySender).
 */
import type { SimClock } from '../clock.ts';
import type { SimEvent, SimEventBatch, SimSender } from '../wire/sim-resource.ts';

export interface QueuedEvent {
  readonly sender: { readonly rel: string; readonly href: string };
  readonly event: SimEvent;
}

export type PollOutcome = { readonly kind: 'batch'; readonly batch: SimEventBatch } | { readonly kind: 'replaced' } | { readonly kind: 'closed' };

interface PendingPoll {
  readonly ack: number;
  readonly resolve: (outcome: PollOutcome) => void;
  readonly cancelTimeout: () => void;
}

/** Events produced by one step (a request, a scripted action) go out together: wait this long for more. */
const COALESCE_MS = 5;

/**
 * One sender entry per sender, where it first appears, holding its events in order: real servers
 * group a batch this way, and clients that read only the first sender entry rely on it.
 */
export function groupBySender(events: readonly QueuedEvent[]): SimSender[] {
  const entries = new Map<string, { rel: string; href: string; events: SimEvent[] }>();
  for (const { sender, event } of events) {
    const key = `${sender.rel} ${sender.href}`;
    const entry = entries.get(key);
    if (entry) entry.events.push(event);
    else entries.set(key, { rel: sender.rel, href: sender.href, events: [event] });
  }
  return [...entries.values()];
}

export class EventChannel {
  private readonly queue: QueuedEvent[] = [];
  /** The batch delivered but not yet acknowledged. */
  private unacked: { readonly ack: number; readonly batch: SimEventBatch } | null = null;
  /** The ack the next new batch gets. */
  private nextAck = 1;
  private pending: PendingPoll | null = null;
  private flushScheduled = false;
  private closed = false;
  /** Called on every poll, so the application knows it is in use. */
  onActivity: () => void = () => {};

  constructor(
    private readonly baseHref: string,
    private readonly clock: SimClock,
  ) {}

  href(ack: number): string {
    return `${this.baseHref}?ack=${ack}`;
  }

  /** The href of the next poll, as the application's `events` link gives it. */
  firstHref(): string {
    return this.href(this.unacked?.ack ?? this.nextAck);
  }

  get hasPendingPoll(): boolean {
    return this.pending !== null;
  }

  publish(events: readonly QueuedEvent[]): void {
    if (this.closed || events.length === 0) return;
    this.queue.push(...events);
    if (this.pending) this.scheduleDelivery();
  }

  /**
   * Answers a GET on `events?ack=N`: at once (a re-sent batch, a resync), or when events are
   * queued, or after `timeoutMs` simulated milliseconds with an empty batch. `abandon` is for a
   * client that went away: its poll is dropped and nothing is lost.
   */
  poll(ack: number, timeoutMs: number): { readonly outcome: Promise<PollOutcome>; abandon(): void } {
    const immediate = (outcome: PollOutcome) => ({ outcome: Promise.resolve(outcome), abandon: () => {} });
    this.onActivity();
    if (this.closed) return immediate({ kind: 'closed' });
    if (this.unacked && ack === this.unacked.ack + 1) this.unacked = null; // following `next` acknowledges
    if (this.unacked && ack === this.unacked.ack) return immediate(this.replacing({ kind: 'batch', batch: this.unacked.batch }));
    if (this.unacked || ack !== this.nextAck) {
      const expected = this.unacked?.ack ?? this.nextAck;
      return immediate(this.replacing({ kind: 'batch', batch: { self: this.href(ack), resync: this.href(expected), senders: [] } }));
    }
    this.replacing({ kind: 'replaced' });
    let entry: PendingPoll | null = null;
    const outcome = new Promise<PollOutcome>((resolve) => {
      const cancelTimeout = this.clock.after(timeoutMs, () => {
        if (this.pending !== entry) return;
        this.pending = null;
        resolve({ kind: 'batch', batch: this.buildBatch([]) });
      });
      entry = { ack, resolve, cancelTimeout };
      this.pending = entry;
      if (this.queue.length > 0) this.scheduleDelivery();
    });
    return {
      outcome,
      abandon: () => {
        if (entry === null || this.pending !== entry) return;
        entry.cancelTimeout();
        entry.resolve({ kind: 'closed' });
        this.pending = null;
      },
    };
  }

  close(): void {
    this.closed = true;
    this.pending?.cancelTimeout();
    this.pending?.resolve({ kind: 'closed' });
    this.pending = null;
  }

  /** Releases a pending poll with 409 PGetReplaced (a newer GET took its place), then answers with `outcome`. */
  private replacing(outcome: PollOutcome): PollOutcome {
    if (this.pending) {
      this.pending.cancelTimeout();
      this.pending.resolve({ kind: 'replaced' });
      this.pending = null;
    }
    return outcome;
  }

  private scheduleDelivery(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => {
      this.flushScheduled = false;
      this.deliverIfDue();
    }, COALESCE_MS);
  }

  private deliverIfDue(): void {
    if (!this.pending || this.queue.length === 0) return;
    const { resolve, cancelTimeout } = this.pending;
    this.pending = null;
    cancelTimeout();
    resolve({ kind: 'batch', batch: this.buildBatch(this.queue.splice(0)) });
  }

  private buildBatch(events: readonly QueuedEvent[]): SimEventBatch {
    const ack = this.nextAck++;
    const batch: SimEventBatch = { self: this.href(ack), next: this.href(ack + 1), senders: groupBySender(events) };
    this.unacked = { ack, batch };
    return batch;
  }
}
