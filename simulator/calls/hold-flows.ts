/**
 * Hold and resume of a connected call, as the reference allows them for audioVideo: a
 * renegotiation (POST `renegotiations`, an SDP offer) whose media only send or are inactive puts
 * the session on hold (Suspended); `resumeAudioVideo` brings it back (Established). Each is an
 * `audioVideoRenegotiation started` and an `audioVideoSession updated`, both from communication.
 */
import type { ApplicationState } from '../state/application.ts';
import { answerTo, isHoldOffer, type Renegotiation } from '../state/audio-video-session.ts';
import type { ConversationState } from '../state/conversation.ts';
import { sessionEvent } from './call-flows.ts';

function report(app: ApplicationState, conv: ConversationState, r: Renegotiation, changed: boolean): void {
  const session = conv.session;
  if (!session) return;
  app.emit(app.communicationSender(), [{ type: 'started', link: { rel: 'audioVideoRenegotiation', href: session.renegotiationHref(r) }, resource: session.renegotiationResource(r) }]);
  if (changed) sessionEvent(app, session, 'updated');
}

/** The local user renegotiates: a hold offer suspends the session, any other offer from the end that held it resumes it. */
export function localRenegotiates(app: ApplicationState, conv: ConversationState, offerSdp: string, operationId: string | null): Renegotiation {
  const session = conv.session;
  if (!session) throw new Error(`conversation ${conv.id} has no call session to renegotiate`);
  const hold = isHoldOffer(offerSdp);
  const before = session.state;
  if (hold) {
    session.state = 'Suspended';
    session.heldHere = true;
  } else if (session.heldHere) {
    session.state = 'Established';
    session.heldHere = false;
  }
  const r = session.addRenegotiation('Outgoing', operationId, offerSdp, answerTo(offerSdp));
  report(app, conv, r, session.state !== before);
  return r;
}

/** resumeAudioVideo: the session the local user held is Established again. */
export function localResumes(app: ApplicationState, conv: ConversationState, offerSdp: string, operationId: string | null): Renegotiation {
  const session = conv.session;
  if (!session) throw new Error(`conversation ${conv.id} has no call session to resume`);
  session.state = 'Established';
  session.heldHere = false;
  const r = session.addRenegotiation('Outgoing', operationId, offerSdp, answerTo(offerSdp));
  report(app, conv, r, true);
  return r;
}

/**
 * The other end held or resumed: the renegotiation arrives Incoming, already answered (the
 * simulator answers for an end that sends no media), and the session follows.
 */
export function remoteRenegotiates(app: ApplicationState, conv: ConversationState, offerSdp: string): void {
  const session = conv.session;
  if (!session) return;
  const before = session.state;
  session.state = isHoldOffer(offerSdp) ? 'Suspended' : 'Established';
  if (session.state === 'Suspended') session.heldHere = false;
  const r = session.addRenegotiation('Incoming', null, offerSdp, answerTo(offerSdp));
  report(app, conv, r, session.state !== before);
}
