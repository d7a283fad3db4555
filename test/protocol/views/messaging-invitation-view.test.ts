import { describe, expect, it } from 'vitest';
import { toMessagingInvitationView } from '../../../protocol/views/messaging-invitation-view.ts';
import { makeResource } from '../../support/make-resource.ts';

const INV = '/ucwa/v1/applications/1/communication/messagingInvitations/9';
const CONV = '/ucwa/v1/applications/1/communication/conversations/7';

describe('toMessagingInvitationView', () => {
  it('reads an incoming invitation with its embedded sender, first message and actions', () => {
    const view = toMessagingInvitationView(
      makeResource({
        rel: 'messagingInvitation',
        href: INV,
        properties: {
          direction: 'Incoming',
          state: 'Connecting',
          importance: 'Normal',
          subject: 'Lunch?',
          threadId: 'AdHgQ1',
          operationId: 'op-1',
          to: 'sip:me@contoso.com',
        },
        links: {
          accept: `${INV}/accept`,
          decline: `${INV}/decline`,
          conversation: CONV,
          messaging: `${CONV}/messaging`,
          from: { href: `${CONV}/participants/ann`, title: 'Ann Lee' },
          message: 'data:text/plain;charset=utf-8,Hi+there%21%0d%0a',
        },
        embedded: {
          from: makeResource({ rel: 'participant', href: `${CONV}/participants/ann`, properties: { name: 'Ann Lee', uri: 'sip:ann@contoso.com' } }),
        },
      }),
    );
    expect(view).toEqual({
      rel: 'messagingInvitation',
      href: INV,
      direction: 'Incoming',
      state: 'Connecting',
      importance: 'Normal',
      subject: 'Lunch?',
      threadId: 'AdHgQ1',
      operationId: 'op-1',
      to: 'sip:me@contoso.com',
      from: { href: `${CONV}/participants/ann`, title: 'Ann Lee', name: 'Ann Lee', uri: 'sip:ann@contoso.com' },
      acceptedByParticipant: [],
      message: { text: 'Hi there!\r\n', mediaType: 'text/plain' },
      hrefs: {
        accept: `${INV}/accept`,
        decline: `${INV}/decline`,
        conversation: CONV,
        messaging: `${CONV}/messaging`,
        from: `${CONV}/participants/ann`,
      },
    });
  });

  it('reads a completed outgoing invitation whose participants are linked or embedded', () => {
    const view = toMessagingInvitationView(
      makeResource({
        rel: 'messagingInvitation',
        href: INV,
        properties: { direction: 'Outgoing', state: 'Connected' },
        links: {
          from: { href: `${CONV}/participants/me`, title: 'Me' },
          acceptedByParticipant: [{ href: `${CONV}/participants/bob`, title: 'Bob' }, { href: `${CONV}/participants/cy`, title: 'Cy' }],
          cancel: `${INV}/cancel`,
        },
        embedded: {
          acceptedByParticipant: [makeResource({ rel: 'participant', href: `${CONV}/participants/bob`, properties: { name: 'Bob Ray' } })],
        },
      }),
    );
    expect(view.from).toEqual({ href: `${CONV}/participants/me`, title: 'Me' });
    expect(view.acceptedByParticipant).toEqual([
      { href: `${CONV}/participants/bob`, title: 'Bob', name: 'Bob Ray' },
      { href: `${CONV}/participants/cy`, title: 'Cy' },
    ]);
    expect(view.hrefs.cancel).toBe(`${INV}/cancel`);
    expect(view.hrefs.accept).toBeUndefined();
  });

  it('reads an invitation that carries only its rel and href', () => {
    expect(toMessagingInvitationView(makeResource({ rel: 'messagingInvitation', href: INV }))).toEqual({
      rel: 'messagingInvitation',
      href: INV,
      acceptedByParticipant: [],
      hrefs: {},
    });
  });

  it('ignores wrong-typed values and extra fields, and says why a first message cannot be read', () => {
    const view = toMessagingInvitationView(
      makeResource({
        rel: 'messagingInvitation',
        href: INV,
        properties: { direction: 1, state: null, subject: ['Lunch?'], to: { kind: 'record', fields: {} }, flavour: 'mint' },
        links: { message: 'data:text/plain;base64,@@@', jukebox: '/j' },
        embedded: { entourage: makeResource({ rel: 'participant', href: '/p' }) },
      }),
    );
    expect(view).toEqual({
      rel: 'messagingInvitation',
      href: INV,
      acceptedByParticipant: [],
      messageProblem: 'message: data: URI says base64 but its data is not base64 (at "@@@")',
      hrefs: {},
    });
  });
});
