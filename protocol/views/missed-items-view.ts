/** Typed view of `missedItems`: counts of missed conversations, logs and voicemails. */
import type { UcwaResource } from '../resource.ts';
import { compact, readNumber, readString, resourceView, type ResourceView } from './read-fields.ts';

export interface MissedItemsView extends ResourceView {
  readonly conversationLogsCount?: number;
  readonly missedConversationsCount?: number;
  readonly unreadMissedConversationsCount?: number;
  readonly voiceMailsCount?: number;
  readonly unreadVoicemailsCount?: number;
  readonly conversationLogsNotifications?: string;
}

export function toMissedItemsView(resource: UcwaResource): MissedItemsView {
  return compact({
    ...resourceView(resource),
    conversationLogsCount: readNumber(resource, 'conversationLogsCount'),
    missedConversationsCount: readNumber(resource, 'missedConversationsCount'),
    unreadMissedConversationsCount: readNumber(resource, 'unreadMissedConversationsCount'),
    voiceMailsCount: readNumber(resource, 'voiceMailsCount'),
    unreadVoicemailsCount: readNumber(resource, 'unreadVoicemailsCount'),
    conversationLogsNotifications: readString(resource, 'conversationLogsNotifications'),
  });
}
