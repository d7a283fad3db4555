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
    const message = this.firstMessage ? [{ rel: 'message', href: encodeDataUri(this.firstMessage.text, this.firstMessage.html ? 'text/html' : 'text/plain') }] : [];
    return invitationResource(this, 'messagingInvitation', { accept: 'accept', modalityLinks: [{ rel: 'messaging', href: this.conversation.messagingHref }], trailingLinks: message, properties: {} });
  }
}

/** What an invitation of any modality holds: its state, its sides, and who accepted it. */
export interface InvitationFacts {
  readonly href: string;
  readonly direction: 'Incoming' | 'Outgoing';
  readonly conversation: ConversationState;
  readonly remote: SimParticipant;
  readonly state: InvitationStateName;
  readonly acceptedBy: readonly SimParticipant[];
  readonly operationId: string | null;
  readonly answerable: boolean;
}

/**
 * The resource every invitation rel shares (messagingInvitation_ref.md, audioVideoInvitation_ref.md):
 * its conversation, who it is from, the answers its state allows and the common properties; each
 * modality adds its own links and properties in the places given.
 */
export function invitationResource(
  inv: InvitationFacts,
  rel: string,
  modality: { readonly accept: string; readonly modalityLinks: readonly SimLink[]; readonly trailingLinks: readonly SimLink[]; readonly properties: SimResource['properties'] },
): SimResource {
  const conv = inv.conversation;
  const links: SimLink[] = [{ rel: 'conversation', href: conv.href }, ...modality.modalityLinks, conv.participantLink(inv.direction === 'Incoming' ? inv.remote : conv.local, 'from')];
  if (inv.answerable) links.push({ rel: modality.accept, href: `${inv.href}/${modality.accept}` }, { rel: 'decline', href: `${inv.href}/decline` });
  if (inv.direction === 'Outgoing' && inv.state === 'Connecting') links.push({ rel: 'cancel', href: `${inv.href}/cancel` });
  links.push(...modality.trailingLinks);
  const embedded: Record<string, SimResource | SimResource[]> = {};
  if (inv.direction === 'Incoming') embedded['from'] = conv.participantResource(inv.remote);
  if (inv.acceptedBy.length > 0) embedded['acceptedByParticipant'] = inv.acceptedBy.map((p) => conv.participantResource(p));
  return {
    rel,
    href: inv.href,
    properties: {
      direction: inv.direction,
      state: inv.state,
      importance: conv.importance,
      subject: conv.subject,
      threadId: conv.threadId,
      to: inv.direction === 'Outgoing' ? inv.remote.sip : conv.local.sip,
      ...modality.properties,
      ...(inv.operationId ? { operationId: inv.operationId } : {}),
    },
    links,
    embedded,
  };
}
