/**
 * An audio/video invitation (audioVideoInvitation_ref.md): its state, the SDP offer it carries
 * and the answer its negotiation returns, both opaque `data:application/sdp` links (no media flows).
 */
import type { SimLink, SimResource } from '../wire/sim-resource.ts';
import type { ConversationState, SimParticipant } from './conversation.ts';
import { InvitationBase } from './invitation-base.ts';

/** SDP as UCWA carries it in links: a base64 `data:application/sdp` URI. */
export function sdpDataUri(sdp: string): string {
  return `data:application/sdp;base64,${Buffer.from(sdp, 'utf8').toString('base64')}`;
}

export class AudioVideoInvitationState extends InvitationBase {
  readonly rel = 'audioVideoInvitation';
  /** The answer to the offer, once the called side gave one. */
  answerSdp: string | null = null;

  constructor(
    id: number,
    href: string,
    direction: 'Incoming' | 'Outgoing',
    conversation: ConversationState,
    /** Who calls (incoming) or who is called (outgoing). */
    remote: SimParticipant,
    operationId: string | null,
    readonly sessionContext: string,
    readonly offerSdp: string,
  ) {
    super(id, href, direction, conversation, remote, operationId);
  }

  sender(): { rel: string; href: string } {
    return this.link();
  }

  get negotiationHref(): string {
    return `${this.href}/audioVideoNegotiation`;
  }

  resource(): SimResource {
    const conv = this.conversation;
    return this.resourceWith({
      accept: 'acceptWithAnswer',
      modalityLinks: [
        { rel: 'audioVideo', href: conv.audioVideoHref },
        { rel: 'mediaOffer', href: sdpDataUri(this.offerSdp) },
      ],
      trailingLinks: [],
      properties: { sessionContext: this.sessionContext, joinAudioMuted: false, joinVideoMuted: false, privateLine: false },
    });
  }

  /** audioVideoNegotiation_ref.md: where the answer to an outgoing offer arrives. */
  negotiationResource(): SimResource {
    const links: SimLink[] = [{ rel: 'audioVideoInvitation', href: this.href }];
    if (this.answerSdp !== null) links.unshift({ rel: 'mediaAnswer', href: sdpDataUri(this.answerSdp) });
    return { rel: 'audioVideoNegotiation', href: this.negotiationHref, properties: { sessionContext: this.sessionContext }, links };
  }
}
