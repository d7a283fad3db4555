import { describe, expect, it } from 'vitest';
import { toMissedItemsView } from '../../../protocol/views/missed-items-view.ts';
import { makeResource } from '../../support/make-resource.ts';

describe('toMissedItemsView', () => {
  it('reads every documented count', () => {
    const view = toMissedItemsView(
      makeResource({
        rel: 'missedItems',
        href: '/mi',
        properties: {
          conversationLogsCount: 4,
          missedConversationsCount: 3,
          unreadMissedConversationsCount: 2,
          voiceMailsCount: 1,
          unreadVoicemailsCount: 0,
          conversationLogsNotifications: 'Enabled',
        },
      }),
    );
    expect(view).toEqual({
      rel: 'missedItems',
      href: '/mi',
      conversationLogsCount: 4,
      missedConversationsCount: 3,
      unreadMissedConversationsCount: 2,
      voiceMailsCount: 1,
      unreadVoicemailsCount: 0,
      conversationLogsNotifications: 'Enabled',
    });
  });

  it('reads missedItems that carries only its rel and href', () => {
    expect(toMissedItemsView(makeResource({ rel: 'missedItems', href: '/mi' }))).toEqual({ rel: 'missedItems', href: '/mi' });
  });

  it('ignores counts given as text or not finite, and extra fields', () => {
    const view = toMissedItemsView(
      makeResource({
        rel: 'missedItems',
        href: '/mi',
        properties: { missedConversationsCount: '3', voiceMailsCount: Number.NaN, unreadVoicemailsCount: 2, pagerCount: 9 },
        links: { pager: '/p' },
      }),
    );
    expect(view).toEqual({ rel: 'missedItems', href: '/mi', unreadVoicemailsCount: 2 });
  });
});
