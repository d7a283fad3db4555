/** Typed view of `conversations`: the collection of the application's conversations. */
import type { UcwaResource } from '../resource.ts';
import { toConversationView, type ConversationView } from './conversation-view.ts';
import { readLinks, resourceView, type LinkRef, type ResourceView } from './read-fields.ts';

export interface ConversationsView extends ResourceView {
  /** The `conversation` links, in wire order. */
  readonly conversationLinks: readonly LinkRef[];
  /** Conversations embedded in full, when the server embedded any. */
  readonly conversations: readonly ConversationView[];
}

export function toConversationsView(resource: UcwaResource): ConversationsView {
  return {
    ...resourceView(resource),
    conversationLinks: readLinks(resource, 'conversation'),
    conversations: (resource.embedded['conversation'] ?? []).map(toConversationView),
  };
}
