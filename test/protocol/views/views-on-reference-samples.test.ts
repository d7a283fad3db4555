// The typed views on the reference's own samples, JSON and XML alike, read through the real decoder.
import { describe, expect, it } from 'vitest';
import type { UcwaResource } from '../../../protocol/resource.ts';
import { toApplicationView } from '../../../protocol/views/application-view.ts';
import { toConversationsView } from '../../../protocol/views/conversations-view.ts';
import { toConversationView } from '../../../protocol/views/conversation-view.ts';
import { toEventsView } from '../../../protocol/views/events-view.ts';
import { toMessageView } from '../../../protocol/views/message-view.ts';
import { toMessagingInvitationView } from '../../../protocol/views/messaging-invitation-view.ts';
import { toMessagingView } from '../../../protocol/views/messaging-view.ts';
import { toMissedItemsView } from '../../../protocol/views/missed-items-view.ts';
import { toLocalParticipantView, toParticipantMessagingView } from '../../../protocol/views/participant-view.ts';
import { SAMPLE_FORMATS, sampleEventBatch, sampleResource } from '../../support/reference-samples.ts';

/** The reference prints different example values in its JSON and XML samples of the same resource. */
const VALUES = {
  json: { created: 1474932024822, participantCount: 11, conversation: 343, invitationState: 'Connected', messageStatus: 'Failed', missedConversations: 5, voiceMails: 38 },
  xml: { created: 1474932024835, participantCount: 4, conversation: 950, invitationState: 'Connecting', messageStatus: 'Pending', missedConversations: 82, voiceMails: 40 },
} as const;

describe.each(SAMPLE_FORMATS)('views on the reference %s samples', (format) => {
  const sample = (stem: string): UcwaResource => sampleResource(`${stem}.${format}`);
  const values = VALUES[format];

  it('read the application with its embedded me, people and communication', () => {
    const view = toApplicationView(sample('application.get.response'));
    expect(view).toMatchObject({ rel: 'application', type: 'Browser', culture: 'en-us', userAgent: 'ContosoApp/1.0' });
    expect(view.hrefs.events).toBe('http://sample/ucwa/v1/applications/appId/events');
    expect(view.me?.rel).toBe('me');
    expect(view.people?.hrefs.myContacts).toBeDefined();
    expect(view.communication?.supportedMessageFormats).toEqual(['Plain', 'Html']);
    expect(view.communication?.hrefs.startMessaging).toBe('/ucwa/v1/applications/192/communication/startMessaging');
  });

  it('read a conversation with typed numbers, booleans and dates', () => {
    expect(toConversationView(sample('conversation.get.response'))).toMatchObject({
      state: 'Disconnected',
      participantCount: values.participantCount,
      activeModalities: ['Messaging', 'Audio', 'Video', 'ApplicationSharing'],
      readLocally: false,
      created: { kind: 'date', epochMs: values.created },
      hrefs: { messaging: '/ucwa/v1/applications/192/communication/conversations/137/messaging' },
    });
  });

  it('read conversations, messaging, missedItems, localParticipant and participantMessaging', () => {
    expect(toConversationsView(sample('conversations.get.response')).conversationLinks).toEqual([
      { href: `/ucwa/v1/applications/192/communication/conversations/${values.conversation}` },
    ]);
    expect(Object.keys(toMessagingView(sample('messaging.get.response')).hrefs)).toEqual(
      expect.arrayContaining(['sendMessage', 'setIsTyping', 'stopMessaging', 'addMessaging', 'typingParticipants']),
    );
    expect(toMissedItemsView(sample('missedItems.get.response'))).toMatchObject({ missedConversationsCount: values.missedConversations, voiceMailsCount: values.voiceMails });
    expect(toLocalParticipantView(sample('localParticipant.get.response'))).toMatchObject({ name: 'Joe Smith', local: true, role: 'Attendee' });
    expect(toParticipantMessagingView(sample('participantMessaging.get.response')).hrefs.participant).toBe(
      '/ucwa/v1/applications/192/communication/conversations/137/participants/196',
    );
  });

  it('read a messagingInvitation with its embedded participants, and say why its placeholder message does not decode', () => {
    const view = toMessagingInvitationView(sample('messagingInvitation.get.response'));
    expect(view).toMatchObject({ direction: 'Incoming', state: values.invitationState, to: 'sip:john@contoso.com' });
    expect(view.from).toMatchObject({ name: 'Joe Smith', uri: 'sip:john@contoso.com' });
    expect(view.acceptedByParticipant).toHaveLength(1);
    expect(view.message).toBeUndefined();
    expect(view.messageProblem).toMatch(/^message: data: URI bytes are not valid utf-8/);
  });

  it('read a message: plain text decoded, the placeholder HTML body reported', () => {
    const view = toMessageView(sample('message.get.response'));
    expect(view).toMatchObject({ direction: 'Incoming', status: values.messageStatus, text: 'URLEncodedMessageString', format: 'Plain' });
    expect(view.sender?.href).toBe('/ucwa/v1/applications/192/communication/conversations/137/participants/196');
    expect(view.failedDeliveryParticipants).toHaveLength(1);
    expect(view.bodyProblems).toEqual([expect.stringMatching(/^htmlMessage: data: URI says base64 but its data is not base64/)]);
  });

  it('read an event batch\'s links', () => {
    // The event samples exist in JSON only.
    const batch = sampleEventBatch('events/typingParticipants.added.json');
    expect(toEventsView(batch)).toMatchObject({
      ack: 1,
      follow: { rel: 'next', href: 'http://sample:80/ucwa/v1/applications/appId/events?ack=2', ack: 2 },
      eventCount: 1,
      senders: [{ rel: 'conversation' }],
    });
  });
});
