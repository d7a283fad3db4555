/**
 * The setup every inspector browser suite shares: its own build of the app, a fresh SQLite store
 * the suite fills, and a real inspector server over both; started before the suite, closed after.
 */
import { afterAll, beforeAll } from 'vitest';
import { startInspectorServer, type InspectorServerOptions, type RunningInspector } from '../../inspector-ui/server/start-server.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { buildInspectorApp } from './browser.ts';
import { makeTempDir, type TempDir } from './temp-dir.ts';

export interface InspectorOnStore {
  readonly store: RecordingStore;
  readonly server: RunningInspector;
  readonly tmp: TempDir;
}

/** Call inside the suite's `describe`, after `useBrowserPage`. `fill` imports the suite's sessions. */
export function useInspectorOnStore(
  prefix: string,
  fill: (store: RecordingStore, tmp: TempDir) => void,
  options: Pick<InspectorServerOptions, 'compare'> & { readonly setupTimeoutMs?: number } = {},
): InspectorOnStore {
  const tmp = makeTempDir(prefix);
  let store: RecordingStore | undefined;
  let server: RunningInspector | undefined;
  beforeAll(async () => {
    // Its own build folder: other browser suites build the app at the same time.
    const dist = tmp.path('dist');
    buildInspectorApp(dist);
    store = RecordingStore.open(tmp.path('inspector.db'), { create: true });
    fill(store, tmp);
    server = await startInspectorServer({ store, distDir: `${dist}/`, ...(options.compare ? { compare: options.compare } : {}) });
  }, options.setupTimeoutMs ?? 120_000);
  afterAll(async () => {
    await server?.close();
    store?.close();
    tmp.cleanup();
  });
  return {
    tmp,
    get store(): RecordingStore {
      if (!store) throw new Error('the inspector suite has not started yet');
      return store;
    },
    get server(): RunningInspector {
      if (!server) throw new Error('the inspector suite has not started yet');
      return server;
    },
  };
}
