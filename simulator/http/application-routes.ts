/**
 * The application and what hangs off it directly: me, reportMyActivity, communication, the event
 * channel, conversations, missed items. Each route answers with a value; one that acts answers
 * after acting, and its answer is written before anything it set off reaches a socket (events
 * wait a few milliseconds to gather, see event-channel.ts).
 */
import type { SimState } from '../sim-state.ts';
import type { ApplicationState } from '../state/application.ts';
import { RequestInput } from './request-input.ts';
import { emptyResponse, errorResponse, eventsResponse, resourceResponse, type WireFormat } from './respond.ts';
import type { RequestHeaders, SimulatorAnswer } from './sim-answer.ts';
import { conflict, missingInput, SimError } from './sim-error.ts';

export interface AppRequest {
  readonly method: string;
  readonly url: URL;
  /** The path after the application's own href ('' for the application itself). */
  readonly rest: string;
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  /** All request headers, for the few routes that read more than the body's type (If-Match, If-None-Match). */
  readonly headers: RequestHeaders;
  readonly format: WireFormat;
}

/** Checks the method against those a resource allows (405 with `Allow` otherwise). */
export type Allow = (methods: readonly string[]) => void;

/** Parses an `events` query value as documented (events_ref.md): a whole number within a range. */
function rangeParameter(url: URL, name: string, min: number, max: number, fallback: number): number {
  const text = url.searchParams.get(name);
  if (text === null) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new SimError(400, { code: 'BadRequest', subcode: 'ParameterValidationFailure', message: `${name} must be a whole number of seconds from ${min} to ${max}, not "${text}".` });
  return Number(text);
}

/** A GET on `events`: held until the channel has a batch for it, its timeout passes, another poll replaces it, or the application goes. */
function pollEvents(app: ApplicationState, request: AppRequest): SimulatorAnswer {
  const ackText = request.url.searchParams.get('ack');
  if (ackText === null || !/^\d+$/.test(ackText)) throw missingInput(['ack (follow the events link or the next link as given)'], 'The event channel');
  const timeoutS = rangeParameter(request.url, 'timeout', 180, 1800, 180);
  rangeParameter(request.url, 'medium', 5, 1800, 5);
  rangeParameter(request.url, 'low', 5, 1800, 15);
  const poll = app.channel.poll(Number(ackText), timeoutS * 1000);
  const { format } = request;
  const until = poll.outcome.then((outcome) => {
    if (outcome.kind === 'batch') return eventsResponse(format, outcome.batch);
    if (outcome.kind === 'replaced') return errorResponse(format, 409, { code: 'Conflict', subcode: 'PGetReplaced', message: 'Another pending GET on this event channel replaced this one.' });
    return errorResponse(format, 410, { code: 'Gone', subcode: 'InactiveApplicationExpired', message: 'The application is gone.' });
  });
  return { kind: 'held', until, abandon: () => poll.abandon() };
}

/** Answers the application's own resources; null when `rest` is not one of them. */
export function handleApplicationRoute(state: SimState, app: ApplicationState, request: AppRequest, allow: Allow): SimulatorAnswer | null {
  const { method, rest, format } = request;
  switch (rest) {
    case '':
      allow(['GET', 'DELETE']);
      if (method === 'GET') return resourceResponse(format, app.applicationResource());
      state.removeApplication(app, 'deleted');
      return emptyResponse(204);
    case '/me':
      allow(['GET']);
      return resourceResponse(format, app.meResource());
    case '/me/makeMeAvailable':
      allow(['POST']);
      RequestInput.fromBody(request.body, request.contentType, request.url);
      if (app.available) throw conflict('AlreadyExists', 'This application is already available; makeMeAvailable was called before.');
      app.available = true;
      state.presence.becameAvailable(app.user.sip);
      // The application leaves lurker mode: me changes, and presence, note and location now reach it (me_ref.md, presence_ref.md).
      app.emit({ rel: 'me', href: app.meHref }, [
        { type: 'updated', link: { rel: 'me', href: app.meHref }, resource: app.meResource() },
        ...(['presence', 'note', 'location'] as const).map((rel) => ({ type: 'added' as const, link: { rel, href: `${app.meHref}/${rel}` } })),
      ]);
      state.remote.onAvailable(app);
      return emptyResponse(204);
    case '/reportMyActivity':
      allow(['POST']);
      if (!app.available) throw conflict('MakeMeAvailableRequired', 'Call makeMeAvailable before reportMyActivity.');
      state.presence.reportActivity(app.user.sip);
      return emptyResponse(204);
    case '/events':
      allow(['GET']);
      return pollEvents(app, request);
    case '/communication':
      allow(['GET']);
      return resourceResponse(format, app.communicationResource());
    case '/communication/conversations':
      allow(['GET']);
      return resourceResponse(format, app.conversationsResource());
    case '/communication/missedItems':
      allow(['GET']);
      return resourceResponse(format, app.missedItemsResource());
    default:
      return null;
  }
}
