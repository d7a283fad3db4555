/**
 * What the timeline learns of hrefs as it folds: the session's `HrefIndex`, taught by the same
 * functions derivation uses, from the links the timeline reads (all its stored inputs keep), plus
 * the two things only the timeline needs: local participants and how sendMessage hrefs end.
 */
import { embeddedConversation, learnResource, resourceConversation } from '../derive/href-learning.ts';
import type { UcwaLink, UcwaResource } from '../resource.ts';
import { pathIn, type TimelineState } from './timeline-state.ts';

/** The link rels the reducer reads: requests to them, hrefs that belong to a conversation, parties, message text, whose presence and note an href is. */
export const READ_LINKS: ReadonlySet<string> = new Set([
  'sendMessage', 'setIsTyping', 'stopMessaging', 'addMessaging', 'accept', 'decline', 'cancel', 'makeMeAvailable', 'application', 'applications',
  'conversation', 'messaging', 'participants', 'participant', 'localParticipant', 'participantMessaging', 'message', 'messagingInvitation', 'typingParticipants', 'missedItems',
  'audioVideo', 'audioVideoInvitation', 'to', 'from', 'plainMessage', 'htmlMessage',
  'presence', 'note', 'contactPresence', 'contactNote', 'contact', 'reportMyActivity', 'presenceSubscriptions', 'presenceSubscription', 'addToPresenceSubscription', 'memberships', 'presenceSubscriptionMemberships',
]);

const NO_LINKS: readonly UcwaLink[] = [];

/** Learns one resource and those embedded in it; returns the resource's conversation (a path), if any. */
export function learnHrefs(state: TimelineState, resource: UcwaResource, inherited: string | null): string | null {
  const found = resourceConversation(state.hrefs, resource, inherited);
  const conversation = found === null ? null : pathIn(state, found);
  learnResource(state.hrefs, resource, conversation, READ_LINKS);
  for (const link of resource.links['localParticipant'] ?? NO_LINKS) {
    const path = state.hrefs.pathOf(link.href);
    if (path !== null) state.localParticipants.add(path);
  }
  if (conversation !== null)
    for (const link of resource.links['sendMessage'] ?? NO_LINKS) {
      const path = pathIn(state, link.href);
      if (path.charCodeAt(conversation.length) === 47 && path.startsWith(conversation)) state.sendMessageTails.add(path.slice(conversation.length));
    }
  for (const relationship in resource.embedded)
    for (const inner of resource.embedded[relationship] as readonly UcwaResource[]) learnHrefs(state, inner, embeddedConversation(relationship, conversation));
  return conversation;
}
