/** `ucwa-inspector demo` (`npm start`): the whole pipeline on a fresh database, with a scripted conversation filling it live. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInspectorServer } from '../../inspector-ui/server/index.ts';
import { renderTimelineText } from '../../protocol/timeline/index.ts';
import { startRecordingProxy } from '../../proxy/index.ts';
import { DEFAULT_PASSWORD, findScenario, runScenario, startSimulator, UcwaClient } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { allowHostOption, positiveNumberOption, readArgs } from '../args.ts';
import type { Command, CommandIo } from '../command.ts';
import { waitForStopSignal } from '../wait-for-stop.ts';

const HELP = `Usage: ucwa-inspector demo [--db FILE] [--time-scale X] [--exit-when-done] [--allow-host NAME]

Runs the whole pipeline on a fresh database: the UCWA simulator, the recording proxy in front of
it, and the simulator's client holding a scripted conversation through the proxy (sign-in, an
outgoing chat with echo, an incoming chat with typing, a three-party chat someone leaves, a
missed invitation). Prints the URLs, then the conversation's timeline, and keeps serving until
Ctrl-C so you can look around.

Options:
  --db FILE          record into FILE (default: a new file in a temporary folder)
  --time-scale X     speed of the scripted parties (default 1, real time; 0.1 is ten times faster)
  --exit-when-done   stop after the conversation instead of waiting for Ctrl-C
  --allow-host NAME  the inspector also answers requests addressed to NAME (repeatable)
  -h, --help         this text

Examples:
  npm start
  ucwa-inspector demo --db demo.db --exit-when-done
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = readArgs(args, { db: { type: 'string' }, 'time-scale': { type: 'string' }, 'exit-when-done': { type: 'boolean' }, 'allow-host': { type: 'string', multiple: true } });
  const allowHosts = allowHostOption(values['allow-host']);
  const timeScale = positiveNumberOption(values['time-scale'], '--time-scale') ?? 1;
  const db = values.db ?? join(mkdtempSync(join(tmpdir(), 'ucwa-demo-')), 'demo.db');
  const scenario = findScenario('demo');
  if (!scenario) throw new Error('the demo scenario is built in');
  const store = RecordingStore.open(db, { create: true });
  const sim = await startSimulator({ scenario: 'demo', timeScale });
  const proxy = await startRecordingProxy({ store, upstream: sim.url, session: { name: 'demo', notes: 'ucwa-inspector demo: the simulator\'s client holding the demo scenario through the recording proxy' } });
  const ui = await startInspectorServer({ store, allowHosts });
  io.stdout.write(`simulator: ${sim.url}\nproxy: ${proxy.url}\nui: ${ui.url}\ndatabase: ${db}\n`);
  io.stdout.write(`\nalice@contoso.com signs in through the proxy and chats. Open ${ui.url} and watch:\n  - the session's exchanges fill in live (try the filter: rel:message, status:4xx, "Hello echo")\n  - click an event poll to see its events; the timeline link shows each conversation moment by moment\n\n`);
  const stopped = waitForStopSignal();
  const client = new UcwaClient({ baseUrl: `${proxy.url}/`, user: scenario.user, password: DEFAULT_PASSWORD });
  let failed = false;
  const conversation = runScenario(client, scenario).then(
    async (outcome) => {
      await client.close();
      const session = store.getSession(proxy.sessionId);
      io.stdout.write(`conversation done: ${outcome.conversations.length} chats, ${outcome.missedConversations} missed invitation; ${session?.exchangeCount ?? 0} exchanges and ${session?.eventCount ?? 0} events recorded so far\n\n`);
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
    io.stdout.write(renderTimelineText(sessionTimeline(store, proxy.sessionId)));
    io.stdout.write(`\nrecorded in ${db}. ${values['exit-when-done'] ? '' : 'Press Ctrl-C to stop.'}\n`);
    if (!values['exit-when-done']) await stopped;
  } else await proxy.close();
  await ui.close();
  await sim.close();
  store.close();
  return failed ? 1 : 0;
}

export const demoCommand: Command = { name: 'demo', summary: 'the whole pipeline with a scripted conversation (npm start)', help: HELP, run };
