/**
 * The client's event channel: one long poll always pending, the next sent before a batch is
 * processed (EventChannelDetails.md), 409 PGetReplaced answered by polling again, `next`,
 * `resume` and `resync` followed. It stops for good on anything else and says why.
 */
import type { DecodedBody } from '../../protocol/decoded-body.ts';
import type { EventBatch } from '../../protocol/event.ts';
import type { HttpResponse } from './http-transport.ts';

export interface EventChannelIo {
  send(href: string, signal: AbortSignal): Promise<{ response: HttpResponse; url: URL }>;
  decode(response: HttpResponse, url: URL): DecodedBody;
  /** Each batch, in order; a resync batch comes with no events (they restate what was known). */
  onBatch(batch: EventBatch): void;
  /** The channel stopped for good; not called after `stop()`. */
  onStopped(error: Error): void;
}

export class EventChannelError extends Error {}

export class EventChannelLoop {
  private readonly controller = new AbortController();
  private readonly loop: Promise<void>;

  constructor(firstHref: string, private readonly io: EventChannelIo) {
    this.loop = this.run(firstHref).catch((error: unknown) => {
      if (!this.controller.signal.aborted) io.onStopped(error as Error);
    });
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
  }

  private async run(firstHref: string): Promise<void> {
    const signal = this.controller.signal;
    let pending = this.io.send(firstHref, signal);
    for (;;) {
      const { response, url } = await pending;
      if (signal.aborted) return;
      if (response.status === 409) {
        // PGetReplaced: this client replaced its own poll (or another instance did); poll again.
        pending = this.io.send(url.href, signal);
        continue;
      }
      if (response.status !== 200) throw new EventChannelError(`the event channel answered ${response.status} on ${url.pathname}`);
      const body = this.io.decode(response, url);
      if (body.kind !== 'events') throw new EventChannelError(`the event channel answered with ${body.kind}, not events`);
      const following = body.batch.resync ?? body.batch.next ?? body.batch.resume;
      if (!following) throw new EventChannelError('an event batch came without next, resume or resync');
      pending = this.io.send(following.href, signal);
      this.io.onBatch(body.batch.resync ? { ...body.batch, events: [] } : body.batch);
    }
  }
}
