import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReplay, type RunningReplay } from 'ucwa-inspector/replay';

let replay: RunningReplay;
beforeAll(async () => {
  replay = await startReplay({ fixture: 'node_modules/ucwa-inspector/recordings/outgoing-chat-json.json', port: 0 });
});
afterAll(async () => {
  await replay.close();
});

test('the replay answers autodiscovery as recorded', async () => {
  const response = await fetch(replay.url, { headers: { Accept: 'application/vnd.microsoft.com.ucwa+json' } });
  expect(response.status).toBe(200);
  const root = (await response.json()) as { _links: { user: { href: string } } };
  expect(root._links.user.href).toBe('/autodiscover/autodiscoverservice.svc/root/oauth/user');
  expect(replay.report().missed).toEqual([]);
});
