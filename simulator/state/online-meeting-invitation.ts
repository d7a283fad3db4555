/**
 * An online meeting invitation (onlineMeetingInvitation_ref.md): what joinOnlineMeeting and
 * startOnlineMeeting start. Outgoing only here: the local user joins; its `to` is the meeting's URI.
 */
import type { SimLink, SimResource } from '../wire/sim-resource.ts';
import type { ConversationState, SimParticipant } from './conversation.ts';
import { invitationResource, type InvitationStateName } from './invitation.ts';

export class OnlineMeetingInvitationState {
  state: InvitationStateName = 'Connecting';
  acceptedBy: SimParticipant[] = [];
  readonly direction = 'Outgoing' as const;
  readonly answerable = false;

  constructor(
    readonly id: number,
    readonly href: string,
    readonly conversation: ConversationState,
    /** The meeting's focus, as the party invited: its `sip` is the meeting's URI. */
    readonly remote: SimParticipant,
    readonly operationId: string | null,
  ) {}

  get onlineMeetingUri(): string {
    return this.remote.sip;
  }

  link(): SimLink {
    return { rel: 'onlineMeetingInvitation', href: this.href };
  }

  resource(): SimResource {
    return invitationResource(this, 'onlineMeetingInvitation', { accept: 'accept', modalityLinks: [], trailingLinks: [], properties: { onlineMeetingUri: this.onlineMeetingUri, availableModalities: ['Messaging'] } });
  }
}
