import { describe, expect, it } from 'vitest';
import { toMessagingView } from '../../../protocol/views/messaging-view.ts';
import { makeResource } from '../../support/make-resource.ts';

const HREF = '/ucwa/v1/applications/1/communication/conversations/7/messaging';

describe('toMessagingView', () => {
  it('reads state, negotiated formats and which actions are offered', () => {
    const view = toMessagingView(
      makeResource({
        rel: 'messaging',
        href: HREF,
        properties: { state: 'Connected', negotiatedMessageFormats: ['Plain', 'Html'] },
        links: {
          sendMessage: `${HREF}/messages`,
          setIsTyping: `${HREF}/typing`,
          stopMessaging: `${HREF}/terminate`,
          addMessaging: `${HREF}/addMessaging`,
          typingParticipants: `${HREF}/typingParticipants`,
          conversation: '/c/7',
        },
      }),
    );
    expect(view).toEqual({
      rel: 'messaging',
      href: HREF,
      state: 'Connected',
      negotiatedMessageFormats: ['Plain', 'Html'],
      hrefs: {
        sendMessage: `${HREF}/messages`,
        setIsTyping: `${HREF}/typing`,
        stopMessaging: `${HREF}/terminate`,
        addMessaging: `${HREF}/addMessaging`,
        typingParticipants: `${HREF}/typingParticipants`,
        conversation: '/c/7',
      },
    });
  });

  it('reads messaging that carries only its rel and href: no actions offered', () => {
    const view = toMessagingView(makeResource({ rel: 'messaging', href: HREF }));
    expect(view).toEqual({ rel: 'messaging', href: HREF, hrefs: {} });
    expect(view.hrefs.sendMessage).toBeUndefined();
  });

  it('ignores wrong-typed values and extra fields', () => {
    const view = toMessagingView(
      makeResource({
        rel: 'messaging',
        href: HREF,
        properties: { state: ['Connected'], negotiatedMessageFormats: 'Plain', colour: 'blue' },
        links: { addMessaging: `${HREF}/addMessaging`, fax: '/fax' },
      }),
    );
    expect(view).toEqual({ rel: 'messaging', href: HREF, hrefs: { addMessaging: `${HREF}/addMessaging` } });
  });
});
