/**
 * A recording arranged for replay: the client's requests by key, each with its recorded answers
 * in order, and the event batches in order, each with the request that caused it in the
 * recording (the last request the client made before the batch was delivered).
 */
import { batchBoundaryOf } from '../protocol/batch-messages.ts';
import { decodeHttpMessage } from '../protocol/decode-message.ts';
import { proxyPrefixOf } from '../protocol/proxy-urls.ts';
import type { ExchangeError } from '../protocol/exchange.ts';
import type { RequestSide, ResponseContent } from '../storage/recording-store.ts';
import { operationIdOf } from '../protocol/operation-id.ts';
import { requestKeyAt, type BodyFieldMemo, type KeyOptions, type RequestKey } from './request-key.ts';
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
type CommandTime = { readonly key: string; readonly occurrence: number; readonly startedAt: number };

/** Decodes a response to learn whether it is an event batch: for recordings not derived yet. */
function decodedBatchFacts(row: RequestSide, load: ResponseLoader): BatchFacts | undefined {
  if (row.stage === 'initiated' || row.status !== 200) return undefined;
  const content = load(row.id);
  if (!content) return undefined;
  const decoded = decodeHttpMessage({ side: 'response', body: content.body, headers: content.headers, method: row.method, url: row.url, status: 200 });
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
  /** The recorded 401 responses, whose challenges name token endpoints: read only when a request finds no recording. */
  private readonly challenges: { readonly exchangeId: number; readonly url: string }[] = [];
  /** Whether batches are placed on the monotonic clock (see startOf). */
  private monotonic = false;
  private challengedPaths: Set<string> | null = null;
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

  /**
   * Token endpoints the recorded 401 challenges name: the replay answers them itself when the
   * recording has no token request. Read the first time a request finds no recording, so opening
   * a long recording does not read thousands of challenges.
   */
  get tokenPaths(): ReadonlySet<string> {
    if (this.challengedPaths === null) {
      this.challengedPaths = new Set();
      for (const { exchangeId, url } of this.challenges) {
        const content = this.load(exchangeId);
        const tokenPath = content && tokenPathOf(content, url, this.upstream);
        if (tokenPath) this.challengedPaths.add(tokenPath);
      }
    }
    return this.challengedPaths;
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
   * without it each 200 response is read and decoded here. One pass reads the rows, keeping beside
   * each only its path, query and origin as strings (no URL objects: in a long recording garbage
   * is the main cost); a second keys the commands, a third places the batches.
   */
  constructor(rows: Iterable<RequestSide>, upstream: string | null, private readonly keyOptions: KeyOptions, private readonly load: ResponseLoader, derivedBatches: ReadonlyMap<number, BatchFacts> | null = null) {
    const sides: RequestSide[] = [];
    const paths: string[] = [];
    const searches: string[] = [];
    const origins: string[] = [];
    const facts = new Map<number, BatchFacts>();
    // By the URL's text up to its path: a recording reaches a few servers, and URL's origin getter is slow.
    const servers = new Map<string, { readonly origin: string; readonly prefix: string }>();
    let root: string | null = upstream ? new URL(upstream).origin : null;
    for (const row of rows) {
      if (row.stage === 'initiated') continue;
      const real = new URL(row.url);
      const cut = row.url.indexOf('/', row.url.indexOf('//') + 2);
      const authority = cut < 0 ? null : row.url.slice(0, cut);
      let server = authority === null ? undefined : servers.get(authority);
      if (server === undefined) {
        const origin = real.origin;
        root ??= origin;
        server = { origin, prefix: proxyPrefixOf(origin, root) };
        if (authority !== null) servers.set(authority, server);
      }
      const { origin, prefix } = server;
      // Keyed as the client asks the replay: a path on it, prefixed for hosts other than the upstream.
      const path = `${prefix}${real.pathname}`;
      sides.push(row);
      paths.push(path);
      searches.push(real.search);
      origins.push(origin);
      this.origins.add(origin);
      if (row.status === 401) this.challenges.push({ exchangeId: row.id, url: row.url });
      const batch = derivedBatches ? derivedBatches.get(row.id) : decodedBatchFacts(row, load);
      if (batch === undefined) continue;
      facts.set(row.id, batch);
      this.eventPaths.add(path);
    }
    this.upstream = root ?? 'http://replay.invalid';
    this.monotonic = sides.length > 0 && sides.every((side) => side.startedMonoMs > 0);
    const polls = paths.map((path) => this.eventPaths.has(path));
    const commandTimes = this.indexCommands(sides, paths, searches, origins, polls);
    this.placeBatches(sides, origins, polls, facts, commandTimes);
  }

  /**
   * When a request started, on the recorder's monotonic clock where every row has it: a client's
   * next request can start in the same wall-clock millisecond as the answer it reacts to, and
   * taken for that answer's cause, the replay would hold the answer for a request that follows it.
   */
  private startOf(side: RequestSide): number {
    return this.monotonic ? side.startedMonoMs : side.startedAtMs;
  }

  /** Keys every request that is not an event poll; returns when each was made, in order, with its occurrence of its key. */
  private indexCommands(sides: readonly RequestSide[], paths: readonly string[], searches: readonly string[], origins: readonly string[], polls: readonly boolean[]): CommandTime[] {
    const commandTimes: CommandTime[] = [];
    const occurrences = new Map<string, number>();
    const memo: BodyFieldMemo = new Map();
    for (let i = 0; i < sides.length; i++) {
      if (polls[i]) continue;
      const row = sides[i] as RequestSide;
      const origin = origins[i] as string;
      this.exchangeIds.push(row.id);
      const search = searches[i] as string;
      const key = requestKeyAt(row.method, paths[i] as string, search, row.body, row.contentType ?? undefined, this.keyOptions, memo);
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
        operationId: operationIdOf({ url: search, body: row.body }),
        origin,
      });
      const occurrence = (occurrences.get(key.text) ?? 0) + 1;
      occurrences.set(key.text, occurrence);
      commandTimes.push({ key: key.text, occurrence, startedAt: this.startOf(row) });
    }
    return commandTimes;
  }

  /** The event batches in order, each with the request that caused it and its recorded delay. */
  private placeBatches(sides: readonly RequestSide[], origins: readonly string[], polls: readonly boolean[], facts: ReadonlyMap<number, BatchFacts>, commandTimes: readonly CommandTime[]): void {
    let previousEnd = Number.NEGATIVE_INFINITY;
    let nextCommand = 0;
    for (let i = 0; i < sides.length; i++) {
      const row = sides[i] as RequestSide;
      const batch = facts.get(row.id);
      if (!polls[i] || row.stage !== 'completed' || !batch || batch.eventCount === 0 || batch.resync) continue;
      this.exchangeIds.push(row.id);
      const endedAt = this.startOf(row) + (row.endedMs ?? 0);
      // The server had the batch's events when it began answering; the end can be noted later than
      // the client saw the bytes (a loaded recorder), after requests the batch itself caused.
      const answeredAt = this.startOf(row) + (row.firstByteMs ?? row.endedMs ?? 0);
      // Commands are in start order and polls follow one another: one sweep finds each batch's cause.
      while (nextCommand < commandTimes.length && (commandTimes[nextCommand] as CommandTime).startedAt <= answeredAt) nextCommand++;
      const last = commandTimes[nextCommand - 1];
      const cause = last && last.startedAt > previousEnd ? last : null;
      const from = Math.max(previousEnd, cause?.startedAt ?? Number.NEGATIVE_INFINITY);
      this.batches.push({ exchangeId: row.id, cause: cause ? { key: cause.key, occurrence: cause.occurrence } : null, delayMs: Number.isFinite(from) ? Math.max(0, endedAt - from) : 0, origin: origins[i] as string });
      previousEnd = endedAt;
    }
  }
}
