import { describe, expect, it } from 'vitest';
import { toConversationsView } from '../../../protocol/views/conversations-view.ts';
import { toConversationView } from '../../../protocol/views/conversation-view.ts';
import { jsonDate, makeResource } from '../../support/make-resource.ts';

const HREF = '/ucwa/v1/applications/1/communication/conversations/7';

describe('toConversationView', () => {
  it('reads every documented field and the hrefs of its links', () => {
    const view = toConversationView(
      makeResource({
        rel: 'conversation',
        href: HREF,
        properties: {
          state: 'Connected',
          subject: 'Quarterly plan',
          importance: 'Urgent',
          threadId: 'AdHgQ1',
          participantCount: 2,
          activeModalities: ['Messaging', 'Audio'],
          recording: false,
          audienceMessaging: 'Enabled',
          audienceMute: 'Unknown',
          created: jsonDate(1474932024822),
          expirationTime: jsonDate(1474935624822),
          readLocally: true,
        },
        links: {
          messaging: `${HREF}/messaging`,
          participants: `${HREF}/participants`,
          localParticipant: `${HREF}/participants/me`,
          addParticipant: `${HREF}/addParticipant`,
          audioVideo: `${HREF}/audioVideo`,
        },
      }),
    );
    expect(view).toEqual({
      rel: 'conversation',
      href: HREF,
      state: 'Connected',
      subject: 'Quarterly plan',
      importance: 'Urgent',
      threadId: 'AdHgQ1',
      participantCount: 2,
      activeModalities: ['Messaging', 'Audio'],
      recording: false,
      audienceMessaging: 'Enabled',
      audienceMute: 'Unknown',
      created: jsonDate(1474932024822),
      expirationTime: jsonDate(1474935624822),
      readLocally: true,
      hrefs: {
        messaging: `${HREF}/messaging`,
        participants: `${HREF}/participants`,
        localParticipant: `${HREF}/participants/me`,
        addParticipant: `${HREF}/addParticipant`,
        audioVideo: `${HREF}/audioVideo`,
      },
    });
  });

  it('reads a conversation that carries only its rel and href', () => {
    expect(toConversationView(makeResource({ rel: 'conversation', href: HREF }))).toEqual({ rel: 'conversation', href: HREF, hrefs: {} });
  });

  it('ignores wrong-typed values and extra fields, and keeps states the reference does not list', () => {
    const view = toConversationView(
      makeResource({
        rel: 'conversation',
        href: HREF,
        properties: {
          state: 'Teleporting',
          participantCount: '2',
          activeModalities: ['Messaging', 7, null],
          recording: 'False',
          created: '/Date(1474932024822)/',
          subject: 42,
          mood: 'cheerful',
        },
        links: { teleport: '/t', localParticipant: `${HREF}/participants/me` },
      }),
    );
    expect(view).toEqual({
      rel: 'conversation',
      href: HREF,
      state: 'Teleporting',
      activeModalities: ['Messaging'],
      hrefs: { localParticipant: `${HREF}/participants/me` },
    });
  });

  it('takes a link href from an embedded resource when the link itself is missing', () => {
    const view = toConversationView(
      makeResource({ rel: 'conversation', href: HREF, embedded: { messaging: makeResource({ rel: 'messaging', href: `${HREF}/messaging` }) } }),
    );
    expect(view.hrefs.messaging).toBe(`${HREF}/messaging`);
  });
});

describe('toConversationsView', () => {
  it('lists conversation links and embedded conversations', () => {
    const view = toConversationsView(
      makeResource({
        rel: 'conversations',
        href: '/c',
        links: { conversation: [{ href: `${HREF}`, title: 'Ann Lee' }, '/c/8'] },
        embedded: { conversation: [makeResource({ rel: 'conversation', href: '/c/9', properties: { state: 'Incoming' } })] },
      }),
    );
    expect(view).toEqual({
      rel: 'conversations',
      href: '/c',
      conversationLinks: [{ href: HREF, title: 'Ann Lee' }, { href: '/c/8' }],
      conversations: [{ rel: 'conversation', href: '/c/9', state: 'Incoming', hrefs: {} }],
    });
  });

  it('reads an empty collection', () => {
    expect(toConversationsView(makeResource({ rel: 'conversations', href: '/c' }))).toEqual({
      rel: 'conversations',
      href: '/c',
      conversationLinks: [],
      conversations: [],
    });
  });

  it('ignores extra links, properties and embedded relationships', () => {
    const view = toConversationsView(
      makeResource({
        rel: 'conversations',
        href: '/c',
        properties: { conversation: 'not a link' },
        links: { next: '/c?page=2' },
        embedded: { stray: makeResource({ rel: 'participant', href: '/p' }) },
      }),
    );
    expect(view).toEqual({ rel: 'conversations', href: '/c', conversationLinks: [], conversations: [] });
  });
});
