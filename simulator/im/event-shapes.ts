/** The events of the IM flows, shaped once: each names its link, its `in`, and embeds the resource as the walkthroughs do. */
import type { ConversationState, SimMessage, SimParticipant } from '../state/conversation.ts';
import type { InvitationState } from '../state/invitation.ts';
import type { SimEvent, SimReason } from '../wire/sim-resource.ts';

export function invitationEvent(inv: InvitationState, type: 'started' | 'updated' | 'completed', outcome?: { status: 'Success' | 'Failure'; reason?: SimReason }): SimEvent {
  return { type, link: inv.link(), resource: inv.resource(), ...(outcome ? { status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) } : {}) };
}

export function conversationEvent(conv: ConversationState, type: 'added' | 'updated' | 'deleted'): SimEvent {
  return { type, link: conv.link(), ...(type === 'deleted' ? {} : { resource: conv.resource() }) };
}

export function messagingUpdated(conv: ConversationState): SimEvent {
  return { type: 'updated', link: { rel: 'messaging', href: conv.messagingHref }, resource: conv.messagingResource() };
}

export function localParticipantEvent(conv: ConversationState, type: 'added' | 'deleted'): SimEvent {
  const { local } = conv;
  return { type, link: conv.participantLink(local, 'localParticipant'), ...(type === 'added' ? { resource: { ...conv.participantResource(local), rel: 'participant' } } : {}) };
}

export function participantEvent(conv: ConversationState, p: SimParticipant, type: 'added' | 'updated' | 'deleted'): SimEvent {
  return { type, link: conv.participantLink(p), ...(type === 'deleted' ? {} : { resource: conv.participantResource(p) }) };
}

/** A participant joining or leaving the IM modality: `participantMessaging` in the participant (or localParticipant). */
export function participantMessagingEvent(conv: ConversationState, p: SimParticipant, type: 'added' | 'deleted'): SimEvent {
  return {
    type,
    link: conv.participantMessagingLink(p),
    in: conv.participantLink(p, p.local ? 'localParticipant' : 'participant'),
    ...(type === 'added' ? { resource: conv.participantMessagingResource(p) } : {}),
  };
}

export function typingEvent(conv: ConversationState, p: SimParticipant, typing: boolean): SimEvent {
  return { type: typing ? 'added' : 'deleted', link: conv.participantLink(p), in: conv.typingParticipantsLink() };
}

export function messageCompleted(conv: ConversationState, m: SimMessage): SimEvent {
  return { type: 'completed', link: { rel: 'message', href: conv.messageHref(m) }, status: m.status === 'Failed' ? 'Failure' : 'Success', resource: conv.messageResource(m) };
}
