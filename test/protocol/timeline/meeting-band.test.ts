import { describe, expect, it } from 'vitest';
import type { UcwaEvent } from '../../../protocol/event.ts';
import { foldTimeline, renderTimelineText, type Cause, type TimelineInput } from '../../../protocol/timeline/index.ts';
import { makeResource } from '../../support/make-resource.ts';

const CONV = '/app/communication/conversations/7';
const COMM = { rel: 'communication', href: '/app/communication' };
const CONV_SENDER = { rel: 'conversation', href: CONV };
const URI = 'sip:ada@contoso.com;gruu;opaque=app:conf:focus:id:9D3FB64A';
let exchange = 0;
const cause = (eventIndex: number): Cause => ({ exchangeId: ++exchange, seq: exchange, source: 'event', eventIndex });

function event(atMs: number, spec: Omit<UcwaEvent, 'index' | 'embedded'> & { embedded?: UcwaEvent['embedded'] }): TimelineInput {
  return { kind: 'event', atMs, cause: cause(0), event: { index: 0, embedded: {}, ...spec } };
}

const conversation = (state: string) => makeResource({ rel: 'conversation', href: CONV, properties: { state, subject: 'Planning' }, links: { onlineMeeting: `${CONV}/onlineMeeting` } });
const onlineMeeting = (subject: string) => makeResource({ rel: 'onlineMeeting', href: `${CONV}/onlineMeeting`, properties: { subject, onlineMeetingUri: URI, organizerName: 'Ada Example' }, links: { conversation: CONV } });
const meetingEvent = (atMs: number, type: 'added' | 'updated', subject: string) =>
  event(atMs, { sender: CONV_SENDER, type, link: { rel: 'onlineMeeting', href: `${CONV}/onlineMeeting` }, in: { rel: 'conversation', href: CONV }, embedded: { onlineMeeting: [onlineMeeting(subject)] } });

describe('the meeting band of a conversation', () => {
  it('starts at the onlineMeeting, follows its subject, and ends with the conversation', () => {
    const timeline = foldTimeline([
      event(1000, { sender: COMM, type: 'added', link: { rel: 'conversation', href: CONV }, embedded: { conversation: [conversation('Connecting')] } }),
      meetingEvent(1100, 'added', 'Planning'),
      meetingEvent(1500, 'updated', 'Planning (moved)'),
      event(1900, { sender: COMM, type: 'deleted', link: { rel: 'conversation', href: CONV } }),
    ]).timeline;
    const [conv] = timeline.conversations;
    expect(conv?.meeting).toMatchObject({ uri: URI, subject: 'Planning (moved)', organizer: 'Ada Example', joinedAtMs: 1100, leftAtMs: 1900 });
    expect(conv?.changes.filter((c) => c.what === 'meeting').map((c) => [c.atMs, c.to])).toEqual([[1100, 'joined'], [1500, 'updated'], [1900, 'left']]);
    const text = renderTimelineText(timeline);
    expect(text).toContain(`joined online meeting "Planning" (${URI})`);
    expect(text).toContain('online meeting now "Planning (moved)"');
    expect(text).toContain('left online meeting "Planning (moved)"');
  });

  it('ends an onlineMeetingInvitation by its state, as it has no completed event', () => {
    const INV = '/app/communication/onlineMeetingInvitations/9';
    const invitation = (state: string) => makeResource({ rel: 'onlineMeetingInvitation', href: INV, properties: { direction: 'Outgoing', state, to: URI, onlineMeetingUri: URI }, links: { conversation: CONV } });
    const timeline = foldTimeline([
      event(1000, { sender: COMM, type: 'started', link: { rel: 'onlineMeetingInvitation', href: INV }, embedded: { onlineMeetingInvitation: [invitation('Connecting')] } }),
      event(1300, { sender: COMM, type: 'updated', link: { rel: 'onlineMeetingInvitation', href: INV }, embedded: { onlineMeetingInvitation: [invitation('Connected')] } }),
    ]).timeline;
    expect(timeline.conversations[0]?.invitations).toEqual([expect.objectContaining({ direction: 'Outgoing', to: URI, state: 'Connected', outcome: expect.objectContaining({ status: 'Success', atMs: 1300 }) })]);
  });
});
