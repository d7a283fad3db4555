/** HAR on disk, and reading an import file of either kind (fixture or HAR), told apart by content. */
import { basename } from 'node:path';
import type { ImportedSession, RecordingStore } from '../recording-store.ts';
import { StorageError } from '../storage-error.ts';
import { readTextFile } from '../fixture/fixture-file.ts';
import { looksLikeFixture, parseFixture } from '../fixture/read-fixture.ts';
import { parseHar } from './read-har.ts';
import { renderHar } from './write-har.ts';

export function exportHar(store: RecordingStore, sessionId: number, creatorVersion: string): string {
  const session = store.getSessionRecord(sessionId);
  if (!session) throw new StorageError('session-not-found', `${store.path} has no session ${sessionId}.`);
  return renderHar({ session, exchanges: store.iterateExchanges(sessionId), creatorVersion });
}

export type ImportFormat = 'fixture' | 'har';

/** Reads a fixture or a HAR file (whichever it is) into a session to import. */
export function readImportFile(path: string): { format: ImportFormat; session: ImportedSession } {
  const text = readTextFile(path, 'fixture or HAR file');
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new StorageError('bad-import', `${path} is neither a fixture nor a HAR file: it is not valid JSON (${(error as Error).message}).`);
  }
  if (looksLikeFixture(root)) return { format: 'fixture', session: parseFixture(text, path) };
  if (typeof root === 'object' && root !== null && 'log' in root) return { format: 'har', session: parseHar(text, path, basename(path).replace(/\.har$|\.json$/i, '')) };
  throw new StorageError('bad-import', `${path} is neither a fixture (no "format": "ucwa-inspector-fixture") nor a HAR file (no "log"). Export one with \`ucwa-inspector export\` or from your browser's network panel.`);
}
