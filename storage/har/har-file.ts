/** HAR on disk: a stored session as HAR text. */
import type { RecordingStore } from '../recording-store.ts';
import { StorageError } from '../storage-error.ts';
import { renderHar } from './write-har.ts';

export function exportHar(store: RecordingStore, sessionId: number, creatorVersion: string): string {
  const session = store.getSessionRecord(sessionId);
  if (!session) throw new StorageError('session-not-found', `${store.path} has no session ${sessionId}.`);
  return renderHar({ session, exchanges: store.iterateExchanges(sessionId), creatorVersion });
}
