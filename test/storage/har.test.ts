import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportHar } from '../../storage/har/har-file.ts';
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { HOST, makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-har-');
afterAll(() => tmp.cleanup());

async function recordedStore(name: string): Promise<{ store: RecordingStore; sessionId: number }> {
  const store = RecordingStore.open(tmp.path(name), { create: true });
  const recorder = await store.startSession({ name: 'chat', mode: 'forward', upstream: HOST }, { thread: false });
  for (const exchange of makeConversationTraffic()) recorder.record(exchange);
  await recorder.end({ endedAtMs: 1_700_000_100_000 });
  return { store, sessionId: recorder.sessionId };
}

interface Har {
  log: { version: string; creator: { name: string }; entries: { startedDateTime: string; request: { method: string; url: string; headers: { name: string }[]; postData?: { text: string } }; response: { status: number; content: { text?: string; encoding?: string } } }[] };
}

describe('HAR 1.2', () => {
  it('exports every exchange with headers in order, whole bodies and base64 for binary ones', async () => {
    const { store, sessionId } = await recordedStore('export.db');
    const har = JSON.parse(exportHar(store, sessionId, '9.9.9')) as Har;
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator.name).toBe('ucwa-inspector');
    const original = [...store.iterateExchanges(sessionId)];
    expect(har.log.entries).toHaveLength(original.length);
    expect(har.log.entries.map((e) => e.request.url)).toEqual(original.map((r) => r.exchange.request.url));
    expect(har.log.entries[0]?.request.headers.map((h) => h.name)).toEqual(original[0]?.exchange.request.headers.map(([name]) => name));
    expect(har.log.entries.some((e) => e.response.content.encoding === 'base64')).toBe(true);
    expect(har.log.entries[0]?.startedDateTime).toBe(new Date(original[0]?.exchange.timings.startedAtMs ?? 0).toISOString());
    store.close();
  });

  it('round-trips our own HAR: the same exchanges, the same HAR again, events derived on import', async () => {
    const { store, sessionId } = await recordedStore('roundtrip.db');
    const file = tmp.path('chat.har');
    const exported = exportHar(store, sessionId, '1.0.0');
    writeFileSync(file, exported);
    const { format, session } = readImportFile(file);
    expect(format).toBe('har');
    const target = RecordingStore.open(tmp.path('target.db'), { create: true });
    const summary = target.importSession(session);
    expect([...target.iterateExchanges(summary.id)].map((r) => r.exchange)).toEqual([...store.iterateExchanges(sessionId)].map((r) => r.exchange));
    expect(exportHar(target, summary.id, '1.0.0')).toBe(exported);
    expect(summary.eventCount).toBe(store.getSession(sessionId)?.eventCount);
    target.close();
    store.close();
  });

  it('imports a browser HAR with what it carries, decoding UCWA bodies', () => {
    const file = tmp.path('browser.har');
    const body = '{"rel":"conversation","state":"Connected","_links":{"self":{"href":"/ucwa/v1/applications/1/communication/conversations/2"}}}';
    writeFileSync(
      file,
      JSON.stringify({
        log: {
          version: '1.2',
          creator: { name: 'WebInspector', version: '537.36' },
          entries: [
            {
              startedDateTime: '2026-11-01T10:00:00.000Z',
              time: 12.5,
              request: { method: 'GET', url: `${HOST}/ucwa/v1/applications/1/communication/conversations/2`, httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'Accept', value: 'application/json' }], queryString: [], headersSize: -1, bodySize: 0 },
              response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'Content-Type', value: 'application/json' }], content: { size: body.length, mimeType: 'application/json', text: body }, redirectURL: '', headersSize: -1, bodySize: body.length },
              cache: {},
              timings: { send: 0.5, wait: 10, receive: 2 },
            },
          ],
        },
      }),
    );
    const { session } = readImportFile(file);
    const store = RecordingStore.open(tmp.path('browser.db'), { create: true });
    const summary = store.importSession(session);
    expect(summary).toMatchObject({ name: 'browser', mode: 'import', exchangeCount: 1 });
    const [row] = store.listExchanges({ sessionId: summary.id }).items;
    expect(row).toMatchObject({ method: 'GET', status: 200, stage: 'completed' });
    expect(row?.derived).toMatchObject({ responseKind: 'resource' });
    store.close();
  });

  it('refuses a HAR missing required fields, naming the file and the JSON path, importing nothing', () => {
    const file = tmp.path('broken.har');
    writeFileSync(file, JSON.stringify({ log: { version: '1.2', entries: [{ startedDateTime: '2026-11-01T10:00:00Z', time: 1, request: { method: 'GET', httpVersion: 'HTTP/1.1', headers: [] }, response: {}, timings: {} }] } }));
    expect(() => readImportFile(file)).toThrow(`${file} is not a valid HAR 1.2 file: log.entries[0].request.url: expected a string, found missing. Nothing was imported.`);
    const neither = tmp.path('neither.json');
    writeFileSync(neither, '{"hello": 1}');
    expect(() => readImportFile(neither)).toThrow(/neither\.json is not a file import reads: not a Fiddler archive \(\.saz\), a fixture .*, a HAR file .* or a log of event-channel bodies/);
  });
});
