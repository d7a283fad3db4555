import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportFixture, openFixture, readFixtureFile } from '../../storage/fixture/fixture-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { StorageError } from '../../storage/storage-error.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { HOST, makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-fixture-');
afterAll(() => tmp.cleanup());

async function recordedStore(name: string, redact = true): Promise<{ store: RecordingStore; sessionId: number }> {
  const store = RecordingStore.open(tmp.path(name), { create: true });
  const recorder = await store.startSession({ name: 'incoming chat', mode: 'reverse', upstream: HOST, redact }, { thread: false });
  for (const exchange of makeConversationTraffic()) recorder.record(exchange);
  await recorder.end({ endedAtMs: 1_700_000_100_000 });
  return { store, sessionId: recorder.sessionId };
}

function importInto(path: string, fixtureText: string): { store: RecordingStore; sessionId: number } {
  const file = tmp.path(`${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, fixtureText);
  const store = RecordingStore.open(path, { create: true });
  return { store, sessionId: store.importSession(readFixtureFile(file)).id };
}

describe('fixtures', () => {
  it('are canonical: the same session exports to the same bytes every time', async () => {
    const { store, sessionId } = await recordedStore('canonical.db');
    const first = exportFixture(store, sessionId);
    expect(exportFixture(store, sessionId)).toBe(first);
    const document = JSON.parse(first) as { format: string; version: number; session: Record<string, unknown>; exchanges: Record<string, unknown>[] };
    expect(Object.keys(document)).toEqual(['format', 'version', 'session', 'exchanges']);
    expect(document).toMatchObject({ format: 'ucwa-inspector-fixture', version: 1, session: { name: 'incoming chat', mode: 'reverse', upstream: HOST, endedAtMs: 1_700_000_100_000, redacted: true } });
    expect(Object.keys(document.exchanges[0] ?? {})).toEqual(['seq', 'stage', 'connectionId', 'timings', 'request', 'response', 'error', 'redactions']);
    expect(document.exchanges).toHaveLength(17);
    store.close();
  });

  it('are lossless: import then export gives identical bytes, exact bodies included', async () => {
    const { store, sessionId } = await recordedStore('lossless.db');
    const exported = exportFixture(store, sessionId);
    const again = importInto(tmp.path('lossless-again.db'), exported);
    expect(exportFixture(again.store, again.sessionId)).toBe(exported);
    const original = [...store.iterateExchanges(sessionId)];
    const imported = [...again.store.iterateExchanges(again.sessionId)];
    expect(imported.map((r) => r.exchange)).toEqual(original.map((r) => r.exchange));
    // Derived rows are rebuilt on import: the event batches are split into events again.
    expect(again.store.getSession(again.sessionId)?.eventCount).toBe(store.getSession(sessionId)?.eventCount);
    expect(again.store.getSession(again.sessionId)?.eventCount).toBeGreaterThan(0);
    store.close();
    again.store.close();
  });

  it('keep UTF-8 bodies as text and other bytes as base64', async () => {
    const { store, sessionId } = await recordedStore('bodies.db');
    const document = JSON.parse(exportFixture(store, sessionId)) as { exchanges: { request: { url: string }; response: { body: Record<string, string> } | null }[] };
    const bodies = document.exchanges.map((x) => x.response?.body ?? {});
    expect(bodies.some((b) => 'base64' in b)).toBe(true); // the photo
    expect(bodies.filter((b) => 'text' in b).some((b) => (b['text'] ?? '').includes('"rel"'))).toBe(true);
    store.close();
  });

  it('keep redaction placeholders, never the secrets', async () => {
    const { store, sessionId } = await recordedStore('redacted.db');
    const text = exportFixture(store, sessionId);
    expect(text).not.toMatch(/Tr0ub4dor|cwt=AAEB/);
    expect(text).toMatch(/"redactions": \[/);
    store.close();
  });

  it('open directly as a store of their own', async () => {
    const { store, sessionId } = await recordedStore('open.db');
    const file = tmp.path('open.json');
    writeFileSync(file, exportFixture(store, sessionId));
    const opened = openFixture(file);
    expect(opened.store.listSessions()).toHaveLength(1);
    expect(opened.store.listExchanges({ sessionId: opened.sessionId }).items).toHaveLength(17);
    expect(exportFixture(opened.store, opened.sessionId)).toBe(readFileSync(file, 'utf8'));
    opened.store.close();
    store.close();
  });

  it('refuse bad files by name and JSON path, importing nothing', async () => {
    const { store, sessionId } = await recordedStore('bad.db');
    const good = JSON.parse(exportFixture(store, sessionId)) as Record<string, unknown> & { exchanges: Record<string, unknown>[] };
    const cases: [string, unknown, RegExp][] = [
      ['not-json.json', '{"format": ', /not-json\.json is not a fixture: it is not valid JSON/],
      ['future.json', { ...good, version: 7 }, /future\.json is not a valid fixture: version: this ucwa-inspector reads fixture version 1, the file says 7 \(written by a newer ucwa-inspector/],
      ['har.json', { log: { entries: [] } }, /har\.json is not a valid fixture: format: expected "ucwa-inspector-fixture", found nothing/],
      ['no-url.json', { ...good, exchanges: [{ ...good.exchanges[0], request: { ...(good.exchanges[0]?.['request'] as object), url: undefined } }] }, /no-url\.json is not a valid fixture: exchanges\[0\]\.request\.url: expected a string, found missing/],
      ['bad-base64.json', { ...good, exchanges: [{ ...good.exchanges[0], request: { ...(good.exchanges[0]?.['request'] as object), body: { base64: 'not base64!' } } }] }, /exchanges\[0\]\.request\.body\.base64: is not valid base64/],
    ];
    const target = RecordingStore.open(tmp.path('target.db'), { create: true });
    for (const [name, content, message] of cases) {
      const file = tmp.path(name);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      expect(() => readFixtureFile(file)).toThrow(message);
      expect(() => readFixtureFile(file)).toThrow(StorageError);
    }
    expect(() => readFixtureFile(tmp.path('missing.json'))).toThrow(/missing\.json does not exist/);
    expect(target.listSessions()).toEqual([]);
    target.close();
    store.close();
  });
});
