/**
 * A connected call's media session (audioVideoSession_ref.md): Established, or Suspended while on
 * hold (SessionState), and its renegotiations (audioVideoRenegotiation_ref.md), each an SDP offer
 * and answer carried as opaque data: links.
 */
import type { SimLink, SimResource } from '../wire/sim-resource.ts';
import { sdpDataUri } from './audio-video-invitation.ts';

export interface Renegotiation {
  readonly id: number;
  readonly direction: 'Incoming' | 'Outgoing';
  readonly operationId: string | null;
  readonly offerSdp: string;
  readonly answerSdp: string;
}

/**
 * An offer that holds the call: every media line sends only or nothing (RFC 3264 §8.4, how SIP
 * endpoints put a call on hold). This is the only thing the simulator reads in an SDP.
 */
export function isHoldOffer(sdp: string): boolean {
  const directions = sdp.split(/\r?\n/).filter((line) => /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/.test(line.trim()));
  return directions.length > 0 && directions.every((line) => /^a=(sendonly|inactive)/.test(line.trim()));
}

/** The answer the other end gives to `offer`: it receives what the offer sends (sendonly ↔ recvonly). */
export function answerTo(offer: string): string {
  return offer
    .split(/(\r?\n)/)
    .map((part) => (part.trim() === 'a=sendonly' ? 'a=recvonly' : part.trim() === 'a=recvonly' ? 'a=sendonly' : part))
    .join('');
}

export class AudioVideoSessionState {
  state: 'Established' | 'Suspended' = 'Established';
  /** The local user put the call on hold: only this end may resume it. */
  heldHere = false;
  private readonly renegotiations = new Map<number, Renegotiation>();
  private nextRenegotiation = 1;

  constructor(
    readonly conversationHref: string,
    readonly audioVideoHref: string,
    readonly sessionContext: string,
    /** The other end's address. */
    readonly remoteEndpoint: string,
  ) {}

  get href(): string {
    return `${this.audioVideoHref}/audioVideoSession`;
  }

  link(): SimLink {
    return { rel: 'audioVideoSession', href: this.href };
  }

  addRenegotiation(direction: 'Incoming' | 'Outgoing', operationId: string | null, offerSdp: string, answerSdp: string): Renegotiation {
    const r: Renegotiation = { id: this.nextRenegotiation++, direction, operationId, offerSdp, answerSdp };
    this.renegotiations.set(r.id, r);
    return r;
  }

  renegotiation(id: number): Renegotiation | undefined {
    return this.renegotiations.get(id);
  }

  resource(): SimResource {
    const links: SimLink[] = [
      { rel: 'audioVideo', href: this.audioVideoHref },
      { rel: 'conversation', href: this.conversationHref },
      { rel: 'renegotiations', href: `${this.href}/renegotiations` },
    ];
    if (this.state === 'Suspended' && this.heldHere) links.push({ rel: 'resumeAudioVideo', href: `${this.href}/resumeAudioVideo` });
    return { rel: 'audioVideoSession', href: this.href, properties: { remoteEndpoint: this.remoteEndpoint, sessionContext: this.sessionContext, state: this.state }, links };
  }

  renegotiationHref(r: Renegotiation): string {
    return `${this.href}/renegotiations/${r.id}`;
  }

  /** audioVideoRenegotiation: offer and answer as links, as the reference's samples carry them. */
  renegotiationResource(r: Renegotiation): SimResource {
    return {
      rel: 'audioVideoRenegotiation',
      href: this.renegotiationHref(r),
      properties: { direction: r.direction, ...(r.operationId ? { operationId: r.operationId } : {}) },
      links: [
        { rel: 'mediaAnswer', href: sdpDataUri(r.answerSdp) },
        { rel: 'mediaOffer', href: sdpDataUri(r.offerSdp) },
        { rel: 'audioVideoSession', href: this.href },
        { rel: 'conversation', href: this.conversationHref },
      ],
    };
  }
}
