/**
 * An online meeting invitation (onlineMeetingInvitation_ref.md): what joinOnlineMeeting and
 * startOnlineMeeting start. Outgoing only here: the local user joins; its `to` is the meeting's URI.
 */
import type { SimResource } from '../wire/sim-resource.ts';
import type { ConversationState, SimParticipant } from './conversation.ts';
import { InvitationBase } from './invitation-base.ts';

export class OnlineMeetingInvitationState extends InvitationBase {
  readonly rel = 'onlineMeetingInvitation';

  constructor(
    id: number,
    href: string,
    conversation: ConversationState,
    /** The meeting's focus, as the party invited: its `sip` is the meeting's URI. */
    remote: SimParticipant,
    operationId: string | null,
  ) {
    super(id, href, 'Outgoing', conversation, remote, operationId);
  }

  get onlineMeetingUri(): string {
    return this.remote.sip;
  }

  resource(): SimResource {
    return this.resourceWith({ accept: 'accept', modalityLinks: [], trailingLinks: [], properties: { onlineMeetingUri: this.onlineMeetingUri, availableModalities: ['Messaging'] } });
  }
}
