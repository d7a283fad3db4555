/**
 * One exchange as it passes through the proxy: the request is recorded the moment it starts
 * (so a pending long poll is visible), bodies are teed as they stream, and the exchange is
 * completed or aborted exactly once. Only in-memory work happens here; the store's recorder
 * batches the writes off this path.
 */
import type { IncomingMessage } from 'node:http';
import type { ExchangeError, ExchangeErrorKind, RecordedRequest, RecordedResponse, UrlMappingNote } from '../protocol/exchange.ts';
import type { ExchangeRef, SessionRecorder } from '../storage/session-recorder.ts';
import { BodyTap, headerPairs } from './body-tap.ts';
import { wallTimeAt } from './precise-clock.ts';

const RETRIED = 'the upstream had closed the kept-alive connection this request was first sent on, before answering; the proxy sent it once more on a fresh connection';

export class FlowRecorder {
  private readonly startedMonoMs = performance.now();
  private readonly startedAtMs = wallTimeAt(this.startedMonoMs);
  private requestBody: BodyTap;
  private readonly urlMappings: UrlMappingNote[] = [];
  private responseBody: BodyTap | null = null;
  private response: IncomingMessage | null = null;
  private requestSentMs: number | null = null;
  private firstByteMs: number | null = null;
  private readonly ref: ExchangeRef | null;
  private finished = false;
  private requestComplete = false;
  private retried = false;
  /** The request's header pairs, built once: the initiated record and the final one share them. */
  private requestHeaders: [string, string][] | null = null;

  constructor(
    private readonly recorder: SessionRecorder,
    private readonly request: IncomingMessage,
    private readonly url: string,
    private readonly connectionId: string,
    private readonly capBytes: number,
  ) {
    this.requestBody = new BodyTap(capBytes);
    let ref: ExchangeRef | null = null;
    try {
      ref = recorder.onRequest({ stage: 'initiated', connectionId, request: this.recordedRequest(), timings: this.timings(null) });
    } catch {
      // The recorder throws once its session has ended (the proxy is stopping): nothing more to record then.
    }
    this.ref = ref;
  }

  private elapsed(): number {
    return performance.now() - this.startedMonoMs;
  }

  private timings(endedMs: number | null) {
    return { startedAtMs: this.startedAtMs, startedMonoMs: this.startedMonoMs, requestSentMs: this.requestSentMs, firstByteMs: this.firstByteMs, endedMs };
  }

  private recordedRequest(): RecordedRequest {
    return {
      method: this.request.method ?? 'GET',
      url: this.url,
      httpVersion: this.request.httpVersion,
      headers: (this.requestHeaders ??= headerPairs(this.request.rawHeaders)),
      body: this.requestBody.bytes(),
      bodySizeBytes: this.requestBody.total,
      bodyTruncated: this.requestBody.truncated,
    };
  }

  private recordedResponse(): RecordedResponse | null {
    if (!this.response || !this.responseBody) return null;
    return {
      status: this.response.statusCode ?? 0,
      statusText: this.response.statusMessage ?? '',
      httpVersion: this.response.httpVersion,
      headers: headerPairs(this.response.rawHeaders),
      body: this.responseBody.bytes(),
      bodySizeBytes: this.responseBody.total,
      bodyTruncated: this.responseBody.truncated,
    };
  }

  requestChunk(chunk: Buffer): void {
    this.requestBody.add(chunk);
  }

  /** The request body went to the server changed (proxy URLs mapped back): the record keeps what the server got. */
  requestForwardedAs(body: Uint8Array): void {
    this.requestBody = new BodyTap(this.capBytes);
    this.requestBody.add(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  }

  /** What the proxy mapped in this exchange, stored with it. */
  noteMappings(notes: readonly UrlMappingNote[]): void {
    for (const note of notes) if (note.count > 0) this.urlMappings.push(note);
  }

  private mappings(): { urlMappings?: readonly UrlMappingNote[] } {
    return this.urlMappings.length ? { urlMappings: [...this.urlMappings] } : {};
  }

  requestEnded(): void {
    this.requestSentMs = this.elapsed();
    this.requestComplete = true;
  }

  /** The whole request body, when it has arrived and was kept in full (so it can be sent again). */
  get completeRequestBody(): Uint8Array | null {
    return this.requestComplete && !this.requestBody.truncated ? this.requestBody.bytes() : null;
  }

  /** The request was sent a second time on a fresh connection (retry-on-fresh-connection.ts). */
  noteRetried(): void {
    this.retried = true;
  }

  responseStarted(response: IncomingMessage): void {
    this.response = response;
    this.responseBody = new BodyTap(this.capBytes);
    this.firstByteMs = this.elapsed();
  }

  responseChunk(chunk: Buffer): void {
    this.responseBody?.add(chunk);
  }

  completed(): void {
    if (this.finished || this.ref === null) return;
    const response = this.recordedResponse();
    if (!response) return;
    this.finished = true;
    const truncated = response.bodyTruncated || this.requestBody.truncated;
    const error: ExchangeError | null = truncated
      ? { kind: 'body-truncated', message: `a body exceeded the recording cap of ${this.capBytes} bytes; all of it was forwarded, the first ${this.capBytes} bytes were recorded${this.retried ? `; ${RETRIED}` : ''}` }
      : this.retried
        ? { kind: 'upstream-retried', message: RETRIED }
        : null;
    try {
      this.recorder.onResponse({ stage: 'completed', connectionId: this.connectionId, request: this.recordedRequest(), response, error, timings: this.timings(this.elapsed()), ...this.mappings() }, this.ref);
    } catch {
      // The session has ended (the proxy is stopping).
    }
  }

  failed(kind: ExchangeErrorKind, message: string): void {
    if (this.finished || this.ref === null) return;
    this.finished = true;
    const said = this.retried ? `${message} (${RETRIED})` : message;
    try {
      this.recorder.onError({ stage: 'aborted', connectionId: this.connectionId, request: this.recordedRequest(), response: this.recordedResponse(), error: { kind, message: said }, timings: this.timings(this.elapsed()), ...this.mappings() }, this.ref);
    } catch {
      // The session has ended (the proxy is stopping).
    }
  }

  get isFinished(): boolean {
    return this.finished;
  }
}
