import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeFilter } from '../../storage/queries/exchange-page.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-queries-');
let store: RecordingStore;
let sessionId: number;
const T0 = 1_700_000_000_000;

beforeAll(async () => {
  store = RecordingStore.open(tmp.path('queries.db'), { create: true });
  const recorder = await store.startSession({ name: 'two chats', mode: 'reverse' });
  const first = makeConversationTraffic({ conversation: 137, startedAtMs: T0, incomingText: 'Are you free for a call?' });
  const second = makeConversationTraffic({ app: 193, conversation: 138, startedAtMs: T0 + 60_000, incomingText: 'Lunch at the canteen tomorrow?' });
  for (const exchange of [...first, ...second]) recorder.record(exchange);
  await recorder.end();
  sessionId = recorder.sessionId;
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

const page = (filter: ExchangeFilter, limit = 1000) => store.listExchanges({ sessionId, filter, limit }).items;
const all = () => page({});

describe('a page of exchanges', () => {
  it('filters by method, status (exact, class, range) and error', () => {
    expect(all()).toHaveLength(34);
    expect(page({ method: 'post' }).every((x) => x.method === 'POST')).toBe(true);
    expect(page({ method: 'POST' }).length).toBe(all().filter((x) => x.method === 'POST').length);
    expect(page({ status: 409 }).map((x) => x.status)).toEqual([409, 409]);
    expect(page({ status: '4xx' }).every((x) => x.status !== null && x.status >= 400 && x.status < 500)).toBe(true);
    expect(page({ status: '4xx' }).length).toBe(all().filter((x) => x.status !== null && x.status >= 400 && x.status < 500).length);
    expect(page({ status: { min: 200, max: 204 } }).length).toBe(all().filter((x) => x.status !== null && x.status >= 200 && x.status <= 204).length);
    const errors = page({ hasError: true });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((x) => x.error !== null)).toBe(true);
    expect(page({ hasError: false }).length + errors.length).toBe(34);
  });

  it('filters by href substring, rel, conversation, text and time', () => {
    expect(page({ hrefContains: '/events?ack=' }).every((x) => x.url.includes('/events?ack='))).toBe(true);
    expect(page({ hrefContains: '/events?ack=' }).length).toBe(all().filter((x) => x.url.includes('/events?ack=')).length);
    const conversations = page({ rel: 'conversation' });
    expect(conversations.length).toBeGreaterThan(0);
    const in137 = page({ conversation: '/ucwa/v1/applications/192/communication/conversations/137' });
    const in138 = page({ conversation: '/ucwa/v1/applications/193/communication/conversations/138' });
    expect(in137.length).toBeGreaterThan(0);
    expect(in138.length).toBeGreaterThan(0);
    expect(in137.filter((x) => in138.some((y) => y.id === x.id)).map((x) => x.url)).toEqual([]);
    const lunch = page({ text: 'canteen tomorrow' });
    expect(lunch.length).toBeGreaterThan(0);
    expect(lunch.every((x) => x.startedAtMs >= T0 + 60_000)).toBe(true);
    expect(page({ text: 'xylophone' })).toEqual([]);
    const later = page({ startedFromMs: T0 + 60_000 });
    expect(later).toHaveLength(17);
    expect(page({ startedBeforeMs: T0 + 60_000 })).toHaveLength(17);
    expect(page({ method: 'GET', startedFromMs: T0 + 60_000, hrefContains: 'events' }).every((x) => x.method === 'GET' && x.url.includes('events'))).toBe(true);
  });

  it('pages forward and backward by keyset, covering every row once', () => {
    const ids = all().map((x) => x.id);
    const forward: number[] = [];
    let cursor: number | undefined;
    for (;;) {
      const next = store.listExchanges({ sessionId, limit: 5, ...(cursor !== undefined ? { after: cursor } : {}) });
      forward.push(...next.items.map((x) => x.id));
      if (!next.hasAfter) break;
      cursor = next.items.at(-1)?.id;
    }
    expect(forward).toEqual(ids);
    const backward: number[] = [];
    let page1 = store.listExchanges({ sessionId, limit: 5, fromEnd: true });
    backward.unshift(...page1.items.map((x) => x.id));
    while (page1.hasBefore) {
      page1 = store.listExchanges({ sessionId, limit: 5, before: page1.items[0]?.id as number });
      backward.unshift(...page1.items.map((x) => x.id));
    }
    expect(backward).toEqual(ids);
  });

  it('lists events by session and by conversation, in order', () => {
    const events = store.listEvents({ sessionId }).items;
    expect(events.length).toBeGreaterThan(0);
    const in137 = store.listEvents({ sessionId, conversation: '/ucwa/v1/applications/192/communication/conversations/137' }).items;
    expect(in137.length).toBeGreaterThan(0);
    expect(in137.length).toBeLessThan(events.length);
    expect(store.listConversations(sessionId).length).toBe(2);
  });

  it('feeds changes after a given id to live viewers', async () => {
    const start = store.latestChangeId();
    const recorder = await store.startSession({ name: 'live', mode: 'reverse' });
    const seen: string[] = [];
    const stop = store.followChanges((batch) => seen.push(...batch.changes.map((c) => (c.kind === 'session' ? `session ${c.session.name}` : `exchange ${c.exchange.seq}`))), { afterChangeId: start, intervalMs: 20 });
    for (const exchange of makeConversationTraffic({ conversation: 139 }).slice(0, 3)) recorder.record(exchange);
    await recorder.flush();
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    expect(seen.slice(0, 4)).toEqual(['session live', 'exchange 0', 'exchange 1', 'exchange 2']);
    expect(store.changesSince(store.latestChangeId()).changes).toEqual([]);
    stop();
    await recorder.end();
  });
});
