import assert from 'node:assert/strict';
import { startReplay } from 'ucwa-inspector/replay';

const replay = await startReplay({ fixture: 'node_modules/ucwa-inspector/recordings/outgoing-chat-json.json', port: 0 });
try {
  // The recording's first request: autodiscovery's root, which links to the user resource.
  const response = await fetch(replay.url, { headers: { Accept: 'application/vnd.microsoft.com.ucwa+json' } });
  assert.equal(response.status, 200);
  const root = await response.json();
  assert.equal(root._links.user.href, '/autodiscover/autodiscoverservice.svc/root/oauth/user');
  assert.deepEqual(replay.report().missed, []);
  console.log(`${replay.url} answered the recorded root`);
} finally {
  await replay.close();
}
