import { afterAll, describe, expect, it } from 'vitest';
import { RecordingStore } from '../../storage/recording-store.ts';
import { HOST, makeConversationTraffic } from '../support/ucwa-traffic.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/** A live viewer's question: how many recorded exchanges are derived (decoded, indexed) yet? */
function derivedCount(reader: RecordingStore, sessionId: number): number {
  const session = reader.getSession(sessionId);
  return session ? session.exchangeCount - session.pendingCount - session.underivedCount : 0;
}

describe('derivation while a recording goes on (writer thread)', () => {
  it('derives exchanges while traffic keeps arriving at a modest rate, and everything once it stops', async () => {
    const path = tmp.path('live.db');
    const store = RecordingStore.open(path, { create: true });
    const recorder = await store.startSession({ name: 'live', mode: 'reverse', upstream: HOST });
    const reader = RecordingStore.open(path, { readOnly: true });
    const traffic = makeConversationTraffic();
    let recorded = 0;
    let derivedWhileRecording = 0;
    // An exchange every 10 ms or so, a busy client's pace; the writer never sees the traffic stop.
    while (derivedWhileRecording === 0 && recorded < 3000) {
      recorder.onResponse(traffic[recorded % traffic.length] as Parameters<typeof recorder.onResponse>[0]);
      recorded++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (recorded % 10 === 0) derivedWhileRecording = derivedCount(reader, recorder.sessionId);
    }
    expect(derivedWhileRecording, `no exchange was derived while ${recorded} were recorded`).toBeGreaterThan(0);

    await recorder.whenDerived();
    expect(reader.getSession(recorder.sessionId)).toMatchObject({ exchangeCount: recorded, underivedCount: 0 });
    expect(derivedCount(reader, recorder.sessionId)).toBe(recorded);
    await recorder.end();
    reader.close();
    store.close();
  });
});
