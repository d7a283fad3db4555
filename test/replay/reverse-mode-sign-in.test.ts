import { afterAll, expect, it } from 'vitest';
import { startRecordingProxy } from '../../proxy/index.ts';
import { startReplay } from '../../replay/index.ts';
import { DEFAULT_PASSWORD, findScenario, runScenario, startSimulator, UcwaClient } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-replay-reverse-');
afterAll(() => tmp.cleanup());

it('replays a reverse-mode recording made with --no-rewrite from sign-in: the replay issues the token the recording never saw', async () => {
  const scenario = findScenario('outgoing-chat');
  if (!scenario) throw new Error('no outgoing-chat scenario');
  const store = RecordingStore.open(tmp.path('reverse.db'), { create: true });
  const sim = await startSimulator({ scenario: scenario.name, timeScale: 0.05 });
  const proxy = await startRecordingProxy({ store, upstream: sim.url, rewrite: false, caDir: tmp.path('ca'), session: { name: 'reverse' } });
  const recording = new UcwaClient({ baseUrl: `${proxy.url}/`, user: scenario.user, password: DEFAULT_PASSWORD });
  await runScenario(recording, scenario, { stepTimeoutMs: 15_000 });
  await recording.close();
  await proxy.close();
  await sim.close();
  // The client fetched its token from the simulator directly: the recording has the 401, not the token request.
  const recorded = store.listExchanges({ sessionId: proxy.sessionId, limit: 500 }).items;
  expect(recorded.some((x) => x.status === 401)).toBe(true);
  expect(recorded.some((x) => x.url.includes('oauthtoken'))).toBe(false);

  const replay = await startReplay({ store, sessionId: proxy.sessionId, pace: 'instant', pollTimeoutMs: 500 });
  const client = new UcwaClient({ baseUrl: replay.url, user: scenario.user, password: DEFAULT_PASSWORD });
  const outcome = await runScenario(client, scenario, { stepTimeoutMs: 10_000 });
  await client.close();
  const report = replay.report();
  await replay.close();
  store.close();
  expect(outcome.conversations).toEqual(scenario.expect.conversations);
  expect(report.missed).toEqual([]);
  expect(report.stoodIn).toEqual([expect.stringMatching(/^POST \/WebTicket\/oauthtoken: a token issued by the replay/)]);
});
