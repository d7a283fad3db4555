import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startReplay, type RunningReplay } from '../../replay/index.ts';
import { exportFixture } from '../../storage/fixture/fixture-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { HOST, makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-replay-');
const replays: RunningReplay[] = [];
afterEach(async () => {
  for (const r of replays.splice(0)) await r.close();
});
afterAll(() => tmp.cleanup());

async function recorded(name: string): Promise<{ db: string; fixture: string }> {
  const db = tmp.path(`${name}.db`);
  const store = RecordingStore.open(db, { create: true });
  const recorder = await store.startSession({ name, mode: 'forward', upstream: HOST }, { thread: false });
  for (const exchange of makeConversationTraffic()) recorder.record(exchange);
  await recorder.end();
  const fixture = tmp.path(`${name}.json`);
  writeFileSync(fixture, exportFixture(store, recorder.sessionId));
  store.close();
  return { db, fixture };
}

async function replay(options: Parameters<typeof startReplay>[0]): Promise<RunningReplay> {
  const r = await startReplay(options);
  replays.push(r);
  return r;
}

describe('the replay server', () => {
  it('serves recorded answers byte for byte with the recorded host rewritten, from a db or a fixture', async () => {
    const { db, fixture } = await recorded('basic');
    for (const source of [{ db, session: 'basic' }, { fixture }]) {
      const r = await replay({ ...source, pace: 'instant', pollTimeoutMs: 200 });
      const root = await fetch(new URL('/', r.url), { headers: { Accept: 'application/json' } });
      expect(root.status).toBe(200);
      const text = await root.text();
      // Every server the recording names is reached through the replay: its root, or /~https/host/ for the others.
      const hrefs = [...text.matchAll(/"href":"([^"]+)"/g)].map((m) => m[1]);
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(href?.startsWith(new URL(r.url).origin)).toBe(true);
      const conflict = await fetch(new URL('/ucwa/v1/applications/192/me/makeMeAvailable', r.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"SupportedModalities":["Messaging"]}' });
      // The recording answered this request 204 the first time and 409 the second.
      expect(conflict.status).toBe(204);
      const again = await fetch(new URL('/ucwa/v1/applications/192/me/makeMeAvailable', r.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"SupportedModalities":["Messaging"]}' });
      expect(again.status).toBe(409);
      expect(again.headers.get('content-type')).toMatch(/json/);
      expect(r.report().matched.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('explains a miss: the request, the nearest recorded candidates and what differed', async () => {
    const { fixture } = await recorded('miss');
    const r = await replay({ fixture });
    const response = await fetch(new URL('/ucwa/v1/applications/192/me/makeMeAvailable', r.url), { method: 'PUT', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { code: string; message: string; candidates: { request: string; differences: string[] }[] };
    expect(body.code).toBe('NotFound');
    expect(body.message).toMatch(/^ucwa-inspector replay: no recorded answer for PUT \/ucwa\/v1\/applications\/192\/me\/makeMeAvailable\. Nearest recorded: POST \/ucwa\/v1\/applications\/192\/me\/makeMeAvailable \(differs in method PUT \(recorded POST\)/);
    expect(r.report().missed).toHaveLength(1);
  });

  it('repeats the last answer when a key runs out, or misses with policy miss', async () => {
    const { fixture } = await recorded('exhausted');
    const path = '/ucwa/v1/applications/192/communication/conversations/137/messaging';
    const repeat = await replay({ fixture });
    const first = await (await fetch(new URL(path, repeat.url))).text();
    expect(await (await fetch(new URL(path, repeat.url))).text()).toBe(first);
    const strict = await replay({ fixture, policy: 'miss' });
    expect((await fetch(new URL(path, strict.url))).status).toBe(200);
    const second = await fetch(new URL(path, strict.url));
    expect(second.status).toBe(404);
    expect(((await second.json()) as { message: string }).message).toMatch(/every recorded answer to it has been served \(policy: miss\)/);
  });

  it('answers an exchange the recording has no response for with a 502 that says so', async () => {
    const db = tmp.path('aborted.db');
    const store = RecordingStore.open(db, { create: true });
    const recorder = await store.startSession({ name: 'aborted', mode: 'reverse', upstream: HOST }, { thread: false });
    const [root] = makeConversationTraffic();
    if (!root || root.stage !== 'completed') throw new Error('traffic starts with a completed exchange');
    recorder.record({ stage: 'aborted', connectionId: 'c1', request: root.request, timings: root.timings, response: null, error: { kind: 'upstream-refused', message: 'the upstream refused the connection' } });
    await recorder.end();
    store.close();
    const r = await replay({ db, session: 'aborted' });
    const response = await fetch(new URL(new URL(root.request.url).pathname, r.url));
    expect(response.status).toBe(502);
    expect(((await response.json()) as { message: string }).message).toMatch(/no complete response \(upstream-refused/);
  });

  it('releases recorded event batches in order, then holds polls and answers empty batches; a second poll replaces the first', async () => {
    const { fixture } = await recorded('events');
    await playEventChannel({ fixture }, fixture);
  });

  it('finds the event batches of a recording whose writer never derived it (a crash) by decoding its responses', async () => {
    const { db, fixture } = await recorded('never-derived');
    const raw = new Database(db);
    raw.exec('DELETE FROM events; DELETE FROM event_batches; DELETE FROM exchange_derived;');
    raw.close();
    await playEventChannel({ db, session: 'never-derived' }, fixture);
  });

  async function playEventChannel(source: { fixture: string } | { db: string; session: string }, fixture: string): Promise<void> {
    // Polls are held 2 s: long enough that the second poll below surely finds the first still pending.
    const r = await replay({ ...source, pace: 'instant', pollTimeoutMs: 2000 });
    // The recorded batches followed the client's requests: send those first, as the recorded client did.
    const document = JSON.parse(readFileSync(fixture, 'utf8')) as { exchanges: { request: { method: string; url: string; headers: [string, string][]; body: { text?: string } } }[] };
    for (const { request } of document.exchanges) {
      if (request.url.includes('/events?')) continue;
      const type = request.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
      await fetch(new URL(new URL(request.url).pathname + new URL(request.url).search, r.url), { method: request.method, ...(request.method === 'GET' ? {} : { body: request.body.text ?? '' }), headers: type ? { 'Content-Type': type } : {} });
    }
    const poll = (ack: number) => fetch(new URL(`/ucwa/v1/applications/192/events?ack=${ack}`, r.url), { headers: { Accept: 'application/json' } });
    const batches: string[] = [];
    for (let ack = 1; ack <= 3; ack++) batches.push(await (await poll(ack)).text());
    expect(batches.every((b) => b.includes('"sender"') || b.includes('<sender'))).toBe(true);
    const first = poll(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = poll(4);
    expect((await first).status).toBe(409);
    const empty = (await (await second).json()) as { _links: { next: { href: string } }; sender?: unknown };
    expect(empty.sender).toBeUndefined();
    expect(empty._links.next.href).toMatch(/ack=5$/);
  }

  it('refuses a corrupt fixture by name', async () => {
    const fixture = tmp.path('corrupt.json');
    writeFileSync(fixture, '{"format":"ucwa-inspector-fixture","version":1,"session":');
    await expect(startReplay({ fixture })).rejects.toThrow(/corrupt\.json is not a fixture: it is not valid JSON/);
  });
});

describe('the replay server with a fallback', () => {
  it('sends a miss to the fallback server, answers with its response, and records it into a new session', async () => {
    const { db } = await recorded('fallback');
    const { startOddUpstream } = await import('../support/odd-upstream.ts');
    const upstream = await startOddUpstream();
    const r = await replay({ db, session: 'fallback', fallback: upstream.url });
    const response = await fetch(new URL('/not/recorded?x=1', r.url));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { rel: string }).rel).toBe('root');
    expect(upstream.seen).toEqual(['/not/recorded?x=1']);
    expect(r.report().missed).toEqual([expect.objectContaining({ request: 'GET /not/recorded?x=1', forwardedStatus: 200 })]);
    await r.close();
    replays.splice(replays.indexOf(r), 1);
    await upstream.close();
    const store = RecordingStore.open(db, { readOnly: true });
    const session = store.listSessions().find((s) => s.name === 'fallback for fallback');
    expect(session).toMatchObject({ mode: 'replay-fallback', exchangeCount: 1 });
    expect(store.listExchanges({ sessionId: session?.id ?? -1 }).items[0]).toMatchObject({ method: 'GET', status: 200, url: `${upstream.url}/not/recorded?x=1` });
    store.close();
  });

  it('refuses a fallback for a fixture, whose recording it could not add to', async () => {
    const { fixture } = await recorded('fallback-fixture');
    await expect(startReplay({ fixture, fallback: 'http://127.0.0.1:9' })).rejects.toThrow(/replay a --db session, not a fixture/);
  });
});
