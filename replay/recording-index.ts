/**
 * A recording arranged for replay: the client's requests by key, each with its recorded answers
 * in order, and the event batches in order, each with the request that caused it in the
 * recording (the last request the client made before the batch was delivered).
 */
import { decodeBody } from '../protocol/decode-body.ts';
import { headerValue, type ExchangeError, type HeaderPairs, type RecordedExchange } from '../protocol/exchange.ts';
import type { RecordedRow } from '../storage/recording-store.ts';
import { requestKey, type KeyOptions, type RequestKey } from './request-key.ts';

export interface RecordedAnswer {
  readonly exchangeId: number;
  readonly seq: number;
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
  /** Set when the recording has no complete response for this request. */
  readonly failure: ExchangeError | null;
  /** The operationId the recorded client chose, when it sent one. */
  readonly operationId: string | null;
}

export interface RecordedBatch {
  readonly exchangeId: number;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
  /** Released once the replayed client has sent this key `occurrence` times; null when nothing the client did caused it. */
  readonly cause: { readonly key: string; readonly occurrence: number } | null;
  /** Recorded milliseconds between the batch's cause (or the previous batch) and its delivery. */
  readonly delayMs: number;
}

export interface RecordedCommand {
  readonly key: RequestKey;
  readonly answers: RecordedAnswer[];
}

function operationIdOf(exchange: RecordedExchange): string | null {
  const fromQuery = new URL(exchange.request.url, 'http://x').searchParams;
  for (const [name, value] of fromQuery) if (/^(operationId|OperationContext)$/i.test(name)) return value;
  const text = Buffer.from(exchange.request.body).toString('utf8');
  return /"operationId"\s*:\s*"([^"]+)"/i.exec(text)?.[1] ?? /<property name="operationId">([^<]+)</i.exec(text)?.[1] ?? null;
}

function isEventBatch(exchange: RecordedExchange): boolean {
  if (exchange.stage === 'initiated' || !exchange.response || exchange.response.status !== 200) return false;
  const type = headerValue(exchange.response.headers, 'content-type');
  const decoded = decodeBody(exchange.response.body, { direction: 'response', status: 200, url: exchange.request.url, ...(type ? { contentType: type } : {}) });
  return decoded.ok && decoded.body.kind === 'events';
}

function hasEvents(exchange: RecordedExchange): boolean {
  if (exchange.stage === 'initiated' || !exchange.response) return false;
  const type = headerValue(exchange.response.headers, 'content-type');
  const decoded = decodeBody(exchange.response.body, { direction: 'response', status: 200, url: exchange.request.url, ...(type ? { contentType: type } : {}) });
  return decoded.ok && decoded.body.kind === 'events' && decoded.body.batch.events.length > 0 && decoded.body.batch.resync === null;
}

export class RecordingIndex {
  readonly commands = new Map<string, RecordedCommand>();
  readonly batches: RecordedBatch[] = [];
  /** Paths of the event channel: requests to them are polls. */
  readonly eventPaths = new Set<string>();
  /** Origins the recording's absolute URLs used; served bodies and headers name the replay server instead. */
  readonly origins = new Set<string>();
  readonly exchangeIds: number[] = [];

  /**
   * `derivedBatches` (from the store) saves decoding every response to find the event batches;
   * without it each response is decoded here.
   */
  constructor(rows: Iterable<RecordedRow>, upstream: string | null, private readonly keyOptions: KeyOptions, derivedBatches: ReadonlyMap<number, { readonly eventCount: number; readonly resync: boolean }> | null = null) {
    if (upstream) this.origins.add(new URL(upstream).origin);
    const all = [...rows].filter((row) => row.exchange.stage !== 'initiated');
    const batchOf = (row: RecordedRow): boolean => (derivedBatches ? derivedBatches.has(row.id) : isEventBatch(row.exchange));
    const withEvents = (row: RecordedRow): boolean => {
      if (!derivedBatches) return hasEvents(row.exchange);
      const batch = derivedBatches.get(row.id);
      return batch !== undefined && batch.eventCount > 0 && !batch.resync;
    };
    for (const row of all) {
      this.origins.add(new URL(row.exchange.request.url).origin);
      if (batchOf(row)) this.eventPaths.add(new URL(row.exchange.request.url).pathname);
    }
    const commandTimes: { key: string; occurrence: number; startedAt: number }[] = [];
    const occurrences = new Map<string, number>();
    for (const row of all) {
      const { exchange } = row;
      if (this.eventPaths.has(new URL(exchange.request.url).pathname)) continue;
      this.exchangeIds.push(row.id);
      const key = this.keyOf(exchange);
      let command = this.commands.get(key.text);
      if (!command) {
        command = { key, answers: [] };
        this.commands.set(key.text, command);
      }
      command.answers.push({
        exchangeId: row.id,
        seq: row.seq,
        status: exchange.stage === 'completed' ? exchange.response.status : 502,
        statusText: exchange.stage === 'completed' ? exchange.response.statusText : 'Bad Gateway',
        headers: exchange.stage === 'completed' ? exchange.response.headers : [['Content-Type', 'application/json']],
        body: exchange.stage === 'completed' ? exchange.response.body : new Uint8Array(0),
        failure: exchange.stage === 'aborted' ? exchange.error : null,
        operationId: operationIdOf(exchange),
      });
      const occurrence = (occurrences.get(key.text) ?? 0) + 1;
      occurrences.set(key.text, occurrence);
      commandTimes.push({ key: key.text, occurrence, startedAt: exchange.timings.startedAtMs });
    }
    let previousEnd = Number.NEGATIVE_INFINITY;
    let nextCommand = 0;
    for (const row of all) {
      const { exchange } = row;
      if (!this.eventPaths.has(new URL(exchange.request.url).pathname) || exchange.stage !== 'completed' || !withEvents(row)) continue;
      this.exchangeIds.push(row.id);
      const endedAt = exchange.timings.startedAtMs + (exchange.timings.endedMs ?? 0);
      // Commands are in start order and polls follow one another: one sweep finds each batch's cause.
      while (nextCommand < commandTimes.length && (commandTimes[nextCommand] as { startedAt: number }).startedAt <= endedAt) nextCommand++;
      const last = commandTimes[nextCommand - 1];
      const cause = last && last.startedAt > previousEnd ? last : null;
      const from = Math.max(previousEnd, cause?.startedAt ?? Number.NEGATIVE_INFINITY);
      this.batches.push({ exchangeId: row.id, headers: exchange.response.headers, body: exchange.response.body, cause: cause ? { key: cause.key, occurrence: cause.occurrence } : null, delayMs: Number.isFinite(from) ? Math.max(0, endedAt - from) : 0 });
      previousEnd = endedAt;
    }
  }

  keyOf(exchange: RecordedExchange): RequestKey {
    return requestKey(exchange.request.method, exchange.request.url, exchange.request.body, headerValue(exchange.request.headers, 'content-type'), this.keyOptions);
  }
}
