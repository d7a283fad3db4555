/** A messaging invitation (an operation resource): its state and the links its state allows. */
import { encodeDataUri } from '../../protocol/data-uri.ts';
import type { SimLink, SimResource } from '../wire/sim-resource.ts';
import type { ConversationState, SimParticipant } from './conversation.ts';

export type InvitationStateName = 'Connecting' | 'Connected' | 'Declined' | 'Cancelled' | 'Failed';

export class InvitationState {
  state: InvitationStateName = 'Connecting';
  acceptedBy: SimParticipant[] = [];

  constructor(
    readonly id: number,
    readonly href: string,
    readonly direction: 'Incoming' | 'Outgoing',
    readonly conversation: ConversationState,
    /** The remote party: who invites (incoming) or who is invited (outgoing). */
    readonly remote: SimParticipant,
    readonly operationId: string | null,
    /** The first message: text and whether it is HTML. */
    readonly firstMessage: { readonly text: string; readonly html: boolean } | null,
  ) {}

  get answerable(): boolean {
    return this.direction === 'Incoming' && this.state === 'Connecting';
  }

  link(): SimLink {
    return { rel: 'messagingInvitation', href: this.href };
  }

  resource(): SimResource {
    const conv = this.conversation;
    const links: SimLink[] = [
      { rel: 'conversation', href: conv.href },
      { rel: 'messaging', href: conv.messagingHref },
    ];
    if (this.direction === 'Incoming') links.push(conv.participantLink(this.remote, 'from'));
    else links.push(conv.participantLink(conv.local, 'from'));
    if (this.answerable) links.push({ rel: 'accept', href: `${this.href}/accept` }, { rel: 'decline', href: `${this.href}/decline` });
    if (this.direction === 'Outgoing' && this.state === 'Connecting') links.push({ rel: 'cancel', href: `${this.href}/cancel` });
    if (this.firstMessage) links.push({ rel: 'message', href: encodeDataUri(this.firstMessage.text, this.firstMessage.html ? 'text/html' : 'text/plain') });
    const embedded: Record<string, SimResource | SimResource[]> = {};
    if (this.direction === 'Incoming') embedded['from'] = conv.participantResource(this.remote);
    if (this.acceptedBy.length > 0) embedded['acceptedByParticipant'] = this.acceptedBy.map((p) => conv.participantResource(p));
    return {
      rel: 'messagingInvitation',
      href: this.href,
      properties: {
        direction: this.direction,
        state: this.state,
        importance: conv.importance,
        subject: conv.subject,
        threadId: conv.threadId,
        to: this.direction === 'Outgoing' ? this.remote.sip : conv.local.sip,
        ...(this.operationId ? { operationId: this.operationId } : {}),
      },
      links,
      embedded,
    };
  }
}
