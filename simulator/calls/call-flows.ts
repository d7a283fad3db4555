/**
 * Audio/video calls, signalled only: the audioVideoInvitation both ways, the audioVideo
 * modality's Connecting → Connected → Disconnected, and the events that report each step
 * (senders and rels as the reference's Events tables give them). SDP is carried, never read.
 */
import type { ApplicationState } from '../state/application.ts';
import { AudioVideoInvitationState } from '../state/audio-video-invitation.ts';
import type { ConversationState, SimParticipant } from '../state/conversation.ts';
import { displayName, toSip, type SimUser } from '../users.ts';
import type { SimEvent, SimReason } from '../wire/sim-resource.ts';
import { conversationEvent, localParticipantEvent, participantEvent } from '../im/event-shapes.ts';
import { AudioVideoSessionState } from '../state/audio-video-session.ts';

export interface OutgoingCall {
  readonly to: string;
  readonly subject: string;
  readonly importance: 'Normal' | 'Urgent' | 'Emergency';
  readonly operationId: string | null;
  readonly threadId: string | null;
  readonly sessionContext: string;
  readonly offerSdp: string;
}

/**
 * audioVideoInvitation's Events table lists only `started` and `updated` (no `completed` as for
 * messaging): the invitation's end is an `updated` whose state says how it ended.
 */
function invitationEvent(inv: AudioVideoInvitationState, type: 'started' | 'updated'): SimEvent {
  return { type, link: inv.link(), resource: inv.resource() };
}

function audioVideoUpdated(conv: ConversationState): SimEvent {
  return { type: 'updated', link: { rel: 'audioVideo', href: conv.audioVideoHref }, resource: conv.audioVideoResource() };
}

/** audioVideoSession `added`, `updated` or `deleted`, from communication (audioVideoSessions_ref.md's Events table). */
export function sessionEvent(app: ApplicationState, session: AudioVideoSessionState, type: 'added' | 'updated' | 'deleted'): void {
  app.emit(app.communicationSender(), [{ type, link: session.link(), ...(type === 'deleted' ? {} : { resource: session.resource() }) }]);
}

/** The call connected: its media session starts, Established. */
function connectCall(conv: ConversationState, sessionContext: string, remote: string, nowMs: number): void {
  conv.audioVideoState = 'Connected';
  conv.callConnected = true;
  conv.callConnectedAtMs = nowMs;
  conv.session = new AudioVideoSessionState(conv.href, conv.audioVideoHref, sessionContext, remote);
}

/** The call ended: its session goes (reported before the modality's own update), and its time is counted for the log. */
function disconnectCall(app: ApplicationState, conv: ConversationState, nowMs: number): void {
  conv.audioVideoState = 'Disconnected';
  if (conv.callConnectedAtMs !== null) conv.callDurationMs += nowMs - conv.callConnectedAtMs;
  conv.callConnectedAtMs = null;
  const session = conv.session;
  conv.session = null;
  if (session) sessionEvent(app, session, 'deleted');
}

export class CallFlows {
  constructor(
    private readonly users: readonly SimUser[],
    private readonly newId: (length: number) => string,
    private readonly now: () => number,
  ) {}

  private remoteParticipant(app: ApplicationState, sip: string): SimParticipant {
    return { id: app.allocateId(), sip: toSip(sip), name: displayName(this.users, sip), local: false, inMessaging: false, typing: false };
  }

  private newInvitation(app: ApplicationState, direction: 'Incoming' | 'Outgoing', conv: ConversationState, remote: SimParticipant, operationId: string | null, sessionContext: string, offerSdp: string): AudioVideoInvitationState {
    const id = app.allocateId();
    const inv = new AudioVideoInvitationState(id, `${app.communicationHref}/audioVideoInvitations/${id}`, direction, conv, remote, operationId, sessionContext, offerSdp);
    app.callInvitations.set(id, inv);
    return inv;
  }

  /** startAudioVideo: a new conversation whose audioVideo is Connecting while the offer rings. */
  startOutgoing(app: ApplicationState, call: OutgoingCall): AudioVideoInvitationState {
    const conv = app.newConversation(call.subject, call.importance, call.threadId ?? this.newId(32), 'Connecting');
    conv.audioVideoState = 'Connecting';
    conv.callOffered = true;
    const inv = this.newInvitation(app, 'Outgoing', conv, this.remoteParticipant(app, call.to), call.operationId, call.sessionContext, call.offerSdp);
    app.emit(app.communicationSender(), [invitationEvent(inv, 'started'), conversationEvent(conv, 'added')]);
    app.emit(app.conversationSender(conv), [localParticipantEvent(conv, 'added'), audioVideoUpdated(conv)]);
    return inv;
  }

  /** The called party answered: the answer arrives as audioVideoNegotiation (sender: the invitation), then the call connects. */
  remoteAnswers(app: ApplicationState, inv: AudioVideoInvitationState, answerSdp: string): void {
    if (inv.state !== 'Connecting') return;
    const conv = inv.conversation;
    inv.answerSdp = answerSdp;
    inv.acceptedByParty(inv.remote);
    conv.participants.set(inv.remote.id, inv.remote);
    conv.state = 'Connected';
    connectCall(conv, inv.sessionContext, inv.remote.sip, this.now());
    app.emit(inv.sender(), [{ type: 'updated', link: { rel: 'audioVideoNegotiation', href: inv.negotiationHref }, resource: inv.negotiationResource() }]);
    app.emit(app.conversationSender(conv), [participantEvent(conv, inv.remote, 'added'), audioVideoUpdated(conv)]);
    app.emit(app.communicationSender(), [conversationEvent(conv, 'updated'), invitationEvent(inv, 'updated')]);
    if (conv.session) sessionEvent(app, conv.session, 'added');
  }

  /** Nobody by that address, declined, or cancelled by the caller: the call's conversation ends. */
  outgoingFails(app: ApplicationState, inv: AudioVideoInvitationState, reason: SimReason): void {
    if (inv.state !== 'Connecting') return;
    inv.state = reason.subcode === 'Declined' ? 'Declined' : reason.subcode === 'Canceled' ? 'Cancelled' : 'Failed';
    this.endConversation(app, inv.conversation, [invitationEvent(inv, 'updated')]);
  }

  /** `from` calls the local user with `offerSdp`: the invitation rings with acceptWithAnswer and decline. */
  inviteIncoming(app: ApplicationState, from: string, options: { subject: string; offerSdp: string }): AudioVideoInvitationState {
    const conv = app.newConversation(options.subject, 'Normal', this.newId(32), 'Incoming');
    const remote = this.remoteParticipant(app, from);
    conv.participants.set(remote.id, remote);
    conv.audioVideoState = 'Connecting';
    conv.callOffered = true;
    const inv = this.newInvitation(app, 'Incoming', conv, remote, null, this.newId(32), options.offerSdp);
    app.emit(app.communicationSender(), [invitationEvent(inv, 'started'), conversationEvent(conv, 'added')]);
    app.emit(app.conversationSender(conv), [localParticipantEvent(conv, 'added'), participantEvent(conv, remote, 'added'), audioVideoUpdated(conv)]);
    return inv;
  }

  /** acceptWithAnswer: the local user's SDP answers the offer and the call connects. */
  acceptIncoming(app: ApplicationState, inv: AudioVideoInvitationState, answerSdp: string): void {
    const conv = inv.conversation;
    inv.answerSdp = answerSdp;
    inv.acceptedByParty(conv.local);
    conv.state = 'Connected';
    connectCall(conv, inv.sessionContext, inv.remote.sip, this.now());
    app.emit(app.conversationSender(conv), [audioVideoUpdated(conv)]);
    app.emit(app.communicationSender(), [conversationEvent(conv, 'updated'), invitationEvent(inv, 'updated')]);
    if (conv.session) sessionEvent(app, conv.session, 'added');
  }

  /** Declined by the local user, cancelled by the caller, or not answered in time (then a missed item and a Missed log). */
  endIncoming(app: ApplicationState, inv: AudioVideoInvitationState, how: 'declined' | 'missed' | 'cancelled'): void {
    if (!inv.answerable) return;
    inv.endUnanswered(how);
    this.endConversation(app, inv.conversation, [invitationEvent(inv, 'updated')]);
    if (how === 'missed') app.logConversation(inv.conversation, 'Missed');
  }

  /** stopAudioVideo (or either side hanging up): the call ends, the conversation stays. */
  hangUp(app: ApplicationState, conv: ConversationState): void {
    if (conv.audioVideoState === 'Disconnected') return;
    disconnectCall(app, conv, this.now());
    app.emit(app.conversationSender(conv), [audioVideoUpdated(conv)]);
    app.emit(app.communicationSender(), [conversationEvent(conv, 'updated')]);
  }

  /** The local user leaves the conversation: a call still up ends first, as its own event. */
  leaving(app: ApplicationState, conv: ConversationState): void {
    if (conv.audioVideoState === 'Disconnected') return;
    disconnectCall(app, conv, this.now());
    app.emit(app.conversationSender(conv), [audioVideoUpdated(conv)]);
  }

  /** The other end left: a call still up ends, they leave, and with nobody left the conversation is over (and logged). */
  remoteLeaves(app: ApplicationState, conv: ConversationState, sip: string): void {
    const who = conv.findParticipant(toSip(sip));
    if (!who || who.local) return;
    this.hangUp(app, conv);
    conv.participants.delete(who.id);
    app.emit(app.conversationSender(conv), [participantEvent(conv, who, 'deleted')]);
    if (conv.remoteParticipants().length === 0) conv.state = 'Disconnected';
    app.emit(app.communicationSender(), [conversationEvent(conv, 'updated')]);
    if (conv.state === 'Disconnected') app.logConversation(conv, 'Archived');
  }

  private endConversation(app: ApplicationState, conv: ConversationState, before: readonly SimEvent[]): void {
    conv.state = 'Disconnected';
    disconnectCall(app, conv, this.now());
    app.emit(app.communicationSender(), [...before, conversationEvent(conv, 'deleted')]);
    app.conversations.delete(conv.id);
  }
}
