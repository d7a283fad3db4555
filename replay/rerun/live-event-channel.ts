/**
 * The rerun's event channel, held as a client holds it: one pending GET at a time, following each
 * batch's `next` (or `resume`, `resync`) until the server ends it or the rerun stops it.
 */
import { decodeHttpMessage } from '../../protocol/decode-message.ts';
import type { UcwaEvent } from '../../protocol/event.ts';

interface Waiter {
  readonly count: number;
  readonly resolve: (reached: boolean) => void;
}

export class LiveEventChannel {
  /** Every live event received, in order. */
  readonly events: UcwaEvent[] = [];
  private readonly abort = new AbortController();
  private readonly waiters = new Set<Waiter>();
  private ended = false;
  private readonly loop: Promise<void>;

  constructor(first: URL, headers: () => Headers, onEvents: (events: readonly UcwaEvent[]) => void) {
    this.loop = this.run(first, headers, onEvents).finally(() => {
      this.ended = true;
      for (const waiter of this.waiters) waiter.resolve(this.events.length >= waiter.count);
      this.waiters.clear();
    });
  }

  /** Resolves true once `count` events have arrived, false when the channel ends or `timeoutMs` passes first. */
  waitFor(count: number, timeoutMs: number): Promise<boolean> {
    if (this.events.length >= count) return Promise.resolve(true);
    if (this.ended) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        count,
        resolve: (reached) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  get open(): boolean {
    return !this.ended;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(first: URL, headers: () => Headers, onEvents: (events: readonly UcwaEvent[]) => void): Promise<void> {
    let url = first;
    for (;;) {
      let response: Response;
      try {
        response = await fetch(url, { headers: headers(), signal: this.abort.signal, redirect: 'manual' });
      } catch {
        return;
      }
      if (response.status !== 200) return;
      const body = new Uint8Array(await response.arrayBuffer().catch(() => new ArrayBuffer(0)));
      const decoded = decodeHttpMessage({ side: 'response', body, contentType: response.headers.get('content-type'), method: 'GET', url, status: 200 });
      if (!decoded.ok || decoded.body.kind !== 'events') return;
      const { batch } = decoded.body;
      this.events.push(...batch.events);
      onEvents(batch.events);
      for (const waiter of this.waiters)
        if (this.events.length >= waiter.count) {
          this.waiters.delete(waiter);
          waiter.resolve(true);
        }
      const next = batch.next ?? batch.resume ?? batch.resync;
      if (!next) return;
      url = new URL(next.href, url);
    }
  }
}
