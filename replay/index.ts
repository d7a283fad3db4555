/**
 * Replay a recording as a UCWA server, for client tests with no server:
 *   import { startReplay } from 'ucwa-inspector/replay';
 *   const replay = await startReplay({ fixture: 'recordings/incoming-chat.json' });
 *   // point the client at replay.url … then:
 *   console.log(replay.report()); await replay.close();
 */
import { choiceOption, httpUrlOption, OptionError, portOption } from '../protocol/option-error.ts';
import { openFixture } from '../storage/fixture/fixture-file.ts';
import { RecordingStore } from '../storage/recording-store.ts';
import type { Pace } from './event-replay.ts';
import { Fallback } from './fallback.ts';
import { RecordingIndex } from './recording-index.ts';
import type { ReplayAnswer, ReplayRequest } from './replay-answer.ts';
import { ReplayResponder, type ExhaustedPolicy, type ReplayReport } from './replay-responder.ts';
import { ReplayServer } from './replay-server.ts';
import { ignoreSet } from './request-key.ts';

export type { ReplayReport, ExhaustedPolicy } from './replay-responder.ts';
export type { ReplayAnswer, ReplayRequest, ReplayResponse } from './replay-answer.ts';
export type { Pace } from './event-replay.ts';
export { DEFAULT_IGNORED } from './request-key.ts';
/** What openReplay and startReplay throw for an option they cannot use (names the option and the value). */
export { OptionError } from '../protocol/option-error.ts';

/** Where the recording comes from. A `store` you pass must stay open until the replay is closed: responses are read from it as they are served. */
export type ReplaySource = { readonly fixture: string } | { readonly db: string; readonly session: string } | { readonly store: RecordingStore; readonly sessionId: number };

/** How the recording is replayed, with or without a port. */
export type OpenReplayOptions = ReplaySource & {
  readonly pace?: Pace;
  readonly policy?: ExhaustedPolicy;
  /** More query parameters and body fields to leave out of matching. */
  readonly ignore?: readonly string[];
  /** Answer event polls with an empty batch after this long instead of the client's `timeout`. */
  readonly pollTimeoutMs?: number;
  /** Longest recorded delay honoured before a batch (default 10 s). */
  readonly maxBatchDelayMs?: number;
  /** Send misses to this server instead of a 404, recording them into a new session of the same file (needs `db` or `store`). */
  readonly fallback?: string;
};

export type ReplayOptions = OpenReplayOptions & {
  readonly port?: number;
  readonly host?: string;
};

/** A replay with no port: call `answer` with the requests your client would send. */
export interface OpenReplay {
  /** The recorded answer to one request, or an event poll held until its batch is due (`until`). */
  answer(request: ReplayRequest): Promise<ReplayAnswer>;
  report(): ReplayReport;
  /** Answers a held poll 503, ends the fallback's recording, closes what the replay opened. */
  close(): Promise<void>;
}

export interface RunningReplay {
  /** The root to point a client at, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  report(): ReplayReport;
  close(): Promise<void>;
}

/** Options a caller can get wrong, checked before anything is opened; throws OptionError naming the option. */
function checkOptions(options: OpenReplayOptions): void {
  if (options.pace !== undefined) choiceOption('pace', options.pace, ['recorded', 'instant']);
  if (options.policy !== undefined) choiceOption('policy', options.policy, ['repeat-last', 'miss']);
  if (options.fallback === undefined) return;
  httpUrlOption('fallback', options.fallback);
  if ('fixture' in options)
    throw new OptionError('fallback', options.fallback, 'records misses into the recording they came from: replay a --db session, not a fixture, to use it');
}

async function openFallback(source: Exclude<ReplaySource, { readonly fixture: string }>, url: string, sessionName: string): Promise<Fallback> {
  const base = httpUrlOption('fallback', url);
  const writable = 'db' in source ? RecordingStore.open(source.db) : source.store;
  const recorder = await writable.startSession({ name: `fallback for ${sessionName}`, mode: 'replay-fallback', upstream: base.origin }, { thread: false });
  return new Fallback(base, recorder, 'db' in source ? () => writable.close() : undefined);
}

/** The recording's store and session; `owned` when the replay opened the store and so closes it. */
function openSource(source: ReplaySource): { store: RecordingStore; sessionId: number; owned: boolean } {
  if ('fixture' in source) return { ...openFixture(source.fixture), owned: true };
  if ('store' in source) return { store: source.store, sessionId: source.sessionId, owned: false };
  const store = RecordingStore.open(source.db, { readOnly: true });
  try {
    return { store, sessionId: store.findSession(source.session).id, owned: true };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * Opens a recording for replay without a server: `answer` holds the whole policy (matching,
 * misses, event polls, token stand-in, served URLs), so a test can call it with no port.
 */
export async function openReplay(options: OpenReplayOptions): Promise<OpenReplay> {
  checkOptions(options);
  const { store, sessionId, owned } = openSource(options);
  let storeClosed = false;
  const closeStore = (): void => {
    if (!owned || storeClosed) return;
    storeClosed = true;
    store.close();
  };
  try {
    const keyOptions = { ignore: ignoreSet(options.ignore ?? []) };
    const session = store.getSessionRecord(sessionId);
    // Responses stay in the recording until served, so the store stays open while the replay runs.
    const index = new RecordingIndex(store.requestSides(sessionId), session?.upstream ?? null, keyOptions, (id) => store.responseContentOf(id), store.eventBatchesOf(sessionId));
    const fallback = options.fallback === undefined || 'fixture' in options ? undefined : await openFallback(options, options.fallback, session?.name ?? String(sessionId));
    const responder = new ReplayResponder({
      index,
      keyOptions,
      pace: options.pace ?? 'recorded',
      policy: options.policy ?? 'repeat-last',
      maxBatchDelayMs: options.maxBatchDelayMs ?? 10_000,
      ...(options.pollTimeoutMs !== undefined ? { pollTimeoutMs: options.pollTimeoutMs } : {}),
      ...(fallback ? { forward: (request) => fallback.forward(request) } : {}),
    });
    let closing: Promise<void> | null = null;
    return {
      answer: (request) => responder.answer(request),
      report: () => responder.report(),
      close: () =>
        (closing ??= (async () => {
          responder.close();
          await fallback?.end();
          closeStore();
        })()),
    };
  } catch (error) {
    closeStore();
    throw error;
  }
}

/** Serves a recording over HTTP on `host:port` (127.0.0.1, a free port by default): the node:http shell around openReplay. */
export async function startReplay(options: ReplayOptions): Promise<RunningReplay> {
  if (options.port !== undefined) portOption('port', options.port);
  const replay = await openReplay(options);
  const server = new ReplayServer((request) => replay.answer(request));
  let origin: string;
  try {
    origin = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  } catch (error) {
    await replay.close();
    throw error;
  }
  return {
    url: `${origin}/`,
    report: () => replay.report(),
    close: async () => {
      await server.close();
      await replay.close();
    },
  };
}
