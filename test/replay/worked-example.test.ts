// The README's "Replaying a recording in your tests" example, as written there.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReplay, type RunningReplay } from 'ucwa-inspector/replay';
import { UcwaClient } from 'ucwa-inspector/simulator';

let replay: RunningReplay;
beforeAll(async () => {
  replay = await startReplay({ fixture: 'recordings/incoming-chat-json.json', pace: 'instant' });
});
afterAll(async () => {
  await replay.close();
});

test('my client accepts an incoming chat and answers it', async () => {
  // Your own UCWA client goes here; the simulator's client stands in for it.
  const client = new UcwaClient({ baseUrl: replay.url, user: 'alice@contoso.com', password: 'Passw0rd!' });
  await client.signIn();
  await client.makeMeAvailable();
  const invitation = await client.waitFor(() => [...client.seen.invitations.values()].find((i) => i.direction === 'Incoming'), 'an invitation');
  const conversation = await client.accept(invitation.href);
  await client.waitFor(() => client.seen.conversation(conversation).links.has('sendMessage'), 'messaging');
  await client.sendMessage(conversation, 'Sure, what is up?');
  await client.waitFor(() => client.seen.conversation(conversation).messages.some((m) => m.text === 'Can you review the release notes today?'), 'the question');
  await client.close({ signOut: false });

  expect(replay.report().missed).toEqual([]);
});
