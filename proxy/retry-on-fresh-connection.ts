/**
 * Node's documented keep-alive race: an upstream closes an idle kept-alive connection without
 * saying so (no `Connection: close`) just as the proxy reuses it, and the request fails with
 * ECONNRESET / "socket hang up" before any byte of a response. For an idempotent request whose
 * body we hold in full, sending it again once on a fresh connection is what a browser does.
 *
 * http-mitm-proxy 1.1 has no retry hook (its `tags.retryProxyRequest` type is never read): it
 * issues the upstream request and wires its response inside closures of one method. So the
 * retry is issued from the proxy's error handler, and the response half of that wiring (our
 * response handlers through the library's `_onResponse`, header filtering, piping to the client)
 * is repeated here.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import { Proxy, type IContext } from 'http-mitm-proxy';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** What the retry needs from the exchange being recorded. */
export interface RetryableFlow {
  /** The whole request body when it has arrived in full and was kept in full; null otherwise. */
  readonly completeRequestBody: Uint8Array | null;
  /** Marks the exchange as sent twice. */
  noteRetried(): void;
}

export type ProxyErrorHandler = (kind: string, ctx: IContext | null, error: unknown) => void;

export interface FreshConnectionRetry {
  /** Sends the request again when the failure is the keep-alive race and it is safe to; returns whether it did. */
  attempt(kind: string, ctx: IContext, error: unknown, flow: RetryableFlow): boolean;
}

export function freshConnectionRetry(proxy: Proxy, httpsAgent: HttpsAgent, onError: ProxyErrorHandler): FreshConnectionRetry {
  const retried = new WeakSet<IContext>();
  return {
    attempt(kind, ctx, error, flow) {
      const failed = ctx.proxyToServerRequest;
      const options = ctx.proxyToServerRequestOptions;
      const body = flow.completeRequestBody;
      if (kind !== 'PROXY_TO_SERVER_REQUEST_ERROR' || !failed?.reusedSocket || !options || body === null) return false;
      if (retried.has(ctx) || ctx.serverToProxyResponse !== undefined || ctx.proxyToClientResponse.headersSent) return false;
      if (!IDEMPOTENT.has(options.method.toUpperCase()) || !closedBeforeAnswer(error)) return false;
      retried.add(ctx);
      flow.noteRetried();
      // agent: false is a connection of its own; TLS settings then travel with the request.
      const tls = ctx.isSSL ? pick(httpsAgent.options, ['ca', 'rejectUnauthorized']) : {};
      const fresh = { ...options, ...tls, agent: false as const };
      const again = ctx.isSSL ? httpsRequest(fresh, (response) => forward(ctx, response)) : httpRequest(fresh, (response) => forward(ctx, response));
      ctx.proxyToServerRequest = again;
      again.on('error', (retryError) => onError('PROXY_TO_SERVER_REQUEST_ERROR', ctx, retryError));
      again.end(body);
      return true;
    },
  };

  /** The response half of http-mitm-proxy's request wiring, without response filters (we register none). */
  function forward(ctx: IContext, response: IncomingMessage): void {
    response.on('error', (responseError) => onError('SERVER_TO_PROXY_RESPONSE_ERROR', ctx, responseError));
    response.pause();
    ctx.serverToProxyResponse = response;
    proxy._onResponse(ctx, (handlerError) => {
      if (handlerError) return onError('ON_RESPONSE_ERROR', ctx, handlerError);
      if (ctx.clientToProxyRequest.headers['proxy-connection']) {
        response.headers['proxy-connection'] = 'keep-alive';
        response.headers['connection'] = 'keep-alive';
      }
      ctx.proxyToClientResponse.writeHead(response.statusCode ?? 502, Proxy.filterAndCanonizeHeaders(response.headers));
      response.pipe(ctx.proxyToClientResponse);
      response.resume();
    });
  }
}

/** The reused socket was closed under the request: reset, or ended before a byte of the response. */
function closedBeforeAnswer(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test((error as Error | null)?.message ?? '');
}

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}
