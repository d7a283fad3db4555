/**
 * `--fallback URL`: a request the recording cannot answer goes to a real server instead, and
 * the exchange is recorded into a new session, so the next recording covers it.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { RecordedExchange } from '../protocol/exchange.ts';
import type { SessionRecorder } from '../storage/session-recorder.ts';

export interface FallbackAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
}

const HOP_BY_HOP = /^(host|connection|keep-alive|transfer-encoding|content-length|proxy-.*)$/i;

function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

export class Fallback {
  constructor(
    private readonly base: URL,
    private readonly recorder: SessionRecorder,
    /** Closes the store the recorder writes to, when the fallback opened it. */
    private readonly closeStore: () => void = () => {},
  ) {}

  /** Sends the request on to the fallback server, records the exchange, and returns the answer (a 502 when the server cannot be reached). */
  forward(req: IncomingMessage, pathAndQuery: string, body: Uint8Array): Promise<FallbackAnswer> {
    const url = pathAndQuery.startsWith('/') ? new URL(`${this.base.origin}${pathAndQuery}`) : new URL(pathAndQuery, this.base);
    const headers = pairs(req.rawHeaders).filter(([name]) => !HOP_BY_HOP.test(name));
    const startedAtMs = Date.now();
    const startedMonoMs = performance.now();
    const recordedRequest = { method: req.method ?? 'GET', url: url.href, httpVersion: req.httpVersion, headers: pairs(req.rawHeaders), body, bodySizeBytes: body.byteLength, bodyTruncated: false };
    return new Promise((resolve) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const upstream = send(url, { method: req.method, headers: [...headers.flat(), 'Host', url.host, 'Content-Length', String(body.byteLength)] }, (res) => {
        const firstByteMs = performance.now() - startedMonoMs;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const answer = { status: res.statusCode ?? 502, statusText: res.statusMessage ?? '', headers: pairs(res.rawHeaders), body: new Uint8Array(Buffer.concat(chunks)) };
          this.record({ stage: 'completed', connectionId: 'fallback', request: recordedRequest, response: { ...answer, httpVersion: res.httpVersion, bodySizeBytes: answer.body.byteLength, bodyTruncated: false }, error: null, timings: { startedAtMs, startedMonoMs, requestSentMs: 0, firstByteMs, endedMs: performance.now() - startedMonoMs } });
          resolve(answer);
        });
      });
      upstream.on('error', (error: Error) => {
        const message = `ucwa-inspector replay: the fallback server ${this.base.origin} could not be reached (${error.message})`;
        this.record({ stage: 'aborted', connectionId: 'fallback', request: recordedRequest, response: null, error: { kind: 'upstream-refused', message }, timings: { startedAtMs, startedMonoMs, requestSentMs: null, firstByteMs: null, endedMs: performance.now() - startedMonoMs } });
        resolve({ status: 502, statusText: 'Bad Gateway', headers: [['Content-Type', 'application/json; charset=utf-8']], body: new Uint8Array(Buffer.from(JSON.stringify({ code: 'ServiceFailure', message }))) });
      });
      upstream.end(Buffer.from(body));
    });
  }

  private record(exchange: RecordedExchange): void {
    try {
      this.recorder.record(exchange);
    } catch {
      // The recorder has ended (the replay is closing): the answer still goes to the client.
    }
  }

  async end(): Promise<void> {
    await this.recorder.end();
    this.closeStore();
  }
}
