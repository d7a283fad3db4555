/**
 * Signed-in users in the same online meeting: each application's conversation of the meeting
 * shows the others as participants, a message one sends reaches the others' IM, and one leaving
 * (or signing out) is a participant leaving for the rest, whose meeting goes on.
 */
import { conversationEvent, participantEvent, participantMessagingEvent } from '../im/event-shapes.ts';
import type { MessagingFlows } from '../im/messaging-flows.ts';
import type { ApplicationState } from '../state/application.ts';
import type { ConversationState, SimParticipant } from '../state/conversation.ts';

interface Member {
  readonly app: ApplicationState;
  readonly conv: ConversationState;
}

export class MeetingRoster {
  /** onlineMeetingId → the signed-in applications in it now. */
  private readonly members = new Map<string, Member[]>();

  constructor(private readonly messaging: MessagingFlows) {}

  /** `app` is in the meeting now: it and everyone already there see each other come in. */
  entered(app: ApplicationState, conv: ConversationState, meetingId: string): void {
    const present = this.members.get(meetingId) ?? [];
    for (const other of present) {
      this.showArrival(other.app, other.conv, app);
      this.showArrival(app, conv, other.app);
    }
    this.members.set(meetingId, [...present, { app, conv }]);
  }

  /** A message `app` sent in the meeting reaches every other member whose IM is connected. */
  relay(app: ApplicationState, conv: ConversationState, text: string, html: boolean): void {
    for (const other of this.others(conv)) this.messaging.remoteSays(other.app, other.conv, app.user.sip, text, html);
  }

  /** The conversation of `conv` ended (DELETE): its user leaves the others' meeting. Stopping IM alone is not leaving. */
  left(conv: ConversationState): void {
    if (conv.state !== 'Disconnected' || conv.meetingId === null) return;
    const member = this.members.get(conv.meetingId)?.find((m) => m.conv === conv);
    if (member) this.remove(member);
  }

  applicationGone(app: ApplicationState): void {
    for (const list of [...this.members.values()]) for (const member of list.filter((m) => m.app === app)) this.remove(member);
  }

  private others(conv: ConversationState): Member[] {
    return conv.meetingId === null ? [] : (this.members.get(conv.meetingId) ?? []).filter((m) => m.conv !== conv && m.conv.state === 'Connected');
  }

  private remove(member: Member): void {
    const meetingId = member.conv.meetingId ?? '';
    const rest = (this.members.get(meetingId) ?? []).filter((m) => m !== member);
    if (rest.length > 0) this.members.set(meetingId, rest);
    else this.members.delete(meetingId);
    for (const other of rest) this.showDeparture(other.app, other.conv, member.app.user.sip);
  }

  private showArrival(app: ApplicationState, conv: ConversationState, who: ApplicationState): void {
    if (conv.findParticipant(who.user.sip)) return;
    const p: SimParticipant = { id: app.allocateId(), sip: who.user.sip, name: who.user.name, local: false, inMessaging: conv.messagingState === 'Connected', typing: false };
    conv.participants.set(p.id, p);
    app.emit(app.conversationSender(conv), [participantEvent(conv, p, 'added'), ...(p.inMessaging ? [participantMessagingEvent(conv, p, 'added')] : [])]);
    app.emit(app.communicationSender(), [conversationEvent(conv, 'updated')]);
  }

  /** Unlike a chat, a meeting goes on when the last other person leaves it. */
  private showDeparture(app: ApplicationState, conv: ConversationState, sip: string): void {
    const p = conv.findParticipant(sip);
    if (!p || conv.state !== 'Connected') return;
    conv.participants.delete(p.id);
    app.emit(app.conversationSender(conv), [...(p.inMessaging ? [participantMessagingEvent(conv, p, 'deleted')] : []), participantEvent(conv, p, 'deleted')]);
    app.emit(app.communicationSender(), [conversationEvent(conv, 'updated')]);
  }
}
