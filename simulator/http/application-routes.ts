/** The application and what hangs off it directly: me, reportMyActivity, communication, the event channel, conversations, missed items. */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { SimState } from '../sim-state.ts';
import type { ApplicationState } from '../state/application.ts';
import { RequestInput } from './request-input.ts';
import { sendEmpty, sendEvents, sendError, sendResource, type WireFormat } from './respond.ts';
import { conflict, missingInput, SimError } from './sim-error.ts';

export interface AppRequest {
  readonly method: string;
  readonly url: URL;
  /** The path after the application's own href ('' for the application itself). */
  readonly rest: string;
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  /** All request headers, for the few routes that read more than the body's type (If-Match, If-None-Match). */
  readonly headers: IncomingHttpHeaders;
  readonly format: WireFormat;
  readonly res: ServerResponse;
  /** Resolves when the client goes away before the response is sent. */
  readonly gone: Promise<void>;
}

/** Parses an `events` query value as documented (events_ref.md): a whole number within a range. */
function rangeParameter(url: URL, name: string, min: number, max: number, fallback: number): number {
  const text = url.searchParams.get(name);
  if (text === null) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new SimError(400, { code: 'BadRequest', subcode: 'ParameterValidationFailure', message: `${name} must be a whole number of seconds from ${min} to ${max}, not "${text}".` });
  return Number(text);
}

async function pollEvents(app: ApplicationState, request: AppRequest): Promise<void> {
  const ackText = request.url.searchParams.get('ack');
  if (ackText === null || !/^\d+$/.test(ackText)) throw missingInput(['ack (follow the events link or the next link as given)'], 'The event channel');
  const timeoutS = rangeParameter(request.url, 'timeout', 180, 1800, 180);
  rangeParameter(request.url, 'medium', 5, 1800, 5);
  rangeParameter(request.url, 'low', 5, 1800, 15);
  const poll = app.channel.poll(Number(ackText), timeoutS * 1000);
  void request.gone.then(() => poll.abandon());
  const outcome = await poll.outcome;
  if (outcome.kind === 'batch') sendEvents(request.res, request.format, outcome.batch);
  else if (outcome.kind === 'replaced') sendError(request.res, request.format, 409, { code: 'Conflict', subcode: 'PGetReplaced', message: 'Another pending GET on this event channel replaced this one.' });
  else if (!request.res.writableEnded && !request.res.destroyed) sendError(request.res, request.format, 410, { code: 'Gone', subcode: 'InactiveApplicationExpired', message: 'The application is gone.' });
}

/** Handles the application's own resources; returns false when `rest` is not one of them. */
export async function handleApplicationRoute(state: SimState, app: ApplicationState, request: AppRequest, allow: (methods: readonly string[]) => void): Promise<boolean> {
  const { method, rest, res, format } = request;
  switch (rest) {
    case '':
      allow(['GET', 'DELETE']);
      if (method === 'DELETE') {
        state.removeApplication(app, 'deleted');
        sendEmpty(res, 204);
      } else sendResource(res, format, app.applicationResource());
      return true;
    case '/me':
      allow(['GET']);
      sendResource(res, format, app.meResource());
      return true;
    case '/me/makeMeAvailable':
      allow(['POST']);
      RequestInput.fromBody(request.body, request.contentType, request.url);
      if (app.available) throw conflict('AlreadyExists', 'This application is already available; makeMeAvailable was called before.');
      app.available = true;
      state.presence.becameAvailable(app.user.sip);
      sendEmpty(res, 204);
      // The application leaves lurker mode: me changes, and presence, note and location now reach it (me_ref.md, presence_ref.md).
      app.emit({ rel: 'me', href: app.meHref }, [
        { type: 'updated', link: { rel: 'me', href: app.meHref }, resource: app.meResource() },
        ...(['presence', 'note', 'location'] as const).map((rel) => ({ type: 'added' as const, link: { rel, href: `${app.meHref}/${rel}` } })),
      ]);
      state.remote.onAvailable(app);
      return true;
    case '/reportMyActivity':
      allow(['POST']);
      if (!app.available) throw conflict('MakeMeAvailableRequired', 'Call makeMeAvailable before reportMyActivity.');
      state.presence.reportActivity(app.user.sip);
      sendEmpty(res, 204);
      return true;
    case '/events':
      allow(['GET']);
      await pollEvents(app, request);
      return true;
    case '/communication':
      allow(['GET']);
      sendResource(res, format, app.communicationResource());
      return true;
    case '/communication/conversations':
      allow(['GET']);
      sendResource(res, format, app.conversationsResource());
      return true;
    case '/communication/missedItems':
      allow(['GET']);
      sendResource(res, format, app.missedItemsResource());
      return true;
    default:
      return false;
  }
}
