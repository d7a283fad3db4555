/**
 * The replay server: answers a client from a recording, as the recorded server did. Requests
 * are matched by key (request-key.ts); the n-th identical request gets the n-th recorded answer;
 * event polls get the recorded batches (event-replay.ts). A miss is a 404 that explains itself.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventReplay, type Pace, type PendingPoll } from './event-replay.ts';
import type { Fallback } from './fallback.ts';
import { describeKey, missMessage, nearestCandidates, type Candidate } from './miss-explanation.ts';
import type { RecordingIndex } from './recording-index.ts';
import { operationIdOf, requestKey, type KeyOptions } from './request-key.ts';
import { canonicalProxyPath, targetOfProxyPath } from '../protocol/proxy-urls.ts';
import { bodySyntaxOf, mapTextToServer } from '../protocol/url-mapping.ts';
import { passedHeaders, serveRecorded, type Rewriter } from './rewrite.ts';
import { standInToken } from './token-stand-in.ts';

export type ExhaustedPolicy = 'repeat-last' | 'miss';

export interface ReplayReport {
  readonly matched: readonly { readonly exchangeId: number; readonly request: string }[];
  readonly missed: readonly { readonly request: string; readonly reason: string; readonly candidates: readonly Candidate[]; readonly forwardedStatus?: number }[];
  readonly unused: readonly number[];
  /** Requests the replay answered itself because the recording could not have them: token requests of a reverse-mode recording. */
  readonly stoodIn: readonly string[];
}

export interface ReplayServerOptions {
  readonly index: RecordingIndex;
  readonly keyOptions: KeyOptions;
  readonly pace: Pace;
  readonly policy: ExhaustedPolicy;
  /** Overrides the poll `timeout` the client asks for (tests); default: the client's, or 180 s. */
  readonly pollTimeoutMs?: number;
  readonly maxBatchDelayMs: number;
  /** Where misses go instead of a 404, recorded into a new session. */
  readonly fallback?: Fallback;
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

export class ReplayServer {
  private readonly server: Server;
  private readonly events: EventReplay;
  private readonly servedCount = new Map<string, number>();
  private readonly operationIds = new Map<string, string>();
  private readonly matched: { exchangeId: number; request: string }[] = [];
  private readonly missed: ReplayReport['missed'][number][] = [];
  private readonly used = new Set<number>();
  private readonly stoodIn: string[] = [];
  private origin = 'http://127.0.0.1';

  constructor(private readonly options: ReplayServerOptions) {
    this.events = new EventReplay(options.index.batches, options.pace, options.maxBatchDelayMs);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) this.sendJson(res, 500, { code: 'ServiceFailure', message: `ucwa-inspector replay failed on this request: ${error.message}` });
        else res.destroy();
      });
    });
  }

  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    this.origin = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  report(): ReplayReport {
    return { matched: [...this.matched], missed: [...this.missed], unused: this.options.index.exchangeIds.filter((id) => !this.used.has(id)), stoodIn: [...this.stoodIn] };
  }

  async close(): Promise<void> {
    this.events.close();
    await this.options.fallback?.end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The replay's origin as this client reaches it (its Host header), for the URLs served to it. */
  private originFor(req: IncomingMessage): string {
    return req.headers.host ? `http://${req.headers.host}` : this.origin;
  }

  private rewriter(req: IncomingMessage, servedBy: string): Rewriter {
    return { context: { upstream: this.options.index.upstream, proxy: this.originFor(req), servedBy }, operationIds: this.operationIds };
  }

  /** A live request body with the replay's URLs the client echoes mapped back to the recorded servers', as the recording proxy sent it on. */
  private recordedForm(req: IncomingMessage, body: Uint8Array, target: string): Uint8Array {
    if (body.byteLength === 0 || bodySyntaxOf(req.headers['content-type']) === null) return body;
    const text = Buffer.from(body).toString('utf8');
    const mapped = mapTextToServer(text, { upstream: this.options.index.upstream, proxy: this.originFor(req) }, target);
    return mapped.count > 0 ? new Uint8Array(Buffer.from(mapped.text, 'utf8')) : body;
  }

  private sendJson(res: ServerResponse, status: number, value: unknown): void {
    const body = Buffer.from(JSON.stringify(value));
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.byteLength) });
    res.end(body);
  }

  private serve(req: IncomingMessage, res: ServerResponse, status: number, statusText: string, content: { readonly headers: Parameters<typeof serveRecorded>[0]; readonly body: Uint8Array }, servedBy: string): void {
    const served = serveRecorded(content.headers, content.body, this.rewriter(req, servedBy));
    res.writeHead(status, statusText, served.headers);
    res.end(served.body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const index = this.options.index;
    const raw = req.url ?? '/';
    // Origin-form paths are glued to the origin: `new URL('//ucwa/x', origin)` would read `ucwa` as a host.
    const url = raw.startsWith('/') ? new URL(`${this.origin}${canonicalProxyPath(raw, index.upstream)}`) : new URL(raw, this.origin);
    const target = targetOfProxyPath(`${url.pathname}${url.search}`, index.upstream);
    const body = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const pollPath = index.pathsFor(url.pathname).find((path) => index.eventPaths.has(path));
    if (method === 'GET' && pollPath !== undefined && url.searchParams.has('ack')) return this.poll(req, res, url);
    const recordedBody = target.ok ? this.recordedForm(req, body, target.origin) : body;
    const keyFor = (path: string) => requestKey(method, new URL(`${this.origin}${path}${url.search}`), recordedBody, req.headers['content-type'], this.options.keyOptions);
    const keys = index.pathsFor(url.pathname).map(keyFor);
    const key = keys.find((k) => index.commands.has(k.text)) ?? (keys[0] as ReturnType<typeof keyFor>);
    const command = index.commands.get(key.text);
    const n = this.servedCount.get(key.text) ?? 0;
    const answer = command ? (command.answers[n] ?? (this.options.policy === 'repeat-last' ? command.answers.at(-1) : undefined)) : undefined;
    if (!command && method === 'POST' && index.pathsFor(url.pathname).some((path) => index.tokenPaths.has(path))) {
      const token = standInToken(this.stoodIn.length + 1);
      this.stoodIn.push(`POST ${url.pathname}: a token issued by the replay (the recording has no token request)`);
      res.writeHead(200, 'OK', { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(token.byteLength), 'Cache-Control': 'no-store' });
      res.end(token);
      return;
    }
    if (!command || !answer) {
      const candidates = command ? [] : nearestCandidates(key, [...index.commands.values()].map((c) => c.key));
      const reason = missMessage(key, candidates, command !== undefined);
      if (this.options.fallback) {
        const answer = await this.options.fallback.forward(req, target.ok ? target.pathAndQuery : `${url.pathname}${url.search}`, recordedBody);
        this.missed.push({ request: describeKey(key), reason, candidates, forwardedStatus: answer.status });
        res.writeHead(answer.status, answer.statusText, passedHeaders(answer.headers, answer.body.byteLength));
        res.end(answer.body);
        return;
      }
      this.missed.push({ request: describeKey(key), reason, candidates });
      this.sendJson(res, 404, { code: 'NotFound', subcode: 'ResourceNotFound', message: reason, request: describeKey(key), candidates });
      return;
    }
    this.servedCount.set(key.text, n + 1);
    this.used.add(answer.exchangeId);
    this.matched.push({ exchangeId: answer.exchangeId, request: describeKey(key) });
    const live = operationIdOf(url, body);
    if (live && answer.operationId) this.operationIds.set(answer.operationId, live);
    if (answer.failure) this.sendJson(res, 502, { code: 'ServiceFailure', message: `ucwa-inspector replay: in the recording this request got no complete response (${answer.failure.kind}: ${answer.failure.message})` });
    else this.serve(req, res, answer.status, answer.statusText, index.contentOf(answer.exchangeId), answer.origin);
    this.events.noteRequest(key.text);
  }

  private poll(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const ack = Number(url.searchParams.get('ack'));
    const timeoutS = Number(url.searchParams.get('timeout') ?? 180);
    const href = `${url.pathname}${url.search}`;
    const poll: PendingPoll = {
      ack,
      href,
      answer: (outcome) => {
        if (res.writableEnded || res.destroyed) return;
        if (outcome.kind === 'replaced') this.sendJson(res, 409, { code: 'Conflict', subcode: 'PGetReplaced', message: 'Another pending GET on this event channel replaced this one.' });
        else if (outcome.kind === 'empty') this.sendJson(res, 200, { _links: { self: { href: outcome.self }, next: { href: outcome.next } } });
        else {
          this.used.add(outcome.batch.exchangeId);
          this.matched.push({ exchangeId: outcome.batch.exchangeId, request: `GET ${url.pathname} (event batch)` });
          this.serve(req, res, 200, 'OK', this.options.index.contentOf(outcome.batch.exchangeId), outcome.batch.origin);
        }
      },
    };
    res.on('close', () => this.events.abandon(poll));
    this.events.poll(poll, this.options.pollTimeoutMs ?? (Number.isFinite(timeoutS) ? timeoutS * 1000 : 180_000));
  }
}
