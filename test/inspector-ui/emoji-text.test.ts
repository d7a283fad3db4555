import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeWindowDto } from '../../inspector-ui/api/wire-types.ts';
import { createInspectorApp } from '../../inspector-ui/server/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { apiJson } from '../support/inspector-api.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-ui-emoji-');
let store: RecordingStore;
let sessionId: number;
// The list clips a message to 40 characters; this one's emoji sits where the cut falls.
const TEXT = `${'a'.repeat(38)}\u{1F600} and the rest of the message`;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

beforeAll(async () => {
  store = RecordingStore.open(tmp.path('ui.db'), { create: true });
  const recorder = await store.startSession({ name: 'emoji', mode: 'reverse' }, { thread: false });
  for (const exchange of makeConversationTraffic({ app: 700, conversation: 42, startedAtMs: 1_700_000_000_000, incomingText: TEXT })) recorder.record(exchange);
  await recorder.end();
  sessionId = recorder.sessionId;
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe('messages with emoji in the exchange list', () => {
  it('clips a row summary before an emoji rather than through it', async () => {
    const app = createInspectorApp({ store });
    const { body } = await apiJson<ExchangeWindowDto>(app, `/api/sessions/${sessionId}/window?limit=100`);
    const summary = body.items.map((x) => x.summary).find((s) => s.includes("message '"));
    expect(summary).toContain(`message '${'a'.repeat(38)}…'`);
    expect(summary).not.toMatch(LONE_SURROGATE);
  });
});
