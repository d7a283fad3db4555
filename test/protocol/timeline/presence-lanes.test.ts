import { describe, expect, it } from 'vitest';
import type { UcwaEvent } from '../../../protocol/event.ts';
import type { PropertyValue } from '../../../protocol/resource.ts';
import { foldTimeline, renderTimelineText, type Cause, type TimelineInput } from '../../../protocol/timeline/index.ts';
import { makeResource } from '../../support/make-resource.ts';

const APP = '/app';
const ME = `${APP}/me`;
const PEOPLE = { rel: 'people', href: `${APP}/people` };
const CAROL = `${APP}/people/carol@contoso.com`;
let exchange = 0;
const cause = (source: Cause['source'], eventIndex?: number): Cause => ({ exchangeId: ++exchange, seq: exchange, source, ...(eventIndex !== undefined ? { eventIndex } : {}) });

function event(atMs: number, spec: Omit<UcwaEvent, 'index' | 'embedded'> & { embedded?: UcwaEvent['embedded'] }): TimelineInput {
  return { kind: 'event', atMs, cause: cause('event', 0), event: { index: 0, embedded: {}, ...spec } };
}

/** A request and its answer, as one exchange. */
function exchangeOf(atMs: number, method: string, href: string, status: number, request: Record<string, PropertyValue> | null, resource?: ReturnType<typeof makeResource>, location?: string): TimelineInput[] {
  const sent = cause('request');
  return [
    { kind: 'request', atMs, cause: sent, method, href, ...(request ? { properties: request } : {}) },
    { kind: 'response', atMs: atMs + 1, cause: { ...sent, source: 'snapshot' }, method, href, status, ...(resource ? { resource } : {}), ...(location ? { location } : {}) },
  ];
}

const application = () =>
  exchangeOf(0, 'POST', `${APP}s`, 201, null, makeResource({
    rel: 'application', href: APP,
    links: { events: `${APP}/events` },
    embedded: {
      me: makeResource({ rel: 'me', href: ME, properties: { uri: 'sip:alice@contoso.com', name: 'Alice' }, links: { makeMeAvailable: `${ME}/makeMeAvailable`, presence: `${ME}/presence`, note: `${ME}/note` } }),
      people: makeResource({ rel: 'people', href: `${APP}/people`, links: { presenceSubscriptions: `${APP}/people/presenceSubscriptions` } }),
    },
  }));

const contactPresence = (availability: string, activity: string) => makeResource({ rel: 'contactPresence', href: `${CAROL}/presence`, properties: { availability, activity } });

describe('presence lanes', () => {
  it('signs the user in as signInAs, Online when it is not named, and only once the request succeeds', () => {
    const refused = foldTimeline([...application(), ...exchangeOf(10, 'POST', `${ME}/makeMeAvailable`, 409, { signInAs: 'Busy' })]).timeline;
    expect(refused.presence).toEqual([]);
    const busy = foldTimeline([...application(), ...exchangeOf(10, 'POST', `${ME}/makeMeAvailable`, 204, { signInAs: 'Busy' })]).timeline;
    expect(busy.presence).toEqual([expect.objectContaining({ me: true, href: ME, uri: 'sip:alice@contoso.com', availability: 'Busy' })]);
    const online = foldTimeline([...application(), ...exchangeOf(10, 'POST', `${ME}/makeMeAvailable`, 204, null)]).timeline;
    expect(online.presence[0]?.bands.map((b) => [b.availability, b.fromMs, b.toMs, b.cause.source])).toEqual([['Online', 11, null, 'request']]);
  });

  it('follows the user setting presence and a note, a note change being a mark rather than a band', () => {
    const { presence } = foldTimeline([
      ...application(),
      ...exchangeOf(10, 'POST', `${ME}/makeMeAvailable`, 204, null),
      ...exchangeOf(20, 'POST', `${ME}/presence`, 204, { availability: 'Away' }),
      ...exchangeOf(30, 'POST', `${ME}/note`, 204, { message: 'Back at 3' }),
      ...exchangeOf(40, 'GET', `${ME}/presence`, 200, null, makeResource({ rel: 'presence', href: `${ME}/presence`, properties: { availability: 'Online', activity: 'Available' } })),
    ]).timeline;
    const [me] = presence;
    expect(me?.bands.map((b) => [b.availability, b.fromMs, b.toMs])).toEqual([['Online', 11, 21], ['Away', 21, 41], ['Online', 41, null]]);
    expect(me?.notes.map((n) => [n.atMs, n.message])).toEqual([[31, 'Back at 3']]);
    expect(me).toMatchObject({ availability: 'Online', activity: 'Available', note: 'Back at 3' });
  });

  it('joins a contact subscribed to by SIP URI to the lane their presence events and GETs built, once a contact resource ties the two', () => {
    const inputs = [
      ...application(),
      ...exchangeOf(10, 'POST', `${APP}/people/presenceSubscriptions`, 201, { duration: 10, uris: ['sip:carol@contoso.com'] }, undefined, `${APP}/people/presenceSubscriptions/1`),
      event(20, { sender: PEOPLE, type: 'updated', link: { rel: 'contactPresence', href: `${CAROL}/presence` }, in: { rel: 'contact', href: CAROL } }),
      ...exchangeOf(30, 'GET', `${CAROL}/presence`, 200, null, contactPresence('Away', 'Away')),
      ...exchangeOf(40, 'GET', `${CAROL}/presence`, 200, null, contactPresence('Online', 'Available')),
    ];
    const before = foldTimeline(inputs).timeline;
    // Nothing has said yet that sip:carol@contoso.com is the contact at CAROL.
    expect(before.presence.map((lane) => [lane.uri, lane.href])).toEqual([['sip:carol@contoso.com', null], [null, CAROL]]);
    const contacts = makeResource({ rel: 'myContacts', href: `${APP}/people/contacts`, embedded: { contact: [makeResource({ rel: 'contact', href: CAROL, properties: { uri: 'sip:carol@contoso.com', name: 'Carol Chen' } })] } });
    const after = foldTimeline([...inputs, ...exchangeOf(50, 'GET', `${APP}/people/contacts`, 200, null, contacts), ...exchangeOf(60, 'DELETE', `${APP}/people/presenceSubscriptions/1`, 204, null)]).timeline;
    expect(after.presence).toHaveLength(1);
    const [carol] = after.presence;
    expect(carol).toMatchObject({ key: 1, href: CAROL, uri: 'sip:carol@contoso.com', name: 'Carol Chen', subscribedAtMs: 11, unsubscribedAtMs: 61 });
    expect(carol?.bands.map((b) => [b.availability, b.fromMs, b.toMs])).toEqual([['Away', 31, 41], ['Online', 41, null]]);
    expect(renderTimelineText(after).split('\n').filter((line) => / {2}carol {6}/.test(line)).map((line) => line.slice(26, 60).trim())).toEqual([
      'presence subscribed',
      'contactPresence updated',
      'availability - -> Away',
      'availability Away -> Online',
      'presence subscription deleted',
    ]);
  });

  it('ends the subscription of one contact removed from it by deleting their membership', () => {
    const membership = makeResource({ rel: 'presenceSubscriptionMembership', href: `${APP}/people/presenceSubscriptions/1/memberships/carol`, links: { contact: CAROL, presenceSubscription: `${APP}/people/presenceSubscriptions/1` } });
    const { presence } = foldTimeline([
      ...application(),
      ...exchangeOf(10, 'POST', `${APP}/people/presenceSubscriptions`, 201, { duration: 10, uris: ['sip:carol@contoso.com'] }, undefined, `${APP}/people/presenceSubscriptions/1`),
      ...exchangeOf(20, 'GET', `${APP}/people/presenceSubscriptions/1/memberships`, 200, null, makeResource({ rel: 'memberships', href: `${APP}/people/presenceSubscriptions/1/memberships`, embedded: { presenceSubscriptionMembership: membership } })),
      ...exchangeOf(30, 'GET', CAROL, 200, null, makeResource({ rel: 'contact', href: CAROL, properties: { uri: 'sip:carol@contoso.com', name: 'Carol Chen' } })),
      ...exchangeOf(40, 'DELETE', `${APP}/people/presenceSubscriptions/1/memberships/carol`, 204, null),
    ]).timeline;
    expect(presence).toEqual([expect.objectContaining({ href: CAROL, subscribedAtMs: 11, unsubscribedAtMs: 41 })]);
    expect(presence[0]?.changes.map((c) => c.detail)).toEqual(['presence subscribed', 'removed from the presence subscription']);
  });

  it('reads a presence or note a contact event carries, and the contact it is in', () => {
    const { presence } = foldTimeline([
      event(5, { sender: PEOPLE, type: 'updated', link: { rel: 'contactNote', href: `${CAROL}/note` }, in: { rel: 'contact', href: CAROL }, embedded: { contactNote: [makeResource({ rel: 'contactNote', href: `${CAROL}/note`, properties: { message: 'In Paris', type: 'Personal' } })] } }),
      event(6, { sender: PEOPLE, type: 'updated', link: { rel: 'contactPresence', href: `${CAROL}/presence` }, in: { rel: 'contact', href: CAROL }, embedded: { contactPresence: [contactPresence('Busy', 'in-a-meeting')] } }),
    ]).timeline;
    expect(presence).toEqual([expect.objectContaining({ href: CAROL, availability: 'Busy', activity: 'in-a-meeting', note: 'In Paris' })]);
    expect(presence[0]?.notes).toEqual([expect.objectContaining({ atMs: 5, message: 'In Paris', type: 'Personal' })]);
  });
});
