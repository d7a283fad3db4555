// The typed views on the reference's own JSON samples, decoded by the real decoder.
import { join } from 'node:path';
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
import { decodeEventSample, decodeResourceSample } from '../../support/decoded-sample.ts';
import { sharedUcwaDir } from '../../support/shared-path.ts';

const samplesDir = join(sharedUcwaDir(), 'samples');

function sample(file: string): UcwaResource {
  return decodeResourceSample(join(samplesDir, file));
}

describe('views on the reference samples', () => {
  it('read the application with its embedded me, people and communication', () => {
    const view = toApplicationView(sample('application.get.response.json'));
    expect(view).toMatchObject({ rel: 'application', type: 'Browser', culture: 'en-us', userAgent: 'ContosoApp/1.0' });
    expect(view.hrefs.events).toBe('http://sample/ucwa/v1/applications/appId/events');
    expect(view.me?.rel).toBe('me');
    expect(view.people?.hrefs.myContacts).toBeDefined();
    expect(view.communication?.supportedMessageFormats).toEqual(['Plain', 'Html']);
    expect(view.communication?.hrefs.startMessaging).toBe('/ucwa/v1/applications/192/communication/startMessaging');
  });

  it('read a conversation with typed numbers, booleans and dates', () => {
    expect(toConversationView(sample('conversation.get.response.json'))).toMatchObject({
      state: 'Disconnected',
      participantCount: 11,
      activeModalities: ['Messaging', 'Audio', 'Video', 'ApplicationSharing'],
      readLocally: false,
      created: { kind: 'date', epochMs: 1474932024822 },
      hrefs: { messaging: '/ucwa/v1/applications/192/communication/conversations/137/messaging' },
    });
  });

  it('read conversations, messaging, missedItems, localParticipant and participantMessaging', () => {
    expect(toConversationsView(sample('conversations.get.response.json')).conversationLinks).toEqual([
      { href: '/ucwa/v1/applications/192/communication/conversations/343' },
    ]);
    expect(Object.keys(toMessagingView(sample('messaging.get.response.json')).hrefs)).toEqual(
      expect.arrayContaining(['sendMessage', 'setIsTyping', 'stopMessaging', 'addMessaging', 'typingParticipants']),
    );
    expect(toMissedItemsView(sample('missedItems.get.response.json'))).toMatchObject({ missedConversationsCount: 5, voiceMailsCount: 38 });
    expect(toLocalParticipantView(sample('localParticipant.get.response.json'))).toMatchObject({ name: 'Joe Smith', local: true, role: 'Attendee' });
    expect(toParticipantMessagingView(sample('participantMessaging.get.response.json')).hrefs.participant).toBe(
      '/ucwa/v1/applications/192/communication/conversations/137/participants/196',
    );
  });

  it('read a messagingInvitation with its embedded participants, and say why its placeholder message does not decode', () => {
    const view = toMessagingInvitationView(sample('messagingInvitation.get.response.json'));
    expect(view).toMatchObject({ direction: 'Incoming', state: 'Connected', to: 'sip:john@contoso.com' });
    expect(view.from).toMatchObject({ name: 'Joe Smith', uri: 'sip:john@contoso.com' });
    expect(view.acceptedByParticipant).toHaveLength(1);
    expect(view.message).toBeUndefined();
    expect(view.messageProblem).toMatch(/^message: data: URI bytes are not valid utf-8/);
  });

  it('read a message: plain text decoded, the placeholder HTML body reported', () => {
    const view = toMessageView(sample('message.get.response.json'));
    expect(view).toMatchObject({ direction: 'Incoming', status: 'Failed', text: 'URLEncodedMessageString', format: 'Plain' });
    expect(view.sender?.href).toBe('/ucwa/v1/applications/192/communication/conversations/137/participants/196');
    expect(view.failedDeliveryParticipants).toHaveLength(1);
    expect(view.bodyProblems).toEqual([expect.stringMatching(/^htmlMessage: data: URI says base64 but its data is not base64/)]);
  });

  it('read an event batch\'s links', () => {
    const batch = decodeEventSample(join(samplesDir, 'events/typingParticipants.added.json'));
    expect(toEventsView(batch)).toMatchObject({
      ack: 1,
      follow: { rel: 'next', href: 'http://sample:80/ucwa/v1/applications/appId/events?ack=2', ack: 2 },
      eventCount: 1,
      senders: [{ rel: 'conversation' }],
    });
  });
});
