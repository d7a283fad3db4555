import { describe, expect, it } from 'vitest';
import type { UcwaEvent } from '../../../protocol/event.ts';
import { foldTimeline, type Cause, type TimelineInput } from '../../../protocol/timeline/index.ts';
import { makeResource } from '../../support/make-resource.ts';

const CONV = '/app/communication/conversations/7';
const COMM = { rel: 'communication', href: '/app/communication' };
const CONV_SENDER = { rel: 'conversation', href: CONV };
let exchange = 0;
const cause = (source: Cause['source'], eventIndex?: number): Cause => ({ exchangeId: ++exchange, seq: exchange, source, ...(eventIndex !== undefined ? { eventIndex } : {}) });

function event(atMs: number, spec: Omit<UcwaEvent, 'index' | 'embedded'> & { embedded?: UcwaEvent['embedded'] }, index = 0): TimelineInput {
  return { kind: 'event', atMs, cause: cause('event', index), event: { index, embedded: {}, ...spec } };
}

const conversation = (state: string, extra: Record<string, string> = {}) => makeResource({ rel: 'conversation', href: CONV, properties: { state, ...extra }, links: { messaging: `${CONV}/messaging` } });
const messaging = (state: string) => makeResource({ rel: 'messaging', href: `${CONV}/messaging`, properties: { state }, links: state === 'Connected' ? { sendMessage: `${CONV}/messaging/messages`, conversation: CONV } : { conversation: CONV } });

function connected(atMs: number): TimelineInput[] {
  return [
    event(atMs, { sender: COMM, type: 'added', link: { rel: 'conversation', href: CONV }, embedded: { conversation: [conversation('Connecting')] } }),
    event(atMs + 1, { sender: CONV_SENDER, type: 'updated', link: { rel: 'messaging', href: `${CONV}/messaging` }, embedded: { messaging: [messaging('Connected')] } }),
  ];
}

describe('the timeline reducer on hand-written sequences', () => {
  it('gives an outgoing message its text and request even when its event comes before the 201', () => {
    const sent = cause('request');
    const timeline = foldTimeline([
      ...connected(1000),
      { kind: 'request', atMs: 2000, cause: sent, method: 'POST', href: `https://fe.contoso.com${CONV}/messaging/messages?operationId=9`, text: 'Hi Tosh', html: false, operationId: '9' },
      event(2001, { sender: CONV_SENDER, type: 'completed', status: 'Success', link: { rel: 'message', href: `${CONV}/messaging/messages/1` }, embedded: { message: [makeResource({ rel: 'message', href: `${CONV}/messaging/messages/1`, properties: { direction: 'Outgoing', status: 'Succeeded' } })] } }),
      { kind: 'response', atMs: 2002, cause: { ...sent, source: 'snapshot' }, method: 'POST', href: `${CONV}/messaging/messages?operationId=9`, status: 201, location: `${CONV}/messaging/messages/1` },
    ]).timeline;
    const [conv] = timeline.conversations;
    expect(conv?.messages).toEqual([expect.objectContaining({ direction: 'Outgoing', text: 'Hi Tosh', status: 'Succeeded', from: 'local', sentBy: sent })]);
  });

  it('starts a timeline for a conversation it never saw added, and says so', () => {
    const timeline = foldTimeline([
      event(5, { sender: CONV_SENDER, type: 'added', link: { rel: 'participant', href: `${CONV}/participants/3`, title: 'Tosh' }, embedded: { participant: [makeResource({ rel: 'participant', href: `${CONV}/participants/3`, properties: { uri: 'sip:tosh@contoso.com', name: 'Tosh' } })] } }),
    ]).timeline;
    expect(timeline.conversations).toHaveLength(1);
    expect(timeline.conversations[0]).toMatchObject({ href: CONV, firstSeenBy: 'participant added event (never seen added)' });
    expect(timeline.conversations[0]?.participants).toEqual([expect.objectContaining({ uri: 'sip:tosh@contoso.com', joinedAtMs: 5 })]);
  });

  it('marks a resync or resume on the timeline and closes open typing intervals', () => {
    const timeline = foldTimeline([
      ...connected(0),
      event(10, { sender: CONV_SENDER, type: 'added', link: { rel: 'participant', href: `${CONV}/participants/3`, title: 'Tosh' }, in: { rel: 'typingParticipants', href: `${CONV}/messaging/typingParticipants` } }),
      { kind: 'channel-reset', atMs: 20, cause: cause('event'), reset: 'resync' },
      { kind: 'channel-reset', atMs: 30, cause: cause('event'), reset: 'resume' },
    ]).timeline;
    expect(timeline.resets.map((r) => r.kind)).toEqual(['resync', 'resume']);
    const [conv] = timeline.conversations;
    expect(conv?.typing).toEqual([expect.objectContaining({ fromMs: 10, toMs: 20 })]);
    expect(conv?.changes.filter((c) => c.what === 'reset').map((c) => c.atMs)).toEqual([20, 30]);
  });

  it('starts a new timeline when a deleted conversation\'s href comes back', () => {
    const timeline = foldTimeline([
      ...connected(0),
      event(10, { sender: COMM, type: 'deleted', link: { rel: 'conversation', href: CONV } }),
      event(20, { sender: COMM, type: 'added', link: { rel: 'conversation', href: CONV }, embedded: { conversation: [conversation('Incoming', { subject: 'again' })] } }),
    ]).timeline;
    expect(timeline.conversations.map((c) => [c.key, c.href, c.endedAtMs, c.subject])).toEqual([
      [1, CONV, 10, null],
      [2, CONV, null, 'again'],
    ]);
  });

  it('records a property change once, whichever of event or snapshot shows it first', () => {
    const snapshot = (atMs: number): TimelineInput => ({ kind: 'response', atMs, cause: cause('snapshot'), method: 'GET', href: CONV, status: 200, resource: conversation('Connected') });
    const timeline = foldTimeline([
      ...connected(0),
      snapshot(5),
      snapshot(6),
      event(7, { sender: COMM, type: 'updated', link: { rel: 'conversation', href: CONV }, embedded: { conversation: [conversation('Connected')] } }),
    ]).timeline;
    const states = timeline.conversations[0]?.changes.filter((c) => c.what === 'state');
    expect(states?.map((c) => [c.from, c.to, c.cause.source])).toEqual([
      [null, 'Connecting', 'event'],
      ['Connecting', 'Connected', 'snapshot'],
    ]);
  });

  it('acts on a decline stamped to the whole millisecond before the event offering it, as captures stamp requests; not on one a millisecond early', () => {
    const inv = '/app/communication/audioVideoInvitations/5';
    const offer = (atMs: number) =>
      event(atMs, { sender: COMM, type: 'started', link: { rel: 'audioVideoInvitation', href: inv }, embedded: { audioVideoInvitation: [makeResource({ rel: 'audioVideoInvitation', href: inv, properties: { direction: 'Incoming', state: 'Connecting' }, links: { conversation: CONV, decline: `${inv}/decline` } })] } });
    const decline: TimelineInput = { kind: 'request', atMs: 3000, cause: cause('request'), method: 'POST', href: `https://fe.contoso.com${inv}/decline` };
    const sameMs = foldTimeline([decline, offer(3000.4)]).timeline;
    expect(sameMs.conversations[0]?.invitations[0]?.actions).toEqual([{ action: 'decline', atMs: 3000, cause: decline.cause }]);
    expect(sameMs.conversations[0]?.changes.map((c) => c.what)).toContain('invitation.decline');
    const later = foldTimeline([decline, offer(3001.2)]).timeline;
    expect(later.conversations[0]?.invitations[0]?.actions).toEqual([]);
  });

  it('tracks messaging action links and invitation outcomes with their reasons', () => {
    const inv = '/app/communication/messagingInvitations/4';
    const timeline = foldTimeline([
      event(0, { sender: COMM, type: 'started', link: { rel: 'messagingInvitation', href: inv }, embedded: { messagingInvitation: [makeResource({ rel: 'messagingInvitation', href: inv, properties: { direction: 'Incoming', state: 'Connecting' }, links: { conversation: CONV, accept: `${inv}/accept` } })] } }),
      { kind: 'request', atMs: 1, cause: cause('request'), method: 'POST', href: `${inv}/accept` },
      ...connected(2),
      event(5, { sender: COMM, type: 'completed', status: 'Failure', reason: { code: 'Informational', subcode: 'Missed', message: 'x' }, link: { rel: 'messagingInvitation', href: inv } }),
      event(6, { sender: CONV_SENDER, type: 'updated', link: { rel: 'messaging', href: `${CONV}/messaging` }, embedded: { messaging: [messaging('Disconnected')] } }),
    ]).timeline;
    const [conv] = timeline.conversations;
    expect(conv?.direction).toBe('Incoming');
    expect(conv?.invitations[0]).toMatchObject({ direction: 'Incoming', actions: [expect.objectContaining({ action: 'accept', atMs: 1 })], outcome: { status: 'Failure', reason: 'Informational/Missed', atMs: 5 } });
    expect(conv?.changes.filter((c) => c.what === 'link sendMessage').map((c) => [c.atMs, c.to])).toEqual([
      [3, true],
      [6, false],
    ]);
  });
});
