/** HAR on disk: a stored session as HAR text. */
import type { RecordingStore } from '../recording-store.ts';
import { pseudonymizedRows } from '../export/pseudonymizer.ts';
import type { ExportOptions } from '../fixture/fixture-file.ts';
import { StorageError } from '../storage-error.ts';
import { renderHar } from './write-har.ts';

export function exportHar(store: RecordingStore, sessionId: number, creatorVersion: string, options: ExportOptions = {}): string {
  const session = store.getSessionRecord(sessionId);
  if (!session) throw new StorageError('session-not-found', `${store.path} has no session ${sessionId}.`);
  const exchanges = options.pseudonymize ? pseudonymizedRows(() => store.iterateExchanges(sessionId)) : store.iterateExchanges(sessionId);
  return renderHar({ session, exchanges, creatorVersion });
}
