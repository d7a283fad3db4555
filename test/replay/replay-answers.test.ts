// The replay's policy, asked as a function: no port, no socket (the HTTP shell has its own suite, replay-server.test.ts).
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openReplay, startReplay, type OpenReplay, type ReplayAnswer, type ReplayResponse } from '../../replay/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { commandsOf, recordConversation } from '../support/recorded-conversation.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { HOST, makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-replay-answers-');
const replays: OpenReplay[] = [];
afterEach(async () => {
  for (const r of replays.splice(0)) await r.close();
});
afterAll(() => tmp.cleanup());

/** Where the test's "client" reaches the replay: no server listens there, and none needs to. */
const AT = 'http://replay.test';
const MESSAGING = '/ucwa/v1/applications/192/communication/conversations/137/messaging';
const text = (response: ReplayResponse) => new TextDecoder().decode(response.body);
const json = <T>(response: ReplayResponse) => JSON.parse(text(response)) as T;
const header = (response: ReplayResponse, name: string) => response.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

async function open(options: Parameters<typeof openReplay>[0]): Promise<OpenReplay> {
  const r = await openReplay(options);
  replays.push(r);
  return r;
}

function responseOf(answer: ReplayAnswer): ReplayResponse {
  if (answer.kind !== 'response') throw new Error(`expected a response, got a held poll`);
  return answer;
}

async function ask(r: OpenReplay, method: string, path: string, init: { body?: string; contentType?: string } = {}): Promise<ReplayResponse> {
  return responseOf(await r.answer({ method, url: `${AT}${path}`, headers: init.contentType ? { 'Content-Type': init.contentType } : {}, ...(init.body !== undefined ? { body: init.body } : {}) }));
}

async function poll(r: OpenReplay, ack: number): Promise<Extract<ReplayAnswer, { kind: 'held' }>> {
  const answer = await r.answer({ method: 'GET', url: `${AT}/ucwa/v1/applications/192/events?ack=${ack}`, headers: [['Accept', 'application/json']] });
  if (answer.kind !== 'held') throw new Error('an event poll is held');
  return answer;
}

/** Sends the recorded client's requests, as the recorded client did: the event batches followed them. */
async function actAsRecordedClient(r: OpenReplay, fixture: string): Promise<void> {
  for (const request of commandsOf(fixture)) await r.answer({ method: request.method, url: `${AT}${request.pathAndQuery}`, headers: request.contentType ? [['Content-Type', request.contentType]] : [], body: request.body });
}

describe('the replay, asked as a function', () => {
  it('answers with the recorded responses, recorded hosts mapped to where the client asked, from a db or a fixture', async () => {
    const { db, fixture } = await recordConversation(tmp, 'basic');
    for (const source of [{ db, session: 'basic' }, { fixture }]) {
      const r = await open({ ...source, pace: 'instant', pollTimeoutMs: 200 });
      const root = await ask(r, 'GET', '/');
      expect(root.status).toBe(200);
      // Every server the recording names is reached through the replay: its root, or /~https/host/ for the others.
      const hrefs = [...text(root).matchAll(/"href":"([^"]+)"/g)].map((m) => m[1]);
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(href?.startsWith(AT)).toBe(true);
      expect(header(root, 'content-length')).toBe(String(root.body.byteLength));
      // The recording answered this request 204 the first time and 409 the second.
      const available = { body: '{"SupportedModalities":["Messaging"]}', contentType: 'application/json' };
      expect(await ask(r, 'POST', '/ucwa/v1/applications/192/me/makeMeAvailable', available)).toMatchObject({ status: 204, statusText: 'No Content' });
      const again = await ask(r, 'POST', '/ucwa/v1/applications/192/me/makeMeAvailable', available);
      expect(again).toMatchObject({ status: 409, statusText: 'Conflict' });
      expect(header(again, 'content-type')).toMatch(/json/);
      expect(r.report().matched.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('explains a miss: the request, the nearest recorded candidates and what differed', async () => {
    const { fixture } = await recordConversation(tmp, 'miss');
    const r = await open({ fixture });
    const response = await ask(r, 'PUT', '/ucwa/v1/applications/192/me/makeMeAvailable', { body: '{}', contentType: 'application/json' });
    expect(response.status).toBe(404);
    const body = json<{ code: string; message: string; candidates: { request: string; differences: string[] }[] }>(response);
    expect(body.code).toBe('NotFound');
    expect(body.message).toMatch(/^ucwa-inspector replay: no recorded answer for PUT \/ucwa\/v1\/applications\/192\/me\/makeMeAvailable\. Nearest recorded: POST \/ucwa\/v1\/applications\/192\/me\/makeMeAvailable \(differs in method PUT \(recorded POST\)/);
    expect(r.report().missed).toEqual([expect.objectContaining({ request: 'PUT /ucwa/v1/applications/192/me/makeMeAvailable', reason: body.message })]);
  });

  it('repeats the last answer when a key runs out, or misses with policy miss', async () => {
    const { fixture } = await recordConversation(tmp, 'exhausted');
    const repeat = await open({ fixture });
    const first = text(await ask(repeat, 'GET', MESSAGING));
    expect(text(await ask(repeat, 'GET', MESSAGING))).toBe(first);
    const strict = await open({ fixture, policy: 'miss' });
    expect((await ask(strict, 'GET', MESSAGING)).status).toBe(200);
    const second = await ask(strict, 'GET', MESSAGING);
    expect(second.status).toBe(404);
    expect(json<{ message: string }>(second).message).toMatch(/every recorded answer to it has been served \(policy: miss\)/);
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
    const r = await open({ db, session: 'aborted' });
    const response = await ask(r, 'GET', new URL(root.request.url).pathname);
    expect(response.status).toBe(502);
    expect(json<{ message: string }>(response).message).toMatch(/no complete response \(upstream-refused/);
  });

  it('issues a token itself when the recording has no token request, and reports it', async () => {
    const { fixture } = await recordConversation(tmp, 'no-token', (exchange) => !exchange.request.url.includes('oauthtoken'));
    const r = await open({ fixture });
    const challenge = await ask(r, 'GET', '/Autodiscover/AutodiscoverService.svc/root/oauth/user');
    expect(challenge.status).toBe(401);
    expect(header(challenge, 'www-authenticate')).toContain(`href="${AT}/WebTicket/oauthtoken"`);
    const token = await ask(r, 'POST', '/WebTicket/oauthtoken', { body: 'grant_type=password&username=carol%40contoso.com&password=x', contentType: 'application/x-www-form-urlencoded' });
    expect(token.status).toBe(200);
    expect(json<{ access_token: string; token_type: string }>(token)).toMatchObject({ access_token: 'cwt=ucwa-inspector-replay-1', token_type: 'Bearer' });
    expect(r.report().stoodIn).toEqual([expect.stringMatching(/^POST \/WebTicket\/oauthtoken: a token issued by the replay/)]);
    expect(r.report().missed).toEqual([]);
  });

  it('refuses a request whose url is neither a URL nor a path, naming it', async () => {
    const { fixture } = await recordConversation(tmp, 'bad-url');
    const r = await open({ fixture });
    await expect(r.answer({ method: 'GET', url: 'http://' })).rejects.toThrow(/^url: "http:\/\/" is neither a URL nor a path; give the URL the client asked for/);
    await expect(r.answer({ method: 'GET', url: 'ucwa/oauth' })).rejects.toThrow(/^url: "ucwa\/oauth" is neither a URL nor a path/);
    expect(r.report().missed).toEqual([]);
  });
});

describe('the event channel, asked as a function', () => {
  it('releases recorded event batches in order, then holds polls and answers empty batches; a second poll replaces the first', async () => {
    const { fixture } = await recordConversation(tmp, 'events');
    await playEventChannel({ fixture }, fixture);
  });

  it('finds the event batches of a recording whose writer never derived it (a crash) by decoding its responses', async () => {
    const { db, fixture } = await recordConversation(tmp, 'never-derived');
    const raw = new Database(db);
    raw.exec('DELETE FROM events; DELETE FROM event_batches; DELETE FROM exchange_derived;');
    raw.close();
    await playEventChannel({ db, session: 'never-derived' }, fixture);
  });

  async function playEventChannel(source: { fixture: string } | { db: string; session: string }, fixture: string): Promise<void> {
    const r = await open({ ...source, pace: 'instant', pollTimeoutMs: 200 });
    await actAsRecordedClient(r, fixture);
    const batches: string[] = [];
    for (let ack = 1; ack <= 3; ack++) batches.push(text(await (await poll(r, ack)).until));
    expect(batches.every((b) => b.includes('"sender"') || b.includes('<sender'))).toBe(true);
    // The batches have run out: a poll is held; a second one replaces it at once, and is answered empty at its timeout.
    const first = await poll(r, 4);
    const second = await poll(r, 4);
    expect(json<{ subcode: string }>(await first.until)).toMatchObject({ code: 'Conflict', subcode: 'PGetReplaced' });
    expect((await first.until).status).toBe(409);
    const empty = await second.until;
    const body = json<{ _links: { next: { href: string } }; sender?: unknown }>(empty);
    expect(empty.status).toBe(200);
    expect(body.sender).toBeUndefined();
    expect(body._links.next.href).toMatch(/ack=5$/);
  }

  it('answers a poll it still holds when it closes, rather than leaving it waiting', async () => {
    const { fixture } = await recordConversation(tmp, 'closing');
    const r = await openReplay({ fixture, pace: 'instant', pollTimeoutMs: 60_000 });
    const held = await poll(r, 1);
    await r.close();
    const response = await held.until;
    expect(response.status).toBe(503);
    expect(json<{ message: string }>(response).message).toMatch(/the replay closed while this poll was held/);
  });

  it('keeps the batch an abandoned poll was waiting for, for the next poll', async () => {
    const { fixture } = await recordConversation(tmp, 'abandoned');
    const r = await open({ fixture, pace: 'instant', pollTimeoutMs: 60_000 });
    const gone = await poll(r, 1);
    let settled = false;
    void gone.until.then(() => (settled = true));
    gone.abandon();
    await actAsRecordedClient(r, fixture);
    // Had the abandoned poll still been waiting, its batch would have gone to it by now (pace instant releases at once).
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = text(await (await poll(r, 1)).until);
    expect(next).toContain('localParticipant'); // only the first batch has it
    expect(settled).toBe(false);
    expect(r.report().matched.filter((m) => m.request.endsWith('(event batch)'))).toHaveLength(1);
  });
});

describe('the replay with a fallback, asked as a function', () => {
  it('sends a miss to the fallback server, answers with its response, and records it into a new session', async () => {
    const { db } = await recordConversation(tmp, 'fallback');
    const { startOddUpstream } = await import('../support/odd-upstream.ts');
    const upstream = await startOddUpstream();
    const r = await openReplay({ db, session: 'fallback', fallback: upstream.url });
    const response = await ask(r, 'GET', '/not/recorded?x=1');
    expect(response.status).toBe(200);
    expect(json<{ rel: string }>(response).rel).toBe('root');
    expect(header(response, 'content-length')).toBe(String(response.body.byteLength));
    expect(upstream.seen).toEqual(['/not/recorded?x=1']);
    expect(r.report().missed).toEqual([expect.objectContaining({ request: 'GET /not/recorded?x=1', forwardedStatus: 200 })]);
    await r.close();
    await upstream.close();
    const store = RecordingStore.open(db, { readOnly: true });
    const session = store.listSessions().find((s) => s.name === 'fallback for fallback');
    expect(session).toMatchObject({ mode: 'replay-fallback', exchangeCount: 1 });
    expect(store.listExchanges({ sessionId: session?.id ?? -1 }).items[0]).toMatchObject({ method: 'GET', status: 200, url: `${upstream.url}/not/recorded?x=1` });
    store.close();
  });
});

describe('opening a replay', () => {
  it('refuses a corrupt fixture by name', async () => {
    const fixture = tmp.path('corrupt.json');
    writeFileSync(fixture, '{"format":"ucwa-inspector-fixture","version":1,"session":');
    await expect(openReplay({ fixture })).rejects.toThrow(/corrupt\.json is not a fixture: it is not valid JSON/);
    await expect(startReplay({ fixture })).rejects.toThrow(/corrupt\.json is not a fixture: it is not valid JSON/);
  });

  it('refuses a fallback for a fixture, whose recording it could not add to', async () => {
    const { fixture } = await recordConversation(tmp, 'fallback-fixture');
    await expect(openReplay({ fixture, fallback: 'http://127.0.0.1:9' })).rejects.toThrow(/replay a --db session, not a fixture/);
  });
});
