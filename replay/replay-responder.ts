/**
 * The replay's whole policy as a function: a request in, the recorded answer out (or an event
 * poll held until its batch is due), with no socket. Requests are matched by key (request-key.ts);
 * the n-th identical request gets the n-th recorded answer; a miss is a 404 that explains itself.
 */
import { operationIdOf } from '../protocol/operation-id.ts';
import { headerValue, type HeaderPairs } from '../protocol/exchange.ts';
import { canonicalProxyPath, targetOfProxyPath } from '../protocol/proxy-urls.ts';
import { bodySyntaxOf, mapTextToServer } from '../protocol/url-mapping.ts';
import { encodeBatchResponse } from '../protocol/batch-messages.ts';
import { BatchReplay, isBatchRequest } from './batch-replay.ts';
import { EventReplay, type Pace, type PendingPoll, type PollOutcome } from './event-replay.ts';
import { describeKey, missMessage, nearestCandidates, type Candidate } from './miss-explanation.ts';
import type { RecordingIndex } from './recording-index.ts';
import { bodyBytesOf, headerPairsOf, jsonResponse, NO_ORIGIN, requestUrlOf, type ReplayAnswer, type ReplayRequest, type ReplayResponse } from './replay-answer.ts';
import { requestKey, type KeyOptions, type RequestKey } from './request-key.ts';
import { passedHeaders, serveRecorded } from './rewrite.ts';
import { standInToken } from './token-stand-in.ts';

export type ExhaustedPolicy = 'repeat-last' | 'miss';

export interface ReplayReport {
  readonly matched: readonly { readonly exchangeId: number; readonly request: string }[];
  readonly missed: readonly { readonly request: string; readonly reason: string; readonly candidates: readonly Candidate[]; readonly forwardedStatus?: number }[];
  readonly unused: readonly number[];
  /** Requests the replay answered itself because the recording could not have them: token requests of a reverse-mode recording. */
  readonly stoodIn: readonly string[];
}

/** A miss as sent on to a fallback server: the path on the recorded server it stands for. */
export interface ForwardedRequest {
  readonly method: string;
  readonly pathAndQuery: string;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
  readonly httpVersion: string;
}

/** Sends a miss to a live server; its answer's headers are passed on end-to-end only. */
export type ForwardMiss = (request: ForwardedRequest) => Promise<ReplayResponse>;

export interface ReplayResponderOptions {
  readonly index: RecordingIndex;
  readonly keyOptions: KeyOptions;
  readonly pace: Pace;
  readonly policy: ExhaustedPolicy;
  /** Overrides the poll `timeout` the client asks for (tests); default: the client's, or 180 s. */
  readonly pollTimeoutMs?: number;
  readonly maxBatchDelayMs: number;
  /** Where misses go instead of a 404. */
  readonly forward?: ForwardMiss;
}

/** A request as read once, in the shapes the policy asks for. */
interface ReadRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: HeaderPairs;
  readonly contentType: string | undefined;
  readonly body: Uint8Array;
  readonly httpVersion: string;
}

export class ReplayResponder {
  private readonly events: EventReplay;
  private readonly batches: BatchReplay;
  private readonly servedCount = new Map<string, number>();
  /** Recorded operationId → the live client's, for the bodies served after. */
  private readonly operationIds = new Map<string, string>();
  private readonly matched: { exchangeId: number; request: string }[] = [];
  private readonly missed: ReplayReport['missed'][number][] = [];
  private readonly used = new Set<number>();
  private readonly stoodIn: string[] = [];

  constructor(private readonly options: ReplayResponderOptions) {
    this.events = new EventReplay(options.index.batches, options.pace, options.maxBatchDelayMs);
    this.batches = new BatchReplay(options.index, options.keyOptions, options.policy === 'repeat-last');
  }

  report(): ReplayReport {
    return { matched: [...this.matched], missed: [...this.missed], unused: this.options.index.exchangeIds.filter((id) => !this.used.has(id)), stoodIn: [...this.stoodIn] };
  }

  /** Stops the event channel: a poll still held is answered 503. */
  close(): void {
    this.events.close();
  }

  async answer(request: ReplayRequest): Promise<ReplayAnswer> {
    const headers = headerPairsOf(request.headers);
    const index = this.options.index;
    const asked = requestUrlOf(request);
    // root + href on a proxied host arrives as //~http/host/…: key it as the /~http/host/… path it names.
    const canonical = new URL(`${asked.origin}${canonicalProxyPath(`${asked.pathname}${asked.search}`, index.upstream)}`);
    const read: ReadRequest = { method: request.method.toUpperCase(), url: canonical, headers, contentType: headerValue(headers, 'content-type') ?? undefined, body: bodyBytesOf(request.body), httpVersion: request.httpVersion ?? '1.1' };
    const { method, url } = read;
    const paths = index.pathsFor(url.pathname);
    if (method === 'GET' && url.searchParams.has('ack') && paths.some((path) => index.eventPaths.has(path))) return this.poll(url);
    const target = targetOfProxyPath(`${url.pathname}${url.search}`, index.upstream);
    const recordedBody = target.ok ? this.recordedForm(read, target.origin) : read.body;
    if (isBatchRequest(method, read.contentType)) return { kind: 'response', ...this.batch(recordedBody, read.contentType, url.origin) };
    const keys = paths.map((path) => requestKey(method, new URL(`${NO_ORIGIN}${path}${url.search}`), recordedBody, read.contentType, this.options.keyOptions));
    const key = keys.find((k) => index.commands.has(k.text)) ?? (keys[0] as RequestKey);
    const command = index.commands.get(key.text);
    if (!command && method === 'POST' && paths.some((path) => index.tokenPaths.has(path))) return this.standInToken(url);
    const n = this.servedCount.get(key.text) ?? 0;
    const recorded = command ? (command.answers[n] ?? (this.options.policy === 'repeat-last' ? command.answers.at(-1) : undefined)) : undefined;
    if (!command || !recorded) {
      const pathAndQuery = target.ok ? target.pathAndQuery : `${url.pathname}${url.search}`;
      return { kind: 'response', ...(await this.miss(key, command === undefined, { method, pathAndQuery, headers: read.headers, body: recordedBody, httpVersion: read.httpVersion })) };
    }
    this.servedCount.set(key.text, n + 1);
    this.used.add(recorded.exchangeId);
    this.matched.push({ exchangeId: recorded.exchangeId, request: describeKey(key) });
    const live = operationIdOf({ url, body: read.body });
    if (live && recorded.operationId) this.operationIds.set(recorded.operationId, live);
    const response = recorded.failure
      ? jsonResponse(502, { code: 'ServiceFailure', message: `ucwa-inspector replay: in the recording this request got no complete response (${recorded.failure.kind}: ${recorded.failure.message})` })
      : this.served(recorded.status, recorded.statusText, recorded.exchangeId, url.origin, recorded.origin);
    this.events.noteRequest(key.text);
    return { kind: 'response', ...response };
  }

  /** A `multipart/batching` request: each part answered from the recorded batches (batch-replay.ts), or a miss naming the part. */
  private batch(body: Uint8Array, contentType: string | undefined, origin: string): ReplayResponse {
    const outcome = this.batches.answer(body, contentType);
    if (!outcome.ok) {
      this.missed.push({ request: outcome.request, reason: outcome.reason, candidates: [] });
      return jsonResponse(404, { code: 'NotFound', subcode: 'ResourceNotFound', message: outcome.reason, request: outcome.request, candidates: [] });
    }
    const answers = outcome.parts.map(({ key, answer }) => {
      this.used.add(answer.exchangeId);
      this.matched.push({ exchangeId: answer.exchangeId, request: `batch part ${describeKey(key)}` });
      const served = serveRecorded(answer.answer.headers, answer.answer.body, { context: { upstream: this.options.index.upstream, proxy: origin, servedBy: answer.origin }, operationIds: this.operationIds });
      return { ...answer.answer, headers: served.headers, body: served.body };
    });
    const encoded = encodeBatchResponse(answers, outcome.boundary);
    // Serving a recorded batch counts as that request for the event batches it caused.
    for (const exchangeId of new Set(outcome.parts.map((p) => p.answer.exchangeId))) {
      const recordedKey = this.batches.recordedKeyOf(exchangeId);
      if (recordedKey) this.events.noteRequest(recordedKey);
    }
    return { status: 200, statusText: 'OK', headers: [['Content-Type', outcome.contentType], ['Content-Length', String(encoded.byteLength)]], body: encoded };
  }

  /** A recorded response as served to a client that reaches the replay at `origin`. */
  private served(status: number, statusText: string, exchangeId: number, origin: string, servedBy: string): ReplayResponse {
    const content = this.options.index.contentOf(exchangeId);
    const served = serveRecorded(content.headers, content.body, { context: { upstream: this.options.index.upstream, proxy: origin, servedBy }, operationIds: this.operationIds });
    return { status, statusText, headers: served.headers, body: served.body };
  }

  /** A live request body with the replay's URLs the client echoes mapped back to the recorded servers', as the recording proxy sent it on. */
  private recordedForm(read: ReadRequest, target: string): Uint8Array {
    if (read.body.byteLength === 0 || bodySyntaxOf(read.contentType) === null) return read.body;
    const text = new TextDecoder().decode(read.body);
    const mapped = mapTextToServer(text, { upstream: this.options.index.upstream, proxy: read.url.origin }, target);
    return mapped.count > 0 ? new TextEncoder().encode(mapped.text) : read.body;
  }

  private standInToken(url: URL): ReplayAnswer {
    const token = standInToken(this.stoodIn.length + 1);
    this.stoodIn.push(`POST ${url.pathname}: a token issued by the replay (the recording has no token request)`);
    return { kind: 'response', status: 200, statusText: 'OK', headers: [['Content-Type', 'application/json; charset=utf-8'], ['Content-Length', String(token.byteLength)], ['Cache-Control', 'no-store']], body: token };
  }

  /** No recorded answer: the fallback's answer, or a 404 naming the nearest recorded requests. */
  private async miss(key: RequestKey, unknown: boolean, forwarded: ForwardedRequest): Promise<ReplayResponse> {
    const candidates = unknown ? nearestCandidates(key, [...this.options.index.commands.values()].map((c) => c.key)) : [];
    const reason = missMessage(key, candidates, !unknown);
    if (this.options.forward) {
      const answer = await this.options.forward(forwarded);
      this.missed.push({ request: describeKey(key), reason, candidates, forwardedStatus: answer.status });
      return { ...answer, headers: passedHeaders(answer.headers, answer.body.byteLength) };
    }
    this.missed.push({ request: describeKey(key), reason, candidates });
    return jsonResponse(404, { code: 'NotFound', subcode: 'ResourceNotFound', message: reason, request: describeKey(key), candidates });
  }

  private poll(url: URL): ReplayAnswer {
    const ack = Number(url.searchParams.get('ack'));
    const timeoutS = Number(url.searchParams.get('timeout') ?? 180);
    let settle: (response: ReplayResponse) => void = () => {};
    const until = new Promise<ReplayResponse>((resolve) => (settle = resolve));
    let abandoned = false;
    const poll: PendingPoll = {
      ack,
      href: `${url.pathname}${url.search}`,
      answer: (outcome) => {
        if (!abandoned) settle(this.pollResponse(outcome, url));
      },
    };
    this.events.poll(poll, this.options.pollTimeoutMs ?? (Number.isFinite(timeoutS) ? timeoutS * 1000 : 180_000));
    return {
      kind: 'held',
      until,
      abandon: () => {
        abandoned = true;
        this.events.abandon(poll);
      },
    };
  }

  private pollResponse(outcome: PollOutcome, url: URL): ReplayResponse {
    switch (outcome.kind) {
      case 'replaced':
        return jsonResponse(409, { code: 'Conflict', subcode: 'PGetReplaced', message: 'Another pending GET on this event channel replaced this one.' });
      case 'empty':
        return jsonResponse(200, { _links: { self: { href: outcome.self }, next: { href: outcome.next } } });
      case 'closed':
        return jsonResponse(503, { code: 'ServiceFailure', message: 'ucwa-inspector replay: the replay closed while this poll was held.' });
      case 'batch':
        this.used.add(outcome.batch.exchangeId);
        this.matched.push({ exchangeId: outcome.batch.exchangeId, request: `GET ${url.pathname} (event batch)` });
        return this.served(200, 'OK', outcome.batch.exchangeId, url.origin, outcome.batch.origin);
    }
  }
}
