/**
 * Where a side of a comparison comes from: a session of a recording (`--db FILE --session ID`),
 * or any file `import` reads (fixture, HAR, Fiddler archive, event log) in a store of its own in memory.
 */
import { basename } from 'node:path';
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { StorageError } from '../../storage/storage-error.ts';
import type { KeyOptions } from '../request-key.ts';
import { loadDriftSide, type DriftSide } from './drift-side.ts';

export type DriftSource = { readonly file: string } | { readonly db: string; readonly session: string } | { readonly store: RecordingStore; readonly sessionId: number; readonly label: string };

export interface OpenedSide {
  readonly side: DriftSide;
  close(): void;
}

export function describeSource(source: DriftSource): string {
  if ('file' in source) return basename(source.file);
  if ('db' in source) return `${basename(source.db)} session ${source.session}`;
  return source.label;
}

/** Opens a side, reads it and keeps the store open for reading response bodies until `close`. */
export function openDriftSide(source: DriftSource, keyOptions: KeyOptions): OpenedSide {
  const label = describeSource(source);
  if ('store' in source) return { side: loadDriftSide(source.store, source.sessionId, label, keyOptions), close: () => {} };
  let store: RecordingStore;
  let sessionId: number;
  if ('file' in source) {
    const { session } = readImportFile(source.file);
    store = RecordingStore.open(':memory:', { create: true });
    try {
      sessionId = store.importSession(session).id;
    } catch (error) {
      store.close();
      throw error;
    }
  } else {
    store = RecordingStore.open(source.db, { readOnly: true });
    try {
      sessionId = store.findSession(source.session).id;
      if (store.eventBatchesOf(sessionId) === null) throw new StorageError('io', `${source.db} session ${source.session} is not fully indexed yet; run \`ucwa-inspector reindex --db ${source.db}\` (or wait for its recording to finish), then compare again.`);
    } catch (error) {
      store.close();
      throw error;
    }
  }
  try {
    return { side: loadDriftSide(store, sessionId, label, keyOptions), close: () => store.close() };
  } catch (error) {
    store.close();
    throw error;
  }
}
