/**
 * Joining an online meeting as state changes plus the events that report them: the
 * onlineMeetingInvitation (started, then updated when it connects: its Events table lists no
 * `completed`), the meeting's conversation with its `onlineMeeting` (added in the conversation),
 * IM in the meeting (addMessaging, to the meeting's focus), and scripted attendees coming in.
 */
import { conversationEvent, invitationEvent, localParticipantEvent, messagingUpdated, participantEvent, participantMessagingEvent } from '../im/event-shapes.ts';
import type { MessagingFlows } from '../im/messaging-flows.ts';
import type { ApplicationState } from '../state/application.ts';
import type { ConversationState, SimParticipant } from '../state/conversation.ts';
import { InvitationState } from '../state/invitation.ts';
import { OnlineMeetingInvitationState } from '../state/online-meeting-invitation.ts';
import { displayName, toSip, type SimUser } from '../users.ts';
import type { SimEvent } from '../wire/sim-resource.ts';
import { onlineMeetingUri, type MeetingBook, type OnlineMeeting } from './meeting-book.ts';
import { MeetingResources, onlineMeetingHref } from './meeting-resources.ts';
import { MeetingRoster } from './meeting-roster.ts';

export interface JoinRequest {
  readonly importance: 'Normal' | 'Urgent' | 'Emergency';
  readonly operationId: string | null;
  readonly threadId: string | null;
  readonly subject: string | null;
}

function meetingInvitationEvent(inv: OnlineMeetingInvitationState, type: 'started' | 'updated'): SimEvent {
  return { type, link: inv.link(), resource: inv.resource() };
}

export class MeetingFlows {
  private readonly invitations = new WeakMap<ApplicationState, Map<number, OnlineMeetingInvitationState>>();
  /** Signed-in users in the same meeting, who see each other. */
  readonly roster: MeetingRoster;

  constructor(
    readonly book: MeetingBook,
    private readonly users: readonly SimUser[],
    private readonly messaging: MessagingFlows,
    private readonly newThreadId: () => string,
  ) {
    this.roster = new MeetingRoster(messaging);
  }

  resources(app: ApplicationState): MeetingResources {
    return new MeetingResources(app.href, app.user.sip);
  }

  invitation(app: ApplicationState, id: number): OnlineMeetingInvitationState | undefined {
    return this.invitations.get(app)?.get(id);
  }

  /** The meeting a conversation of `app` is, while the meeting still exists. */
  meetingOf(conv: ConversationState): OnlineMeeting | undefined {
    return conv.meetingId === null ? undefined : this.book.byId(conv.meetingId);
  }

  /** Whether `app` is in `meeting` already (a conversation of it not yet over). */
  isIn(app: ApplicationState, meeting: OnlineMeeting): boolean {
    return [...app.conversations.values()].some((c) => c.meetingId === meeting.id && c.state !== 'Disconnected');
  }

  /** joinOnlineMeeting: the invitation starts and the meeting's conversation is added, Connecting. */
  startJoin(app: ApplicationState, meeting: OnlineMeeting, request: JoinRequest): OnlineMeetingInvitationState {
    const conv = app.newConversation(request.subject ?? meeting.subject, request.importance, request.threadId ?? this.newThreadId(), 'Connecting');
    conv.meetingId = meeting.id;
    const focus: SimParticipant = { id: app.allocateId(), sip: onlineMeetingUri(meeting), name: meeting.subject || 'online meeting', local: false, inMessaging: false, typing: false };
    const id = app.allocateId();
    const inv = new OnlineMeetingInvitationState(id, `${app.communicationHref}/onlineMeetingInvitations/${id}`, conv, focus, request.operationId);
    let forApp = this.invitations.get(app);
    if (!forApp) this.invitations.set(app, (forApp = new Map()));
    forApp.set(id, inv);
    app.emit(app.communicationSender(), [meetingInvitationEvent(inv, 'started'), conversationEvent(conv, 'added')]);
    app.emit(app.conversationSender(conv), [localParticipantEvent(conv, 'added')]);
    return inv;
  }

  /** The meeting's focus let the user in: the conversation is Connected and holds the onlineMeeting. */
  connects(app: ApplicationState, inv: OnlineMeetingInvitationState, meeting: OnlineMeeting): void {
    const conv = inv.conversation;
    // The user may have left (DELETE) before the meeting let them in.
    if (inv.state !== 'Connecting' || !app.conversations.has(conv.id)) return;
    inv.state = 'Connected';
    conv.state = 'Connected';
    const onlineMeeting = this.resources(app).inConversationResource(conv, meeting);
    app.emit(app.conversationSender(conv), [{ type: 'added', link: { rel: 'onlineMeeting', href: onlineMeetingHref(conv) }, in: conv.link(), resource: onlineMeeting }, messagingUpdated(conv)]);
    app.emit(app.communicationSender(), [conversationEvent(conv, 'updated'), meetingInvitationEvent(inv, 'updated')]);
    this.roster.entered(app, conv, meeting.id);
  }

  /** addMessaging in a meeting: a messaging invitation to the meeting's focus; IM connects when the focus answers. */
  addMessaging(app: ApplicationState, conv: ConversationState, operationId: string | null, firstMessage: { readonly text: string; readonly html: boolean } | null): InvitationState {
    const meeting = this.meetingOf(conv);
    const focus: SimParticipant = { id: app.allocateId(), sip: meeting ? onlineMeetingUri(meeting) : conv.subject, name: conv.subject || 'online meeting', local: false, inMessaging: false, typing: false };
    conv.messagingState = 'Connecting';
    const id = app.allocateId();
    const inv = new InvitationState(id, `${app.communicationHref}/messagingInvitations/${id}`, 'Outgoing', conv, focus, operationId, firstMessage);
    app.invitations.set(id, inv);
    app.emit(app.communicationSender(), [invitationEvent(inv, 'started')]);
    app.emit(app.conversationSender(conv), [messagingUpdated(conv)]);
    return inv;
  }

  /** The focus answered: the user and everyone already in the meeting are in its IM. */
  messagingConnects(app: ApplicationState, inv: InvitationState): void {
    const conv = inv.conversation;
    if (inv.state !== 'Connecting' || conv.state !== 'Connected') return;
    inv.state = 'Connected';
    conv.messagingState = 'Connected';
    for (const p of conv.participants.values()) p.inMessaging = true;
    app.emit(app.conversationSender(conv), [...conv.remoteParticipants().map((p) => participantMessagingEvent(conv, p, 'added')), participantMessagingEvent(conv, conv.local, 'added'), messagingUpdated(conv)]);
    app.emit(app.communicationSender(), [conversationEvent(conv, 'updated'), invitationEvent(inv, 'completed', { status: 'Success' })]);
    if (inv.firstMessage) this.messaging.localSends(app, conv, inv.firstMessage.text, inv.firstMessage.html, inv.operationId);
  }

  /** A scripted attendee comes into the meeting (and its IM, when that is connected). */
  attendeeEnters(app: ApplicationState, conv: ConversationState, address: string): void {
    if (conv.state !== 'Connected' || conv.findParticipant(toSip(address))) return;
    const p: SimParticipant = { id: app.allocateId(), sip: toSip(address), name: displayName(this.users, address), local: false, inMessaging: conv.messagingState === 'Connected', typing: false };
    conv.participants.set(p.id, p);
    app.emit(app.conversationSender(conv), [participantEvent(conv, p, 'added'), ...(p.inMessaging ? [participantMessagingEvent(conv, p, 'added')] : [])]);
    app.emit(app.communicationSender(), [conversationEvent(conv, 'updated')]);
  }
}
