/**
 * The recording proxy: http-mitm-proxy between a UCWA client and its server, forward (HTTP
 * proxy with HTTPS interception by our CA) or reverse (in front of one upstream, following the
 * session to the hosts it names: reverse-routes.ts, served-urls.ts). Each exchange is teed into
 * the store's batching recorder as the server sent it; decoding happens later, off this path.
 */
import { Agent as HttpAgent, type Server } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Proxy, type IContext } from 'http-mitm-proxy';
import { httpUrlOption, OptionError, portOption } from '../protocol/option-error.ts';
import type { RecordingStore } from '../storage/recording-store.ts';
import type { RedactionRules } from '../storage/redactor.ts';
import { loadCertificateAuthority } from './certificate-authority.ts';
import { FlowRecorder } from './flow-recorder.ts';
import { freshConnectionRetry } from './retry-on-fresh-connection.ts';
import { ReverseRoutes } from './reverse-routes.ts';
import { mapRequestBody, mapResponse, type ServedMapping } from './served-urls.ts';
import { TlsRefusals, type TlsRefusal } from './tls-refusals.ts';
import { badGatewayBody, describeFailure, errorKindOf } from './upstream-failure.ts';

export const DEFAULT_BODY_CAP_BYTES = 50 * 1024 * 1024;

export interface RecordingProxyOptions {
  readonly store: RecordingStore;
  readonly session?: { readonly name?: string; readonly notes?: string };
  /** Reverse mode: every request goes to this server. Without it the proxy is a forward proxy. */
  readonly upstream?: string;
  /**
   * Reverse mode: serve the client the session's absolute URLs (this server's, and the other
   * hosts it names) as URLs on the proxy, so a client that follows them stays on it (default
   * true). The recording keeps the server's bytes either way.
   */
  readonly rewrite?: boolean;
  readonly port?: number;
  readonly host?: string;
  /** Where our CA lives; default ~/.ucwa-inspector/ca. */
  readonly caDir?: string;
  /** Accept any upstream certificate (lab servers with self-signed ones). */
  readonly insecureUpstream?: boolean;
  /** Extra certificates to trust for upstream TLS. */
  readonly upstreamCa?: string | readonly string[];
  /** Replace secrets with placeholders at record time (default true). */
  readonly redact?: boolean;
  /** Header and parameter names to redact besides the built-in ones. */
  readonly redactRules?: RedactionRules;
  readonly bodyCapBytes?: number;
  /** Run the store's writer in a worker thread (default true). */
  readonly writerThread?: boolean;
}

export interface RunningRecordingProxy {
  readonly url: string;
  readonly mode: 'forward' | 'reverse';
  readonly sessionId: number;
  readonly caCertPem: string;
  readonly caCertPath: string;
  /** Forward mode: TLS connections whose client gave up on our certificate (it does not trust our CA). */
  tlsRefusals(): readonly TlsRefusal[];
  /**
   * Resolves once every exchange recorded so far is committed and derived (decoded, indexed).
   * Under heavy traffic derivation lags the raw record (storage/derive/derive-pacing.ts).
   */
  whenDerived(): Promise<void>;
  /** Stops accepting, ends what is in flight, flushes every exchange and closes the session. */
  close(): Promise<void>;
}

/** What the proxy keeps per exchange between its hooks. */
interface ExchangeState {
  readonly flow: FlowRecorder;
  /** Reverse mode with rewriting: how this exchange's response is served. */
  readonly mapping: ServedMapping | null;
  /** Reverse mode: the origin the exchange went to, for error messages. */
  readonly target: string | null;
}

type ErrorHandler = (kind: string, ctx: IContext | null, error: unknown, socket?: Socket) => void;

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RunningRecordingProxy> {
  const upstream = options.upstream === undefined ? null : httpUrlOption('upstream', options.upstream);
  if (options.port !== undefined) portOption('port', options.port);
  if (options.bodyCapBytes !== undefined && !(Number.isInteger(options.bodyCapBytes) && options.bodyCapBytes >= 0))
    throw new OptionError('bodyCapBytes', options.bodyCapBytes, 'is not a byte count; give a whole number, 0 or more');
  const ca = await loadCertificateAuthority(options.caDir);
  const capBytes = options.bodyCapBytes ?? DEFAULT_BODY_CAP_BYTES;
  const recorder = await options.store.startSession(
    { ...(options.session?.name ? { name: options.session.name } : {}), ...(options.session?.notes ? { notes: options.session.notes } : {}), mode: upstream ? 'reverse' : 'forward', upstream: upstream?.origin ?? null, redact: options.redact ?? true, ...(options.redactRules ? { redactRules: options.redactRules } : {}) },
    { thread: options.writerThread ?? true },
  );
  const extraCa = options.upstreamCa === undefined ? [] : typeof options.upstreamCa === 'string' ? [options.upstreamCa] : [...options.upstreamCa];
  const httpAgent = new HttpAgent({ keepAlive: true });
  const httpsAgent = new HttpsAgent({ keepAlive: true, rejectUnauthorized: !(options.insecureUpstream ?? false), ...(extraCa.length ? { ca: [...rootCertificates, ...extraCa] } : {}) });
  const routes = upstream ? new ReverseRoutes(upstream) : null;
  const rewrite = upstream !== null && (options.rewrite ?? true);
  const learnOrigins = (found: readonly string[]): void => routes?.learn(found);
  const proxy = new Proxy();
  /** One entry per exchange (a weak map's entries cost the collector, so one, not one per fact). */
  const exchanges = new WeakMap<IContext, ExchangeState>();
  const live = new Set<FlowRecorder>();
  const connectionIds = new WeakMap<Socket, string>();
  const refusals = new TlsRefusals((socket) => hostOfTlsSocket(proxy, socket));
  let nextConnection = 1;
  let ownUrl = (): string => 'http://127.0.0.1';
  const connectionIdOf = (socket: Socket): string => {
    let id = connectionIds.get(socket);
    if (!id) {
      id = `c${nextConnection++}`;
      connectionIds.set(socket, id);
    }
    return id;
  };

  proxy.onCertificateMissing = (ctx, _files, callback) => {
    ca.leafFor(ctx.hostname).then(
      (leaf) => callback(null, { keyFileData: leaf.keyPem, certFileData: leaf.certPem, hosts: [ctx.hostname] } as never),
      (error: Error) => callback(error, undefined as never),
    );
  };

  // http-mitm-proxy answers CONNECT in several writes; clients that read the answer as one chunk
  // (global-agent, which `record -- node …` preloads) would take the rest for TLS bytes. Corked, it goes as one.
  proxy.onConnect((_req, socket, _head, callback) => {
    socket.cork();
    process.nextTick(() => socket.uncork());
    callback();
  });

  proxy.onRequest((ctx, callback) => {
    const req = ctx.clientToProxyRequest;
    const target = ctx.proxyToServerRequestOptions;
    const path = req.url ?? '/';
    let url: string;
    let served: { readonly origin: string } | null = null;
    if (routes && target) {
      const route = routes.resolve(path);
      if (!route.ok) {
        req.resume();
        ctx.proxyToClientResponse.writeHead(route.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(route.body)) });
        ctx.proxyToClientResponse.end(route.body);
        return;
      }
      const to = routes.addressOf(route.origin);
      target.host = to.hostname;
      target.port = to.port;
      target.path = route.pathAndQuery;
      target.headers['host'] = to.host;
      ctx.isSSL = to.tls;
      target.agent = ctx.isSSL ? httpsAgent : httpAgent;
      url = `${route.origin}${route.pathAndQuery}`;
      served = { origin: route.origin };
    } else if (/^https?:\/\//i.test(path)) {
      url = path;
      // Absolute-form is for proxies; the origin server gets origin-form.
      if (target) {
        const absolute = new URL(path);
        target.path = `${absolute.pathname}${absolute.search}`;
      }
    } else url = `${ctx.isSSL ? 'https' : 'http'}://${req.headers.host ?? 'unknown-host'}${path}`;
    const flow = new FlowRecorder(recorder, req, url, connectionIdOf((ctx.connectRequest?.socket ?? req.socket) as Socket), capBytes);
    let mapping: ServedMapping | null = null;
    live.add(flow);
    refusals.noteRequest(req.socket);
    if (rewrite && routes && served) {
      // The client reaches us by the name in its Host header: proxy URLs are built from it.
      const origins = { upstream: routes.upstream.origin, proxy: req.headers.host ? `http://${req.headers.host}` : ownUrl() };
      mapping = { context: { ...origins, servedBy: served.origin }, flow, learn: learnOrigins };
      mapRequestBody(ctx, origins, served.origin, flow);
    }
    exchanges.set(ctx, { flow, mapping, target: served?.origin ?? null });
    req.on('data', (chunk: Buffer) => flow.requestChunk(chunk));
    req.on('end', () => flow.requestEnded());
    ctx.proxyToClientResponse.on('close', () => {
      live.delete(flow);
      if (flow.isFinished || ctx.proxyToClientResponse.writableFinished) return;
      flow.failed('client-aborted', 'the client closed the connection before the response was complete');
      ctx.proxyToServerRequest?.destroy();
    });
    callback();
  });

  proxy.onResponse((ctx, callback) => {
    const exchange = exchanges.get(ctx);
    const response = ctx.serverToProxyResponse;
    if (exchange && response) {
      const { flow, mapping } = exchange;
      flow.responseStarted(response);
      // A mapped response is tapped by mapResponse's own listener: one listener per chunk, not two.
      if (mapping) return mapResponse(ctx, mapping, () => callback());
      response.on('data', (chunk: Buffer) => flow.responseChunk(chunk));
      response.on('end', () => flow.completed());
    }
    callback();
  });

  // The server's own errors (a port in use) reach onError with no exchange: before listening they fail the start.
  let failStart: ((error: unknown) => void) | null = null;
  const onError: ErrorHandler = (kind, ctx, error, socket) => {
    if (!ctx) {
      failStart?.(error);
      // Later: a socket-level hiccup with no exchange attached; on our TLS servers, maybe a client that does not trust us.
      if (kind === 'HTTPS_CLIENT_ERROR') refusals.noteClientError(error, socket);
      return;
    }
    const exchange = exchanges.get(ctx);
    const flow = exchange?.flow;
    if (flow && retry.attempt(kind, ctx, error, flow)) return;
    const fromClient = /^(CLIENT_TO_PROXY|PROXY_TO_CLIENT)/.test(kind);
    const errorKind = errorKindOf(error, fromClient);
    const message = describeFailure(errorKind, exchange?.target ?? upstream?.origin ?? originOf(ctx), error);
    flow?.failed(errorKind, message);
    const res = ctx.proxyToClientResponse;
    if (fromClient) ctx.proxyToServerRequest?.destroy();
    // A mapped body is held until it ends: a server that dies mid-body leaves the client a dead connection, as it would without the proxy.
    else if (exchange?.mapping && ctx.serverToProxyResponse && !res.headersSent) res.destroy();
    else if (!res.headersSent) {
      const body = badGatewayBody(message);
      res.writeHead(502, 'Bad Gateway', { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
    } else if (!res.writableEnded) res.destroy();
  };
  const retry = freshConnectionRetry(proxy, httpsAgent, onError);
  // http-mitm-proxy's own handler prints to the console and answers 504; ours records and answers 502.
  (proxy as unknown as { _onError: ErrorHandler })._onError = onError;

  try {
    await new Promise<void>((resolve, reject) => {
      failStart = reject;
      proxy.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', sslCaDir: ca.dir, keepAlive: true, httpAgent, httpsAgent }, (error?: Error | null) => (error ? reject(error) : resolve()));
    });
  } catch (error) {
    httpAgent.destroy();
    httpsAgent.destroy();
    await recorder.end();
    throw error;
  } finally {
    failStart = null;
  }
  const server = proxy.httpServer as Server;
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  ownUrl = () => url;
  let closing: Promise<void> | null = null;
  return {
    url,
    mode: upstream ? 'reverse' : 'forward',
    sessionId: recorder.sessionId,
    caCertPem: ca.certPem,
    caCertPath: ca.certPath,
    tlsRefusals: () => refusals.list(),
    whenDerived: () => recorder.whenDerived(),
    close: () => {
      closing ??= (async () => {
        server.closeAllConnections();
        proxy.close();
        for (const flow of live) flow.failed('proxy-error', 'the recording proxy stopped before the exchange ended');
        httpAgent.destroy();
        httpsAgent.destroy();
        await recorder.end();
      })();
      return closing;
    },
  };
}

/** The host a connection to one of http-mitm-proxy's per-host TLS servers was for: its SNI name, else the server it reached. */
function hostOfTlsSocket(proxy: Proxy, socket: Socket): string | null {
  const sni = (socket as Socket & { servername?: string | false | null }).servername;
  if (sni) return sni;
  const port = socket.localPort;
  const found = Object.entries(proxy.sslServers).find(([, server]) => server.port === port);
  return found?.[0] ?? null;
}

function originOf(ctx: IContext): string {
  const host = ctx.proxyToServerRequestOptions?.host ?? 'the upstream';
  const port = ctx.proxyToServerRequestOptions?.port;
  return `${ctx.isSSL ? 'https' : 'http'}://${host}${port ? `:${port}` : ''}`;
}
