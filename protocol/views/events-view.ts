/** Typed view of an event-channel response's links: where the channel stands and what to follow next. */
import type { ChannelLink, EventBatch, EventSender } from '../event.ts';
import { compact, type ResourceView } from './read-fields.ts';

export interface ChannelStep extends ChannelLink {
  readonly rel: 'resync' | 'next' | 'resume';
}

export interface EventsView extends ResourceView {
  /** The ack this response answered (from its self href). */
  readonly ack: number | null;
  readonly next?: ChannelLink;
  /** The server lost the client's place: follow it and drop cached transient state. */
  readonly resync?: ChannelLink;
  /** After a long gap: used like `next`, but transient state was reset. */
  readonly resume?: ChannelLink;
  /** The link a client follows next: `resync` first, then `next`, then `resume`; absent when the batch offers none. */
  readonly follow?: ChannelStep;
  readonly eventCount: number;
  /** Distinct senders in first-seen order. */
  readonly senders: readonly EventSender[];
}

export function toEventsView(batch: EventBatch): EventsView {
  const senders: EventSender[] = [];
  for (const { rel, href } of batch.senders)
    if (!senders.some((s) => s.rel === rel && s.href === href)) senders.push({ rel, href });
  const step = (['resync', 'next', 'resume'] as const).find((rel) => batch[rel] !== null);
  const follow = step && batch[step];
  return compact({
    rel: 'events',
    href: batch.self?.href ?? null,
    ack: batch.self?.ack ?? null,
    next: batch.next ?? undefined,
    resync: batch.resync ?? undefined,
    resume: batch.resume ?? undefined,
    follow: step && follow ? { rel: step, href: follow.href, ack: follow.ack } : undefined,
    eventCount: batch.events.length,
    senders,
  });
}
