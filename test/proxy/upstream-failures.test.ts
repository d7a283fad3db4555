import { request, Agent } from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startRecordingProxy } from '../../proxy/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { startRawUpstream } from '../support/raw-upstream.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-upstream-failures-');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});
afterAll(() => tmp.cleanup());

async function recordThrough(upstream: string, name: string) {
  const store = RecordingStore.open(tmp.path(`${name}.db`), { create: true });
  cleanup.push(async () => store.close());
  const proxy = await startRecordingProxy({ store, upstream, caDir: tmp.path('ca'), redact: false });
  cleanup.push(() => proxy.close());
  return { store, proxy };
}

/** One GET through a kept-alive client connection, like a UCWA client's. */
function get(url: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the recording proxy in front of an upstream that misbehaves at the HTTP level', () => {
  it('says the upstream answered with something that is not HTTP, and what it sent', async () => {
    const upstream = await startRawUpstream('garbage');
    cleanup.push(() => upstream.close());
    const { store, proxy } = await recordThrough(upstream.url, 'garbage');
    const agent = new Agent({ keepAlive: true });
    cleanup.push(async () => agent.destroy());

    const answer = await get(`${proxy.url}/ucwa/oauth/v1/applications`, agent);
    expect(answer.status).toBe(502);
    const { message } = JSON.parse(answer.body) as { message: string };
    expect(message).toContain(`the upstream ${upstream.url} answered with a response that is not valid HTTP`);
    expect(message).toContain('HTTQ/1.1 two hundred');
    expect(message).not.toMatch(/could not be reached/);

    await proxy.close();
    const [row] = [...store.iterateExchanges(proxy.sessionId)];
    expect(row?.exchange).toMatchObject({ stage: 'aborted', error: { kind: 'upstream-invalid-response', message } });
  });

  it('retries a GET once on a fresh connection when the kept-alive one was closed silently: 200 sequential GETs all succeed', async () => {
    const upstream = await startRawUpstream('one-answer-per-connection');
    cleanup.push(() => upstream.close());
    const { store, proxy } = await recordThrough(upstream.url, 'silent-close');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanup.push(async () => agent.destroy());

    const statuses: number[] = [];
    for (let n = 0; n < 200; n++) statuses.push((await get(`${proxy.url}/ucwa/v1/applications/${n}`, agent)).status);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // Each answer came on a connection of its own, so some requests met a closed kept-alive one first.
    const retriedAtUpstream = upstream.requests.length - 200;
    expect(retriedAtUpstream).toBeGreaterThan(0);

    await proxy.close();
    const rows = [...store.iterateExchanges(proxy.sessionId)];
    expect(rows).toHaveLength(200);
    expect(rows.every((row) => row.exchange.stage === 'completed')).toBe(true);
    const noted = rows.filter((row) => row.exchange.stage === 'completed' && row.exchange.error?.kind === 'upstream-retried');
    expect(noted).toHaveLength(retriedAtUpstream);
    expect(noted[0]?.exchange).toMatchObject({ error: { message: expect.stringContaining('sent it once more on a fresh connection') } });
  });

  it('does not resend a POST: a closed kept-alive connection is reported as a reset', async () => {
    const upstream = await startRawUpstream('one-answer-per-connection');
    cleanup.push(() => upstream.close());
    const { store, proxy } = await recordThrough(upstream.url, 'post-not-retried');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanup.push(async () => agent.destroy());
    const post = (n: number) =>
      new Promise<number>((resolve, reject) => {
        request(`${proxy.url}/ucwa/v1/messages/${n}`, { agent, method: 'POST', headers: { 'Content-Length': '0' } }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        })
          .on('error', reject)
          .end();
      });
    const statuses: number[] = [];
    for (let n = 0; n < 20; n++) statuses.push(await post(n));
    expect(upstream.requests).toHaveLength(20);
    expect(statuses.filter((status) => status === 502).length).toBeGreaterThan(0);
    await proxy.close();
    const failed = [...store.iterateExchanges(proxy.sessionId)].filter((row) => row.exchange.stage === 'aborted');
    expect(failed.length).toBe(statuses.filter((status) => status === 502).length);
    expect(failed.every((row) => row.exchange.stage === 'aborted' && row.exchange.error.kind === 'upstream-reset')).toBe(true);
  });
});
