import { statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('the modes of a new recording file', () => {
  it('creates the database, its -wal and its -shm readable and writable by their owner only', async () => {
    const path = tmp.path('private.db');
    const store = RecordingStore.open(path, { create: true });
    const recorder = await store.startSession({ name: 'private', mode: 'reverse' });
    for (const exchange of makeConversationTraffic({ app: 1 })) recorder.record(exchange);
    await recorder.flush();
    expect(modeOf(path)).toBe(0o600);
    expect(modeOf(`${path}-wal`)).toBe(0o600);
    expect(modeOf(`${path}-shm`)).toBe(0o600);
    await recorder.end();
    store.close();
  });

  it('says which file it could not create, and what to check, when its folder is missing', () => {
    const path = tmp.path('no-such-folder/x.db');
    expect(() => RecordingStore.open(path, { create: true })).toThrow(`${path} cannot be created`);
  });
});
