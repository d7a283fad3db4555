import { describe, expect, it } from 'vitest';
import { toApplicationView, toPeopleView } from '../../../protocol/views/application-view.ts';
import { toCommunicationView } from '../../../protocol/views/communication-view.ts';
import { toMeView } from '../../../protocol/views/me-view.ts';
import { makeResource } from '../../support/make-resource.ts';

const APP = '/ucwa/oauth/v1/applications/101';

const me = makeResource({
  rel: 'me',
  href: `${APP}/me`,
  properties: {
    name: 'Ann Lee',
    uri: 'sip:ann@contoso.com',
    title: 'Engineer',
    department: 'R&D',
    company: 'Contoso',
    officeLocation: '42/1',
    emailAddresses: ['ann@contoso.com'],
    endpointUri: 'sip:ann@contoso.com;gruu',
    workPhoneNumber: 'tel:+1',
    mobilePhoneNumber: 'tel:+2',
    homePhoneNumber: 'tel:+3',
    otherPhoneNumber: 'tel:+4',
  },
  links: { makeMeAvailable: `${APP}/me/makeMeAvailable`, photo: `${APP}/photos/ann` },
});

const communication = makeResource({
  rel: 'communication',
  href: `${APP}/communication`,
  properties: {
    supportedModalities: ['Messaging', 'PhoneAudio'],
    supportedMessageFormats: ['Plain', 'Html'],
    audioPreference: 'PhoneAudio',
    conversationHistory: 'Disabled',
    phoneNumber: 'tel:+5',
    publishEndpointLocation: true,
    videoBasedScreenSharing: 'Disabled',
    lisLocation: 'Building 42',
    lisQueryResult: 'Succeeded',
    '7f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8': 'please pass this in a PUT request',
  },
  links: { conversations: `${APP}/communication/conversations?filter=active`, startMessaging: `${APP}/communication/messagingInvitations` },
});

const people = makeResource({ rel: 'people', href: `${APP}/people`, links: { myContacts: `${APP}/people/contacts`, search: `${APP}/people/search` } });

describe('toApplicationView', () => {
  it('reads the application, its links and the resources it embeds', () => {
    const view = toApplicationView(
      makeResource({
        rel: 'application',
        href: APP,
        properties: { culture: 'en-US', userAgent: 'inspector-test', type: 'Browser', endpointId: 'e1', id: 'app-1', instanceId: 'tab-2' },
        links: { events: `${APP}/events?ack=1`, batch: `${APP}/batch`, policies: `${APP}/policies` },
        embedded: { me, people, communication },
      }),
    );
    expect(view).toMatchObject({
      rel: 'application',
      href: APP,
      culture: 'en-US',
      userAgent: 'inspector-test',
      type: 'Browser',
      endpointId: 'e1',
      id: 'app-1',
      instanceId: 'tab-2',
      hrefs: {
        events: `${APP}/events?ack=1`,
        batch: `${APP}/batch`,
        policies: `${APP}/policies`,
        me: `${APP}/me`,
        people: `${APP}/people`,
        communication: `${APP}/communication`,
      },
      me: { name: 'Ann Lee', hrefs: { makeMeAvailable: `${APP}/me/makeMeAvailable` } },
      people: { rel: 'people', hrefs: { myContacts: `${APP}/people/contacts` } },
      communication: { supportedModalities: ['Messaging', 'PhoneAudio'] },
    });
  });

  it('reads an application that carries only its rel and href', () => {
    expect(toApplicationView(makeResource({ rel: 'application', href: APP }))).toEqual({ rel: 'application', href: APP, hrefs: {} });
  });

  it('ignores wrong-typed values and extra fields', () => {
    const view = toApplicationView(
      makeResource({
        rel: 'application',
        href: APP,
        properties: { culture: ['en-US'], instanceId: 2, theme: 'dark' },
        links: { events: `${APP}/events?ack=1`, arcade: '/games' },
        embedded: { sidekick: me },
      }),
    );
    expect(view).toEqual({ rel: 'application', href: APP, hrefs: { events: `${APP}/events?ack=1` } });
  });
});

describe('toMeView', () => {
  it('reads every documented field', () => {
    expect(toMeView(me)).toEqual({
      rel: 'me',
      href: `${APP}/me`,
      name: 'Ann Lee',
      uri: 'sip:ann@contoso.com',
      title: 'Engineer',
      department: 'R&D',
      company: 'Contoso',
      officeLocation: '42/1',
      emailAddresses: ['ann@contoso.com'],
      endpointUri: 'sip:ann@contoso.com;gruu',
      workPhoneNumber: 'tel:+1',
      mobilePhoneNumber: 'tel:+2',
      homePhoneNumber: 'tel:+3',
      otherPhoneNumber: 'tel:+4',
      hrefs: { makeMeAvailable: `${APP}/me/makeMeAvailable`, photo: `${APP}/photos/ann` },
    });
  });

  it('reads me that carries only its rel and href', () => {
    expect(toMeView(makeResource({ rel: 'me', href: '/me' }))).toEqual({ rel: 'me', href: '/me', hrefs: {} });
  });

  it('ignores wrong-typed values and extra fields', () => {
    const view = toMeView(makeResource({ rel: 'me', href: '/me', properties: { name: true, emailAddresses: 'ann@contoso.com', shoeSize: 40 } }));
    expect(view).toEqual({ rel: 'me', href: '/me', hrefs: {} });
  });
});

describe('toCommunicationView', () => {
  it('reads every documented field and leaves the PUT sentinel out', () => {
    expect(toCommunicationView(communication)).toEqual({
      rel: 'communication',
      href: `${APP}/communication`,
      supportedModalities: ['Messaging', 'PhoneAudio'],
      supportedMessageFormats: ['Plain', 'Html'],
      audioPreference: 'PhoneAudio',
      conversationHistory: 'Disabled',
      phoneNumber: 'tel:+5',
      publishEndpointLocation: true,
      videoBasedScreenSharing: 'Disabled',
      lisLocation: 'Building 42',
      lisQueryResult: 'Succeeded',
      hrefs: { conversations: `${APP}/communication/conversations?filter=active`, startMessaging: `${APP}/communication/messagingInvitations` },
    });
  });

  it('reads communication that carries only its rel and href', () => {
    expect(toCommunicationView(makeResource({ rel: 'communication', href: '/c' }))).toEqual({ rel: 'communication', href: '/c', hrefs: {} });
  });

  it('ignores wrong-typed values and extra fields', () => {
    const view = toCommunicationView(
      makeResource({ rel: 'communication', href: '/c', properties: { supportedModalities: 'Messaging', publishEndpointLocation: 'True', fax: 'tel:+6' } }),
    );
    expect(view).toEqual({ rel: 'communication', href: '/c', hrefs: {} });
  });
});

describe('toPeopleView', () => {
  it('reads the hrefs of its links', () => {
    expect(toPeopleView(people)).toEqual({
      rel: 'people',
      href: `${APP}/people`,
      hrefs: { myContacts: `${APP}/people/contacts`, search: `${APP}/people/search` },
    });
  });

  it('reads people that carries only its rel and href', () => {
    expect(toPeopleView(makeResource({ rel: 'people', href: '/p' }))).toEqual({ rel: 'people', href: '/p', hrefs: {} });
  });

  it('ignores extra fields', () => {
    expect(toPeopleView(makeResource({ rel: 'people', href: '/p', properties: { search: 'x' }, links: { rolodex: '/r' } }))).toEqual({
      rel: 'people',
      href: '/p',
      hrefs: {},
    });
  });
});
