import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationPageDto, ConversationTimelineDto, ExchangeDetailDto, ExchangeWindowDto, PositionDto } from '../../inspector-ui/api/wire-types.ts';
import { createInspectorApp } from '../../inspector-ui/server/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { apiJson } from '../support/inspector-api.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-ui-list-api-');
let store: RecordingStore;
let sessionId: number;
let app: ReturnType<typeof createInspectorApp>;
// Three applications, each with its own conversation (137, 138, 139); the first two also share a short id with nothing.
beforeAll(async () => {
  store = RecordingStore.open(tmp.path('ui.db'), { create: true });
  const recorder = await store.startSession({ name: 'three chats', mode: 'reverse' }, { thread: false });
  for (let i = 0; i < 3; i++) for (const exchange of makeConversationTraffic({ app: 500 + i, conversation: 137 + i, startedAtMs: 1_700_000_000_000 + i * 60_000, incomingText: `Hi Alice, got a minute? (${i})` })) recorder.record(exchange);
  await recorder.end();
  sessionId = recorder.sessionId;
  app = createInspectorApp({ store });
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

const json = <T>(path: string) => apiJson<T>(app, path);

describe('the exchange list by position', () => {
  it('returns the rows at any offset with the total of the session', async () => {
    const all = store.countExchanges(sessionId);
    const { body } = await json<ExchangeWindowDto>(`/api/sessions/${sessionId}/window?offset=${all - 5}&limit=100`);
    expect(body.total).toBe(all);
    expect(body.items.map((x) => x.seq)).toEqual([all - 5, all - 4, all - 3, all - 2, all - 1]);
  });

  it('counts and places filtered rows', async () => {
    const { body } = await json<ExchangeWindowDto>(`/api/sessions/${sessionId}/window?q=${encodeURIComponent('method:POST')}&offset=2&limit=3`);
    expect(body.items.every((x) => x.method === 'POST')).toBe(true);
    const first = await json<ExchangeWindowDto>(`/api/sessions/${sessionId}/window?q=${encodeURIComponent('method:POST')}&limit=500`);
    expect(body.total).toBe(first.body.items.length);
    expect(body.items.map((x) => x.id)).toEqual(first.body.items.slice(2, 5).map((x) => x.id));
    const target = first.body.items[7];
    const at = await json<PositionDto>(`/api/sessions/${sessionId}/position?q=${encodeURIComponent('method:POST')}&exchange=${target?.id}`);
    expect(at.body.position).toBe(7);
    const get = first.body.items.length > 0 ? await json<PositionDto>(`/api/sessions/${sessionId}/position?q=${encodeURIComponent('method:GET')}&exchange=${target?.id}`) : null;
    expect(get?.body.position).toBeNull();
  });

  it('finds where a moment falls: the first exchange started at or after it', async () => {
    const second = await json<PositionDto>(`/api/sessions/${sessionId}/position?atMs=${1_700_000_060_000}`);
    const rows = await json<ExchangeWindowDto>(`/api/sessions/${sessionId}/window?offset=${second.body.position}&limit=1`);
    expect(rows.body.items[0]?.startedAtMs).toBeGreaterThanOrEqual(1_700_000_060_000);
    const before = await json<ExchangeWindowDto>(`/api/sessions/${sessionId}/window?offset=${(second.body.position ?? 1) - 1}&limit=1`);
    expect(before.body.items[0]?.startedAtMs).toBeLessThan(1_700_000_060_000);
    // The proxy stamps times to the sub-millisecond: a moment copied from a row is a fraction, and welcome.
    const fractional = await json<PositionDto>(`/api/sessions/${sessionId}/position?atMs=${1_700_000_059_999.25}`);
    expect(fractional.body.position).toBe(second.body.position);
    expect((await app.request(`/api/sessions/${sessionId}/position?atMs=soon`)).status).toBe(400);
  });
});

describe('the filter language on the server', () => {
  it('finds a conversation by the short id the list shows', async () => {
    const { status, body } = await json<ExchangeWindowDto>(`/api/sessions/${sessionId}/window?q=conv:138&limit=100`);
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(3);
    expect(body.items.every((x) => x.url.includes('/applications/501/'))).toBe(true);
    expect((await json<ExchangeWindowDto>(`/api/sessions/${sessionId}/window?q=conv:999`)).body.total).toBe(0);
  });

  it('refuses an unknown field instead of searching for it as text', async () => {
    const { status, body } = await json<{ error: string }>(`/api/sessions/${sessionId}/window?q=foo:bar`);
    expect(status).toBe(400);
    expect(body.error).toMatch(/"foo:" is not a filter field; use method: status: .* or put "foo:bar" in quotes/);
  });
});

describe('rows that say what happened', () => {
  it('summarizes event polls by their events and actions by their target', async () => {
    const { body } = await json<ExchangeWindowDto>(`/api/sessions/${sessionId}/window?limit=20`);
    const summaries = body.items.map((x) => x.summary);
    expect(summaries).toContain("messaging updated · participant added · participantMessaging added · message 'Hi Alice, got a minute? (0)' · messagingInvitation completed (Success)");
    expect(summaries).toContain('sendMessage on conversation 137 → created');
    expect(summaries).toContain('UCWA error Conflict/AlreadyExists');
    expect(body.items.find((x) => x.rel === 'sendMessage')?.where).toBe('communication/conversations/137/messaging/sendMessage?operationId=7f3a');
  });
});

describe('conversations and their timelines', () => {
  it('lists the conversations with their span and counts, and draws one alone', async () => {
    const { body } = await json<ConversationPageDto>(`/api/sessions/${sessionId}/conversations`);
    expect(body.total).toBe(3);
    const second = body.items[1];
    expect(second).toMatchObject({ shortId: '138', exchangeCount: 9 });
    expect(second?.firstAtMs).toBeLessThan(second?.lastAtMs ?? 0);
    const timeline = await json<ConversationTimelineDto>(`/api/sessions/${sessionId}/conversations/${second?.id}/timeline`);
    const [conversation] = timeline.body.timelines as { messages: { text: string }[] }[];
    expect(conversation?.messages.map((m) => m.text)).toEqual(['Hi Alice, got a minute? (1)', 'Yes, give me five minutes.']);
    const early = await json<ConversationTimelineDto>(`/api/sessions/${sessionId}/conversations/${second?.id}/timeline?atMs=${second?.firstAtMs}`);
    expect((early.body.timelines as { messages: unknown[] }[])[0]?.messages ?? []).toEqual([]);
  });
});

describe('an event shows how its resource changed', () => {
  it('compares an embedded resource with the state of its href seen earlier', async () => {
    const polls = await json<ExchangeWindowDto>(`/api/sessions/${sessionId}/window?q=${encodeURIComponent('href:/events')}&limit=10`);
    const withMessage = polls.body.items.find((x) => x.summary.includes('message '));
    const { body } = await json<ExchangeDetailDto>(`/api/exchanges/${withMessage?.id}`);
    const messaging = body.events.find((e) => e.linkRel === 'messaging');
    expect(messaging?.changes?.[0]).toMatchObject({ sinceExchangeId: null, added: expect.arrayContaining([{ name: 'state', value: 'Connecting' }]) });
    expect(messaging?.changes?.[0]?.linksAdded.map((l) => l.rel)).toContain('sendMessage');
  });
});

describe('the reference at hand', () => {
  it("shows the catalogue entry of a response's rel, marking what the body had", async () => {
    const rows = await json<ExchangeWindowDto>(`/api/sessions/${sessionId}/window?q=${encodeURIComponent('rel:conversation method:GET')}&limit=5`);
    const get = rows.body.items.find((x) => x.rel === 'conversation');
    const { body } = await json<ExchangeDetailDto>(`/api/exchanges/${get?.id}`);
    expect(body.reference?.rel).toBe('conversation');
    expect(body.reference?.pages.length).toBeGreaterThan(0);
    expect(body.reference?.properties).toEqual(expect.arrayContaining([{ name: 'subject', present: true }]));
    expect(body.reference?.links.some((l) => l.name === 'participants')).toBe(true);
  });
});
