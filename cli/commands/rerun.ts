/** `ucwa-inspector rerun`: a recorded client played again against a live server, recorded, and compared with the recording. */
import { defaultCaDir, startRecordingProxy } from '../../proxy/index.ts';
import { diffSessions, renderDriftText } from '../../replay/drift/index.ts';
import { planRerun, runRerun, type RerunReport } from '../../replay/rerun/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { folderOption, integerOption, readArgs, required, urlOption } from '../args.ts';
import { UsageError, type Command, type CommandIo } from '../command.ts';
import { slowerThanOption } from './diff.ts';

const HELP = `Usage: ucwa-inspector rerun --db FILE --session ID|NAME --against URL [options]

Plays the recorded client's side of a session against a live UCWA server (or the simulator),
records the run as a new session of the same recording, and compares it with the recording as
\`ucwa-inspector diff\` does. The recorded requests go in recorded order, each once the live event
channel has brought as many events as the recorded client had seen when it sent it, to the live
server's own hrefs (the recording says which rel each href came from; the live answers and events
say where that rel points now), with the recorded bodies carrying the live hrefs and the live
token. The rerun holds its own event channel, as a client does. A request whose href the live
server never shows within --wait-ms is skipped and reported; it then shows as only in A.

Options:
  --db FILE               the recording (the run is recorded into it as a new session)
  --session ID|NAME       the session to play again (see \`ucwa-inspector sessions\`)
  --against URL           the live server's root, e.g. https://lyncweb.contoso.com or http://127.0.0.1:4000
  --pace recorded|instant keep the recorded gaps between requests (default) or send each as soon as it may go
  --password PASSWORD     for a token request whose recorded password was redacted (recordings redact it)
  --wait-ms N             longest wait for an event or a live href before going on (default 10000)
  --insecure-upstream     accept any certificate from the live server (lab servers with self-signed ones)
  --ca-dir DIR            the recording proxy's CA (default ${defaultCaDir()})
  --ignore-field NAME     leave this field out of the comparison too (repeatable; see diff --help)
  --slower-than FACTOR    report exchanges at least FACTOR times slower in the rerun (e.g. 2x)
  --json                  print { rerun, drift } as JSON
  --fail-on-drift         exit 1 when the rerun differs from the recording (for CI); otherwise exit 0
  -h, --help              this text

Examples:
  ucwa-inspector rerun --db lync.db --session "sign-in bug" --against https://lyncweb.contoso.com --password '…'
  ucwa-inspector simulate --scenario outgoing-chat --port 4000 &
  ucwa-inspector rerun --db ucwa.db --session 1 --against http://127.0.0.1:4000 --password 'Passw0rd!' --pace instant --fail-on-drift
`;

function renderRerun(sessionId: number, db: string, report: RerunReport): string {
  const lines = [`rerun: session ${sessionId} in ${db}: ${report.sent} requests sent, ${report.skipped.length} skipped; ${report.liveEvents} events (the recording had ${report.recordedEvents})`];
  for (const step of report.skipped) lines.push(`  skipped ${step.request} (A#${step.exchangeId}): ${step.reason}`);
  return `${lines.join('\n')}\n`;
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = readArgs(args, {
    db: { type: 'string' },
    session: { type: 'string' },
    against: { type: 'string' },
    pace: { type: 'string' },
    password: { type: 'string' },
    'wait-ms': { type: 'string' },
    'insecure-upstream': { type: 'boolean' },
    'ca-dir': { type: 'string' },
    'ignore-field': { type: 'string', multiple: true },
    'slower-than': { type: 'string' },
    json: { type: 'boolean' },
    'fail-on-drift': { type: 'boolean' },
  });
  const db = required(values.db, '--db', 'the recording that holds the session to play again');
  const which = required(values.session, '--session', 'the id or name of the session to play again');
  const against = new URL(urlOption(required(values.against, '--against', 'the URL of the live server to play against'), '--against', "the live server's URL") as string).origin;
  const caDir = folderOption(values['ca-dir'], '--ca-dir');
  const pace = values.pace ?? 'recorded';
  if (pace !== 'recorded' && pace !== 'instant') throw new UsageError(`--pace takes recorded or instant, not "${pace}"`);
  const waitMs = integerOption(values['wait-ms'], '--wait-ms', 0, 600_000) ?? 10_000;
  const slowerThan = slowerThanOption(values['slower-than']);
  const store = RecordingStore.open(db);
  try {
    const recorded = store.findSession(which);
    if (store.eventBatchesOf(recorded.id) === null) store.deriveMissing();
    const plan = planRerun(store, recorded.id);
    if (plan.needsPassword && values.password === undefined) throw new UsageError(`session ${recorded.id}'s token request has its password redacted: give the user's password with --password`);
    const proxy = await startRecordingProxy({
      store,
      upstream: against,
      session: { name: `rerun of ${plan.sessionName}`, notes: `session ${recorded.id} played again against ${against} by ucwa-inspector rerun` },
      insecureUpstream: values['insecure-upstream'] ?? false,
      ...(caDir ? { caDir } : {}),
    });
    let report: RerunReport;
    try {
      report = await runRerun(plan, { baseUrl: `${proxy.url}/`, pace, waitMs, ...(values.password !== undefined ? { password: values.password } : {}) });
    } finally {
      await proxy.close();
    }
    if (store.eventBatchesOf(proxy.sessionId) === null) store.deriveMissing();
    const drift = diffSessions(
      { store, sessionId: recorded.id, label: `session ${recorded.id} (recorded)` },
      { store, sessionId: proxy.sessionId, label: `session ${proxy.sessionId} (rerun against ${against})` },
      { ignore: values['ignore-field'] ?? [], ...(slowerThan !== undefined ? { slowerThan } : {}) },
    );
    io.stdout.write(values.json ? `${JSON.stringify({ rerun: { sessionId: proxy.sessionId, ...report }, drift }, null, 2)}\n` : `${renderRerun(proxy.sessionId, db, report)}\n${renderDriftText(drift)}`);
    return values['fail-on-drift'] && drift.findings.length > 0 ? 1 : 0;
  } finally {
    store.close();
  }
}

export const rerunCommand: Command = { name: 'rerun', summary: 'play a recorded client against a live server and show what changed', help: HELP, run };
