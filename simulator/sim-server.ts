/**
 * The simulator's HTTP(S) server: discovery and sign-in, then every request under an
 * application handed to its routes. Bad requests get the documented UCWA error bodies; an
 * unexpected failure is a 500 ServiceFailure, never a crash.
 */
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleApplicationRoute, type AppRequest } from './http/application-routes.ts';
import { answerBatch } from './http/batch-route.ts';
import { handleCallRoute } from './http/call-routes.ts';
import { handleCallSessionRoute } from './http/call-session-routes.ts';
import { handleConversationRoute } from './http/conversation-routes.ts';
import { handleMeetingRoute } from './http/meeting-routes.ts';
import { APPLICATIONS_PATH, issueToken, requireUser, ROOT_PATH, sendRoot, sendUser, sendXframe, TOKEN_PATH, USER_PATH, XFRAME_PATH, type DiscoveryMode, type DiscoverySettings } from './http/discovery-routes.ts';
import { handleLogRoute } from './http/log-routes.ts';
import { handlePeopleRoute } from './http/people-routes.ts';
import { handleSubscriptionRoute } from './http/subscription-routes.ts';
import { readBody, RequestInput } from './http/request-input.ts';
import { requestUrl } from './http/request-url.ts';
import { formatOf, sendError, sendResource } from './http/respond.ts';
import { methodNotAllowed, missingInput, notFound, SimError } from './http/sim-error.ts';
import type { SimState } from './sim-state.ts';
import type { TlsMaterial } from './tls-certificate.ts';

function allowOnly(method: string, path: string): (methods: readonly string[]) => void {
  return (methods) => {
    if (!methods.includes(method)) throw methodNotAllowed(method, path, methods);
  };
}

async function createApplication(req: IncomingMessage, res: ServerResponse, state: SimState, url: URL, publicOrigin: string): Promise<void> {
  const user = requireUser(req, state, publicOrigin);
  const input = RequestInput.fromBody(await readBody(req), req.headers['content-type'], url);
  const missing = ['userAgent', 'endpointId', 'culture'].filter((name) => !input.get(name));
  if (missing.length > 0) throw missingInput(missing, 'Creating an application');
  const instanceId = input.get('instanceId');
  const app = state.createApplication(user, { userAgent: input.get('userAgent') as string, endpointId: input.get('endpointId') as string, culture: input.get('culture') as string, ...(instanceId ? { instanceId } : {}) });
  sendResource(res, formatOf(req), app.applicationResource(), 201, [['Location', app.href]]);
}

/** `handler` is the server's own request handler: the batch route answers each part through it. */
async function route(req: IncomingMessage, res: ServerResponse, state: SimState, origin: string, discovery: DiscoverySettings, handler: RequestListener): Promise<void> {
  // Normalised once here, as IIS does: `//` collapses, discovery paths match in any case.
  const url = requestUrl(req.url, origin);
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const lower = path.toLowerCase();
  const format = formatOf(req);
  const publicOrigin = discovery.publicOrigin();
  if (lower === '/' || lower === ROOT_PATH) {
    allowOnly(method, path)(['GET']);
    sendRoot(res, format, url, discovery);
    return;
  }
  if (lower === USER_PATH) {
    allowOnly(method, path)(['GET']);
    requireUser(req, state, publicOrigin);
    sendUser(res, format, discovery);
    return;
  }
  if (lower === XFRAME_PATH) {
    allowOnly(method, path)(['GET']);
    sendXframe(res);
    return;
  }
  if (lower === TOKEN_PATH.toLowerCase()) {
    allowOnly(method, path)(['POST']);
    await issueToken(req, res, state);
    return;
  }
  if (lower === APPLICATIONS_PATH) {
    allowOnly(method, path)(['POST']);
    await createApplication(req, res, state, url, publicOrigin);
    return;
  }
  const appMatch = /^\/ucwa\/oauth\/v1\/applications\/([^/]+)(\/.*)?$/i.exec(path);
  if (!appMatch) throw notFound(`Nothing lives at ${path} on this server. Start from the root (GET /) and follow links.`);
  const user = requireUser(req, state, publicOrigin);
  const appId = appMatch[1] as string;
  const app = state.applications.get(appId);
  if (!app || app.user !== user) {
    if (state.goneApplications.get(appId) === 'expired') throw new SimError(410, { code: 'Gone', subcode: 'InactiveApplicationExpired', message: 'The application expired after a period without activity; create a new one.' });
    throw notFound('The application does not exist (it was deleted, or belongs to someone else); create a new one.', 'ApplicationNotFound');
  }
  app.touch();
  const gone = new Promise<void>((resolve) => res.on('close', () => !res.writableEnded && resolve()));
  const request: AppRequest = { method, url, rest: appMatch[2] ?? '', body: await readBody(req), contentType: req.headers['content-type'], headers: req.headers, format, res, gone };
  const allow = allowOnly(method, path);
  if (request.rest === '/batch') {
    allow(['POST']);
    await answerBatch(request, req.headers, handler, () => state.nextRandom());
    return;
  }
  if (await handleApplicationRoute(state, app, request, allow)) return;
  if (handleLogRoute(app, request, allow)) return;
  if (handleCallSessionRoute(state, app, request, allow)) return;
  if (handleCallRoute(state, app, request, allow)) return;
  // Before conversation routes: a meeting's conversation answers addMessaging itself.
  if (handleMeetingRoute(state, app, request, allow)) return;
  if (await handleConversationRoute(state, app, request, allow)) return;
  if (handleSubscriptionRoute(state, app, request, allow)) return;
  if (handlePeopleRoute(state, app, request, allow)) return;
  throw notFound(`Nothing lives at ${path} on this server; follow the links the server gives.`);
}

export interface ServerSettings {
  /** The origin absolute links name; null: the listening origin. */
  readonly publicOrigin: string | null;
  readonly discovery: DiscoveryMode;
  readonly domain: string;
}

export function createSimulatorServer(state: SimState, tls: TlsMaterial | null, settings: ServerSettings, onUnexpected: (error: unknown) => void): { server: Server; origin: () => string } {
  let origin = 'http://127.0.0.1';
  const discovery: DiscoverySettings = { publicOrigin: () => settings.publicOrigin ?? origin, mode: settings.discovery, domain: settings.domain };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res, state, origin, discovery, handler).catch((error: unknown) => {
      const format = formatOf(req);
      if (error instanceof SimError) sendError(res, format, error.status, error.reason, error.headers);
      else {
        onUnexpected(error);
        sendError(res, format, 500, { code: 'ServiceFailure', message: `The simulator failed on this request: ${(error as Error).message}` });
      }
    });
  };
  const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler) : createHttpServer(handler);
  server.on('listening', () => {
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    origin = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
  });
  return { server, origin: () => origin };
}
