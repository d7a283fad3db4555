import { afterAll, describe, expect, it } from 'vitest';
import { renderTimelineText } from '../../protocol/timeline/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import type { ChatOutcome, HabitClient, Habits } from '../support/habit-clients/habit-client.ts';
import { againstReplay, freePort, onSimulator, throughRecord, type RecordedRun } from '../support/habit-clients/habit-targets.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-habits-');
const caDir = tmp.path('ca');
const stores: RecordingStore[] = [];
afterAll(() => {
  for (const store of stores) store.close();
  tmp.cleanup();
});

function openStore(name: string): RecordingStore {
  const store = RecordingStore.open(tmp.path(`${name}.db`), { create: true });
  stores.push(store);
  return store;
}

const chat = (client: HabitClient, start: string) => client.chatWithEcho(start);

function expectChatted(outcome: ChatOutcome, where: string): void {
  expect({ where, heard: outcome.heard, echo: outcome.echoContact }).toEqual({ where, heard: outcome.sent, echo: 'sip:echo@contoso.com' });
  expect(outcome.sent).not.toBe('');
  expect(outcome.operationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
}

/** Every exchange of a recording, in order, as `METHOD url status`. */
function recordedLines(store: RecordingStore, sessionId: number): string[] {
  return [...store.iterateExchanges(sessionId)].map(({ exchange }) => `${exchange.request.method} ${exchange.request.url} ${exchange.stage === 'completed' ? exchange.response.status : exchange.stage}`);
}

/** The client chats on the simulator, through record in both modes, and against a replay of each recording with no misses. */
async function everywhere(name: string, habits: Habits): Promise<{ reverse: RecordedRun<ChatOutcome>; forward: RecordedRun<ChatOutcome>; store: RecordingStore }> {
  const store = openStore(name);
  expectChatted((await onSimulator(habits, chat)).result, 'simulate');
  const reverse = await throughRecord('reverse', store, caDir, habits, chat);
  expectChatted(reverse.result, 'record --upstream');
  const proxyOrigin = new URL(reverse.start).origin;
  expect(reverse.sent.filter((r) => !r.url.startsWith(`${proxyOrigin}/`))).toEqual([]);
  expect(recordedLines(store, reverse.sessionId)).toHaveLength(reverse.sent.length);
  const forward = await throughRecord('forward', store, caDir, habits, chat);
  expectChatted(forward.result, 'record (forward)');
  expect(recordedLines(store, forward.sessionId)).toHaveLength(forward.sent.filter((r) => r.viaProxy).length);
  for (const [mode, recorded] of [['reverse', reverse], ['forward', forward]] as const) {
    const replayed = await againstReplay(store, recorded.sessionId, habits, chat);
    expectChatted(replayed.result, `replay of the ${mode} recording`);
    expect({ mode, missed: replayed.report.missed }).toEqual({ mode, missed: [] });
  }
  return { reverse, forward, store };
}

describe("real clients' habits against simulate, record (reverse and forward) and replay", () => {
  it('chats with no Accept header and a Content-Type on every GET', async () => {
    await everywhere('no-accept', { accept: 'none', contentTypeOnGet: true });
  });

  it('chats with Accept */* and plain application/json', async () => {
    await everywhere('any-accept', { accept: 'any', contentTypeOnGet: true });
  });

  it('chats with timeout=180 on every event poll and an unencoded sip: in the people search', async () => {
    const { reverse } = await everywhere('timeout-180', { pollTimeout180: true });
    const polls = reverse.sent.filter((r) => r.url.includes('/events'));
    expect(polls.length).toBeGreaterThan(1);
    expect(polls.every((r) => r.url.includes('timeout=180'))).toBe(true);
    expect(reverse.sent.some((r) => r.url.endsWith('?query=sip:echo@contoso.com'))).toBe(true);
  });

  it('starts messaging before makeMeAvailable, with the PUT sentinel as its operationId', async () => {
    const { reverse, store } = await everywhere('messaging-first', { startMessagingFirst: true });
    const lines = recordedLines(store, reverse.sessionId);
    const start = lines.findIndex((l) => l.includes('/messagingInvitations 201'));
    const available = lines.findIndex((l) => l.includes('/makeMeAvailable 204'));
    expect(start).toBeGreaterThan(-1);
    expect(available).toBeGreaterThan(start);
  });

  it('builds URLs as root + href, with doubled slashes', async () => {
    const { reverse, forward, store } = await everywhere('root-plus-href', { rootPlusHref: true });
    expect(reverse.sent.filter((r) => new URL(r.url).pathname.startsWith('//')).length).toBeGreaterThan(5);
    // The message POSTed to `//…/messages` is the sendMessage link's resource: the timeline has its text.
    for (const recorded of [reverse, forward]) expect(renderTimelineText(sessionTimeline(store, recorded.sessionId))).toContain(`message out "${recorded.result.sent}"`);
  });

  it('reads only sender[0] of each event batch', async () => {
    await everywhere('sender-zero', { senderZeroOnly: true });
  });

  it('POSTs its message to a messages URL it built before it saw sendMessage, and the timeline shows the text it sent', async () => {
    const { reverse, forward, store } = await everywhere('self-built', { selfBuiltMessagesUrl: true });
    for (const recorded of [reverse, forward]) {
      expect(recorded.sent.some((r) => r.method === 'POST' && /\/messaging\/messages$/.test(r.url))).toBe(true);
      const timeline = sessionTimeline(store, recorded.sessionId);
      const messages = timeline.conversations.flatMap((c) => c.messages).map((m) => `${m.direction} ${m.text}`);
      expect(messages).toEqual(['Outgoing Hello from a URL I built', 'Incoming Hello from a URL I built']);
      expect(renderTimelineText(timeline)).toContain('message out "Hello from a URL I built"');
    }
  });

  it('never deletes its application', async () => {
    const { reverse } = await everywhere('keeps-application', { keepApplication: true });
    expect(reverse.sent.some((r) => r.method === 'DELETE')).toBe(false);
  });
});

describe('record --upstream of a server that names another origin of itself and redirects discovery', () => {
  for (const [title, habits] of [['resolves hrefs', {}], ['builds root + href', { rootPlusHref: true }]] as const) {
    it(`keeps a link-following client that ${title} on the proxy, and records every exchange with the server's bytes`, async () => {
      const port = await freePort();
      // The upstream is named by IP; the server's links name it as localhost: another origin of the same server.
      const simulator = { port, publicUrl: `http://localhost:${port}`, discovery: 'redirect' as const };
      const store = openStore(`other-origin-${title.replace(/\W+/g, '-')}`);
      const reverse = await throughRecord('reverse', store, caDir, habits, chat, simulator);
      expectChatted(reverse.result, 'record --upstream');
      const proxyOrigin = new URL(reverse.start).origin;
      expect(reverse.sent.filter((r) => !r.url.startsWith(`${proxyOrigin}/`))).toEqual([]);
      const recorded = [...store.iterateExchanges(reverse.sessionId)].map(({ exchange }) => exchange);
      expect(recorded).toHaveLength(reverse.sent.length);
      // Each exchange keeps the real URL it went to: the first at the upstream, the rest at the origin the links named.
      expect(new URL(recorded[0]?.request.url ?? '').origin).toBe(`http://127.0.0.1:${port}`);
      expect(recorded.slice(1).every((x) => new URL(x.request.url).origin === `http://localhost:${port}`)).toBe(true);
      // The server's own bytes: the discovery answer names localhost, not the proxy.
      const first = recorded[0];
      expect(first?.stage).toBe('completed');
      if (first?.stage === 'completed') expect(Buffer.from(first.response.body).toString()).toContain(`"href":"http://localhost:${port}/autodiscover/autodiscoverservice.svc/root?originalDomain=contoso.com"`);
      expect(recorded.every((x) => x.stage === 'completed')).toBe(true);
      const replayed = await againstReplay(store, reverse.sessionId, habits, chat);
      expectChatted(replayed.result, 'replay');
      expect(replayed.report.missed).toEqual([]);
    });
  }
});
