/**
 * A recording with sessions that drift, for the inspector's compare view: outgoing-chat-json as
 * recorded (A), a copy with a refused invitation, a changed body, a changed event and a slow
 * makeMeAvailable (B), and the recording again unchanged (C, no drift from A).
 */
import { readImportFile } from '../../storage/import/read-import-file.ts';
import type { RecordingStore } from '../../storage/recording-store.ts';
import { editResponseJson, exchangeAt, readFixtureJson, writeFixtureJson } from './edit-fixture.ts';

export const DRIFT_RECORDING = new URL('../../recordings/outgoing-chat-json.json', import.meta.url).pathname;

export interface DriftedSessions {
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

/** Imports the three sessions into `store`; `editedPath` is where B's fixture file is written. */
export function importDriftedSessions(store: RecordingStore, editedPath: string): DriftedSessions {
  const edited = readFixtureJson(DRIFT_RECORDING);
  // seq 7 is POST messagingInvitations, 4 POST applications, 9 the batch completing the message, 6 makeMeAvailable.
  const invitation = exchangeAt(edited, 7).response;
  if (invitation) Object.assign(invitation, { status: 403, statusText: 'Forbidden' });
  editResponseJson(edited, 4, (app) => {
    app['culture'] = 'fr-FR';
    delete app['type'];
  });
  editResponseJson(edited, 9, (batch) => {
    const sender = (batch['sender'] as { events: unknown[] }[])[0];
    if (sender) sender.events = [{ link: { rel: 'participant', href: '/ucwa/oauth/v1/applications/47132b924/communication/conversations/138/participants/140' }, in: { rel: 'typingParticipants', href: '/ucwa/oauth/v1/applications/47132b924/communication/conversations/138/typingParticipants' }, type: 'added' }];
  });
  Object.assign(exchangeAt(edited, 6).timings, { firstByteMs: 599, endedMs: 600 });
  const a = store.importSession(readImportFile(DRIFT_RECORDING).session).id;
  const b = store.importSession(readImportFile(writeFixtureJson(editedPath, edited)).session).id;
  const c = store.importSession(readImportFile(DRIFT_RECORDING).session).id;
  return { a, b, c };
}
