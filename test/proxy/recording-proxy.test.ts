import { request } from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startRecordingProxy, type RunningRecordingProxy } from '../../proxy/index.ts';
import { DEFAULT_PASSWORD, findScenario, runScenario, startSimulator, UcwaClient, type RunningSimulator } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { BIG_BODY_BYTES, startOddUpstream } from '../support/odd-upstream.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-proxy-');
const caDir = tmp.path('ca');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});
afterAll(() => tmp.cleanup());

function openStore(name: string): RecordingStore {
  const store = RecordingStore.open(tmp.path(name), { create: true });
  cleanup.push(async () => store.close());
  return store;
}

async function proxyFor(store: RecordingStore, options: Omit<Parameters<typeof startRecordingProxy>[0], 'store'>): Promise<RunningRecordingProxy> {
  const proxy = await startRecordingProxy({ store, caDir, ...options });
  cleanup.push(() => proxy.close());
  return proxy;
}

async function simulator(tls = false): Promise<RunningSimulator> {
  const sim = await startSimulator({ scenario: 'demo', timeScale: 0.05, tls, seed: 3 });
  cleanup.push(() => sim.close());
  return sim;
}

const scenario = findScenario('demo');
if (!scenario) throw new Error('demo is a built-in scenario');

interface Observed {
  readonly key: string;
  readonly status: number;
  readonly body: Buffer;
}

async function playThrough(options: ConstructorParameters<typeof UcwaClient>[0]) {
  const observed: Observed[] = [];
  const client = new UcwaClient({ ...options, observe: ({ method, url, response }) => observed.push({ key: `${method} ${url.pathname}${url.search}`, status: response.status, body: Buffer.from(response.body) }) });
  const outcome = await runScenario(client, scenario as NonNullable<typeof scenario>, { stepTimeoutMs: 15_000 });
  await client.close();
  return { outcome, observed };
}

const keyOf = (url: string, method: string) => `${method} ${new URL(url).pathname}${new URL(url).search}`;

describe('the recording proxy with the simulator', () => {
  it('in reverse mode: the client holds the same conversation, sees the same statuses, and every exchange is recorded once with its exact bytes', async () => {
    const direct = await simulator();
    const baseline = await playThrough({ baseUrl: direct.url, user: scenario.user, password: DEFAULT_PASSWORD });

    const sim = await simulator();
    const store = openStore('reverse.db');
    const proxy = await proxyFor(store, { upstream: sim.url, redact: false, session: { name: 'demo via reverse proxy' } });
    const { outcome, observed } = await playThrough({ baseUrl: `${proxy.url}/`, user: scenario.user, password: DEFAULT_PASSWORD });
    expect(outcome.conversations).toEqual(scenario.expect.conversations);
    // Ids depend on how scripted events interleave with the client's requests, so compare paths without them.
    const commands = (list: readonly Observed[]) => list.filter((o) => !o.key.includes('/events?')).map((o) => `${o.key.replace(/\d+/g, '#')} ${o.status}`);
    expect(commands(observed)).toEqual(commands(baseline.observed));
    await proxy.close();

    const recorded = [...store.iterateExchanges(proxy.sessionId)];
    // The 401 challenge names the server's token URL, served as the proxy's: the token request is recorded too.
    expect(observed.some((o) => o.key.startsWith('POST /WebTicket'))).toBe(true);
    expect(recorded.map((r) => keyOf(r.exchange.request.url, r.exchange.request.method)).sort()).toEqual(observed.map((o) => o.key).sort());
    for (const { exchange } of recorded) {
      expect(exchange.stage).toBe('completed');
      if (exchange.stage !== 'completed') continue;
      const seen = observed.find((o) => o.key === keyOf(exchange.request.url, exchange.request.method) && o.status === exchange.response.status);
      // The client got the server's bytes, except where the exchange notes URLs mapped to the proxy; the record is the server's either way.
      if (exchange.urlMappings?.some((m) => m.where.startsWith('response body'))) {
        expect(seen?.body.toString()).not.toContain(sim.origin);
        expect(Buffer.from(exchange.response.body).toString()).toContain(sim.origin);
      } else expect(Buffer.from(exchange.response.body).equals(seen?.body ?? Buffer.alloc(0))).toBe(true);
      expect(exchange.request.url.startsWith(sim.origin)).toBe(true);
    }
    expect(recorded.filter((r) => r.exchange.urlMappings?.length).length).toBeGreaterThan(0);
    const starts = recorded.map((r) => r.exchange.timings.startedMonoMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const summary = store.getSession(proxy.sessionId);
    expect(summary).toMatchObject({ mode: 'reverse', upstream: sim.origin, errorCount: 0, pendingCount: 0 });
    expect(store.listEvents({ sessionId: proxy.sessionId, limit: 10_000 }).items.length).toBeGreaterThan(50);
  });

  it('in forward mode over HTTPS, with the client trusting our CA: the same conversation, recorded and redacted', async () => {
    const sim = await simulator(true);
    const store = openStore('forward.db');
    const proxy = await proxyFor(store, { upstreamCa: sim.certificatePem ?? '' });
    const { outcome, observed } = await playThrough({ baseUrl: sim.url, user: scenario.user, password: DEFAULT_PASSWORD, proxy: proxy.url, ca: proxy.caCertPem, format: 'xml' });
    expect(outcome.conversations).toEqual(scenario.expect.conversations);
    await proxy.close();
    const recorded = [...store.iterateExchanges(proxy.sessionId)];
    expect(recorded).toHaveLength(observed.length);
    expect(recorded.every((r) => r.exchange.request.url.startsWith('https://127.0.0.1:'))).toBe(true);
    const token = recorded.find((r) => r.exchange.request.url.endsWith('/WebTicket/oauthtoken'));
    expect(token?.redactions.length).toBeGreaterThan(0);
    expect(store.getSession(proxy.sessionId)).toMatchObject({ mode: 'forward', errorCount: 0 });
    // Event batches are split into events: as many as the client processed.
    const events = store.listEvents({ sessionId: proxy.sessionId, limit: 10_000 }).items;
    expect(events.length).toBeGreaterThan(50);
  });
});

function get(url: string, options: { proxy?: string; abortAfterMs?: number } = {}): Promise<{ status: number; body: Buffer; headers: Record<string, string | string[] | undefined> } | { error: string }> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const req = request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
      res.on('error', (error) => resolve({ error: error.message }));
    });
    req.on('error', (error) => resolve({ error: error.message }));
    if (options.abortAfterMs !== undefined)
      setTimeout(() => {
        req.destroy();
        resolve({ error: 'aborted by the test' });
      }, options.abortAfterMs);
    req.end();
  });
}

describe('the recording proxy when things go wrong', () => {
  it('records an upstream that dies mid-response, a client that gives up, and a malformed body, and keeps serving', async () => {
    const upstream = await startOddUpstream();
    cleanup.push(() => upstream.close());
    const store = openStore('odd.db');
    const proxy = await proxyFor(store, { upstream: upstream.url, writerThread: false });

    expect(await get(`${proxy.url}/dies-mid-body`)).toHaveProperty('error');
    expect(await get(`${proxy.url}/never-answers`, { abortAfterMs: 200 })).toEqual({ error: 'aborted by the test' });
    const malformed = await get(`${proxy.url}/malformed`);
    expect(malformed).toMatchObject({ status: 200 });
    expect('body' in malformed && malformed.body.toString()).toBe('{"rel":"conversation","state":');
    const fine = await get(`${proxy.url}/fine`);
    expect(fine).toMatchObject({ status: 200, headers: expect.objectContaining({ 'x-custom-case': 'Kept' }) });

    await expect.poll(() => store.listExchanges({ sessionId: proxy.sessionId }).items.filter((x) => x.stage !== 'initiated').length, { timeout: 10_000 }).toBe(4);
    await proxy.close();
    const rows = store.listExchanges({ sessionId: proxy.sessionId }).items;
    const byPath = (path: string) => rows.find((x) => new URL(x.url).pathname === path);
    expect(byPath('/dies-mid-body')).toMatchObject({ stage: 'aborted', status: 200, error: { kind: 'upstream-reset' } });
    expect(byPath('/never-answers')).toMatchObject({ stage: 'aborted', status: null, error: { kind: 'client-aborted' } });
    const bad = byPath('/malformed');
    expect(bad).toMatchObject({ stage: 'completed', status: 200, error: null });
    const detail = store.getExchange(bad?.id ?? -1);
    expect(detail?.derived?.diagnostics.map((d) => d.message).join(' ')).toMatch(/JSON/);
    expect(byPath('/fine')).toMatchObject({ stage: 'completed', status: 200 });
    const partial = store.getExchange(byPath('/dies-mid-body')?.id ?? -1)?.exchange;
    expect(partial?.stage === 'aborted' && Buffer.from(partial.response?.body ?? []).toString()).toBe('{"rel":"conversation","state":"Conn');
  });

  it('answers 502 with a UCWA error naming the upstream when it is unreachable, and records why', async () => {
    const store = openStore('dead.db');
    const proxy = await proxyFor(store, { upstream: 'http://127.0.0.1:9', writerThread: false });
    const response = await get(`${proxy.url}/ucwa/oauth/v1/applications`);
    expect(response).toMatchObject({ status: 502 });
    const body = JSON.parse('body' in response ? response.body.toString() : '{}') as { code: string; message: string };
    expect(body.code).toBe('ServiceFailure');
    expect(body.message).toMatch(/the upstream http:\/\/127\.0\.0\.1:9 refused the connection/);
    await proxy.close();
    expect(store.listExchanges({ sessionId: proxy.sessionId }).items[0]).toMatchObject({ stage: 'aborted', error: { kind: 'upstream-refused' } });
  });

  it('forwards a body past the size cap whole and records it truncated', async () => {
    const upstream = await startOddUpstream();
    cleanup.push(() => upstream.close());
    const store = openStore('cap.db');
    const proxy = await proxyFor(store, { upstream: upstream.url, bodyCapBytes: 1000, writerThread: false });
    const big = await get(`${proxy.url}/big`);
    expect('body' in big && big.body.byteLength).toBe(BIG_BODY_BYTES);
    await proxy.close();
    const [row] = store.listExchanges({ sessionId: proxy.sessionId }).items;
    expect(row).toMatchObject({ stage: 'completed', truncated: true, error: { kind: 'body-truncated' }, responseBodySizeBytes: BIG_BODY_BYTES });
    const stored = store.getExchange(row?.id ?? -1)?.exchange;
    expect(stored?.stage === 'completed' && stored.response.body.byteLength).toBe(1000);
  });
});
