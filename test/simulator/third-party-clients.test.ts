import { afterEach, describe, expect, it } from 'vitest';
import { lintEventBatch, lintResource } from '../../protocol/catalog/lint.ts';
import { decodeBody } from '../../protocol/decode-body.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/index.ts';
import { getWithHost, hrefOf, PlainClient, type JsonResource } from '../support/plain-client.ts';

const running: RunningSimulator[] = [];
afterEach(async () => {
  for (const sim of running.splice(0)) await sim.close();
});

async function simulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ timeScale: 0.01, ...options });
  running.push(sim);
  return sim;
}

/** Signs a user in and makes the application available, as a presence-capable client does first. */
async function available(sim: RunningSimulator, user: string) {
  const client = new PlainClient(sim.url);
  const { application, applicationUrl } = await client.signIn(user);
  const me = application._embedded?.['me'] as JsonResource;
  expect((await client.send('POST', hrefOf(me, 'makeMeAvailable'), { body: JSON.stringify({ SupportedModalities: ['Messaging'] }), contentType: 'application/json' })).status).toBe(204);
  const meNow = await client.json('GET', hrefOf(me, 'self'));
  return { client, application, applicationUrl, me: meNow, people: application._embedded?.['people'] as JsonResource };
}

/** What our decoder and the catalogue's lint say about a body, in whichever format it came. */
function lintFindings(text: string, contentType: string, url: string): string[] {
  const decoded = decodeBody(new TextEncoder().encode(text), { direction: 'response', status: 200, url, contentType });
  if (!decoded.ok) return [`${url}: ${decoded.problem}`];
  const findings = decoded.body.kind === 'resource' ? lintResource(decoded.body.resource) : decoded.body.kind === 'events' ? lintEventBatch(decoded.body.batch) : [];
  return findings.map((f) => `${url}: ${f.kind} ${f.name} at ${f.where}`);
}

describe('a client that follows the hrefs as given', () => {
  it('signs in through absolute discovery links, the challenge token URL and the applications link', async () => {
    const sim = await simulator();
    const { root, application, applicationUrl, visited } = await new PlainClient(sim.url).signIn('alice@contoso.com');
    expect([hrefOf(root, 'self'), hrefOf(root, 'user'), hrefOf(root, 'xframe')].every((href) => href.startsWith(`${sim.origin}/`))).toBe(true);
    expect(visited.slice(1)).toEqual([`${sim.origin}/autodiscover/autodiscoverservice.svc/root/oauth/user`, `${sim.origin}/WebTicket/oauthtoken`, `${sim.origin}/ucwa/oauth/v1/applications`]);
    // Inside the application, hrefs are server-relative, as on a real server.
    expect(hrefOf(application, 'self')).toMatch(/^\/ucwa\/oauth\/v1\/applications\/\w+$/);
    expect(applicationUrl.startsWith(sim.origin)).toBe(true);
  });

  it('names the public origin in every absolute link, whatever Host the request carries', async () => {
    const sim = await simulator({ publicUrl: 'https://lyncweb.contoso.com/' });
    expect(sim.publicOrigin).toBe('https://lyncweb.contoso.com');
    const root = await getWithHost(sim.url, 'attacker.example:8443');
    const links = (JSON.parse(root.text) as JsonResource)._links;
    expect(Object.values(links).map((l) => (l as { href: string }).href)).toEqual([
      'https://lyncweb.contoso.com/autodiscover/autodiscoverservice.svc/root',
      'https://lyncweb.contoso.com/autodiscover/autodiscoverservice.svc/root/oauth/user',
      'https://lyncweb.contoso.com/autodiscover/autodiscoverservice.svc/root/xframe',
    ]);
    const challenge = await getWithHost(`${sim.origin}/autodiscover/autodiscoverservice.svc/root/oauth/user`, 'attacker.example');
    expect(challenge.headers['www-authenticate']).toMatch(/^MsRtcOAuth href="https:\/\/lyncweb\.contoso\.com\/WebTicket\/oauthtoken"/);
  });

  it('follows a redirect discovery to the pool root, then signs in', async () => {
    const sim = await simulator({ discovery: 'redirect' });
    const first = await new PlainClient(sim.url).json('GET', sim.url);
    expect(Object.keys(first._links)).toEqual(['self', 'redirect']);
    expect(hrefOf(first, 'redirect')).toBe(`${sim.origin}/autodiscover/autodiscoverservice.svc/root?originalDomain=contoso.com`);
    const { visited, application } = await new PlainClient(sim.url).signIn('bob@contoso.com');
    expect(visited.slice(0, 2)).toEqual([sim.url, hrefOf(first, 'redirect')]);
    expect(application['rel']).toBe('application');
    const xml = await new PlainClient(sim.url).send('GET', sim.url, { accept: 'application/xml' });
    expect(xml.text).toContain(`<link rel="redirect" href="${sim.origin}/autodiscover/autodiscoverservice.svc/root?originalDomain=contoso.com"/>`);
  });

  it('is served at doubled slashes and at a discovery path in any case', async () => {
    const sim = await simulator();
    const client = new PlainClient(sim.url);
    const mixed = await client.send('GET', `${sim.origin}/Autodiscover/AutodiscoverService.svc/root`);
    expect([mixed.status, (JSON.parse(mixed.text) as JsonResource).rel]).toEqual([200, 'root']);
    const { application } = await client.signIn('alice@contoso.com');
    const communication = application._embedded?.['communication'] as JsonResource;
    // root + href: `http://host/` + `/ucwa/...` gives `//ucwa/...`.
    const start = await client.send('POST', `${sim.url}${hrefOf(communication, 'startMessaging')}`, { body: JSON.stringify({ to: 'sip:echo@contoso.com', operationId: 'op1' }), contentType: 'application/json' });
    expect(start.status).toBe(201);
    expect((await client.send('GET', `${sim.origin}//${hrefOf(application, 'self').slice(1)}`)).status).toBe(200);
  });
});

describe('people and presence', () => {
  it('finds built-in users by SIP URI (unencoded), e-mail and name', async () => {
    const sim = await simulator();
    const { client, people } = await available(sim, 'alice@contoso.com');
    const search = hrefOf(await client.json('GET', hrefOf(people, 'self')), 'search');
    const names = async (query: string) => ((await client.json('GET', `${search}?${query}`))._embedded?.['contact'] as JsonResource[]).map((c) => c['name']);
    expect(await names('query=sip:bob@contoso.com')).toEqual(['Bob Barker']);
    expect(await names('query=carol%40contoso.com')).toEqual(['Carol Chen']);
    expect(await names('query=Echo%20Bot')).toEqual(['Echo Bot']);
    expect(await names('query=a&limit=2')).toHaveLength(2);
    expect((await client.send('GET', search)).status).toBe(400);
  });

  it("shows another user's presence as they sign in, publish it and report activity", async () => {
    const sim = await simulator();
    const alice = await available(sim, 'alice@contoso.com');
    const bobContact = (await alice.client.json('GET', `${hrefOf(alice.people, 'search')}?query=bob@contoso.com`))._embedded?.['contact'] as JsonResource[];
    const bobPresence = hrefOf(bobContact[0] as JsonResource, 'contactPresence');
    const availability = async () => (await alice.client.json('GET', bobPresence))['availability'];
    expect(await availability()).toBe('Offline');
    const bob = await available(sim, 'bob@contoso.com');
    expect(await availability()).toBe('Online');
    expect((await bob.client.send('POST', hrefOf(bob.me, 'presence'), { body: JSON.stringify({ availability: 'Busy' }), contentType: 'application/json' })).status).toBe(204);
    expect(await availability()).toBe('Busy');
    expect((await bob.client.json('GET', hrefOf(bob.me, 'presence')))['availability']).toBe('Busy');
    const wrong = await bob.client.send('POST', hrefOf(bob.me, 'presence'), { body: JSON.stringify({ availability: 'Sleepy' }), contentType: 'application/json' });
    expect([wrong.status, JSON.parse(wrong.text).subcode]).toEqual([400, 'ParameterValidationFailure']);
    // reportMyActivity lives at the application; `me` links to it.
    expect(hrefOf(bob.me, 'reportMyActivity')).toBe(`${hrefOf(bob.application, 'self')}/reportMyActivity`);
    expect((await bob.client.send('POST', hrefOf(bob.me, 'reportMyActivity'))).status).toBe(204);
    expect((await bob.client.send('DELETE', hrefOf(bob.application, 'self'))).status).toBe(204);
    expect(await availability()).toBe('Offline');
    expect((await alice.client.json('GET', hrefOf(bobContact[0] as JsonResource, 'contactPresence')))['rel']).toBe('contactPresence');
  });

  it('turns idle without reportMyActivity, and available again with it', async () => {
    const sim = await simulator({ timeScale: 0.02 }); // 5 simulated minutes pass in 6 s: room for a slow machine between the POST and the GET
    const alice = await available(sim, 'alice@contoso.com');
    const bob = await available(sim, 'bob@contoso.com');
    const bobPresence = `${hrefOf(alice.people, 'self')}/bob@contoso.com/presence`;
    await expect.poll(async () => (await alice.client.json('GET', bobPresence))['availability'], { timeout: 20_000, interval: 200 }).toBe('IdleOnline');
    expect((await bob.client.send('POST', hrefOf(bob.me, 'reportMyActivity'))).status).toBe(204);
    expect((await alice.client.json('GET', bobPresence))['availability']).toBe('Online');
  });

  it("keeps the user's note and location, shown to others as contactNote and contactLocation", async () => {
    const sim = await simulator();
    const carol = await available(sim, 'carol@contoso.com');
    expect((await carol.client.send('POST', hrefOf(carol.me, 'note'), { body: JSON.stringify({ message: 'Heads down today' }), contentType: 'application/json' })).status).toBe(204);
    expect((await carol.client.send('POST', hrefOf(carol.me, 'location'), { body: '<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><property name="location">Building 7</property></input>', contentType: 'application/vnd.microsoft.com.ucwa+xml' })).status).toBe(204);
    expect((await carol.client.json('GET', hrefOf(carol.me, 'note')))['message']).toBe('Heads down today');
    expect((await carol.client.json('GET', hrefOf(carol.me, 'location')))['location']).toBe('Building 7');
    const alice = await available(sim, 'alice@contoso.com');
    const contact = await alice.client.json('GET', `${hrefOf(alice.people, 'self')}/carol@contoso.com`);
    expect((await alice.client.json('GET', hrefOf(contact, 'contactNote')))['message']).toBe('Heads down today');
    expect((await alice.client.json('GET', hrefOf(contact, 'contactLocation')))['location']).toBe('Building 7');
    const photo = await alice.client.send('GET', `${hrefOf(contact, 'self')}/photo`);
    expect([photo.status, JSON.parse(photo.text).code]).toEqual([404, 'NotFound']);
  });

  it('asks for makeMeAvailable before presence, note and location', async () => {
    const sim = await simulator();
    const client = new PlainClient(sim.url);
    const { applicationUrl } = await client.signIn('alice@contoso.com');
    for (const rel of ['presence', 'note', 'location']) {
      const early = await client.send('GET', `${applicationUrl}/me/${rel}`);
      expect([early.status, JSON.parse(early.text).subcode]).toEqual([409, 'MakeMeAvailableRequired']);
    }
    expect(JSON.parse((await client.send('POST', `${applicationUrl}/reportMyActivity`)).text).subcode).toBe('MakeMeAvailableRequired');
  });

  it('lists the other built-in users in myContacts and in a group of myGroups', async () => {
    const sim = await simulator();
    const { client, people } = await available(sim, 'alice@contoso.com');
    const names = (list: JsonResource) => (list._embedded?.['contact'] as JsonResource[]).map((c) => c['name']);
    expect(names(await client.json('GET', hrefOf(people, 'myContacts')))).toEqual(['Bob Barker', 'Carol Chen', 'Echo Bot']);
    const groups = await client.json('GET', hrefOf(people, 'myGroups'));
    const group = await client.json('GET', hrefOf(groups, 'group'));
    expect(group['name']).toBe('Contoso');
    expect(names(await client.json('GET', hrefOf(group, 'groupContacts')))).toEqual(['Bob Barker', 'Carol Chen', 'Echo Bot']);
  });

  it('serves every people and presence resource decoding and linting clean, in JSON and XML', async () => {
    const sim = await simulator();
    const { client, people, me } = await available(sim, 'alice@contoso.com');
    await available(sim, 'bob@contoso.com');
    const base = hrefOf(people, 'self');
    const hrefs = [base, `${base}/search?query=bob`, `${base}/contacts`, `${base}/groups`, `${base}/groups/1`, `${base}/groups/1/contacts`, `${base}/bob@contoso.com`, `${base}/bob@contoso.com/presence`, `${base}/bob@contoso.com/note`, `${base}/bob@contoso.com/location`, hrefOf(me, 'presence'), hrefOf(me, 'note'), hrefOf(me, 'location'), hrefOf(me, 'self')];
    const findings: string[] = [];
    for (const accept of ['application/json', 'application/xml']) {
      for (const href of hrefs) {
        const response = await client.send('GET', href, { accept });
        expect(response.status).toBe(200);
        findings.push(...lintFindings(response.text, response.headers.get('content-type') ?? '', response.url));
      }
    }
    expect(findings).toEqual([]);
  });
});

describe('the event channel', () => {
  it('reports a connected chat with one conversation sender entry, first, holding the messaging links', async () => {
    const sim = await simulator({ timeScale: 2 }); // echo accepts 800 ms after the invitation: its own batch, even on a slow machine
    const { client, application } = await available(sim, 'alice@contoso.com');
    const communication = application._embedded?.['communication'] as JsonResource;
    // As a real client does: read what is queued, then keep a poll pending while it starts the chat.
    const lurking = JSON.parse((await client.send('GET', hrefOf(application, 'events'))).text) as JsonResource;
    const pending = client.send('GET', hrefOf(lurking, 'next'));
    expect((await client.send('POST', hrefOf(communication, 'startMessaging'), { body: JSON.stringify({ to: 'sip:echo@contoso.com', operationId: 'op1' }), contentType: 'application/json' })).status).toBe(201);
    let next: string | null = null;
    for (let polls = 0; polls < 20; polls++) {
      const response = next === null ? await pending : await client.send('GET', next);
      findingsMustBeEmpty(lintFindings(response.text, response.headers.get('content-type') ?? '', response.url));
      const batch = JSON.parse(response.text) as JsonResource & { sender?: { rel: string; events: { link: { rel: string }; type: string; _embedded?: Record<string, JsonResource> }[] }[] };
      next = hrefOf(batch, 'next');
      const senders = batch.sender ?? [];
      if (!senders.some((s) => s.events.some((e) => e.link.rel === 'messagingInvitation' && e.type === 'completed'))) continue;
      const conversationEntries = senders.filter((s) => s.rel === 'conversation');
      expect(conversationEntries).toHaveLength(1);
      expect(senders[0]?.rel).toBe('conversation');
      const messaging = senders[0]?.events.filter((e) => e.link.rel === 'messaging').at(-1)?._embedded?.['messaging'] as JsonResource;
      expect([messaging['state'], hrefOf(messaging, 'sendMessage')]).toEqual(['Connected', expect.stringMatching(/\/messaging\/messages$/)]);
      expect(new Set(senders.map((s) => s.rel)).size).toBe(senders.length);
      return;
    }
    throw new Error('the chat never connected');
  });
});

function findingsMustBeEmpty(findings: string[]): void {
  expect(findings).toEqual([]);
}

describe("real clients' habits", () => {
  it('answers JSON to a GET with no Accept, with */*, and with a Content-Type on a GET', async () => {
    const sim = await simulator();
    const client = new PlainClient(sim.url);
    const { applicationUrl } = await client.signIn('alice@contoso.com');
    for (const init of [{ accept: null }, { accept: '*/*' }, { contentType: 'application/json' }, { accept: 'application/json', contentType: 'application/json; charset=utf-8' }]) {
      const response = await client.send('GET', applicationUrl, init);
      expect([response.status, response.headers.get('content-type'), (JSON.parse(response.text) as JsonResource).rel]).toEqual([200, 'application/json; charset=utf-8', 'application']);
    }
  });

  it('takes timeout=180 on an event poll', async () => {
    const sim = await simulator({ timeScale: 0.002 });
    const { client, application } = await available(sim, 'alice@contoso.com');
    const poll = await client.send('GET', `${hrefOf(application, 'events')}&timeout=180`);
    expect(poll.status).toBe(200);
  });

  it('starts messaging before makeMeAvailable', async () => {
    const sim = await simulator();
    const client = new PlainClient(sim.url);
    const { application } = await client.signIn('alice@contoso.com');
    const communication = application._embedded?.['communication'] as JsonResource;
    const start = await client.send('POST', hrefOf(communication, 'startMessaging'), { body: JSON.stringify({ to: 'sip:echo@contoso.com', operationId: 'early' }), contentType: 'application/json' });
    expect([start.status, start.headers.get('location')]).toEqual([201, expect.stringMatching(/messagingInvitations\/\d+$/)]);
  });

  it('takes a message POSTed to a messages URL the client built before it saw sendMessage', async () => {
    const sim = await simulator({ timeScale: 10 }); // echo takes 4 s to accept: the message surely comes first
    const { client, application } = await available(sim, 'alice@contoso.com');
    const communication = application._embedded?.['communication'] as JsonResource;
    const start = await client.send('POST', hrefOf(communication, 'startMessaging'), { body: JSON.stringify({ to: 'sip:echo@contoso.com', operationId: 'op1' }), contentType: 'application/json' });
    const invitation = await client.json('GET', start.headers.get('location') as string);
    const conversation = await client.json('GET', hrefOf(invitation, 'conversation'));
    expect((await client.json('GET', hrefOf(conversation, 'messaging')))['state']).toBe('Connecting');
    const sent = await client.send('POST', `${hrefOf(conversation, 'messaging')}/messages`, { body: 'Hello before connected', contentType: 'text/plain' });
    expect([sent.status, sent.headers.get('location')]).toEqual([201, expect.stringMatching(/\/messaging\/messages\/\d+$/)]);
  });
});
