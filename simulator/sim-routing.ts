/**
 * The simulator as a function: a request in, an answer out (or an event poll held until its
 * events come), with no socket. Discovery and sign-in first, then every request under an
 * application handed to its routes. Bad requests get the documented UCWA error bodies; an
 * unexpected failure is a 500 ServiceFailure, never a crash.
 */
import { handleApplicationRoute, type Allow, type AppRequest } from './http/application-routes.ts';
import { answerBatch } from './http/batch-route.ts';
import { handleCallRoute } from './http/call-routes.ts';
import { handleCallSessionRoute } from './http/call-session-routes.ts';
import { handleConversationRoute } from './http/conversation-routes.ts';
import { APPLICATIONS_PATH, issueToken, requireUser, ROOT_PATH, rootResponse, TOKEN_PATH, USER_PATH, userResponse, XFRAME_PATH, xframeResponse, type DiscoverySettings } from './http/discovery-routes.ts';
import { handleLogRoute } from './http/log-routes.ts';
import { handleMeetingRoute } from './http/meeting-routes.ts';
import { handlePeopleRoute } from './http/people-routes.ts';
import { bodyWithinLimit, RequestInput } from './http/request-input.ts';
import { requestUrl } from './http/request-url.ts';
import { errorResponse, formatOf, resourceResponse } from './http/respond.ts';
import { headerOf, type ImmediateAnswer, type IncomingRequest, type Reply, type RequestHeaders, type SimulatorAnswer } from './http/sim-answer.ts';
import { methodNotAllowed, missingInput, notFound, SimError } from './http/sim-error.ts';
import { handleSubscriptionRoute } from './http/subscription-routes.ts';
import type { SimState } from './sim-state.ts';

function allowOnly(method: string, path: string): Allow {
  return (methods) => {
    if (!methods.includes(method)) throw methodNotAllowed(method, path, methods);
  };
}

const APPLICATION_PATH = /^\/ucwa\/oauth\/v1\/applications\/([^/]+)(\/.*)?$/i;

export class SimRouting {
  constructor(
    private readonly state: SimState,
    private readonly discovery: DiscoverySettings,
    /** Told about a failure that is not a UCWA error (answered with 500). */
    private readonly onUnexpected: (error: unknown) => void,
  ) {}

  /** Never throws: an error is answered as the documented error body; a reply that fails later is too. */
  answer(request: IncomingRequest): Reply {
    try {
      const reply = this.route(request);
      return reply instanceof Promise ? reply.then((answer) => this.safe(answer, request.headers), (error: unknown) => this.failure(error, request.headers)) : this.safe(reply, request.headers);
    } catch (error) {
      return this.failure(error, request.headers);
    }
  }

  /** A held poll whose answer fails to render is answered as any failure. */
  private safe(answer: SimulatorAnswer, headers: RequestHeaders): SimulatorAnswer {
    if (answer.kind === 'response') return answer;
    return { kind: 'held', until: answer.until.catch((error: unknown) => this.failure(error, headers)), abandon: () => answer.abandon() };
  }

  /** The answer to a request that failed: a UCWA error as its documented body, anything else 500 ServiceFailure (and told to `onUnexpected`). */
  failure(error: unknown, headers: RequestHeaders): ImmediateAnswer {
    const format = formatOf(headers);
    if (error instanceof SimError) return errorResponse(format, error.status, error.reason, error.headers);
    this.onUnexpected(error);
    return errorResponse(format, 500, { code: 'ServiceFailure', message: `The simulator failed on this request: ${(error as Error).message}` });
  }

  private route(request: IncomingRequest): Reply {
    const { state, discovery } = this;
    const publicOrigin = discovery.publicOrigin();
    // Normalised once here, as IIS does: `//` collapses, discovery paths match in any case.
    const url = requestUrl(request.target, publicOrigin);
    const method = request.method.toUpperCase();
    const path = url.pathname;
    const lower = path.toLowerCase();
    const format = formatOf(request.headers);
    const allow = allowOnly(method, path);
    if (lower === '/' || lower === ROOT_PATH) {
      allow(['GET']);
      return rootResponse(format, url, discovery);
    }
    if (lower === USER_PATH) {
      allow(['GET']);
      requireUser(request.headers, state, publicOrigin);
      return userResponse(format, discovery);
    }
    if (lower === XFRAME_PATH) {
      allow(['GET']);
      return xframeResponse();
    }
    if (lower === TOKEN_PATH.toLowerCase()) {
      allow(['POST']);
      return issueToken(request, state);
    }
    if (lower === APPLICATIONS_PATH) {
      allow(['POST']);
      return this.createApplication(request, url, publicOrigin);
    }
    const appMatch = APPLICATION_PATH.exec(path);
    if (!appMatch) throw notFound(`Nothing lives at ${path} on this server. Start from the root (GET /) and follow links.`);
    const user = requireUser(request.headers, state, publicOrigin);
    const appId = appMatch[1] as string;
    const app = state.applications.get(appId);
    if (!app || app.user !== user) {
      if (state.goneApplications.get(appId) === 'expired') throw new SimError(410, { code: 'Gone', subcode: 'InactiveApplicationExpired', message: 'The application expired after a period without activity; create a new one.' });
      throw notFound('The application does not exist (it was deleted, or belongs to someone else); create a new one.', 'ApplicationNotFound');
    }
    app.touch();
    const appRequest: AppRequest = { method, url, rest: appMatch[2] ?? '', body: bodyWithinLimit(request.body), contentType: headerOf(request.headers, 'content-type'), headers: request.headers, format };
    if (appRequest.rest === '/batch') {
      allow(['POST']);
      return answerBatch(appRequest, request.headers, (part) => this.answer(part), () => state.nextRandom());
    }
    const answer: Reply | null =
      handleApplicationRoute(state, app, appRequest, allow) ??
      handleLogRoute(app, appRequest, allow) ??
      handleCallSessionRoute(state, app, appRequest, allow) ??
      handleCallRoute(state, app, appRequest, allow) ??
      // Before conversation routes: a meeting's conversation answers addMessaging itself.
      handleMeetingRoute(state, app, appRequest, allow) ??
      handleConversationRoute(state, app, appRequest, allow) ??
      handleSubscriptionRoute(state, app, appRequest, allow) ??
      handlePeopleRoute(state, app, appRequest, allow);
    if (answer === null) throw notFound(`Nothing lives at ${path} on this server; follow the links the server gives.`);
    return answer;
  }

  private createApplication(request: IncomingRequest, url: URL, publicOrigin: string): ImmediateAnswer {
    const user = requireUser(request.headers, this.state, publicOrigin);
    const input = RequestInput.fromBody(bodyWithinLimit(request.body), headerOf(request.headers, 'content-type'), url);
    const missing = ['userAgent', 'endpointId', 'culture'].filter((name) => !input.get(name));
    if (missing.length > 0) throw missingInput(missing, 'Creating an application');
    const instanceId = input.get('instanceId');
    const app = this.state.createApplication(user, { userAgent: input.get('userAgent') as string, endpointId: input.get('endpointId') as string, culture: input.get('culture') as string, ...(instanceId ? { instanceId } : {}) });
    return resourceResponse(formatOf(request.headers), app.applicationResource(), 201, [['Location', app.href]]);
  }
}
