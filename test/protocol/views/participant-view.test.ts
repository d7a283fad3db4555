import { describe, expect, it } from 'vitest';
import { toLocalParticipantView, toParticipantMessagingView, toParticipantView } from '../../../protocol/views/participant-view.ts';
import { makeResource } from '../../support/make-resource.ts';

const HREF = '/ucwa/v1/applications/1/communication/conversations/7/participants/ann';

describe('toParticipantView', () => {
  it('reads every documented field and the hrefs of its links', () => {
    const view = toParticipantView(
      makeResource({
        rel: 'participant',
        href: HREF,
        properties: {
          name: 'Ann Lee',
          uri: 'sip:ann@contoso.com',
          sourceNetwork: 'SameEnterprise',
          role: 'Leader',
          anonymous: false,
          organizer: true,
          inLobby: false,
          local: false,
          workPhoneNumber: 'tel:+14255550100',
          otherPhoneNumber: 'tel:+14255550101',
        },
        links: { contact: '/people/ann', participantMessaging: `${HREF}/participantMessaging`, admit: `${HREF}/admit`, eject: `${HREF}/eject` },
      }),
    );
    expect(view).toEqual({
      rel: 'participant',
      href: HREF,
      name: 'Ann Lee',
      uri: 'sip:ann@contoso.com',
      sourceNetwork: 'SameEnterprise',
      role: 'Leader',
      anonymous: false,
      organizer: true,
      inLobby: false,
      local: false,
      workPhoneNumber: 'tel:+14255550100',
      otherPhoneNumber: 'tel:+14255550101',
      hrefs: { contact: '/people/ann', participantMessaging: `${HREF}/participantMessaging`, admit: `${HREF}/admit`, eject: `${HREF}/eject` },
    });
  });

  it('reads a participant that carries only its rel and href', () => {
    expect(toParticipantView(makeResource({ rel: 'participant', href: HREF }))).toEqual({ rel: 'participant', href: HREF, hrefs: {} });
  });

  it('ignores wrong-typed values and extra fields, and keeps roles the reference does not list', () => {
    const view = toParticipantView(
      makeResource({
        rel: 'participant',
        href: HREF,
        properties: { name: null, uri: 5, local: 'true', organizer: 1, role: 'Presenter', hatSize: 7 },
        links: { fanClub: '/f' },
      }),
    );
    expect(view).toEqual({ rel: 'participant', href: HREF, role: 'Presenter', hrefs: {} });
  });
});

describe('toLocalParticipantView', () => {
  it('reads the local participant as a participant, whatever rel it came with', () => {
    const resource = makeResource({ rel: 'participant', href: `${HREF}/me`, properties: { local: true, name: 'Me' }, links: { me: '/me' } });
    expect(toLocalParticipantView(resource)).toEqual({ rel: 'participant', href: `${HREF}/me`, local: true, name: 'Me', hrefs: { me: '/me' } });
    expect(toLocalParticipantView(makeResource({ rel: 'localParticipant', href: '/lp' }))).toEqual({ rel: 'localParticipant', href: '/lp', hrefs: {} });
  });

  it('ignores wrong-typed values and extra fields of the local participant', () => {
    const resource = makeResource({ rel: 'participant', href: '/lp', properties: { local: 'yes', inLobby: 0, name: 'Me', mood: 'ok' }, links: { mirror: '/m' } });
    expect(toLocalParticipantView(resource)).toEqual({ rel: 'participant', href: '/lp', name: 'Me', hrefs: {} });
  });
});

describe('toParticipantMessagingView', () => {
  it('reads the participant it belongs to', () => {
    const view = toParticipantMessagingView(makeResource({ rel: 'participantMessaging', href: `${HREF}/participantMessaging`, links: { participant: HREF } }));
    expect(view).toEqual({ rel: 'participantMessaging', href: `${HREF}/participantMessaging`, hrefs: { participant: HREF } });
  });

  it('reads one that carries only its rel and href', () => {
    expect(toParticipantMessagingView(makeResource({ rel: 'participantMessaging', href: '/pm' }))).toEqual({ rel: 'participantMessaging', href: '/pm', hrefs: {} });
  });

  it('ignores extra and wrong-typed fields', () => {
    const view = toParticipantMessagingView(
      makeResource({ rel: 'participantMessaging', href: '/pm', properties: { participant: 'not a link', state: 3 }, links: { typing: '/t' } }),
    );
    expect(view).toEqual({ rel: 'participantMessaging', href: '/pm', hrefs: {} });
  });
});
