/** `ucwa-inspector demo` (`npm start`): the whole pipeline on a fresh database, with a scripted conversation filling it live. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInspectorServer } from '../../inspector-ui/server/index.ts';
import { diffSessions } from '../../replay/drift/index.ts';
import { renderTimelineText } from '../../protocol/timeline/index.ts';
import { startRecordingProxy } from '../../proxy/index.ts';
import { DEFAULT_PASSWORD, findScenario, runScenario, startSimulator, UcwaClient } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { allowHostOption, positiveNumberOption, readArgs } from '../args.ts';
import { UsageError, type Command, type CommandIo } from '../command.ts';
import { waitForStopSignal } from '../wait-for-stop.ts';
import { BEYOND_IM_DEMO, CHAT_DEMO } from './demo-variants.ts';

/** The default pace: the simulator's scripted delays stretched so the whole script takes about a minute. */
const PACED_TIME_SCALE = 8;

const HELP = `Usage: ucwa-inspector demo [--beyond-im] [--db FILE] [--fast | --time-scale X] [--print-timeline] [--exit-when-done] [--allow-host NAME]

Runs the whole pipeline on a fresh database: the UCWA simulator, the recording proxy in front of
it, and the simulator's client holding a scripted conversation through the proxy (sign-in, an
outgoing chat with echo, an incoming chat with typing, a three-party chat someone leaves, a
missed invitation). The script is paced so you can follow it live in the inspector (about a
minute); the URLs are printed last, and it keeps serving until Ctrl-C so you can look around.

With --beyond-im it plays what UCWA does besides IM instead (simulator scenario beyond-im): a
presence subscription seeing carol go Away and come back, both contacts' presence read in one
batch request, an online meeting scheduled, updated, joined with IM and left, bob's call
declined, and a call to echo that connects.

Options:
  --beyond-im        presence, batching, a meeting and calls instead of the chats
  --db FILE          record into FILE (default: a new file in a temporary folder)
  --fast             run the script at the simulator's own speed (a few seconds), as tests do
  --time-scale X     pace of the scripted parties (default ${PACED_TIME_SCALE}, about a minute; 1 is --fast; 0.1 is faster still)
  --print-timeline   print each conversation's timeline when the script is done
  --exit-when-done   stop after the conversation instead of waiting for Ctrl-C
  --allow-host NAME  the inspector also answers requests addressed to NAME (repeatable)
  -h, --help         this text

Examples:
  npm start
  ucwa-inspector demo --fast --print-timeline --exit-when-done
  ucwa-inspector demo --beyond-im
  ucwa-inspector demo --db demo.db --exit-when-done
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = readArgs(args, { 'beyond-im': { type: 'boolean' }, db: { type: 'string' }, 'time-scale': { type: 'string' }, fast: { type: 'boolean' }, 'print-timeline': { type: 'boolean' }, 'exit-when-done': { type: 'boolean' }, 'allow-host': { type: 'string', multiple: true } });
  const allowHosts = allowHostOption(values['allow-host']);
  if (values.fast && values['time-scale'] !== undefined) throw new UsageError('give --fast or --time-scale, not both');
  const timeScale = positiveNumberOption(values['time-scale'], '--time-scale') ?? (values.fast ? 1 : PACED_TIME_SCALE);
  const db = values.db ?? join(mkdtempSync(join(tmpdir(), 'ucwa-demo-')), 'demo.db');
  const variant = values['beyond-im'] ? BEYOND_IM_DEMO : CHAT_DEMO;
  const scenario = findScenario(variant.scenario);
  if (!scenario) throw new Error(`the ${variant.scenario} scenario is built in`);
  const store = RecordingStore.open(db, { create: true });
  const sim = await startSimulator({ scenario: variant.scenario, timeScale });
  const proxy = await startRecordingProxy({ store, upstream: sim.url, session: { name: variant.sessionName, notes: `ucwa-inspector demo: the simulator's client holding the ${variant.scenario} scenario through the recording proxy` } });
  const ui = await startInspectorServer({ store, allowHosts, compare: diffSessions });
  const pace = timeScale >= PACED_TIME_SCALE ? 'for about a minute' : 'briefly';
  io.stdout.write(`alice@contoso.com signs in through the proxy and ${variant.doing} ${pace}. Open the ui: URL below and watch:\n${variant.watch.map((line) => `  - ${line}\n`).join('')}\n`);
  io.stdout.write(`simulator: ${sim.url}\nproxy: ${proxy.url}\ndatabase: ${db}\nui: ${ui.url}\n\n`);
  const stopped = waitForStopSignal();
  const client = new UcwaClient({ baseUrl: `${proxy.url}/`, user: scenario.user, password: DEFAULT_PASSWORD });
  let failed = false;
  const conversation = runScenario(client, scenario).then(
    async (outcome) => {
      await client.close();
      const session = store.getSession(proxy.sessionId);
      io.stdout.write(`${variant.done(outcome)}; ${session?.exchangeCount ?? 0} exchanges and ${session?.eventCount ?? 0} events recorded so far\n\n`);
    },
    async (error: Error) => {
      failed = true;
      io.stderr.write(`ucwa-inspector demo: the scripted conversation failed: ${error.message}\n`);
      await client.close();
    },
  );
  const first = await Promise.race([conversation.then(() => 'done' as const), stopped]);
  if (first === 'done' && !failed) {
    await proxy.close();
    if (values['print-timeline']) io.stdout.write(`${renderTimelineText(sessionTimeline(store, proxy.sessionId))}\n`);
    io.stdout.write(`recorded in ${db}.${values['exit-when-done'] ? '' : ` The inspector keeps serving at ui: ${ui.url} Press Ctrl-C to stop.`}\n`);
    if (!values['exit-when-done']) await stopped;
  } else await proxy.close();
  await ui.close();
  await sim.close();
  store.close();
  return failed ? 1 : 0;
}

export const demoCommand: Command = { name: 'demo', summary: 'the whole pipeline with a scripted conversation (npm start)', help: HELP, run };
