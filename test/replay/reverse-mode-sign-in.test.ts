import { afterAll, expect, it } from 'vitest';
import { startRecordingProxy } from '../../proxy/index.ts';
import { startReplay } from '../../replay/index.ts';
import { DEFAULT_PASSWORD, findScenario, runScenario, startSimulator, UcwaClient } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-replay-reverse-');
afterAll(() => tmp.cleanup());

// With --no-rewrite, a client following the simulator's absolute discovery links leaves the proxy
// after the root, as it would with a real server; so the token request the recording lacks here is
// another user's, signing in to a replay of Alice's session.
it('replays a reverse-mode recording from sign-in, and issues a token for a sign-in the recording never saw', async () => {
  const scenario = findScenario('outgoing-chat');
  if (!scenario) throw new Error('no outgoing-chat scenario');
  const store = RecordingStore.open(tmp.path('reverse.db'), { create: true });
  const sim = await startSimulator({ scenario: scenario.name, timeScale: 0.05 });
  const proxy = await startRecordingProxy({ store, upstream: sim.url, caDir: tmp.path('ca'), session: { name: 'reverse' } });
  const recording = new UcwaClient({ baseUrl: `${proxy.url}/`, user: scenario.user, password: DEFAULT_PASSWORD });
  await runScenario(recording, scenario, { stepTimeoutMs: 15_000 });
  await recording.close();
  await proxy.close();
  await sim.close();
  const recorded = store.listExchanges({ sessionId: proxy.sessionId, limit: 500 }).items;
  expect(recorded.some((x) => x.status === 401)).toBe(true);
  expect(recorded.some((x) => x.url.includes('oauthtoken'))).toBe(true);

  const replayed = async (user: string) => {
    const replay = await startReplay({ store, sessionId: proxy.sessionId, pace: 'instant', pollTimeoutMs: 500 });
    const client = new UcwaClient({ baseUrl: replay.url, user, password: DEFAULT_PASSWORD });
    const outcome = await runScenario(client, scenario, { stepTimeoutMs: 10_000 });
    await client.close();
    const report = replay.report();
    await replay.close();
    return { outcome, report };
  };
  const same = await replayed(scenario.user);
  expect(same.outcome.conversations).toEqual(scenario.expect.conversations);
  expect([same.report.missed, same.report.stoodIn]).toEqual([[], []]);
  const other = await replayed('carol@contoso.com');
  store.close();
  expect(other.outcome.conversations).toEqual(scenario.expect.conversations);
  expect(other.report.missed).toEqual([]);
  expect(other.report.stoodIn).toEqual([expect.stringMatching(/^POST \/WebTicket\/oauthtoken: a token issued by the replay/)]);
});
