import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBody } from '../../protocol/decode-body.ts';
import { openSimulator, startSimulator, type OpenSimulator, type RunningSimulator, type SimulatorAnswer, type SimulatorResponse } from '../../simulator/index.ts';

let sim: OpenSimulator | null = null;
let server: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  await server?.close();
  sim = null;
  server = null;
});

const JSON_ACCEPT = 'application/vnd.microsoft.com.ucwa+json';
const text = (response: SimulatorResponse) => new TextDecoder().decode(response.body);
const header = (response: SimulatorResponse, name: string) => response.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

function responseOf(answer: SimulatorAnswer): SimulatorResponse {
  if (answer.kind !== 'response') throw new Error('expected an answer at once, got a held poll');
  return answer;
}

type Link = { href: string };
type EventBatch = { _links: { next?: Link }; sender: { rel: string; events: { type: string; link: { rel: string; href: string }; _embedded?: Record<string, { direction?: string; _links?: Record<string, Link> }> }[] }[] };

interface Signed {
  readonly appHref: string;
  events: string;
  ask(method: string, href: string, init?: { body?: string; type?: string; accept?: string }): Promise<SimulatorAnswer>;
}

async function signIn(open: OpenSimulator, user: string): Promise<Signed> {
  const form = `grant_type=password&username=${encodeURIComponent(user)}&password=Passw0rd!`;
  const token = JSON.parse(text(responseOf(await open.answer({ method: 'POST', url: '/WebTicket/oauthtoken', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form })))) as { access_token: string };
  const ask: Signed['ask'] = (method, href, init = {}) =>
    open.answer({ method, url: href, headers: { Accept: init.accept ?? JSON_ACCEPT, Authorization: `Bearer ${token.access_token}`, ...(init.type ? { 'Content-Type': init.type } : {}) }, ...(init.body !== undefined ? { body: init.body } : {}) });
  const created = responseOf(await ask('POST', '/ucwa/oauth/v1/applications', { body: '{"userAgent":"no-port","endpointId":"e1","culture":"en-US"}', type: 'application/json' }));
  expect(created.status).toBe(201);
  const application = JSON.parse(text(created)) as { _links: { self: Link; events: Link } };
  return { appHref: application._links.self.href, events: application._links.events.href, ask };
}

/** Polls `who`'s event channel, following `next`, until a batch holds an event `found` picks; returns what it picked. */
async function pollFor<T>(who: Signed, found: (batch: EventBatch) => T | undefined): Promise<T> {
  for (;;) {
    const answer = await who.ask('GET', who.events);
    const batch = JSON.parse(text(answer.kind === 'held' ? await answer.until : answer)) as EventBatch;
    who.events = batch._links.next?.href ?? who.events;
    const picked = found(batch);
    if (picked !== undefined) return picked;
  }
}

const eventsOf = (batch: EventBatch) => batch.sender.flatMap((s) => s.events);
const plainText = (href: string) => decodeURIComponent(href.slice(href.indexOf(',') + 1).replace(/\+/g, ' '));

describe('the simulator as a function, with no port', () => {
  it('signs in: the root and the challenge name the public origin, the token endpoint issues a token, the application is created', async () => {
    sim = await openSimulator();
    expect(sim.publicOrigin).toBe('http://simulator.invalid');
    const root = responseOf(await sim.answer({ method: 'GET', url: 'http://simulator.invalid/', headers: { Accept: JSON_ACCEPT } }));
    expect([root.status, header(root, 'content-type'), header(root, 'x-ms-ucwaversion')]).toEqual([200, 'application/json; charset=utf-8', '1']);
    expect(header(root, 'content-length')).toBe(String(root.body.byteLength));
    expect(header(root, 'etag')).toMatch(/^"[0-9a-f]{16}"$/);
    const user = (JSON.parse(text(root)) as { _links: { user: Link } })._links.user.href;
    expect(user).toBe('http://simulator.invalid/autodiscover/autodiscoverservice.svc/root/oauth/user');
    const challenge = responseOf(await sim.answer({ method: 'GET', url: user }));
    expect(challenge.status).toBe(401);
    expect(header(challenge, 'www-authenticate')).toBe('MsRtcOAuth href="http://simulator.invalid/WebTicket/oauthtoken",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"');
    const alice = await signIn(sim, 'alice@contoso.com');
    expect(alice.appHref).toMatch(/^\/ucwa\/oauth\/v1\/applications\/\w+$/);
    const me = responseOf(await alice.ask('GET', `${alice.appHref}/me`, { accept: 'application/vnd.microsoft.com.ucwa+xml' }));
    expect(header(me, 'content-type')).toBe('application/xml; charset=utf-8');
    expect(text(me)).toContain('sip:alice@contoso.com');
  });

  it('chats: the invitation and then the message release the other side\'s held event polls', async () => {
    sim = await openSimulator({ timeScale: 0.05 });
    const alice = await signIn(sim, 'alice@contoso.com');
    const bob = await signIn(sim, 'bob@contoso.com');
    for (const who of [alice, bob]) expect(responseOf(await who.ask('POST', `${who.appHref}/me/makeMeAvailable`, { body: '{"SupportedModalities":["Messaging"]}', type: 'application/json' })).status).toBe(204);
    await pollFor(bob, (batch) => eventsOf(batch).find((e) => e.link.rel === 'me'));

    const held = await bob.ask('GET', bob.events);
    expect(held.kind).toBe('held');
    const invite = JSON.stringify({ to: 'sip:bob@contoso.com', _links: { message: { href: 'data:text/plain,Hi Bob' } } });
    expect(responseOf(await alice.ask('POST', `${alice.appHref}/communication/messagingInvitations`, { body: invite, type: 'application/json' })).status).toBe(201);
    if (held.kind !== 'held') throw new Error('unreachable');
    const ringing = JSON.parse(text(await held.until)) as EventBatch;
    bob.events = ringing._links.next?.href ?? bob.events;
    const started = (batch: EventBatch) => eventsOf(batch).find((e) => e.link.rel === 'messagingInvitation' && e.type === 'started');
    const invitation = started(ringing) ?? (await pollFor(bob, started));
    expect(invitation?._embedded?.['messagingInvitation']?._links?.['message']?.href).toBe('data:text/plain;charset=utf-8,Hi+Bob');

    const accept = invitation?._embedded?.['messagingInvitation']?._links?.['accept']?.href ?? '';
    expect(responseOf(await bob.ask('POST', accept)).status).toBe(204);
    const sendMessage = await pollFor(alice, (batch) => eventsOf(batch).find((e) => e.link.rel === 'messaging' && e._embedded?.['messaging']?._links?.['sendMessage'])?._embedded?.['messaging']?._links?.['sendMessage']?.href);
    const sent = responseOf(await alice.ask('POST', sendMessage, { body: 'Lunch?', type: 'text/plain' }));
    expect(sent.status).toBe(201);
    expect(header(sent, 'location')).toBe(`${sendMessage}/2`); // the invitation's message was the first
    const said = await pollFor(bob, (batch) =>
      eventsOf(batch)
        .map((e) => e._embedded?.['message'])
        .filter((m) => m?.direction === 'Incoming')
        .map((m) => plainText(m?._links?.['plainMessage']?.href ?? ''))
        .find((t) => t === 'Lunch?'),
    );
    expect(said).toBe('Lunch?');
  });

  it('answers a batch part by part, as each would be answered alone', async () => {
    sim = await openSimulator();
    const alice = await signIn(sim, 'alice@contoso.com');
    const part = (method: string, target: string, accept: string) => ['Content-Type: application/http; msgtype=request', '', `${method} ${target} HTTP/1.1`, `Accept: ${accept}`, '', ''].join('\r\n');
    const parts = [part('GET', `${alice.appHref}/me`, JSON_ACCEPT), part('GET', `${alice.appHref}/people/bob@contoso.com/presence`, 'application/vnd.microsoft.com.ucwa+xml'), part('PUT', `${alice.appHref}/me`, JSON_ACCEPT)];
    const body = `${parts.map((p) => `--b7c1d2e3\r\n${p}`).join('\r\n')}\r\n--b7c1d2e3--\r\n`;
    const answer = responseOf(await alice.ask('POST', `${alice.appHref}/batch`, { body, type: 'multipart/batching; boundary=b7c1d2e3' }));
    expect(answer.status).toBe(200);
    const type = header(answer, 'content-type') ?? '';
    expect(type).toMatch(/^multipart\/batching; boundary=[0-9a-f]{8}$/);
    const decoded = decodeBody(answer.body, { direction: 'response', status: 200, contentType: type });
    if (!decoded.ok || decoded.body.kind !== 'batch') throw new Error(`not a batch: ${JSON.stringify(decoded)}`);
    expect(decoded.body.parts.map((p) => p.status)).toEqual([200, 200, 405]);
    expect(decoded.body.parts[1]?.body.ok && decoded.body.parts[1].body.format).toBe('xml');
    expect(decoded.body.parts[2]?.headers).toContainEqual(['allow', 'GET']);
  });

  it('answers errors in the documented shape, as JSON or XML by Accept', async () => {
    sim = await openSimulator();
    const alice = await signIn(sim, 'alice@contoso.com');
    const missing = responseOf(await alice.ask('GET', `${alice.appHref}/nothing`, { accept: 'application/vnd.microsoft.com.ucwa+xml' }));
    expect([missing.status, header(missing, 'content-type')]).toEqual([404, 'application/xml; charset=utf-8']);
    expect(text(missing)).toMatch(/^<reason xmlns="http:\/\/schemas\.microsoft\.com\/rtc\/2012\/03\/ucwa"><code>NotFound<\/code>/);
    const wrongMethod = responseOf(await alice.ask('DELETE', `${alice.appHref}/me`));
    expect([wrongMethod.status, header(wrongMethod, 'allow'), JSON.parse(text(wrongMethod)).code]).toEqual([405, 'GET', 'MethodNotAllowed']);
    const tooLarge = responseOf(await alice.ask('POST', `${alice.appHref}/me/makeMeAvailable`, { body: 'x'.repeat(1024 * 1024 + 1), type: 'application/json' }));
    expect([tooLarge.status, JSON.parse(text(tooLarge)).code]).toEqual([413, 'EntityTooLarge']);
    const forged = responseOf(await sim.answer({ method: 'GET', url: alice.appHref, headers: [['Authorization', 'Bearer forged']] }));
    expect(forged.status).toBe(401);
    await expect(sim.answer({ method: 'GET', url: 'applications' })).rejects.toThrow(/^url: "applications" is neither a URL nor a path/);
  });

  it('keeps the events of an abandoned poll for the next one, and answers a poll still held at close 410', async () => {
    sim = await openSimulator({ timeScale: 0.05 });
    const alice = await signIn(sim, 'alice@contoso.com');
    const gone = await alice.ask('GET', alice.events);
    if (gone.kind !== 'held') throw new Error('expected a held poll');
    gone.abandon();
    expect((await gone.until).status).toBe(410);
    expect(responseOf(await alice.ask('POST', `${alice.appHref}/me/makeMeAvailable`, { body: '{}', type: 'application/json' })).status).toBe(204);
    const me = await pollFor(alice, (batch) => eventsOf(batch).find((e) => e.link.rel === 'me' && e.type === 'updated'));
    expect(me.link.href).toBe(`${alice.appHref}/me`);
    const waiting = await alice.ask('GET', alice.events);
    if (waiting.kind !== 'held') throw new Error('expected a held poll');
    await sim.close();
    expect((await waiting.until).status).toBe(410);
  });

  it('answers as the HTTP server writes: the same status, headers and bytes', async () => {
    const publicUrl = 'https://lyncweb.contoso.com';
    sim = await openSimulator({ publicUrl });
    server = await startSimulator({ publicUrl });
    const headers = { Accept: 'application/vnd.microsoft.com.ucwa+xml' };
    const fromFunction = responseOf(await sim.answer({ method: 'GET', url: '/autodiscover/autodiscoverservice.svc/root/oauth/user', headers }));
    const overHttp = await new Promise<{ status: number; headers: [string, string][]; body: Buffer }>((resolve, reject) => {
      const req = request(`${server?.url ?? ''}autodiscover/autodiscoverservice.svc/root/oauth/user`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const pairs: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string]);
          resolve({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks) });
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(overHttp.status).toBe(fromFunction.status);
    // The server adds what any node:http response carries; everything else is the function's answer, in its order.
    expect(overHttp.headers.filter(([name]) => !/^(date|connection|keep-alive)$/i.test(name))).toEqual(fromFunction.headers);
    expect(overHttp.body.toString('utf8')).toBe(text(fromFunction));
  });
});
