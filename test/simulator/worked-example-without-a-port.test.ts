// The README's "The simulator without a port" example, as written there.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openSimulator, type OpenSimulator } from 'ucwa-inspector/simulator';

let sim: OpenSimulator;
beforeAll(async () => {
  sim = await openSimulator({ timeScale: 0.05 });
});
afterAll(async () => {
  await sim.close();
});

/** The `fetch` your client is given in tests: the simulator answers in process, with no port. */
async function simFetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  const answer = await sim.answer({ method: init.method ?? 'GET', url, headers: init.headers ?? {}, body: init.body ?? '' });
  const response = answer.kind === 'held' ? await answer.until : answer; // an event poll waits for its events
  const body = [204, 304].includes(response.status) || response.body.byteLength === 0 ? null : response.body;
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers.map(([name, value]) => [name, value]) });
}

const at = (href: string) => new URL(href, sim.publicOrigin).href;
const json = async <T>(response: Promise<Response>) => (await (await response).json()) as T;
type Link = { href: string };
type Events = { _links: { next: Link }; sender: { events: { _embedded?: { message?: { direction: string; _links: { plainMessage?: Link } } } }[] }[] };

test('my client signs in, says hello to echo and reads its answer', async () => {
  // Your own UCWA client goes here, given simFetch; these lines stand in for it.
  const root = await json<{ _links: { user: Link } }>(simFetch(at('/')));
  const challenge = await simFetch(root._links.user.href);
  expect(challenge.status).toBe(401);
  const tokenUrl = /href="([^"]+)"/.exec(challenge.headers.get('www-authenticate') ?? '')?.[1] ?? '';
  expect(tokenUrl).toBe('http://simulator.invalid/WebTicket/oauthtoken');
  const form = 'grant_type=password&username=alice%40contoso.com&password=Passw0rd!';
  const token = await json<{ access_token: string }>(simFetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form }));
  const auth = { Authorization: `Bearer ${token.access_token}` };
  const user = await json<{ _links: { applications: Link } }>(simFetch(root._links.user.href, { headers: auth }));
  const body = JSON.stringify({ userAgent: 'my-client/1.0', endpointId: 'my-endpoint', culture: 'en-US' });
  const application = await json<{ _links: { events: Link }; _embedded: { communication: { _links: { startMessaging: Link } } } }>(
    simFetch(user._links.applications.href, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body }),
  );
  const invite = JSON.stringify({ to: 'sip:echo@contoso.com', _links: { message: { href: 'data:text/plain,Hello echo' } } });
  const started = await simFetch(at(application._embedded.communication._links.startMessaging.href), { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: invite });
  expect(started.status).toBe(201);

  // Echo accepts and says back what it was sent; each poll is held until there are events.
  let next = application._links.events.href;
  const heard: string[] = [];
  while (!heard.includes('Hello echo')) {
    const batch = await json<Events>(simFetch(at(next), { headers: auth }));
    for (const event of batch.sender.flatMap((s) => s.events)) {
      const message = event._embedded?.message;
      const href = message?._links.plainMessage?.href;
      if (message?.direction === 'Incoming' && href) heard.push(decodeURIComponent(href.slice(href.indexOf(',') + 1).replace(/\+/g, ' ')));
    }
    next = batch._links.next.href;
  }
  expect(heard).toEqual(['Hello echo']);
});
