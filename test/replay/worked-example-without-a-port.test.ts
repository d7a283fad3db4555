// The README's "Replaying without a port" example, as written there.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openReplay, type OpenReplay } from 'ucwa-inspector/replay';

let replay: OpenReplay;
beforeAll(async () => {
  replay = await openReplay({ fixture: 'recordings/incoming-chat-json.json', pace: 'instant' });
});
afterAll(async () => {
  await replay.close();
});

/** The `fetch` your client is given in tests: the replay answers in process, with no port. */
async function replayFetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  const answer = await replay.answer({ method: init.method ?? 'GET', url, headers: init.headers ?? {}, body: init.body ?? '' });
  const response = answer.kind === 'held' ? await answer.until : answer; // an event poll waits for its batch
  const body = response.status === 204 || response.body.byteLength === 0 ? null : response.body;
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers.map(([name, value]) => [name, value]) });
}

const at = (href: string) => new URL(href, 'http://replay.test/').href;
const json = async <T>(response: Promise<Response>) => (await (await response).json()) as T;
type Link = { href: string };

test('my client signs in, makes itself available and reads its first events', async () => {
  // Your own UCWA client goes here, given replayFetch; these lines stand in for it.
  const root = await json<{ _links: { user: Link } }>(replayFetch(at('/')));
  const challenge = await replayFetch(at(root._links.user.href));
  expect(challenge.status).toBe(401);
  const tokenUrl = /href="([^"]+)"/.exec(challenge.headers.get('www-authenticate') ?? '')?.[1] ?? '';
  expect(tokenUrl).toBe('http://replay.test/WebTicket/oauthtoken');
  const form = 'grant_type=password&username=alice%40contoso.com&password=Passw0rd!';
  const token = await json<{ access_token: string }>(replayFetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form }));
  const auth = { Authorization: `Bearer ${token.access_token}` };
  const user = await json<{ _links: { applications: Link } }>(replayFetch(at(root._links.user.href), { headers: auth }));
  const body = JSON.stringify({ userAgent: 'ucwa-inspector-client/1.0', endpointId: 'my-endpoint', culture: 'en-US' });
  const application = await json<{ _links: { events: Link }; _embedded: { me: { _links: { makeMeAvailable: Link } } } }>(replayFetch(at(user._links.applications.href), { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body }));
  const available = await replayFetch(at(application._embedded.me._links.makeMeAvailable.href), { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"SupportedModalities":["Messaging"],"supportedMessageFormats":["Plain","Html"]}' });
  expect(available.status).toBe(204);
  const events = await json<{ sender: { rel: string }[] }>(replayFetch(at(application._links.events.href), { headers: auth }));
  expect(events.sender.map((s) => s.rel)).toContain('me');
  expect(replay.report().missed).toEqual([]);
});
