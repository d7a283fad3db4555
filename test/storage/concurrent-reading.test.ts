import { afterAll, describe, expect, it } from 'vitest';
import type { CompletedExchange, RecordedExchange } from '../../protocol/exchange.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import type { ExchangeSummary } from '../../storage/queries/exchange-summary.ts';
import { initiated, makeConversationTraffic } from '../support/ucwa-traffic.ts';
import { expectSameExchange } from '../support/same-exchange.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('reading while a writer thread records', () => {
  it('pages, fetches and follows the change feed from a read-only connection, never seeing a half-written exchange', async () => {
    const path = tmp.path('live.db');
    const store = RecordingStore.open(path, { create: true });
    const recorder = await store.startSession({ name: 'live', mode: 'reverse', redact: false });
    const reader = RecordingStore.open(path, { readOnly: true });
    const source = new Map<number, RecordedExchange>();
    const latest = new Map<number, ExchangeSummary>();
    let afterChange = reader.latestChangeId();
    let lastCount = 0;
    let polls = 0;

    const readOnce = (): void => {
      polls++;
      const batch = reader.changesSince(afterChange, 10_000);
      for (const change of batch.changes) {
        expect(change.changeId).toBeGreaterThan(afterChange);
        if (change.kind === 'exchange') latest.set(change.exchange.seq, change.exchange);
      }
      afterChange = batch.lastChangeId;
      const count = reader.getSession(recorder.sessionId)?.exchangeCount ?? 0;
      expect(count).toBeGreaterThanOrEqual(lastCount);
      lastCount = count;
      const tail = reader.listExchanges({ sessionId: recorder.sessionId, fromEnd: true, limit: 20 }).items;
      for (const summary of tail) {
        const stored = reader.getExchange(summary.id);
        const original = source.get(summary.seq);
        if (stored?.exchange.stage === 'initiated') expect(stored.exchange.request.url).toBe(original?.request.url);
        else expectSameExchange(stored?.exchange, original);
      }
    };

    for (let n = 0; n < 12; n++) {
      const traffic = makeConversationTraffic({ app: 500 + n, startedAtMs: 1_700_000_000_000 + n * 60_000 });
      const refs = traffic.map((exchange) => {
        const ref = recorder.onRequest(initiated(exchange));
        source.set(ref, exchange);
        return ref;
      });
      await pause(3);
      readOnce();
      traffic.forEach((exchange, i) => {
        if (exchange.stage === 'completed') recorder.onResponse(exchange, refs[i]);
        else if (exchange.stage === 'aborted') recorder.onError(exchange, refs[i]);
      });
      await pause(3);
      readOnce();
    }
    await recorder.end();
    readOnce();

    expect(polls).toBeGreaterThan(20);
    expect(latest.size).toBe(source.size);
    for (const [seq, summary] of latest) {
      const original = source.get(seq) as CompletedExchange;
      expect(summary.stage).toBe(original.stage);
      expect(summary.derived).not.toBeNull();
    }
    expect(reader.getSession(recorder.sessionId)).toMatchObject({ exchangeCount: source.size, pendingCount: 0, underivedCount: 0, conversationCount: 12 });
    reader.close();
    store.close();
  });

  it('follows changes with a polling subscription until stopped', async () => {
    const path = tmp.path('follow.db');
    const store = RecordingStore.open(path, { create: true });
    const reader = RecordingStore.open(path, { readOnly: true });
    const seen: string[] = [];
    const stop = reader.followChanges((batch) => {
      for (const change of batch.changes) seen.push(change.kind === 'session' ? `session ${change.session.name}` : `exchange ${change.exchange.seq} ${change.exchange.stage}`);
    }, { intervalMs: 5 });
    const recorder = await store.startSession({ name: 'followed', mode: 'reverse' });
    const [first] = makeConversationTraffic();
    const ref = recorder.onRequest(initiated(first as RecordedExchange));
    await recorder.flush();
    await waitFor(() => seen.includes('exchange 0 initiated'));
    recorder.onResponse(first as CompletedExchange, ref);
    await recorder.whenDerived();
    await waitFor(() => seen.filter((s) => s === 'exchange 0 completed').length >= 1);
    stop();
    expect(seen[0]).toBe('session followed');
    expect(seen).toContain('exchange 0 initiated');
    await recorder.end();
    reader.close();
    store.close();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await pause(5);
  expect(condition()).toBe(true);
}
