/**
 * Audio/video calls over HTTP: startAudioVideo (input with a `mediaOffer` data: link),
 * the invitation and its acceptWithAnswer (an `application/sdp` body), decline and cancel,
 * audioVideoNegotiation, and the conversation's audioVideo with stopAudioVideo.
 */
import { decodeDataUri } from '../../protocol/data-uri.ts';
import type { SimState } from '../sim-state.ts';
import type { ApplicationState } from '../state/application.ts';
import type { Allow, AppRequest } from './application-routes.ts';
import { checkedOperationId } from './conversation-routes.ts';
import { RequestInput } from './request-input.ts';
import { emptyResponse, resourceResponse } from './respond.ts';
import type { SimulatorAnswer } from './sim-answer.ts';
import { badRequest, conflict, missingInput, notFound, SimError } from './sim-error.ts';

const IMPORTANCE = ['Normal', 'Urgent', 'Emergency'] as const;
type Importance = (typeof IMPORTANCE)[number];

/** The SDP offer of startAudioVideo: a `mediaOffer` link holding a data:application/sdp URI (startAudioVideo_ref.md). */
function offerOf(input: RequestInput): string {
  const href = input.link('mediaOffer');
  if (href === undefined) throw missingInput(['a mediaOffer link (data:application/sdp;base64,… holding the SDP offer)'], 'startAudioVideo');
  const decoded = decodeDataUri(href);
  if (!decoded.ok) throw badRequest('ParameterValidationFailure', `The mediaOffer link is not a data: URI this server can read: ${decoded.problem}`);
  if (decoded.mediaType !== 'application/sdp') throw badRequest('ParameterValidationFailure', `The mediaOffer link must hold application/sdp, not ${decoded.mediaType}.`);
  if (decoded.text.trim() === '') throw badRequest('ParameterValidationFailure', 'The mediaOffer link holds an empty SDP offer.');
  return decoded.text;
}

function startAudioVideo(state: SimState, app: ApplicationState, request: AppRequest): SimulatorAnswer {
  const input = RequestInput.fromBody(request.body, request.contentType, request.url);
  const to = input.get('to');
  if (!to) throw missingInput(['to (the SIP address to call)'], 'startAudioVideo');
  const importance = input.get('importance') ?? 'Normal';
  if (!(IMPORTANCE as readonly string[]).includes(importance)) throw badRequest('ParameterValidationFailure', `importance must be Normal, Urgent or Emergency, not "${importance}".`);
  const sessionContext = input.get('sessionContext') ?? state.hex(32);
  if (sessionContext.length > 50) throw badRequest('ParameterValidationFailure', 'sessionContext is limited to 50 characters.');
  const inv = state.calls.startOutgoing(app, { to, subject: input.get('subject') ?? '', importance: importance as Importance, operationId: checkedOperationId(input), threadId: input.get('threadId') ?? null, sessionContext, offerSdp: offerOf(input) });
  state.remote.onOutgoingCall(app, inv);
  return emptyResponse(201, [['Location', inv.href]]);
}

/** acceptWithAnswer_ref.md: the answer is the whole body, `application/sdp`; `sessionContext` comes in the query. */
function answerOf(request: AppRequest): string {
  const type = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/sdp') throw new SimError(415, { code: 'UnsupportedMediaType', message: `acceptWithAnswer takes the SDP answer as an application/sdp body, not ${request.contentType ?? 'a body without Content-Type'}.` });
  const sdp = new TextDecoder().decode(request.body);
  if (sdp.trim() === '') throw missingInput(['an SDP answer in the body'], 'acceptWithAnswer');
  if (!request.url.searchParams.get('sessionContext')) throw missingInput(['sessionContext (in the query: the invitation\'s sessionContext)'], 'acceptWithAnswer');
  return sdp;
}

/** Answers call invitations and the conversation's audioVideo; null when `rest` names none of them. */
export function handleCallRoute(state: SimState, app: ApplicationState, request: AppRequest, allow: Allow): SimulatorAnswer | null {
  const { rest, format } = request;
  if (rest === '/communication/audioVideoInvitations') {
    allow(['POST']);
    return startAudioVideo(state, app, request);
  }
  const invitationMatch = /^\/communication\/audioVideoInvitations\/(\d+)(?:\/(acceptWithAnswer|decline|cancel|audioVideoNegotiation))?$/.exec(rest);
  if (invitationMatch) {
    const inv = app.callInvitations.get(Number(invitationMatch[1]));
    if (!inv) throw notFound(`There is no call invitation at ${request.url.pathname}.`);
    const action = invitationMatch[2];
    if (!action || action === 'audioVideoNegotiation') {
      allow(['GET']);
      return resourceResponse(format, action ? inv.negotiationResource() : inv.resource());
    }
    allow(['POST']);
    if (action === 'cancel') {
      if (!inv.cancellable) throw conflict('Ended', 'Only an outgoing call still ringing can be cancelled.');
      state.calls.outgoingFails(app, inv, { code: 'Informational', subcode: 'Canceled', message: 'You cancelled the call.' });
      state.remote.onLocalCancelledCall(inv);
      return emptyResponse(204);
    }
    if (!inv.answerable) throw conflict('Ended', `The call invitation is ${inv.state}; it can no longer be ${action === 'acceptWithAnswer' ? 'accepted' : 'declined'}.`);
    if (action === 'acceptWithAnswer') {
      const answer = answerOf(request);
      state.calls.acceptIncoming(app, inv, answer);
      state.remote.onLocalAnsweredCall(inv, answer);
    } else {
      // decline's optional input (`reason`: Local or Global) changes nothing for a single application.
      if (request.body.byteLength > 0) RequestInput.fromBody(request.body, request.contentType, request.url);
      state.calls.endIncoming(app, inv, 'declined');
      state.remote.onLocalDeclinedCall(inv);
    }
    return emptyResponse(204);
  }
  const avMatch = /^\/communication\/conversations\/(\d+)\/audioVideo(\/stopAudioVideo)?$/.exec(rest);
  if (!avMatch) return null;
  const conv = app.conversations.get(Number(avMatch[1]));
  if (!conv) throw notFound(`There is no conversation at ${request.url.pathname}; it may have ended.`, 'ConversationNotFound');
  if (!avMatch[2]) {
    allow(['GET']);
    return resourceResponse(format, conv.audioVideoResource());
  }
  allow(['POST']);
  if (conv.audioVideoState === 'Disconnected') throw notFound('There is no call in this conversation to stop (its audioVideo is Disconnected).');
  state.calls.hangUp(app, conv);
  state.remote.onLocalHungUp(conv);
  return emptyResponse(204);
}
