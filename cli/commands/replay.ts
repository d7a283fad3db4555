/** `ucwa-inspector replay`: a recording served as a UCWA server, until Ctrl-C. */
import { startReplay, type ReplayReport } from '../../replay/index.ts';
import { integerOption, readArgs, urlOption } from '../args.ts';
import { UsageError, type Command, type CommandIo } from '../command.ts';
import { waitForStopSignal } from '../wait-for-stop.ts';

const HELP = `Usage: ucwa-inspector replay (FIXTURE.json | --db FILE --session ID|NAME) [options]

Serves a recording as if it were the UCWA server, so a client runs with no server, the same way
every time. Requests are matched by method, path, sorted query and body meaning, ignoring values
a client picks anew each run (operationId, sessionContext, endpointId, instanceId, secrets); the
n-th identical request gets the n-th recorded answer. Event polls get the recorded batches in
order, each once the client has sent the request that caused it. Absolute URLs of the recorded
server are rewritten to this one; everything else is served byte for byte. A request with no
recorded answer gets a 404 that names the nearest recorded requests and what differs.

Options:
  --db FILE --session ID|NAME  replay a session of a recording
  --port N                     listen on N (default 0: a free port, printed)
  --host H                     listen on H (default 127.0.0.1)
  --pace recorded|instant      release uncaused event batches after their recorded delay (default) or at once
  --policy repeat-last|miss    when a request's recorded answers run out (default repeat-last)
  --ignore-param NAME          also ignore this query parameter when matching (repeatable)
  --ignore-field NAME          also ignore this body field when matching (repeatable)
  --strict                     exit 1 at the end if any request missed
  --fallback URL               send misses to this server instead (with --db), recording them into a new session
  -h, --help                   this text

Prints replay: URL, and on Ctrl-C a report of matched, missed and unused recorded exchanges.
A recording made in reverse mode holds no token request (the server's 401 challenge named its
own token URL, so the client went there directly): the replay then issues a token itself, and
the report lists it under "answered by the replay".

Examples:
  ucwa-inspector replay recordings/incoming-chat.json --port 4000
  ucwa-inspector replay --db lync.db --session "sign-in bug" --strict --pace instant
`;

export function renderReport(report: ReplayReport): string {
  const lines = [`replay report: ${report.matched.length} matched, ${report.missed.length} missed, ${report.unused.length} recorded exchanges unused`];
  for (const standIn of report.stoodIn) lines.push(`  answered by the replay: ${standIn}`);
  for (const miss of report.missed) lines.push(`  missed ${miss.request}: ${miss.forwardedStatus !== undefined ? `forwarded to the fallback server, which answered ${miss.forwardedStatus}` : miss.reason}`);
  if (report.unused.length) lines.push(`  unused exchange ids: ${report.unused.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = readArgs(
    args,
    {
      db: { type: 'string' },
      session: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      pace: { type: 'string' },
      policy: { type: 'string' },
      'ignore-param': { type: 'string', multiple: true },
      'ignore-field': { type: 'string', multiple: true },
      strict: { type: 'boolean' },
      fallback: { type: 'string' },
    },
    1,
  );
  const fixture = positionals[0];
  if (fixture === undefined && (values.db === undefined || values.session === undefined)) throw new UsageError('name a FIXTURE.json, or --db FILE with --session ID|NAME');
  if (fixture !== undefined && values.db !== undefined) throw new UsageError('give either a FIXTURE.json or --db, not both');
  const pace = values.pace ?? 'recorded';
  if (pace !== 'recorded' && pace !== 'instant') throw new UsageError(`--pace takes recorded or instant, not "${pace}"`);
  const policy = values.policy ?? 'repeat-last';
  if (policy !== 'repeat-last' && policy !== 'miss') throw new UsageError(`--policy takes repeat-last or miss, not "${policy}"`);
  const port = integerOption(values.port, '--port', 0, 65535) ?? 0;
  const fallback = urlOption(values.fallback, '--fallback', 'the server to send misses to');
  if (fallback !== undefined && fixture !== undefined) throw new UsageError('--fallback records misses into the recording they came from, so it needs --db FILE --session ID|NAME, not a FIXTURE.json');
  const source = fixture !== undefined ? { fixture } : { db: values.db as string, session: values.session as string };
  // A port in use or a --host not of this machine is told as one line by main.
  const replay = await startReplay({ ...source, port, host: values.host ?? '127.0.0.1', pace, policy, ignore: [...(values['ignore-param'] ?? []), ...(values['ignore-field'] ?? [])], ...(fallback ? { fallback } : {}) });
  io.stdout.write(`replay: ${replay.url}\n`);
  await waitForStopSignal();
  const report = replay.report();
  await replay.close();
  io.stdout.write(renderReport(report));
  return values.strict && report.missed.length > 0 ? 1 : 0;
}

export const replayCommand: Command = { name: 'replay', summary: 'serve a recording as a UCWA server, deterministically', help: HELP, run };
