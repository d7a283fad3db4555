import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInspectorApp } from '../../inspector-ui/server/index.ts';
import type { ExchangeDetailDto, ExchangePageDto, SessionDto } from '../../inspector-ui/api/wire-types.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { apiJson } from '../support/inspector-api.ts';
import { recordScenario } from '../support/record-scenario.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-ui-api-');
let store: RecordingStore;
let sessionId: number;
let app: ReturnType<typeof createInspectorApp>;
beforeAll(async () => {
  store = RecordingStore.open(tmp.path('ui.db'), { create: true });
  ({ sessionId } = await recordScenario(store, 'incoming-chat', { caDir: tmp.path('ca') }));
  app = createInspectorApp({ store });
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

const json = <T>(path: string) => apiJson<T>(app, path);

describe('the inspector API', () => {
  it('lists sessions with their counts', async () => {
    const { status, body } = await json<SessionDto[]>('/api/sessions');
    expect(status).toBe(200);
    expect(body[0]).toMatchObject({ id: sessionId, mode: 'reverse', conversationCount: 1 });
    expect(body[0]?.eventCount).toBeGreaterThan(10);
  });

  it('pages exchanges with the filter language, both ways', async () => {
    const all = await json<ExchangePageDto>(`/api/sessions/${sessionId}/exchanges?limit=500`);
    expect(all.body.items.length).toBeGreaterThan(10);
    const posts = await json<ExchangePageDto>(`/api/sessions/${sessionId}/exchanges?q=${encodeURIComponent('method:POST')}`);
    expect(posts.body.items.every((x) => x.method === 'POST')).toBe(true);
    const text = await json<ExchangePageDto>(`/api/sessions/${sessionId}/exchanges?q=${encodeURIComponent('"release notes"')}`);
    expect(text.body.items.length).toBeGreaterThan(0);
    const first = await json<ExchangePageDto>(`/api/sessions/${sessionId}/exchanges?limit=3`);
    expect(first.body.hasAfter).toBe(true);
    const next = await json<ExchangePageDto>(`/api/sessions/${sessionId}/exchanges?limit=3&after=${first.body.items.at(-1)?.id}`);
    expect(next.body.items[0]?.seq).toBe((first.body.items.at(-1)?.seq ?? 0) + 1);
    const back = await json<ExchangePageDto>(`/api/sessions/${sessionId}/exchanges?limit=3&before=${next.body.items[0]?.id}`);
    expect(back.body.items.map((x) => x.id)).toEqual(first.body.items.map((x) => x.id));
  });

  it('shows one exchange raw, pretty and decoded, with its events and a curl command', async () => {
    const polls = await json<ExchangePageDto>(`/api/sessions/${sessionId}/exchanges?q=${encodeURIComponent('href:/events')}&limit=50`);
    const withEvents = polls.body.items.find((x) => (x.eventCount ?? 0) > 0 && x.status === 200);
    const { body } = await json<ExchangeDetailDto>(`/api/exchanges/${withEvents?.id}`);
    // The list's count is the batch's own: what the detail then shows.
    expect(body.events.length).toBe(withEvents?.eventCount);
    expect(body.response?.pretty).toMatch(/\n {2}"_links"/);
    expect((body.response?.decoded as { kind: string }).kind).toBe('events');
    expect(body.curl).toMatch(/^curl -X GET 'http:\/\/127\.0\.0\.1:\d+\/ucwa\/oauth\/v1\/applications\/.*\/events\?ack=\d+' -H /);
  });

  it('serves timelines, the state at a moment, and exports', async () => {
    const timeline = await json<{ conversations: { messages: { text: string }[] }[] }>(`/api/sessions/${sessionId}/timeline`);
    expect(timeline.body.conversations[0]?.messages.map((m) => m.text)).toContain('Can you review the release notes today?');
    const early = await json<{ conversations: unknown[] }>(`/api/sessions/${sessionId}/timeline?atMs=1`);
    expect(early.body.conversations).toEqual([]);
    const fixture = await app.request(`/api/sessions/${sessionId}/export?format=fixture`);
    expect(fixture.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.json"/);
    expect(((await fixture.json()) as { format: string }).format).toBe('ucwa-inspector-fixture');
    const har = await app.request(`/api/sessions/${sessionId}/export?format=har`);
    expect(((await har.json()) as { log: { version: string } }).log.version).toBe('1.2');
  });

  it('answers bad requests with a 4xx JSON error naming the problem', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/sessions/999', 404, /no session 999/],
      ['/api/sessions/abc/exchanges', 400, /session id must be a whole number, not "abc"/],
      [`/api/sessions/${sessionId}/exchanges?q=status:teapot`, 400, /filter: status: takes 409, 4xx or 400-499/],
      [`/api/sessions/${sessionId}/exchanges?limit=100000`, 400, /limit must be from 1 to 500/],
      [`/api/sessions/${sessionId}/exchanges?after=1&before=2`, 400, /after or before, not both/],
      ['/api/exchanges/999999', 404, /no exchange 999999/],
      [`/api/sessions/${sessionId}/export?format=pcap`, 400, /format must be fixture or har/],
      ['/api/nothing', 404, /no such API path/],
    ];
    for (const [path, status, message] of cases) {
      const result = await json<{ error: string }>(path);
      expect({ path, status: result.status }).toEqual({ path, status });
      expect(result.body.error).toMatch(message);
    }
  });
});
