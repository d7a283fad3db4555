/**
 * A recording arranged for replay: the client's requests by key, each with its recorded answers
 * in order, and the event batches in order, each with the request that caused it in the
 * recording (the last request the client made before the batch was delivered).
 */
import { batchBoundaryOf } from '../protocol/batch-messages.ts';
import { decodeBody } from '../protocol/decode-body.ts';
import { proxyPrefixOf, toProxyPath } from '../protocol/proxy-urls.ts';
import { headerValue, type ExchangeError } from '../protocol/exchange.ts';
import type { RequestSide, ResponseContent } from '../storage/recording-store.ts';
import { operationIdOf } from '../protocol/operation-id.ts';
import { requestKey, type KeyOptions, type RequestKey } from './request-key.ts';
import { tokenPathOf } from './token-stand-in.ts';

/** Reads one recorded response's headers and body; null when the exchange has none. */
export type ResponseLoader = (exchangeId: number) => ResponseContent | null;

export interface RecordedAnswer {
  readonly exchangeId: number;
  readonly seq: number;
  readonly status: number;
  readonly statusText: string;
  /** Set when the recording has no complete response for this request. */
  readonly failure: ExchangeError | null;
  /** The operationId the recorded client chose, when it sent one. */
  readonly operationId: string | null;
  /** Origin of the server that answered in the recording. */
  readonly origin: string;
}

export interface RecordedBatch {
  readonly exchangeId: number;
  /** Released once the replayed client has sent this key `occurrence` times; null when nothing the client did caused it. */
  readonly cause: { readonly key: string; readonly occurrence: number } | null;
  /** Recorded milliseconds between the batch's cause (or the previous batch) and its delivery. */
  readonly delayMs: number;
  /** Origin of the server that sent the batch in the recording. */
  readonly origin: string;
}

/** A recorded `multipart/batching` request, answered part by part on replay (batch-replay.ts). */
export interface RecordedBatchRequest {
  readonly exchangeId: number;
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly origin: string;
}

export interface RecordedCommand {
  readonly key: RequestKey;
  readonly answers: RecordedAnswer[];
}

const NO_CONTENT: ResponseContent = { headers: [['Content-Type', 'application/json']], body: new Uint8Array(0) };

type BatchFacts = { readonly eventCount: number; readonly resync: boolean };

/** Decodes a response to learn whether it is an event batch: for recordings not derived yet. */
function decodedBatchFacts(row: RequestSide, load: ResponseLoader): BatchFacts | undefined {
  if (row.stage === 'initiated' || row.status !== 200) return undefined;
  const content = load(row.id);
  if (!content) return undefined;
  const type = headerValue(content.headers, 'content-type');
  const decoded = decodeBody(content.body, { direction: 'response', status: 200, url: row.url, ...(type ? { contentType: type } : {}) });
  if (!decoded.ok || decoded.body.kind !== 'events') return undefined;
  return { eventCount: decoded.body.batch.events.length, resync: decoded.body.batch.resync !== null };
}

export class RecordingIndex {
  readonly commands = new Map<string, RecordedCommand>();
  readonly batches: RecordedBatch[] = [];
  /** Paths on the replay of the event channel: requests to them are polls. */
  readonly eventPaths = new Set<string>();
  /**
   * The recorded server that the replay's root stands for (the session's upstream, else the
   * first one asked); every other recorded origin is served under `/~https/host/` (proxy-urls.ts).
   */
  readonly upstream: string;
  /** Origins of the servers in the recording. */
  readonly origins = new Set<string>();
  readonly exchangeIds: number[] = [];
  /** Token endpoints the recorded 401 challenges name: the replay answers them itself when the recording has no token request. */
  readonly tokenPaths = new Set<string>();
  /** Completed batch requests, in recorded order. */
  readonly batchRequests: RecordedBatchRequest[] = [];

  private readonly contents = new Map<number, ResponseContent>();

  /**
   * The paths a live request path may stand for: itself, and for a plain path, the same path on
   * each other recorded server, so a client that builds URLs from plain paths is still answered.
   */
  pathsFor(path: string): string[] {
    if (path.startsWith('/~')) return [path];
    return [path, ...[...this.origins].filter((o) => o !== this.upstream).map((o) => `${proxyPrefixOf(o, this.upstream)}${path}`)];
  }

  /** A recorded response's headers and body, read from the recording the first time they are served. */
  contentOf(exchangeId: number): ResponseContent {
    let content = this.contents.get(exchangeId);
    if (!content) {
      content = this.load(exchangeId) ?? NO_CONTENT;
      this.contents.set(exchangeId, content);
    }
    return content;
  }

  /**
   * `derivedBatches` (from the store) saves decoding every response to find the event batches;
   * without it each 200 response is read and decoded here.
   */
  constructor(rows: Iterable<RequestSide>, upstream: string | null, private readonly keyOptions: KeyOptions, private readonly load: ResponseLoader, derivedBatches: ReadonlyMap<number, BatchFacts> | null = null) {
    const sides = [...rows].filter((row) => row.stage !== 'initiated');
    this.upstream = upstream ? new URL(upstream).origin : sides[0] ? new URL(sides[0].url).origin : 'http://replay.invalid';
    const all: { row: RequestSide; url: URL; path: string; origin: string }[] = [];
    const facts = new Map<number, BatchFacts>();
    for (const row of sides) {
      const real = new URL(row.url);
      // Keyed as the client asks the replay: a path on it, prefixed for hosts other than the upstream.
      const url = new URL(`http://replay.invalid${toProxyPath(real, this.upstream)}`);
      const path = url.pathname;
      all.push({ row, url, path, origin: real.origin });
      this.origins.add(real.origin);
      if (row.status === 401) {
        const content = load(row.id);
        const tokenPath = content && tokenPathOf(content, row.url, this.upstream);
        if (tokenPath) this.tokenPaths.add(tokenPath);
      }
      const batch = derivedBatches ? derivedBatches.get(row.id) : decodedBatchFacts(row, load);
      if (batch === undefined) continue;
      facts.set(row.id, batch);
      this.eventPaths.add(path);
    }
    const commandTimes: { key: string; occurrence: number; startedAt: number }[] = [];
    const occurrences = new Map<string, number>();
    for (const { row, url, path, origin } of all) {
      if (this.eventPaths.has(path)) continue;
      this.exchangeIds.push(row.id);
      const key = requestKey(row.method, url, row.body, row.contentType ?? undefined, this.keyOptions);
      let command = this.commands.get(key.text);
      if (!command) {
        command = { key, answers: [] };
        this.commands.set(key.text, command);
      }
      const completed = row.stage === 'completed' && row.status !== null;
      if (completed && row.contentType && batchBoundaryOf(row.contentType) !== null) this.batchRequests.push({ exchangeId: row.id, body: row.body, contentType: row.contentType, origin });
      command.answers.push({
        exchangeId: row.id,
        seq: row.seq,
        status: completed ? (row.status as number) : 502,
        statusText: completed ? (row.statusText ?? '') : 'Bad Gateway',
        failure: row.stage === 'aborted' ? row.error : null,
        operationId: operationIdOf({ url, body: row.body }),
        origin,
      });
      const occurrence = (occurrences.get(key.text) ?? 0) + 1;
      occurrences.set(key.text, occurrence);
      commandTimes.push({ key: key.text, occurrence, startedAt: row.startedAtMs });
    }
    let previousEnd = Number.NEGATIVE_INFINITY;
    let nextCommand = 0;
    for (const { row, path, origin } of all) {
      const batch = facts.get(row.id);
      if (!this.eventPaths.has(path) || row.stage !== 'completed' || !batch || batch.eventCount === 0 || batch.resync) continue;
      this.exchangeIds.push(row.id);
      const endedAt = row.startedAtMs + (row.endedMs ?? 0);
      // The server had the batch's events when it began answering; the end can be noted later than
      // the client saw the bytes (a loaded recorder), after requests the batch itself caused.
      const answeredAt = row.startedAtMs + (row.firstByteMs ?? row.endedMs ?? 0);
      // Commands are in start order and polls follow one another: one sweep finds each batch's cause.
      while (nextCommand < commandTimes.length && (commandTimes[nextCommand] as { startedAt: number }).startedAt <= answeredAt) nextCommand++;
      const last = commandTimes[nextCommand - 1];
      const cause = last && last.startedAt > previousEnd ? last : null;
      const from = Math.max(previousEnd, cause?.startedAt ?? Number.NEGATIVE_INFINITY);
      this.batches.push({ exchangeId: row.id, cause: cause ? { key: cause.key, occurrence: cause.occurrence } : null, delayMs: Number.isFinite(from) ? Math.max(0, endedAt - from) : 0, origin });
      previousEnd = endedAt;
    }
  }
}
