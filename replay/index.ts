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
import { ignoreSet } from './request-key.ts';
import { ReplayServer, type ExhaustedPolicy, type ReplayReport } from './replay-server.ts';

export type { ReplayReport, ExhaustedPolicy } from './replay-server.ts';
export type { Pace } from './event-replay.ts';
export { DEFAULT_IGNORED } from './request-key.ts';
/** What startReplay throws for an option it cannot use (names the option and the value). */
export { OptionError } from '../protocol/option-error.ts';

/** Where the recording comes from. A `store` you pass must stay open until the replay is closed: responses are read from it as they are served. */
export type ReplaySource = { readonly fixture: string } | { readonly db: string; readonly session: string } | { readonly store: RecordingStore; readonly sessionId: number };

export type ReplayOptions = ReplaySource & {
  readonly port?: number;
  readonly host?: string;
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

export interface RunningReplay {
  /** The root to point a client at, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  report(): ReplayReport;
  close(): Promise<void>;
}

/** Options a caller can get wrong, checked before anything is opened; throws OptionError naming the option. */
function checkOptions(options: ReplayOptions): void {
  if (options.port !== undefined) portOption('port', options.port);
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

export async function startReplay(options: ReplayOptions): Promise<RunningReplay> {
  let store: RecordingStore;
  let sessionId: number;
  let ownsStore = true;
  checkOptions(options);
  if ('fixture' in options) ({ store, sessionId } = openFixture(options.fixture));
  else if ('db' in options) {
    store = RecordingStore.open(options.db, { readOnly: true });
    try {
      sessionId = store.findSession(options.session).id;
    } catch (error) {
      store.close();
      throw error;
    }
  } else {
    ({ store, sessionId } = options);
    ownsStore = false;
  }
  const keyOptions = { ignore: ignoreSet(options.ignore ?? []) };
  const session = store.getSessionRecord(sessionId);
  let storeClosed = false;
  const closeStore = (): void => {
    if (!ownsStore || storeClosed) return;
    storeClosed = true;
    store.close();
  };
  try {
    // Responses stay in the recording until served, so the store stays open while the replay runs.
    const index = new RecordingIndex(store.requestSides(sessionId), session?.upstream ?? null, keyOptions, (id) => store.responseContentOf(id), store.eventBatchesOf(sessionId));
    const fallback = options.fallback === undefined || 'fixture' in options ? undefined : await openFallback(options, options.fallback, session?.name ?? String(sessionId));
    const server = new ReplayServer({ index, keyOptions, pace: options.pace ?? 'recorded', policy: options.policy ?? 'repeat-last', maxBatchDelayMs: options.maxBatchDelayMs ?? 10_000, ...(options.pollTimeoutMs !== undefined ? { pollTimeoutMs: options.pollTimeoutMs } : {}), ...(fallback ? { fallback } : {}) });
    const origin = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
    return {
      url: `${origin}/`,
      report: () => server.report(),
      close: async () => {
        await server.close();
        closeStore();
      },
    };
  } catch (error) {
    closeStore();
    throw error;
  }
}
