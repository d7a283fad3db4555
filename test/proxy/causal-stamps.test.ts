import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { inputsFromExchange } from '../../protocol/timeline/index.ts';
import { startRecordingProxy } from '../../proxy/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-causal-');
afterAll(() => tmp.cleanup());

const INVITATION = JSON.stringify({ rel: 'audioVideoInvitation', direction: 'Incoming', state: 'Connecting', _links: { self: { href: '/ucwa/v1/applications/1/communication/audioVideoInvitations/1' }, decline: { href: '/ucwa/v1/applications/1/communication/audioVideoInvitations/1/decline' } } });

/** A GET answered at once, and a POST sent from the GET's response callback: a client acting on what it just read. */
function getThenReactingPost(base: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const get = request(`${base}/ucwa/v1/applications/1/communication/audioVideoInvitations/1`, (response) => {
      const post = request(`${base}/ucwa/v1/applications/1/communication/audioVideoInvitations/1/decline`, { method: 'POST' }, (answer) => {
        answer.resume();
        answer.on('end', resolve);
      });
      post.on('error', reject);
      post.end();
      response.resume();
    });
    get.on('error', reject);
    get.end();
  });
}

it('stamps a request the client sent in answer to a response after that response, to the sub-millisecond, so the timeline folds cause before effect', async () => {
  const upstream: Server = createServer((req, res) => {
    if (req.method === 'GET') res.writeHead(200, { 'Content-Type': 'application/json' }).end(INVITATION);
    else res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const store = RecordingStore.open(tmp.path('causal.db'), { create: true });
  const proxy = await startRecordingProxy({ store, caDir: tmp.path('ca'), upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
  const rounds = 40;
  try {
    // Whole-millisecond stamps put the reaction first in about a quarter of the rounds: forty rounds catch that almost surely.
    for (let i = 0; i < rounds; i++) await getThenReactingPost(proxy.url);
  } finally {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  }
  const misordered: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const get = store.getExchangeBySeq(proxy.sessionId, 2 * i);
    const post = store.getExchangeBySeq(proxy.sessionId, 2 * i + 1);
    if (!get || !post) throw new Error(`round ${i} was not recorded`);
    expect([get.exchange.request.method, post.exchange.request.method]).toEqual(['GET', 'POST']);
    const answeredAt = inputsFromExchange({ id: get.id, seq: get.seq, exchange: get.exchange }).at(-1)?.atMs ?? Number.NaN;
    const reactedAt = inputsFromExchange({ id: post.id, seq: post.seq, exchange: post.exchange })[0]?.atMs ?? Number.NaN;
    if (!(reactedAt > answeredAt)) misordered.push(`round ${i}: POST at ${reactedAt}, GET's answer at ${answeredAt}`);
  }
  store.close();
  expect(misordered).toEqual([]);
});
