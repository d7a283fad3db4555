/**
 * Audio/video calls, signalled only (no media flows): startAudioVideo with an SDP offer in a
 * `mediaOffer` data: link, acceptWithAnswer with an `application/sdp` body, and stopAudioVideo.
 */
import { sipOf, UcwaClientError, type ClientCore } from './client-core.ts';
import type { InputValue } from './input-body.ts';

export class CallActions {
  constructor(private readonly core: ClientCore) {}

  /** Calls `to` (startAudioVideo, the offer as a `mediaOffer` data: link); resolves with the call's conversation href. */
  async start(to: string, offerSdp: string, options: { subject?: string } = {}): Promise<string> {
    const { core } = this;
    const input: Record<string, InputValue> = { operationId: core.nextOperationId(), to: sipOf(to), ...(options.subject ? { subject: options.subject } : {}) };
    input['_links.mediaOffer'] = `data:application/sdp;base64,${Buffer.from(offerSdp, 'utf8').toString('base64')}`;
    const { response } = await core.call('POST', core.link('startAudioVideo'), { input });
    const invitationHref = response.headers.location;
    if (!invitationHref) throw new UcwaClientError('startAudioVideo answered without a Location');
    const path = core.absolute(invitationHref).pathname;
    return core.waitFor(() => (core.seen.invitations.get(path) ?? core.seen.invitations.get(invitationHref))?.conversationHref ?? undefined, `the conversation of call ${invitationHref}`);
  }

  /** Accepts an incoming call with `answerSdp` (acceptWithAnswer, an application/sdp body); resolves with its conversation href. */
  async answer(invitationHref: string, answerSdp: string): Promise<string> {
    const inv = this.core.seen.invitations.get(invitationHref);
    const href = inv?.links.get('acceptWithAnswer');
    if (!inv || !href || !inv.conversationHref) throw new UcwaClientError(`call invitation ${invitationHref} offers no acceptWithAnswer link (it is ${inv?.state ?? 'unknown'})`);
    inv.answered = true;
    const url = this.core.absolute(href);
    url.searchParams.set('sessionContext', inv.sessionContext ?? '');
    await this.core.call('POST', url.href, { text: { body: answerSdp, type: 'application/sdp' } });
    return inv.conversationHref;
  }

  /** Ends the call in a conversation (stopAudioVideo); the conversation stays. */
  async hangUp(conversationHref: string): Promise<void> {
    const conv = this.core.seen.conversation(conversationHref);
    const href = conv.links.get('stopAudioVideo');
    if (!href) throw new UcwaClientError(`conversation ${conversationHref} offers no stopAudioVideo link (audioVideo is ${conv.audioVideoStates.at(-1) ?? 'not started'})`);
    await this.core.call('POST', href);
  }
}
