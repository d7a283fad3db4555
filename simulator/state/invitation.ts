/** A messaging invitation (messagingInvitation_ref.md): an invitation whose first message rides along as a `message` data: link. */
import { encodeDataUri } from '../../protocol/data-uri.ts';
import type { SimResource } from '../wire/sim-resource.ts';
import type { ConversationState, SimParticipant } from './conversation.ts';
import { InvitationBase } from './invitation-base.ts';

export class InvitationState extends InvitationBase {
  readonly rel = 'messagingInvitation';

  constructor(
    id: number,
    href: string,
    direction: 'Incoming' | 'Outgoing',
    conversation: ConversationState,
    remote: SimParticipant,
    operationId: string | null,
    /** The first message: text and whether it is HTML. */
    readonly firstMessage: { readonly text: string; readonly html: boolean } | null,
  ) {
    super(id, href, direction, conversation, remote, operationId);
  }

  resource(): SimResource {
    const message = this.firstMessage ? [{ rel: 'message', href: encodeDataUri(this.firstMessage.text, this.firstMessage.html ? 'text/html' : 'text/plain') }] : [];
    return this.resourceWith({ accept: 'accept', modalityLinks: [{ rel: 'messaging', href: this.conversation.messagingHref }], trailingLinks: message, properties: {} });
  }
}
