import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ExchangeDetailDto, ExchangePageDto } from '../../inspector-ui/api/wire-types.ts';
import { startInspectorServer } from '../../inspector-ui/server/index.ts';
import { startRecordingProxy, type RecordingProxyOptions, type RunningRecordingProxy } from '../../proxy/index.ts';
import { startReplay } from '../../replay/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { followLinks, startLinkedUpstreams, type LinkedUpstreams } from '../support/linked-upstreams.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-reverse-hosts-');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});
afterAll(() => tmp.cleanup());

async function setUp(name: string, options: Partial<RecordingProxyOptions> = {}): Promise<{ upstreams: LinkedUpstreams; store: RecordingStore; proxy: RunningRecordingProxy }> {
  const upstreams = await startLinkedUpstreams();
  cleanup.push(() => upstreams.close());
  const store = RecordingStore.open(tmp.path(`${name}.db`), { create: true });
  cleanup.push(async () => store.close());
  // Unredacted, so the stored bytes can be compared with what the servers sent.
  const proxy = await startRecordingProxy({ store, upstream: upstreams.discover, caDir: tmp.path('ca'), redact: false, writerThread: false, session: { name }, ...options });
  cleanup.push(() => proxy.close());
  return { upstreams, store, proxy };
}

const hostOf = (origin: string) => new URL(origin).host;

describe('reverse mode across the hosts a session is sent to', () => {
  it('keeps a link-following client on the proxy, and records what each server sent at its real URL', async () => {
    const { upstreams, store, proxy } = await setUp('follow');
    const session = await followLinks(`${proxy.url}/`);
    expect(session.name).toBe('Ann');
    for (const url of session.visited) expect(new URL(url).origin).toBe(proxy.url);
    // The second host is reached under a path that names it.
    expect(session.visited).toContain(`${proxy.url}/~http/${hostOf(upstreams.web)}/ucwa/user`);
    await proxy.close();

    const recorded = [...store.iterateExchanges(proxy.sessionId)].map((r) => r.exchange);
    expect(recorded.map((x) => `${x.request.method} ${x.request.url}`)).toEqual(upstreams.sent.map((s) => s.request));
    for (const [i, exchange] of recorded.entries()) {
      expect(exchange.stage).toBe('completed');
      if (exchange.stage !== 'completed') continue;
      expect(exchange.response.status).toBe(upstreams.sent[i]?.status);
      expect(Buffer.from(exchange.response.body).equals(upstreams.sent[i]?.body ?? Buffer.alloc(0))).toBe(true);
      expect(exchange.request.url).not.toContain('/~');
    }
    const notesOf = (method: string, url: string) => recorded.find((x) => x.request.method === method && x.request.url === url)?.urlMappings ?? [];
    expect(notesOf('GET', `${upstreams.discover}/`)).toEqual([{ where: 'response body', count: 3, direction: 'to-client' }]);
    expect(notesOf('GET', `${upstreams.discover}/go`)).toEqual([{ where: 'Location', count: 1, direction: 'to-client' }]);
    expect(recorded.find((x) => x.stage === 'completed' && x.response.status === 401)?.urlMappings).toEqual([{ where: 'WWW-Authenticate', count: 1, direction: 'to-client' }]);
    expect(recorded.find((x) => x.stage === 'completed' && x.response.status === 200 && x.request.url.endsWith('/ucwa/user'))?.urlMappings).toEqual([{ where: 'response body (gzip, served decoded)', count: 2, direction: 'to-client' }]);
    expect(notesOf('POST', `${upstreams.web}/ucwa/apps`)).toEqual([
      { where: 'request body', count: 1, direction: 'to-server' },
      { where: 'Location', count: 1, direction: 'to-client' },
      { where: 'response body', count: 3, direction: 'to-client' },
    ]);
    // The request body is recorded as the server got it: with the server's own URL.
    const post = recorded.find((x) => x.request.method === 'POST' && x.request.url.endsWith('/ucwa/apps'));
    expect(Buffer.from(post?.request.body ?? []).toString()).toContain(`"href":"${upstreams.web}/ucwa/user"`);
    expect(notesOf('GET', `${upstreams.web}/ucwa/apps/1/events?ack=1`)).toEqual([{ where: 'response body', count: 5, direction: 'to-client' }]);
  });

  it('shows the mapping in the exchange detail of the inspector', async () => {
    const { upstreams, store, proxy } = await setUp('ui');
    await followLinks(`${proxy.url}/`);
    await proxy.close();
    const ui = await startInspectorServer({ store, port: 0, host: '127.0.0.1' });
    cleanup.push(() => ui.close());
    const page = (await (await fetch(new URL(`/api/sessions/${proxy.sessionId}/exchanges?limit=100`, ui.url))).json()) as ExchangePageDto;
    const byUrl = (url: string) => page.items.find((x) => x.url === url)?.id;
    const discovery = (await (await fetch(new URL(`/api/exchanges/${byUrl(`${upstreams.discover}/`)}`, ui.url))).json()) as ExchangeDetailDto;
    expect(discovery.urlMappingSummary).toBe('served to the client with 3 URLs mapped to the proxy (response body 3)');
    // The body shown is the server's.
    expect(discovery.response?.text).toContain(`"href":"${upstreams.web}/ucwa/user"`);
    const created = (await (await fetch(new URL(`/api/exchanges/${byUrl(`${upstreams.web}/ucwa/apps`)}`, ui.url))).json()) as ExchangeDetailDto;
    expect(created.urlMappingSummary).toBe('served to the client with 4 URLs mapped to the proxy (Location 1, response body 3); sent to the server with 1 URL mapped back from the proxy (request body 1)');
    const token = (await (await fetch(new URL(`/api/exchanges/${byUrl(`${upstreams.web}/WebTicket/oauthtoken`)}`, ui.url))).json()) as ExchangeDetailDto;
    expect(token.urlMappingSummary).toBeNull();
  });

  it('with rewrite off, serves the server\'s bytes untouched', async () => {
    const { upstreams, proxy } = await setUp('untouched', { rewrite: false });
    const response = await fetch(`${proxy.url}/`);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.equals(upstreams.sent[0]?.body ?? Buffer.alloc(0))).toBe(true);
    expect(body.toString()).toContain(`"href":"${upstreams.web}/ucwa/user"`);
  });

  it('maps a JSON-escaped absolute href, and serves a body naming only root-relative hrefs as it came', async () => {
    const bodies: Record<string, string> = {
      '/plain': '{"_links":{"self":{"href":"/ucwa/plain"}},"note":"a path, not a URL: a/b"}',
      '/escaped': '', // set once the port is known
    };
    const server = createServer((req, res) => {
      const body = bodies[req.url ?? ''] ?? '{}';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    bodies['/escaped'] = `{"_links":{"self":{"href":"${upstream.replace(/\//g, '\\/')}\\/ucwa\\/escaped"}}}`;
    const store = RecordingStore.open(tmp.path('escaped.db'), { create: true });
    cleanup.push(async () => store.close());
    const proxy = await startRecordingProxy({ store, upstream, caDir: tmp.path('ca'), writerThread: false });
    cleanup.push(() => proxy.close());

    const plain = await (await fetch(`${proxy.url}/plain`)).text();
    expect(plain).toBe(bodies['/plain']);
    const escaped = JSON.parse(await (await fetch(`${proxy.url}/escaped`)).text()) as { _links: { self: { href: string } } };
    expect(escaped._links.self.href).toBe(`${proxy.url}/ucwa/escaped`);
    await proxy.close();
    const notes = [...store.iterateExchanges(proxy.sessionId)].map((r) => [new URL(r.exchange.request.url).pathname, r.exchange.urlMappings ?? []]);
    expect(notes).toEqual([
      ['/plain', []],
      ['/escaped', [{ where: 'response body', count: 1, direction: 'to-client' }]],
    ]);
  });

  it('refuses a host the session never named, with an error that names it, and forwards to it once the upstream names it', async () => {
    const { upstreams, proxy } = await setUp('refuse');
    const unknown = await fetch(`${proxy.url}/~https/unknown-host.example/ucwa/oauth/v1/applications`);
    expect(unknown.status).toBe(403);
    const problem = (await unknown.json()) as { code: string; message: string };
    expect(problem.code).toBe('Forbidden');
    expect(problem.message).toContain('unknown-host.example was not named');
    // Not an open relay: the second host is reached only after the upstream named it.
    const early = await fetch(`${proxy.url}/~http/${hostOf(upstreams.web)}/ucwa/user`);
    expect(early.status).toBe(403);
    expect(upstreams.sent.map((s) => s.request)).toEqual([]);
    await fetch(`${proxy.url}/`);
    const later = await fetch(`${proxy.url}/~http/${hostOf(upstreams.web)}/ucwa/user`);
    expect(later.status).toBe(401);
  });

  it('replays the multi-host recording to a client that follows the same links, with no misses', async () => {
    const { store, proxy } = await setUp('replayed');
    await followLinks(`${proxy.url}/`);
    await proxy.close();
    const replay = await startReplay({ store, sessionId: proxy.sessionId, pace: 'instant', pollTimeoutMs: 500 });
    cleanup.push(() => replay.close());
    const session = await followLinks(replay.url);
    expect(session.name).toBe('Ann');
    const replayOrigin = new URL(replay.url).origin;
    for (const url of session.visited) expect(new URL(url).origin).toBe(replayOrigin);
    const report = replay.report();
    expect(report.missed).toEqual([]);
    expect(report.stoodIn).toEqual([]);
    expect(report.unused).toEqual([]);
  });
});
