/**
 * The instant-messaging flows of SendAnIM.md and ReceiveAnIM.md as state changes plus the events
 * that report them, in the walkthroughs' order. The HTTP layer calls these for the local user's
 * requests; remote parties (remote-parties.ts) call them for what the other side does.
 */
import type { SimClock } from '../clock.ts';
import type { ApplicationState } from '../state/application.ts';
import type { ConversationState, SimParticipant } from '../state/conversation.ts';
import { InvitationState } from '../state/invitation.ts';
import type { SimReason } from '../wire/sim-resource.ts';
import { displayName, toSip, type SimUser } from '../users.ts';
import * as shape from './event-shapes.ts';

export interface OutgoingRequest {
  readonly to: string;
  readonly subject: string;
  readonly importance: 'Normal' | 'Urgent' | 'Emergency';
  readonly operationId: string | null;
  readonly threadId: string | null;
  readonly firstMessage: { readonly text: string; readonly html: boolean } | null;
}

export class MessagingFlows {
  constructor(
    private readonly users: readonly SimUser[],
    private readonly clock: SimClock,
    private readonly newThreadId: () => string,
  ) {}

  private remoteParticipant(app: ApplicationState, sip: string): SimParticipant {
    return { id: app.allocateId(), sip: toSip(sip), name: displayName(this.users, sip), local: false, inMessaging: false, typing: false };
  }

  startOutgoing(app: ApplicationState, request: OutgoingRequest): InvitationState {
    const conv = app.newConversation(request.subject, request.importance, request.threadId ?? this.newThreadId(), 'Connecting');
    conv.messagingState = 'Connecting';
    const remote = this.remoteParticipant(app, request.to);
    const invitationId = app.allocateId();
    const inv = new InvitationState(invitationId, `${app.communicationHref}/messagingInvitations/${invitationId}`, 'Outgoing', conv, remote, request.operationId, request.firstMessage);
    app.invitations.set(inv.id, inv);
    app.emit(app.communicationSender(), [shape.invitationEvent(inv, 'started'), shape.conversationEvent(conv, 'added')]);
    app.emit(app.conversationSender(conv), [shape.localParticipantEvent(conv, 'added'), shape.messagingUpdated(conv)]);
    return inv;
  }

  /** The invited party accepted: they join, both sides join messaging, the first message (if any) is sent. */
  remoteAccepts(app: ApplicationState, inv: InvitationState): void {
    if (inv.state !== 'Connecting') return;
    const conv = inv.conversation;
    const remote = inv.remote;
    conv.participants.set(remote.id, remote);
    remote.inMessaging = true;
    conv.local.inMessaging = true;
    conv.state = 'Connected';
    conv.messagingState = 'Connected';
    conv.hadMessaging = true;
    inv.acceptedByParty(remote);
    app.emit(app.conversationSender(conv), [shape.participantEvent(conv, remote, 'added'), shape.participantMessagingEvent(conv, remote, 'added'), shape.participantMessagingEvent(conv, conv.local, 'added'), shape.messagingUpdated(conv)]);
    app.emit(app.communicationSender(), [shape.conversationEvent(conv, 'updated'), shape.invitationEvent(inv, 'completed', { status: 'Success' })]);
    if (inv.firstMessage) this.localSends(app, conv, inv.firstMessage.text, inv.firstMessage.html, inv.operationId);
  }

  /** addMessaging: messaging starts again in a conversation that stopped it, with the first remote participant. */
  addMessaging(app: ApplicationState, conv: ConversationState, operationId: string | null, firstMessage: { readonly text: string; readonly html: boolean } | null): InvitationState {
    const remote = conv.remoteParticipants()[0];
    if (!remote) throw new Error(`conversation ${conv.id} has nobody to add messaging with`);
    conv.messagingState = 'Connecting';
    const invitationId = app.allocateId();
    const inv = new InvitationState(invitationId, `${app.communicationHref}/messagingInvitations/${invitationId}`, 'Outgoing', conv, remote, operationId, firstMessage);
    app.invitations.set(inv.id, inv);
    app.emit(app.communicationSender(), [shape.invitationEvent(inv, 'started')]);
    app.emit(app.conversationSender(conv), [shape.messagingUpdated(conv)]);
    return inv;
  }

  /** The remote party took messaging back up (after addMessaging): both rejoin it, and the first message goes. */
  remoteRejoinsMessaging(app: ApplicationState, inv: InvitationState): void {
    const conv = inv.conversation;
    if (inv.state !== 'Connecting' || !conv.participants.has(inv.remote.id)) return this.outgoingFailsKeepingConversation(app, inv);
    inv.remote.inMessaging = true;
    conv.local.inMessaging = true;
    conv.messagingState = 'Connected';
    conv.hadMessaging = true;
    inv.acceptedByParty(inv.remote);
    const sender = app.conversationSender(conv);
    app.emit(sender, [shape.participantMessagingEvent(conv, inv.remote, 'added'), shape.participantMessagingEvent(conv, conv.local, 'added'), shape.messagingUpdated(conv)]);
    app.emit(app.communicationSender(), [shape.invitationEvent(inv, 'completed', { status: 'Success' })]);
    if (inv.firstMessage) this.localSends(app, conv, inv.firstMessage.text, inv.firstMessage.html, inv.operationId);
  }

  /** An addMessaging invitation that found nobody: messaging stays disconnected, the conversation goes on. */
  private outgoingFailsKeepingConversation(app: ApplicationState, inv: InvitationState): void {
    if (inv.state !== 'Connecting') return;
    inv.state = 'Failed';
    inv.conversation.messagingState = 'Disconnected';
    app.emit(app.communicationSender(), [shape.invitationEvent(inv, 'completed', { status: 'Failure', reason: { code: 'Gone', subcode: 'Unavailable', message: `${inv.remote.name} is no longer in the conversation.` } })]);
    app.emit(app.conversationSender(inv.conversation), [shape.messagingUpdated(inv.conversation)]);
  }

  /** The invitation failed (nobody by that address, declined, not answered): the conversation ends. */
  outgoingFails(app: ApplicationState, inv: InvitationState, reason: SimReason): void {
    if (inv.state !== 'Connecting') return;
    inv.state = reason.subcode === 'Declined' ? 'Declined' : 'Failed';
    const conv = inv.conversation;
    conv.state = 'Disconnected';
    conv.messagingState = 'Disconnected';
    app.emit(app.communicationSender(), [shape.invitationEvent(inv, 'completed', { status: 'Failure', reason }), shape.conversationEvent(conv, 'deleted')]);
    app.conversations.delete(conv.id);
  }

  /** `text` is the first message, sent with the invitation as a data: link; without it the invitation carries none. */
  inviteIncoming(app: ApplicationState, from: string, options: { subject: string; text?: string; html?: boolean; others?: readonly string[] }): InvitationState {
    const conv = app.newConversation(options.subject, 'Normal', this.newThreadId(), 'Incoming');
    const remote = this.remoteParticipant(app, from);
    conv.participants.set(remote.id, remote);
    for (const other of options.others ?? []) {
      const p = this.remoteParticipant(app, other);
      conv.participants.set(p.id, p);
    }
    const invitationId = app.allocateId();
    const inv = new InvitationState(invitationId, `${app.communicationHref}/messagingInvitations/${invitationId}`, 'Incoming', conv, remote, null, options.text === undefined ? null : { text: options.text, html: options.html ?? false });
    app.invitations.set(inv.id, inv);
    app.emit(app.communicationSender(), [shape.invitationEvent(inv, 'started'), shape.conversationEvent(conv, 'added')]);
    app.emit(app.conversationSender(conv), [shape.localParticipantEvent(conv, 'added'), ...conv.remoteParticipants().map((p) => shape.participantEvent(conv, p, 'added'))]);
    return inv;
  }

  acceptIncoming(app: ApplicationState, inv: InvitationState): void {
    const conv = inv.conversation;
    inv.acceptedByParty(conv.local);
    conv.state = 'Connected';
    conv.messagingState = 'Connected';
    conv.hadMessaging = true;
    for (const p of conv.participants.values()) p.inMessaging = true;
    // As a Connected batch reads on a real server: the conversation's sender first, messaging links and all.
    app.emit(app.conversationSender(conv), [shape.messagingUpdated(conv), ...[...conv.participants.values()].map((p) => shape.participantMessagingEvent(conv, p, 'added'))]);
    app.emit(app.communicationSender(), [shape.conversationEvent(conv, 'updated'), shape.invitationEvent(inv, 'updated'), shape.invitationEvent(inv, 'completed', { status: 'Success' })]);
    if (inv.firstMessage) this.remoteSays(app, conv, inv.remote.sip, inv.firstMessage.text, inv.firstMessage.html);
  }

  /** Declined by the local user, or cancelled/missed: the conversation goes away. `missed` also counts it in missedItems. */
  endIncoming(app: ApplicationState, inv: InvitationState, how: 'declined' | 'missed' | 'cancelled'): void {
    if (!inv.answerable) return;
    const conv = inv.conversation;
    inv.endUnanswered(how);
    conv.state = 'Disconnected';
    const reason: SimReason =
      how === 'declined'
        ? { code: 'Informational', subcode: 'Declined', message: 'You declined the invitation.' }
        : how === 'cancelled'
          ? { code: 'Informational', subcode: 'Canceled', message: `${inv.remote.name} cancelled the invitation.` }
          : { code: 'Informational', subcode: 'Missed', message: `The invitation from ${inv.remote.name} was not answered.` };
    app.emit(app.communicationSender(), [shape.invitationEvent(inv, 'completed', { status: 'Failure', reason }), shape.conversationEvent(conv, 'deleted')]);
    app.conversations.delete(conv.id);
    if (how === 'missed') app.logConversation(conv, 'Missed');
  }

  localSends(app: ApplicationState, conv: ConversationState, text: string, html: boolean, operationId: string | null): ReturnType<ConversationState['addMessage']> {
    const message = conv.addMessage({ direction: 'Outgoing', from: conv.local, text, html, timeStampMs: this.clock.now(), operationId, status: 'Succeeded' });
    app.emit(app.conversationSender(conv), [shape.messageCompleted(conv, message)]);
    return message;
  }

  remoteSays(app: ApplicationState, conv: ConversationState, sip: string, text: string, html = false): void {
    const from = conv.findParticipant(toSip(sip));
    if (!from || conv.messagingState !== 'Connected') return;
    if (from.typing) this.remoteTyping(app, conv, sip, false);
    const message = conv.addMessage({ direction: 'Incoming', from, text, html, timeStampMs: this.clock.now(), operationId: null, status: 'Succeeded' });
    app.emit(app.conversationSender(conv), [shape.messageCompleted(conv, message)]);
  }

  remoteTyping(app: ApplicationState, conv: ConversationState, sip: string, typing: boolean): void {
    const who = conv.findParticipant(toSip(sip));
    if (!who || who.typing === typing || conv.messagingState !== 'Connected') return;
    who.typing = typing;
    app.emit(app.conversationSender(conv), [shape.typingEvent(conv, who, typing)]);
  }

  remoteLeaves(app: ApplicationState, conv: ConversationState, sip: string): void {
    const who = conv.findParticipant(toSip(sip));
    if (!who || who.local) return;
    const sender = app.conversationSender(conv);
    if (who.typing) this.remoteTyping(app, conv, sip, false);
    if (who.inMessaging) app.emit(sender, [shape.participantMessagingEvent(conv, who, 'deleted')]);
    who.inMessaging = false;
    conv.participants.delete(who.id);
    app.emit(sender, [shape.participantEvent(conv, who, 'deleted')]);
    if (conv.remoteParticipants().length === 0) {
      conv.messagingState = 'Disconnected';
      conv.state = 'Disconnected';
      app.emit(sender, [shape.participantMessagingEvent(conv, conv.local, 'deleted'), shape.messagingUpdated(conv)]);
      conv.local.inMessaging = false;
    }
    app.emit(app.communicationSender(), [shape.conversationEvent(conv, 'updated')]);
    if (conv.state === 'Disconnected') app.logConversation(conv, 'Archived');
  }

  stopMessaging(app: ApplicationState, conv: ConversationState): void {
    const sender = app.conversationSender(conv);
    if (conv.local.inMessaging) app.emit(sender, [shape.participantMessagingEvent(conv, conv.local, 'deleted')]);
    conv.local.inMessaging = false;
    conv.messagingState = 'Disconnected';
    app.emit(sender, [shape.messagingUpdated(conv)]);
    app.emit(app.communicationSender(), [shape.conversationEvent(conv, 'updated')]);
  }

  leave(app: ApplicationState, conv: ConversationState): void {
    if (conv.messagingState !== 'Disconnected') {
      conv.messagingState = 'Disconnected';
      app.emit(app.conversationSender(conv), [shape.messagingUpdated(conv)]);
    }
    conv.state = 'Disconnected';
    app.emit(app.communicationSender(), [shape.conversationEvent(conv, 'deleted')]);
    app.conversations.delete(conv.id);
    app.logConversation(conv, 'Archived');
  }
}
