/**
 * A connected call's audioVideoSession over HTTP: GET it, POST an SDP offer to `renegotiations`
 * (a hold offer puts the call on hold), POST `resumeAudioVideo`, GET a renegotiation. Both POSTs
 * take `operationId` in the query and answer 201 with the renegotiation (resumeAudioVideo_ref.md).
 */
import { localRenegotiates, localResumes } from '../calls/hold-flows.ts';
import type { SimState } from '../sim-state.ts';
import type { ApplicationState } from '../state/application.ts';
import type { Allow, AppRequest } from './application-routes.ts';
import { resourceResponse } from './respond.ts';
import type { SimulatorAnswer } from './sim-answer.ts';
import { badRequest, conflict, missingInput, notFound, SimError } from './sim-error.ts';

const SESSION_PATH = /^\/communication\/conversations\/(\d+)\/audioVideo\/audioVideoSession(?:\/(renegotiations|resumeAudioVideo)(?:\/(\d+))?)?$/;

function sdpBody(request: AppRequest, what: string, required: boolean): string {
  if (request.body.byteLength === 0 && !required) return '';
  const type = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/sdp') throw new SimError(415, { code: 'UnsupportedMediaType', message: `${what} takes an SDP offer as an application/sdp body, not ${request.contentType ?? 'a body without Content-Type'}.` });
  const sdp = new TextDecoder().decode(request.body);
  if (sdp.trim() === '') throw badRequest('ParameterValidationFailure', `${what} needs an SDP offer in its body; it was empty.`);
  return sdp;
}

function operationIdOf(request: AppRequest, what: string): string {
  const operationId = request.url.searchParams.get('operationId');
  if (!operationId) throw missingInput(['operationId (in the query)'], what);
  if (operationId.length > 50) throw badRequest('ParameterValidationFailure', 'operationId is limited to 50 characters.');
  return operationId;
}

/** Null when `rest` is not under a conversation's audioVideoSession. */
export function handleCallSessionRoute(state: SimState, app: ApplicationState, request: AppRequest, allow: Allow): SimulatorAnswer | null {
  const match = SESSION_PATH.exec(request.rest);
  if (!match) return null;
  const conv = app.conversations.get(Number(match[1]));
  const session = conv?.session;
  if (!conv || !session) throw notFound(`There is no call session at ${request.url.pathname}: the call is not connected (or the conversation ended).`);
  const [, , action, id] = match;
  const { format } = request;
  if (!action) {
    allow(['GET']);
    return resourceResponse(format, session.resource());
  }
  if (id !== undefined) {
    allow(['GET']);
    const r = action === 'renegotiations' ? session.renegotiation(Number(id)) : undefined;
    if (!r) throw notFound(`There is no renegotiation at ${request.url.pathname}.`);
    return resourceResponse(format, session.renegotiationResource(r));
  }
  allow(['POST']);
  if (action === 'renegotiations') {
    const operationId = operationIdOf(request, 'A renegotiation');
    const r = localRenegotiates(app, conv, sdpBody(request, 'A renegotiation', true), operationId);
    const created = resourceResponse(format, session.renegotiationResource(r), 201, [['Location', session.renegotiationHref(r)]]);
    state.remote.onLocalRenegotiated(conv, r.offerSdp);
    return created;
  }
  if (session.state !== 'Suspended' || !session.heldHere) throw conflict('None', 'This call is not on hold here; resumeAudioVideo resumes only a call this end held.');
  const operationId = operationIdOf(request, 'resumeAudioVideo');
  const r = localResumes(app, conv, sdpBody(request, 'resumeAudioVideo', false), operationId);
  const created = resourceResponse(format, session.renegotiationResource(r), 201, [['Location', session.renegotiationHref(r)]]);
  state.remote.onLocalRenegotiated(conv, r.offerSdp);
  return created;
}
