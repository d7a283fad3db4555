import { afterAll, describe, expect, it } from 'vitest';
import type { ExchangeDetailDto, ExchangePageDto } from '../../inspector-ui/api/wire-types.ts';
import { startInspectorServer } from '../../inspector-ui/server/index.ts';
import { renderTimelineText } from '../../protocol/timeline/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { runCli } from '../support/cli-process.ts';
import { HabitClient } from '../support/habit-clients/habit-client.ts';
import { againstReplay, onSimulator, throughRecord, type Drive } from '../support/habit-clients/habit-targets.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-habit-storms-');
const caDir = tmp.path('ca');
const stores: RecordingStore[] = [];
afterAll(() => {
  for (const store of stores) store.close();
  tmp.cleanup();
});

function openStore(name: string): { store: RecordingStore; path: string } {
  const path = tmp.path(`${name}.db`);
  const store = RecordingStore.open(path, { create: true });
  stores.push(store);
  return { store, path };
}

const WORKERS = 4;
const ROUNDS = 50;
const USERS = ['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com', 'alice@contoso.com'];

/** Four such clients at once, each retrying its deleted application ROUNDS times; then the server (or proxy) must still answer discovery. */
const storm: Drive<{ notFound: number; rootAfter: number }> = async (client, start) => {
  const clients = USERS.slice(0, WORKERS).map(() => new HabitClient({}, client.transport));
  const counts = await Promise.all(clients.map((c, i) => c.retryEvery404(start, USERS[i] as string, ROUNDS)));
  const rootAfter = (await client.send('GET', start)).status;
  return { notFound: counts.reduce((a, b) => a + b, 0), rootAfter };
};

describe('a client that re-authenticates and retries every 404 without limit', () => {
  it('is answered by simulate, recorded whole in both modes with the proxy still answering after, and replayed with no misses', async () => {
    const { store } = openStore('storm');
    const direct = await onSimulator({}, storm);
    expect(direct.result).toEqual({ notFound: WORKERS * ROUNDS, rootAfter: 200 });
    for (const mode of ['reverse', 'forward'] as const) {
      const recorded = await throughRecord(mode, store, caDir, {}, storm);
      expect({ mode, result: recorded.result }).toEqual({ mode, result: { notFound: WORKERS * ROUNDS, rootAfter: 200 } });
      expect(recorded.sent.length).toBeGreaterThan(600);
      const exchanges = [...store.iterateExchanges(recorded.sessionId)].map(({ exchange }) => exchange);
      // Every request recorded, each with its answer.
      expect({ mode, recorded: exchanges.length }).toEqual({ mode, recorded: recorded.sent.length });
      expect(exchanges.filter((x) => x.stage !== 'completed')).toEqual([]);
      expect(store.getSession(recorded.sessionId)).toMatchObject({ errorCount: 0 });
      const statuses = new Map<number, number>();
      for (const x of exchanges) if (x.stage === 'completed') statuses.set(x.response.status, (statuses.get(x.response.status) ?? 0) + 1);
      expect(statuses.get(404)).toBe(WORKERS * ROUNDS);
      const replayed = await againstReplay(store, recorded.sessionId, {}, storm);
      expect({ mode, result: replayed.result, missed: replayed.report.missed }).toEqual({ mode, result: { notFound: WORKERS * ROUNDS, rootAfter: 200 }, missed: [] });
    }
  });
});

describe('a client that sends one request around the forward proxy', () => {
  it('leaves a session whose event polls name an application it never saw created, and the inspector and timeline say so', async () => {
    const { store, path } = openStore('around');
    const recorded = await throughRecord('forward', store, caDir, { createAroundProxy: true }, (client, start) => client.chatWithEcho(start));
    expect(recorded.result.heard).toBe(recorded.result.sent);
    const around = recorded.sent.filter((r) => !r.viaProxy);
    expect(around.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['POST /ucwa/oauth/v1/applications']);
    const exchanges = [...store.iterateExchanges(recorded.sessionId)].map(({ exchange }) => exchange);
    expect(exchanges).toHaveLength(recorded.sent.length - 1);
    expect(exchanges.some((x) => x.request.url.includes('/events?ack='))).toBe(true);

    const timeline = sessionTimeline(store, recorded.sessionId);
    expect(timeline.conversations.flatMap((c) => c.messages).map((m) => m.text)).toEqual([recorded.result.sent, recorded.result.sent]);
    const text = renderTimelineText(timeline);
    expect(text).toContain('events for an application whose creation was not recorded');

    const ui = await startInspectorServer({ store, port: 0, host: '127.0.0.1' });
    try {
      const page = (await (await fetch(new URL(`/api/sessions/${recorded.sessionId}/exchanges?limit=500`, ui.url))).json()) as ExchangePageDto;
      expect(page.items).toHaveLength(exchanges.length);
      for (const item of page.items) {
        const detail = await fetch(new URL(`/api/exchanges/${item.id}`, ui.url));
        expect({ id: item.id, status: detail.status }).toEqual({ id: item.id, status: 200 });
        (await detail.json()) as ExchangeDetailDto;
      }
      const served = await fetch(new URL(`/api/sessions/${recorded.sessionId}/timeline`, ui.url));
      expect(served.status).toBe(200);
      expect(await served.text()).toContain('events for an application whose creation was not recorded');
    } finally {
      await ui.close();
    }
    const cli = await runCli(['timeline', '--db', path, '--session', String(recorded.sessionId)]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('events for an application whose creation was not recorded');
  });
});
