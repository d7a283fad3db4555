/**
 * Regenerates recordings/: each simulator scenario, played by the simulator's client in JSON
 * and in XML through the recording proxy (forward mode, so sign-in is recorded too), exported as
 * a fixture. Run: npx tsx scripts/make-recordings.ts [SCENARIO…] (names: only those are recorded again).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRecordingProxy } from '../proxy/index.ts';
import { DEFAULT_PASSWORD, runScenario, SCENARIOS, startSimulator, UcwaClient } from '../simulator/index.ts';
import { exportFixture } from '../storage/fixture/fixture-file.ts';
import { RecordingStore } from '../storage/recording-store.ts';

const outDir = fileURLToPath(new URL('../recordings/', import.meta.url));

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'ucwa-recordings-'));
  const store = RecordingStore.open(join(work, 'recordings.db'), { create: true });
  const lines: string[] = [];
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`no scenario named ${unknown.join(', ')}; the scenarios are ${SCENARIOS.map((s) => s.name).join(', ')}`);
  for (const scenario of SCENARIOS) {
    for (const format of ['json', 'xml'] as const) {
      const name = `${scenario.name}-${format}`;
      lines.push(`- \`${name}.json\`: ${scenario.summary}; ${format.toUpperCase()}, recorded by \`scripts/make-recordings.ts\` (simulator scenario \`${scenario.name}\`, seed 1, through the recording proxy in forward mode).`);
      if (only.length > 0 && !only.includes(scenario.name)) continue;
      const sim = await startSimulator({ scenario: scenario.name, timeScale: 0.1, seed: 1 });
      const proxy = await startRecordingProxy({ store, caDir: join(work, 'ca'), session: { name, notes: `simulator scenario ${scenario.name} (seed 1, time scale 0.1), the simulator's client in ${format.toUpperCase()}, through the recording proxy in forward mode` } });
      const client = new UcwaClient({ baseUrl: sim.url, user: scenario.user, password: DEFAULT_PASSWORD, proxy: proxy.url, format });
      // A scenario's peer signs in straight at the simulator: only the scenario's user is recorded.
      await runScenario(client, scenario, { peer: { baseUrl: sim.url, format } });
      await client.close();
      await proxy.close();
      await sim.close();
      writeFileSync(join(outDir, `${name}.json`), exportFixture(store, proxy.sessionId));
      console.log(`wrote recordings/${name}.json`);
    }
  }
  store.close();
  rmSync(work, { recursive: true, force: true });
  writeFileSync(
    join(outDir, 'README.md'),
    `# Sample recordings\n\nFixtures (docs/recording-format.md) of the simulator's scenarios. Open one with\n\`ucwa-inspector replay recordings/NAME.json\`, import it with \`ucwa-inspector import recordings/NAME.json --db FILE\`,\nor read its conversation with \`ucwa-inspector import\` then \`ucwa-inspector timeline\`. Regenerate them all with\n\`npx tsx scripts/make-recordings.ts\`.\n\n${lines.join('\n')}\n`,
  );
}

await main();
