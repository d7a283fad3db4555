// The replay's HTTP shell over a real socket: framing, held polls, clients that go away. The policy has its own suite (replay-answers.test.ts).
import { request, type IncomingMessage } from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startReplay, type RunningReplay } from '../../replay/index.ts';
import { commandsOf, recordConversation } from '../support/recorded-conversation.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-replay-server-');
const replays: RunningReplay[] = [];
afterEach(async () => {
  for (const r of replays.splice(0)) await r.close();
});
afterAll(() => tmp.cleanup());

async function replay(options: Parameters<typeof startReplay>[0]): Promise<RunningReplay> {
  const r = await startReplay(options);
  replays.push(r);
  return r;
}

interface RawResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** One request on its own connection, with a Host header of our choosing (fetch may not set one). */
function send(r: RunningReplay, method: string, path: string, init: { host?: string; body?: string; contentType?: string } = {}): Promise<RawResponse> {
  const { port } = new URL(r.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Connection: 'close', ...(init.host ? { Host: init.host } : {}), ...(init.contentType ? { 'Content-Type': init.contentType } : {}) };
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(init.body ?? '');
  });
}

const poll = (r: RunningReplay, ack: number, signal?: AbortSignal) => fetch(new URL(`/ucwa/v1/applications/192/events?ack=${ack}`, r.url), { headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });

async function actAsRecordedClient(r: RunningReplay, fixture: string): Promise<void> {
  for (const command of commandsOf(fixture)) await send(r, command.method, command.pathAndQuery, { body: command.body, ...(command.contentType ? { contentType: command.contentType } : {}) });
}

describe('the replay server', () => {
  it('writes the recorded status line and a Content-Length that fits, with links naming the host the client asked for, from a db or a fixture', async () => {
    const { db, fixture } = await recordConversation(tmp, 'framing');
    for (const source of [{ db, session: 'framing' }, { fixture }]) {
      const r = await replay({ ...source, pace: 'instant', pollTimeoutMs: 200 });
      const host = `replay.example:${new URL(r.url).port}`;
      const root = await send(r, 'GET', '/', { host });
      expect(root.status).toBe(200);
      expect(Number(root.headers['content-length'])).toBe(Buffer.byteLength(root.body));
      const hrefs = [...root.body.matchAll(/"href":"([^"]+)"/g)].map((m) => m[1]);
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(href?.startsWith(`http://${host}/`)).toBe(true);
      const available = { body: '{"SupportedModalities":["Messaging"]}', contentType: 'application/json' };
      expect(await send(r, 'POST', '/ucwa/v1/applications/192/me/makeMeAvailable', available)).toMatchObject({ status: 204, statusText: 'No Content' });
      const conflict = await send(r, 'POST', '/ucwa/v1/applications/192/me/makeMeAvailable', available);
      expect(conflict).toMatchObject({ status: 409, statusText: 'Conflict' });
      expect(conflict.headers['content-type']).toMatch(/json/);
      expect(r.report().matched.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('holds event polls on the socket: batches in order, then a second poll replaces the first, which is answered empty at its timeout', async () => {
    const { fixture } = await recordConversation(tmp, 'events');
    // Polls are held 2 s: long enough that the second poll below surely finds the first still pending.
    const r = await replay({ fixture, pace: 'instant', pollTimeoutMs: 2000 });
    await actAsRecordedClient(r, fixture);
    const batches: string[] = [];
    for (let ack = 1; ack <= 3; ack++) batches.push(await (await poll(r, ack)).text());
    expect(batches.every((b) => b.includes('"sender"') || b.includes('<sender'))).toBe(true);
    const first = poll(r, 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = poll(r, 4);
    expect((await first).status).toBe(409);
    const empty = (await (await second).json()) as { _links: { next: { href: string } }; sender?: unknown };
    expect(empty.sender).toBeUndefined();
    expect(empty._links.next.href).toMatch(/ack=5$/);
  });

  it('keeps the batch a disconnected poll was waiting for, for the next poll', async () => {
    const { fixture } = await recordConversation(tmp, 'disconnect');
    const r = await replay({ fixture, pace: 'instant', pollTimeoutMs: 60_000 });
    const abort = new AbortController();
    const gone = poll(r, 1, abort.signal).catch((error: Error) => error.name);
    // Margin for the poll to be held before it goes, and for the server to see it go.
    await new Promise((resolve) => setTimeout(resolve, 300));
    abort.abort();
    expect(await gone).toBe('AbortError');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await actAsRecordedClient(r, fixture);
    const next = await (await poll(r, 1)).text();
    expect(next).toContain('localParticipant'); // only the first batch has it
  });
});
