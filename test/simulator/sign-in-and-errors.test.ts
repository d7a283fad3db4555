import { afterEach, describe, expect, it } from 'vitest';
import { decodeBody } from '../../protocol/decode-body.ts';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { rawRequest, signIn } from '../support/sim-http.ts';

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const ucwaError = (text: string) => JSON.parse(text) as { code: string; subcode?: string; message: string };

describe('discovery and sign-in', () => {
  it('leads from the root to a 401 challenge, a token and the applications link', async () => {
    sim = await startSimulator();
    const root = JSON.parse((await rawRequest(sim, 'GET', '/')).text) as { rel: string; _links: { user: { href: string } } };
    expect(root.rel).toBe('root');
    const challenge = await rawRequest(sim, 'GET', root._links.user.href);
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get('www-authenticate')).toBe(`MsRtcOAuth href="${sim.origin}/WebTicket/oauthtoken",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"`);
    const wrong = await rawRequest(sim, 'POST', '/WebTicket/oauthtoken', { body: 'grant_type=password&username=alice%40contoso.com&password=nope', contentType: 'application/x-www-form-urlencoded' });
    expect([wrong.status, JSON.parse(wrong.text).error]).toEqual([400, 'invalid_grant']);
    const unsupported = await rawRequest(sim, 'POST', '/WebTicket/oauthtoken', { body: 'grant_type=urn:microsoft.rtc:windows', contentType: 'application/x-www-form-urlencoded' });
    expect(JSON.parse(unsupported.text).error).toBe('unsupported_grant_type');
    const app = await signIn(sim, 'bob@contoso.com');
    const user = await app.request('GET', root._links.user.href);
    expect(JSON.parse(user.text)._links.applications.href).toBe(`${sim.origin}/ucwa/oauth/v1/applications`);
    expect(app.application).toMatchObject({ rel: 'application', culture: 'en-US', userAgent: 'test', endpointId: 'e1' });
    expect(Object.keys(app.application._embedded)).toEqual(['me', 'people', 'onlineMeetings', 'communication']);
  });

  it('checks the bearer token on every request', async () => {
    sim = await startSimulator();
    const app = await signIn(sim);
    for (const token of [null, 'cwt=forged']) {
      const denied = await rawRequest(sim, 'GET', app.appHref, { token });
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toMatch(/^MsRtcOAuth href=/);
    }
    const other = await signIn(sim, 'carol@contoso.com');
    expect((await rawRequest(sim, 'GET', app.appHref, { token: other.token })).status).toBe(404);
  });
});

describe('the application', () => {
  it('is made available once (twice is 409 AlreadyExists), reports activity only when available, and can be deleted', async () => {
    sim = await startSimulator();
    const app = await signIn(sim);
    const me = `${app.appHref}/me`;
    const early = await app.request('POST', `${app.appHref}/reportMyActivity`);
    expect([early.status, ucwaError(early.text).subcode]).toEqual([409, 'MakeMeAvailableRequired']);
    expect((await app.request('POST', `${me}/makeMeAvailable`, { body: '{"SupportedModalities":["Messaging"]}', contentType: 'application/json' })).status).toBe(204);
    const twice = await app.request('POST', `${me}/makeMeAvailable`, { body: '{}', contentType: 'application/json' });
    expect([twice.status, ucwaError(twice.text)]).toEqual([409, expect.objectContaining({ code: 'Conflict', subcode: 'AlreadyExists' })]);
    expect((await app.request('POST', `${app.appHref}/reportMyActivity`)).status).toBe(204);
    const meNow = JSON.parse((await app.request('GET', me)).text) as { _links: Record<string, { href: string }> };
    expect(Object.keys(meNow._links)).toEqual(['self', 'presence', 'note', 'location', 'reportMyActivity']);
    expect(meNow._links['reportMyActivity']?.href).toBe(`${app.appHref}/reportMyActivity`);
    expect((await app.request('DELETE', app.appHref)).status).toBe(204);
    const after = await app.request('GET', app.appHref);
    expect([after.status, ucwaError(after.text).subcode]).toEqual([404, 'ApplicationNotFound']);
  });

  it('expires when idle, and then answers 410 InactiveApplicationExpired', async () => {
    sim = await startSimulator({ idleExpiryMs: 200 });
    const app = await signIn(sim);
    await expect.poll(async () => (await app.request('GET', app.appHref)).status, { timeout: 10_000, interval: 300 }).toBe(410);
    expect(ucwaError((await app.request('GET', app.appHref)).text)).toMatchObject({ code: 'Gone', subcode: 'InactiveApplicationExpired' });
  });

  it('lets go of a held event poll whose client went away, so the application can expire', async () => {
    sim = await startSimulator({ idleExpiryMs: 200 });
    const app = await signIn(sim);
    const poll = (signal: AbortSignal) => fetch(new URL(app.eventsHref, sim?.url), { headers: { Accept: 'application/json', Authorization: `Bearer ${app.token}` }, signal });
    const clients = [new AbortController(), new AbortController()];
    const polls = clients.map((client, i) => poll(client.signal).then((response) => ({ i, status: response.status }), () => ({ i, status: 0 })));
    // Whichever poll came second replaced the other: once that one is answered 409, the second is the one held.
    const replaced = await Promise.race(polls);
    expect(replaced.status).toBe(409);
    const held = 1 - replaced.i;
    clients[held]?.abort();
    expect((await polls[held])?.status).toBe(0);
    await expect.poll(async () => (await app.request('GET', app.appHref)).status, { timeout: 10_000, interval: 300 }).toBe(410);
  });
});

describe('bad requests', () => {
  it('get documented UCWA errors, in JSON or XML, and the server keeps serving', async () => {
    sim = await startSimulator({ timeScale: 0.002 });
    const app = await signIn(sim);
    const start = `${app.appHref}/communication/messagingInvitations`;
    const cases: { name: string; send: () => Promise<{ status: number; text: string }>; status: number; code: string; subcode?: string }[] = [
      { name: 'malformed JSON', send: () => app.request('POST', start, { body: '{"to": "sip:echo@contoso.com"', contentType: 'application/json' }), status: 400, code: 'BadRequest', subcode: 'DeserializationFailure' },
      { name: 'malformed XML', send: () => app.request('POST', start, { body: '<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><property name="to">x</input>', contentType: 'application/xml' }), status: 400, code: 'BadRequest', subcode: 'DeserializationFailure' },
      { name: 'missing to', send: () => app.request('POST', start, { body: '{"subject":"hi"}', contentType: 'application/json' }), status: 400, code: 'BadRequest', subcode: 'ParameterValidationFailure' },
      { name: 'wrong content type', send: () => app.request('POST', start, { body: 'to=sip:echo', contentType: 'text/csv' }), status: 415, code: 'UnsupportedMediaType' },
      { name: 'wrong method', send: () => app.request('PUT', start, { body: '{}', contentType: 'application/json' }), status: 405, code: 'MethodNotAllowed' },
      { name: 'unknown path', send: () => app.request('GET', `${app.appHref}/nowhere`), status: 404, code: 'NotFound' },
      { name: 'unknown conversation', send: () => app.request('GET', `${app.appHref}/communication/conversations/999999`), status: 404, code: 'NotFound', subcode: 'ConversationNotFound' },
      { name: 'no ack', send: () => app.request('GET', `${app.appHref}/events`), status: 400, code: 'BadRequest', subcode: 'ParameterValidationFailure' },
      { name: 'missing application input', send: () => app.request('POST', '/ucwa/oauth/v1/applications', { body: '{"userAgent":"x"}', contentType: 'application/json' }), status: 400, code: 'BadRequest', subcode: 'ParameterValidationFailure' },
      { name: 'a path off the server', send: () => rawRequest(sim as RunningSimulator, 'GET', '/favicon.ico'), status: 404, code: 'NotFound' },
    ];
    for (const c of cases) {
      const response = await c.send();
      expect({ name: c.name, status: response.status }).toEqual({ name: c.name, status: c.status });
      expect(ucwaError(response.text)).toMatchObject({ code: c.code, ...(c.subcode ? { subcode: c.subcode } : {}), message: expect.any(String) });
    }
    const xml = await app.request('GET', `${app.appHref}/nowhere`, { accept: 'application/xml' });
    const decoded = decodeBody(new TextEncoder().encode(xml.text), { contentType: xml.headers.get('content-type') ?? undefined, direction: 'response', status: 404 });
    expect(decoded.ok && decoded.body.kind === 'error' && decoded.body.error.code).toBe('NotFound');
    expect((await app.request('PUT', start, { body: '{}', contentType: 'application/json' })).headers).toBeDefined();
    expect((await rawRequest(sim, 'GET', '/')).status).toBe(200);
  });

  it('refuses messaging actions when messaging is not connected, and invitations that are no longer answerable', async () => {
    sim = await startSimulator(); // bob takes 0.9 s to accept: long enough to act while still connecting
    const app = await signIn(sim);
    const start = await app.request('POST', `${app.appHref}/communication/messagingInvitations`, { body: '{"to":"sip:bob@contoso.com","operationId":"op7"}', contentType: 'application/json' });
    expect(start.status).toBe(201);
    const invitation = start.headers.get('location') as string;
    const inv = JSON.parse((await app.request('GET', invitation)).text) as { operationId: string; _links: { conversation: { href: string } } };
    expect(inv.operationId).toBe('op7');
    const messages = `${inv._links.conversation.href}/messaging/messages`;
    // A client that built this URL early POSTs while messaging still connects: the message waits for it.
    expect((await app.request('POST', messages, { body: 'hello', contentType: 'text/plain' })).status).toBe(201);
    expect((await app.request('POST', `${inv._links.conversation.href}/messaging/terminate`)).status).toBe(204);
    const send = await app.request('POST', messages, { body: 'hello again', contentType: 'text/plain' });
    expect([send.status, ucwaError(send.text).code]).toEqual([409, 'Conflict']);
    // An outgoing invitation cannot be accepted by its sender.
    const accept = await app.request('POST', `${invitation}/accept`);
    expect([accept.status, ucwaError(accept.text).subcode]).toEqual([409, 'Ended']);
  });
});
