import { describe, expect, it } from 'vitest';
import type { EventBatch } from '../../../protocol/event.ts';
import { toEventsView } from '../../../protocol/views/events-view.ts';
import { makeEventBatch } from '../../support/make-event-batch.ts';

const EVENTS = '/ucwa/v1/applications/1/events';
const conversation = { rel: 'conversation', href: '/c/7' };
const communication = { rel: 'communication', href: '/c' };

describe('toEventsView', () => {
  it('reads the channel links, the link to follow and the senders', () => {
    const batch = makeEventBatch(
      [
        { sender: communication, type: 'added', link: { rel: 'conversation', href: '/c/7' } },
        { sender: conversation, type: 'added', link: { rel: 'participant', href: '/c/7/p/1' } },
        { sender: communication, type: 'updated', link: { rel: 'conversation', href: '/c/7' } },
      ],
      5,
    );
    expect(toEventsView(batch)).toEqual({
      rel: 'events',
      href: `${EVENTS}?ack=5`,
      ack: 5,
      next: { href: `${EVENTS}?ack=6`, ack: 6 },
      follow: { rel: 'next', href: `${EVENTS}?ack=6`, ack: 6 },
      eventCount: 3,
      senders: [communication, conversation],
    });
  });

  it('follows resync before next, and resume when it is all there is', () => {
    const base = makeEventBatch([], 3);
    const resync = { href: `${EVENTS}?ack=2`, ack: 2 };
    expect(toEventsView({ ...base, resync }).follow).toEqual({ rel: 'resync', ...resync });
    const resume = { href: `${EVENTS}?ack=4&resume=1`, ack: 4 };
    expect(toEventsView({ ...base, next: null, resume }).follow).toEqual({ rel: 'resume', ...resume });
  });

  it('reads an empty batch with no links at all', () => {
    const empty: EventBatch = { self: null, next: null, resync: null, resume: null, senders: [], events: [] };
    expect(toEventsView(empty)).toEqual({ rel: 'events', href: null, ack: null, eventCount: 0, senders: [] });
  });

  it('keeps a link whose ack is missing or not a number', () => {
    const batch: EventBatch = { ...makeEventBatch([]), next: { href: `${EVENTS}?ack=soon`, ack: null } };
    expect(toEventsView(batch).follow).toEqual({ rel: 'next', href: `${EVENTS}?ack=soon`, ack: null });
  });
});
