import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceHistoryDto } from '../../inspector-ui/api/wire-types.ts';
import { createInspectorApp } from '../../inspector-ui/server/index.ts';
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';

// outgoing-chat-json.json: conversation 138 is added in the event batch of exchange 6
// (Connecting) and updated in that of exchange 9 (Connected, two participants).
const recording = new URL('../../recordings/outgoing-chat-json.json', import.meta.url).pathname;
const APP = '/ucwa/oauth/v1/applications/47132b924';
const CONVERSATION = `${APP}/communication/conversations/138`;
const tmp = makeTempDir('ucwa-history-api-');
let store: RecordingStore;
let sessionId: number;
let app: ReturnType<typeof createInspectorApp>;
beforeAll(() => {
  store = RecordingStore.open(tmp.path('ui.db'), { create: true });
  sessionId = store.importSession(readImportFile(recording).session).id;
  app = createInspectorApp({ store });
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

const history = async (query: string): Promise<{ status: number; body: ResourceHistoryDto & { error?: string } }> => {
  const response = await app.request(`/api/sessions/${sessionId}/resources/history?${query}`);
  return { status: response.status, body: (await response.json()) as ResourceHistoryDto & { error?: string } };
};

describe('GET /api/sessions/:id/resources/history', () => {
  it('gives each state of a conversation with what carried it and the diff from the state before', async () => {
    const { status, body } = await history(`href=${encodeURIComponent(CONVERSATION)}`);
    expect(status).toBe(200);
    expect(body.items.map((s) => [s.exchangeId, s.source])).toEqual([
      [6, 'event added'],
      [9, 'event updated'],
    ]);
    const [added, updated] = body.items;
    expect(added?.diff?.sinceExchangeId).toBeNull();
    expect(added?.diff?.added).toContainEqual({ name: 'state', value: 'Connecting' });
    expect(updated?.diff?.sinceExchangeId).toBe(6);
    expect(updated?.diff?.changed).toContainEqual({ name: 'state', from: 'Connecting', to: 'Connected' });
    expect(updated?.diff?.changed).toContainEqual({ name: 'participantCount', from: '1', to: '2' });
    expect(updated?.url).toMatch(/\/events\?ack=2$/);
    expect(body.next).toBeNull();
  });

  it('names a resource that came embedded in another body by the rel it came under', async () => {
    const { body } = await history(`href=${encodeURIComponent(`${APP}/me`)}`);
    expect(body.items[0]).toMatchObject({ exchangeId: 5, method: 'POST', source: 'POST', embeddedIn: 'me' });
    expect(body.items[1]).toMatchObject({ exchangeId: 6, source: 'event updated', embeddedIn: null });
  });

  it('pages with the next cursor, diffing each page against the state before it, and takes an absolute href', async () => {
    const href = encodeURIComponent(`https://lync.contoso.com${CONVERSATION}`);
    const first = await history(`href=${href}&limit=1`);
    expect(first.body.items.map((s) => s.exchangeId)).toEqual([6]);
    expect(first.body.next).not.toBeNull();
    const second = await history(`href=${href}&limit=1&after=${first.body.next}`);
    expect(second.body.items.map((s) => s.exchangeId)).toEqual([9]);
    expect(second.body.items[0]?.diff?.sinceExchangeId).toBe(6);
    expect(second.body.items[0]?.diff?.changed.map((p) => p.name)).toContain('state');
    expect(second.body.next).toBeNull();
  });

  it('answers bad parameters with a 4xx naming the problem', async () => {
    expect(await history('href=')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^href is required/) } });
    expect(await history(`href=${encodeURIComponent(CONVERSATION)}&after=later`)).toMatchObject({ status: 400, body: { error: expect.stringContaining('"later"') } });
    expect(await history(`href=${encodeURIComponent(CONVERSATION)}&limit=1000`)).toMatchObject({ status: 400, body: { error: 'limit must be from 1 to 200, not 1000' } });
    const missing = await app.request(`/api/sessions/999/resources/history?href=x`);
    expect(missing.status).toBe(404);
    expect(await history(`href=${encodeURIComponent(`${CONVERSATION}/nowhere`)}`)).toMatchObject({ status: 200, body: { items: [], next: null } });
  });
});
