import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { AbortedExchange, CompletedExchange } from '../../protocol/exchange.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { StorageError } from '../../storage/storage-error.ts';
import { HOST, initiated, makeConversationTraffic, makeExchange } from '../support/ucwa-traffic.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('SessionRecorder (writer in a worker thread)', () => {
  it('shows a pending long poll to a read-only reader before its response, then completes it in place', async () => {
    const path = tmp.path('long-poll.db');
    const store = RecordingStore.open(path, { create: true });
    const recorder = await store.startSession({ name: 'long poll', mode: 'reverse', upstream: HOST });
    const traffic = makeConversationTraffic();
    const poll = traffic[5] as CompletedExchange;
    const ref = recorder.onRequest(initiated(poll));
    await recorder.flush();

    const reader = RecordingStore.open(path, { readOnly: true });
    const pending = reader.listExchanges({ sessionId: recorder.sessionId }).items;
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ seq: 0, stage: 'initiated', status: null, url: poll.request.url, durationMs: null });
    expect(reader.getSession(recorder.sessionId)).toMatchObject({ exchangeCount: 1, pendingCount: 1 });

    expect(recorder.onResponse(poll, ref)).toBe(ref);
    await recorder.whenDerived();
    const done = reader.listExchanges({ sessionId: recorder.sessionId }).items;
    expect(done.map((e) => [e.id, e.stage, e.status])).toEqual([[pending[0]?.id, 'completed', 200]]);
    expect(done[0]?.derived).toMatchObject({ responseKind: 'events', targetRel: 'events' });
    expect(reader.getSession(recorder.sessionId)).toMatchObject({ pendingCount: 0, eventCount: 3 });
    await recorder.end();
    reader.close();
    store.close();
  });

  it('keeps bodies byte for byte and headers in wire order with their casing', async () => {
    const store = RecordingStore.open(tmp.path('bytes.db'), { create: true });
    const recorder = await store.startSession({ mode: 'forward', redact: false });
    const allBytes = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
    const exchange = makeExchange({
      method: 'PUT',
      requestHeaders: [
        ['host', 'fe1.contoso.com'],
        ['X-MS-RequiresMinResourceVersion', '2'],
        ['Accept', 'application/json'],
        ['accept', 'application/xml'],
        ['If-Match', '"2943169141"'],
      ],
      requestBody: allBytes,
      responseHeaders: [
        ['Content-Type', 'application/octet-stream'],
        ['X-Ms-diagnostics', '1;reason="a";x'],
        ['x-ms-diagnostics', '2'],
      ],
      responseBody: new Uint8Array(0),
    });
    const truncated: CompletedExchange = {
      ...makeExchange({ responseBody: '<resource rel="me" href="/me"><property name="name">Jo' }),
      error: { kind: 'body-truncated', message: 'The response body passed the 52-byte recording cap; 4096 bytes passed in all.' },
    };
    const cut: CompletedExchange = { ...truncated, response: { ...truncated.response, bodySizeBytes: 4096, bodyTruncated: true } };
    const refs = [recorder.record(exchange), recorder.record(cut)];
    await recorder.end();
    const [first, second] = refs.map((seq) => store.getExchangeBySeq(recorder.sessionId, seq));
    expect(first?.exchange).toEqual(exchange);
    expect(first?.redactions).toEqual([]);
    expect(second?.exchange).toEqual(cut);
    expect(second?.derived?.diagnostics.map((d) => d.severity)).toContain('info');
    expect(store.listExchanges({ sessionId: recorder.sessionId }).items.map((e) => e.truncated)).toEqual([false, true]);
    store.close();
  });

  it('records an aborted exchange with its error and the response head that arrived', async () => {
    const store = RecordingStore.open(tmp.path('aborted.db'), { create: true });
    const recorder = await store.startSession({ mode: 'reverse', redact: false });
    const started = makeExchange({ url: `${HOST}/ucwa/v1/applications/192/events?ack=9` });
    const ref = recorder.onRequest(initiated(started));
    const aborted: AbortedExchange = {
      stage: 'aborted',
      connectionId: started.connectionId,
      request: started.request,
      response: { ...started.response, body: new Uint8Array([123, 34]), bodySizeBytes: 2 },
      timings: { ...started.timings, endedMs: 30_000 },
      error: { kind: 'client-aborted', message: 'The client closed the connection after 30000 ms, before the response ended.' },
    };
    recorder.onError(aborted, ref);
    const refused = recorder.onError({ ...aborted, response: null, error: { kind: 'upstream-refused', message: 'fe1.contoso.com:443 refused the connection.' } });
    await recorder.end();
    expect(store.getExchangeBySeq(recorder.sessionId, ref)?.exchange).toEqual(aborted);
    expect(store.getExchangeBySeq(recorder.sessionId, refused)?.exchange).toMatchObject({ stage: 'aborted', response: null, error: { kind: 'upstream-refused' } });
    expect(store.listExchanges({ sessionId: recorder.sessionId, filter: { hasError: true } }).items).toHaveLength(2);
    store.close();
  });

  it('refuses a ref it never returned, and any call after the session ended', async () => {
    const store = RecordingStore.open(tmp.path('refs.db'), { create: true });
    const recorder = await store.startSession({ mode: 'reverse' }, { thread: false });
    expect(() => recorder.onResponse(makeExchange(), 3)).toThrow('exchange ref 3 was not returned by this recorder');
    await recorder.end({ notes: 'stopped by the test', endedAtMs: 1_700_000_100_000 });
    expect(store.getSession(recorder.sessionId)).toMatchObject({ endedAtMs: 1_700_000_100_000, notes: 'stopped by the test' });
    expect(() => recorder.onRequest(initiated(makeExchange()))).toThrow(`session ${recorder.sessionId} has ended`);
    store.close();
  });

  it('tells that the file is locked, keeps the batch, and writes it with everything after once the lock is released', async () => {
    const path = tmp.path('locked.db');
    const store = RecordingStore.open(path, { create: true, busyTimeoutMs: 50 });
    const errors: Error[] = [];
    const recorder = await store.startSession({ mode: 'reverse' }, { onWriteError: (error) => errors.push(error) });
    const [a, b, c] = makeConversationTraffic();
    recorder.record(a as CompletedExchange);
    await recorder.flush();

    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE');
    recorder.record(b as CompletedExchange);
    const flushed = recorder.flush();
    for (let i = 0; i < 200 && errors.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(errors[0]).toBeInstanceOf(StorageError);
    expect((errors[0] as StorageError).code).toBe('locked');
    expect(errors[0]?.message).toContain(`${path} is locked by another process`);
    recorder.record(c as CompletedExchange);
    holder.exec('ROLLBACK');
    holder.close();
    await flushed;

    await recorder.end();
    const items = store.listExchanges({ sessionId: recorder.sessionId }).items;
    expect(items.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(items.every((e) => e.derived !== null)).toBe(true);
    store.close();
  });
});
