/**
 * HAR 1.2 export. Bodies of any size are kept whole (base64 when not UTF-8); what HAR has no
 * field for (monotonic timings, truncation, errors, redactions, the exchange's stage) goes in
 * `_ucwa` so importing our own HAR loses nothing.
 */
import { headerValue, type HeaderPairs, type RecordedExchange } from '../../protocol/exchange.ts';
import type { SessionRecord } from '../exchange-writer.ts';
import { encodeBody } from '../fixture/body-encoding.ts';
import type { HarEntry, HarLog, HarNameValue } from './har-types.ts';

const toNameValues = (headers: HeaderPairs): HarNameValue[] => headers.map(([name, value]) => ({ name, value }));

function queryString(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** HAR wants non-negative durations, -1 for "not applicable". */
const span = (from: number | null, to: number | null): number => (from !== null && to !== null && to >= from ? to - from : -1);

function toEntry(seq: number, exchange: RecordedExchange, redactions: readonly string[]): HarEntry {
  const { request, timings } = exchange;
  const response = exchange.stage === 'initiated' ? null : exchange.response;
  const error = exchange.stage === 'initiated' ? null : exchange.error;
  const requestBody = encodeBody(request.body);
  const responseBody = response ? encodeBody(response.body) : null;
  const requestType = headerValue(request.headers, 'content-type');
  return {
    startedDateTime: new Date(timings.startedAtMs).toISOString(),
    time: timings.endedMs ?? 0,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: `HTTP/${request.httpVersion}`,
      cookies: [],
      headers: toNameValues(request.headers),
      queryString: queryString(request.url),
      ...(request.body.byteLength > 0 || requestType !== undefined
        ? { postData: 'text' in requestBody ? { mimeType: requestType ?? '', text: requestBody.text } : { mimeType: requestType ?? '', text: requestBody.base64, _encoding: 'base64' as const } }
        : {}),
      headersSize: -1,
      bodySize: request.body.byteLength,
    },
    response: {
      status: response?.status ?? 0,
      statusText: response?.statusText ?? '',
      httpVersion: response ? `HTTP/${response.httpVersion}` : '',
      cookies: [],
      headers: response ? toNameValues(response.headers) : [],
      content: {
        size: response?.body.byteLength ?? 0,
        mimeType: (response && headerValue(response.headers, 'content-type')) ?? '',
        ...(responseBody === null ? {} : 'text' in responseBody ? { text: responseBody.text } : { text: responseBody.base64, encoding: 'base64' as const }),
      },
      redirectURL: (response && headerValue(response.headers, 'location')) ?? '',
      headersSize: -1,
      bodySize: response?.body.byteLength ?? -1,
    },
    cache: {},
    timings: { send: span(0, timings.requestSentMs), wait: span(timings.requestSentMs, timings.firstByteMs), receive: span(timings.firstByteMs, timings.endedMs) },
    connection: exchange.connectionId,
    _ucwa: {
      seq,
      stage: exchange.stage,
      connectionId: exchange.connectionId,
      startedAtMs: timings.startedAtMs,
      startedMonoMs: timings.startedMonoMs,
      requestSentMs: timings.requestSentMs,
      firstByteMs: timings.firstByteMs,
      endedMs: timings.endedMs,
      requestBodySizeBytes: request.bodySizeBytes,
      requestBodyTruncated: request.bodyTruncated,
      responseBodySizeBytes: response?.bodySizeBytes ?? null,
      responseBodyTruncated: response?.bodyTruncated ?? null,
      error: error ? { kind: error.kind, message: error.message } : null,
      redactions: [...redactions],
      ...(exchange.reconstructed === true ? { reconstructed: true as const } : {}),
    },
  };
}

export interface HarInput {
  readonly session: SessionRecord;
  readonly exchanges: Iterable<{ readonly seq: number; readonly exchange: RecordedExchange; readonly redactions: readonly string[] }>;
  readonly creatorVersion: string;
}

export function renderHar(input: HarInput): string {
  const entries: HarEntry[] = [];
  for (const { seq, exchange, redactions } of input.exchanges) entries.push(toEntry(seq, exchange, redactions));
  const { session } = input;
  const har: HarLog = {
    log: {
      version: '1.2',
      creator: { name: 'ucwa-inspector', version: input.creatorVersion },
      comment: `session "${session.name}" (${session.mode}${session.upstream ? `, upstream ${session.upstream}` : ''})`,
      _session: { name: session.name, mode: session.mode, upstream: session.upstream, startedAtMs: session.startedAtMs, endedAtMs: session.endedAtMs, redacted: session.redacted, notes: session.notes },
      entries,
    },
  };
  return `${JSON.stringify(har, null, 2)}\n`;
}
