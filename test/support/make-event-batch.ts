/** Builds `EventBatch` values by hand for tests: events listed in order, grouped into senders as they come. */
import type { EventBatch, EventSender, UcwaEvent } from '../../protocol/event.ts';
import type { UcwaLink, UcwaResource } from '../../protocol/resource.ts';

export interface EventSpec {
  readonly sender: EventSender;
  readonly type: string;
  readonly link: UcwaLink;
  readonly in?: UcwaLink;
  readonly status?: string;
  readonly embedded?: Readonly<Record<string, readonly UcwaResource[]>>;
}

export function makeEventBatch(specs: readonly EventSpec[], ack = 1): EventBatch {
  const events: UcwaEvent[] = specs.map((spec, index) => ({ ...spec, index, embedded: spec.embedded ?? {} }));
  const senders: (EventSender & { events: UcwaEvent[] })[] = [];
  for (const event of events) {
    const last = senders.at(-1);
    if (last && last.rel === event.sender.rel && last.href === event.sender.href) last.events.push(event);
    else senders.push({ ...event.sender, events: [event] });
  }
  const channel = (n: number) => ({ href: `/ucwa/v1/applications/1/events?ack=${n}`, ack: n });
  return { self: channel(ack), next: channel(ack + 1), resync: null, resume: null, senders, events };
}
