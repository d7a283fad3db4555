/**
 * What every invitation shares, whatever its modality (messagingInvitation_ref.md,
 * audioVideoInvitation_ref.md, onlineMeetingInvitation_ref.md): an operation resource with a
 * state, its two sides, who accepted it, and the answers its state allows.
 */
import type { SimLink, SimResource } from '../wire/sim-resource.ts';
import type { ConversationState, SimParticipant } from './conversation.ts';

export type InvitationStateName = 'Connecting' | 'Connected' | 'Declined' | 'Cancelled' | 'Failed';

/** Where a modality's own links and properties go in the resource every invitation shares. */
export interface ModalityParts {
  /** The rel (and path segment) of the accepting action: `accept`, `acceptWithAnswer`. */
  readonly accept: string;
  /** After `conversation`, before `from`. */
  readonly modalityLinks: readonly SimLink[];
  /** After the answers the state allows. */
  readonly trailingLinks: readonly SimLink[];
  /** After the common properties, before `operationId`. */
  readonly properties: SimResource['properties'];
}

export abstract class InvitationBase {
  state: InvitationStateName = 'Connecting';
  acceptedBy: SimParticipant[] = [];
  /** The rel of the invitation resource and of links to it. */
  abstract readonly rel: string;

  constructor(
    readonly id: number,
    readonly href: string,
    readonly direction: 'Incoming' | 'Outgoing',
    readonly conversation: ConversationState,
    /** The remote party: who invites (incoming) or who is invited (outgoing). */
    readonly remote: SimParticipant,
    readonly operationId: string | null,
  ) {}

  /** Still ringing here: it can be accepted or declined. */
  get answerable(): boolean {
    return this.direction === 'Incoming' && this.state === 'Connecting';
  }

  /** Still ringing there: the side that sent it can cancel it. */
  get cancellable(): boolean {
    return this.direction === 'Outgoing' && this.state === 'Connecting';
  }

  /** Accepted: `by` is the side that answered (the remote party for an outgoing one, the local user for an incoming one). */
  acceptedByParty(by: SimParticipant): void {
    this.state = 'Connected';
    this.acceptedBy = [by];
  }

  /** An incoming invitation that ended without being accepted here: declined, cancelled by its sender, or missed. */
  endUnanswered(how: 'declined' | 'missed' | 'cancelled'): void {
    this.state = how === 'declined' ? 'Declined' : how === 'cancelled' ? 'Cancelled' : 'Failed';
  }

  link(): SimLink {
    return { rel: this.rel, href: this.href };
  }

  abstract resource(): SimResource;

  /** The resource with the conversation, who it is from, the answers the state allows and the common properties, plus the modality's `parts`. */
  protected resourceWith(parts: ModalityParts): SimResource {
    const conv = this.conversation;
    const links: SimLink[] = [{ rel: 'conversation', href: conv.href }, ...parts.modalityLinks, conv.participantLink(this.direction === 'Incoming' ? this.remote : conv.local, 'from')];
    if (this.answerable) links.push({ rel: parts.accept, href: `${this.href}/${parts.accept}` }, { rel: 'decline', href: `${this.href}/decline` });
    if (this.cancellable) links.push({ rel: 'cancel', href: `${this.href}/cancel` });
    links.push(...parts.trailingLinks);
    const embedded: Record<string, SimResource | SimResource[]> = {};
    if (this.direction === 'Incoming') embedded['from'] = conv.participantResource(this.remote);
    if (this.acceptedBy.length > 0) embedded['acceptedByParticipant'] = this.acceptedBy.map((p) => conv.participantResource(p));
    return {
      rel: this.rel,
      href: this.href,
      properties: {
        direction: this.direction,
        state: this.state,
        importance: conv.importance,
        subject: conv.subject,
        threadId: conv.threadId,
        to: this.direction === 'Outgoing' ? this.remote.sip : conv.local.sip,
        ...parts.properties,
        ...(this.operationId ? { operationId: this.operationId } : {}),
      },
      links,
      embedded,
    };
  }
}
