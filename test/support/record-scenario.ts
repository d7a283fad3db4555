/** Records a simulator scenario played by the simulator's client through the recording proxy, into a store. */
import { startRecordingProxy } from '../../proxy/index.ts';
import { DEFAULT_PASSWORD, findScenario, runScenario, startSimulator, UcwaClient, type ScenarioOutcome } from '../../simulator/index.ts';
import type { RecordingStore } from '../../storage/recording-store.ts';

export interface RecordedScenario {
  readonly sessionId: number;
  readonly outcome: ScenarioOutcome;
}

export async function recordScenario(store: RecordingStore, name: string, options: { format?: 'json' | 'xml'; caDir: string; timeScale?: number }): Promise<RecordedScenario> {
  const scenario = findScenario(name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  const sim = await startSimulator({ scenario: name, timeScale: options.timeScale ?? 0.05, seed: 11 });
  const proxy = await startRecordingProxy({ store, upstream: sim.url, caDir: options.caDir, session: { name: `${name} (${options.format ?? 'json'})` } });
  const client = new UcwaClient({ baseUrl: `${proxy.url}/`, user: scenario.user, password: DEFAULT_PASSWORD, format: options.format ?? 'json' });
  try {
    const outcome = await runScenario(client, scenario, { stepTimeoutMs: 15_000, peer: { baseUrl: sim.url, format: options.format ?? 'json' } });
    return { sessionId: proxy.sessionId, outcome };
  } finally {
    await client.close();
    await proxy.close();
    await sim.close();
  }
}
