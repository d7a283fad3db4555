/** `ucwa-inspector record`: the recording proxy on a database, until Ctrl-C or until the command after `--` exits. */
import { startInspectorServer } from '../../inspector-ui/server/index.ts';
import { diffSessions } from '../../replay/drift/index.ts';
import { defaultCaDir, startRecordingProxy } from '../../proxy/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { allowHostOption, folderOption, integerOption, readArgs, urlOption } from '../args.ts';
import { UsageError, type Command, type CommandIo } from '../command.ts';
import { runUnderRecording } from '../record-wrapped.ts';
import { listenFailure } from '../user-error.ts';
import { waitForStopSignal } from '../wait-for-stop.ts';
import { commandProblem } from '../wrap-command.ts';
import { reachNotes } from '../wrap-report.ts';

const HELP = `Usage: ucwa-inspector record [--upstream URL] [--db FILE] [--session NAME] [--port N] [options]
       ucwa-inspector record [options] -- COMMAND [ARGS…]

Starts the recording proxy. Every request, response and event batch that passes is recorded
into FILE, byte for byte, without changing the traffic.
  Reverse mode (--upstream URL): point your client at the printed proxy URL instead of the
    server; it reaches URL. Absolute URLs the server sends (its own, and other hosts it names,
    as /~https/host/…) are served to the client as proxy URLs so it stays on the proxy; the
    recording keeps the server's bytes. --no-rewrite serves them untouched.
  Forward mode (no --upstream): set the printed URL as your client's HTTP(S) proxy; HTTPS is
    intercepted with certificates from our CA (\`ucwa-inspector ca\`), which your client must trust.
  With -- COMMAND: runs COMMAND already set up (HTTP(S)_PROXY, NO_PROXY cleared, a CA bundle in
    NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, a Node preload for
    fetch and http/https; UCWA_URL in reverse mode), stops when it exits, prints the summary on
    stderr and exits with COMMAND's exit code. Our lines go to stderr; COMMAND's output is untouched.

Options:
  --upstream URL        the UCWA server (reverse mode)
  --db FILE             the recording to add a session to (default ucwa.db; created if missing)
  --session NAME        name the session (default: recording <start time>)
  --port N              proxy port (default 0: a free one, printed)
  --ui-port N           port of the live inspector (default 0: a free one, printed)
  --host H              the proxy listens on H (default 127.0.0.1)
  --ui-host H           the live inspector listens on H (default 127.0.0.1, even with --host)
  --allow-host NAME     the inspector also answers requests addressed to NAME (repeatable)
  --insecure-upstream   accept any upstream certificate (lab servers with self-signed ones)
  --no-rewrite          reverse mode: serve the server's URLs untouched (the client may leave the proxy)
  --no-redact           keep tokens, cookies and passwords as they were (default: redacted)
  --redact-header NAME  also redact this header's value (repeatable)
  --redact-param NAME   also redact this query, form or JSON parameter (repeatable)
  --body-cap BYTES      record at most this much of each body (default 52428800); all of it is forwarded
  --ca-dir DIR          the interception CA (default ${defaultCaDir()})
  --keep-ui             with -- COMMAND: keep the inspector open after COMMAND exits, until Ctrl-C
  -h, --help            this text

Examples:
  ucwa-inspector record --upstream https://lyncweb.contoso.com --db lync.db --session "sign-in bug"
  ucwa-inspector record --port 8080          # then: HTTPS_PROXY=http://127.0.0.1:8080 your-client
  ucwa-inspector record --db ci.db --insecure-upstream -- npm test
  ucwa-inspector record --upstream https://lyncweb.contoso.com -- sh -c 'my-client --server "$UCWA_URL"'
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const dash = args.indexOf('--');
  const command = dash < 0 ? null : args.slice(dash + 1);
  const { values } = readArgs(dash < 0 ? args : args.slice(0, dash), {
    upstream: { type: 'string' },
    db: { type: 'string' },
    session: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'insecure-upstream': { type: 'boolean' },
    'no-redact': { type: 'boolean' },
    'no-rewrite': { type: 'boolean' },
    'redact-header': { type: 'string', multiple: true },
    'redact-param': { type: 'string', multiple: true },
    'body-cap': { type: 'string' },
    'ca-dir': { type: 'string' },
    'ui-port': { type: 'string' },
    'ui-host': { type: 'string' },
    'allow-host': { type: 'string', multiple: true },
    'keep-ui': { type: 'boolean' },
  });
  const allowHosts = allowHostOption(values['allow-host']);
  if (command?.length === 0) throw new UsageError('-- must be followed by the command to run, e.g. record -- npm test');
  if (values['keep-ui'] && !command) throw new UsageError('--keep-ui goes with -- COMMAND: without one, the inspector stays open until Ctrl-C anyway');
  // A wrapped command's stdout stays its own, for pipes: our lines go to stderr.
  const out = command ? io.stderr : io.stdout;
  const db = values.db ?? 'ucwa.db';
  const port = integerOption(values.port, '--port', 0, 65535) ?? 0;
  const bodyCap = integerOption(values['body-cap'], '--body-cap', 0, 2 ** 31);
  const uiPort = integerOption(values['ui-port'], '--ui-port', 0, 65535) ?? 0;
  urlOption(values.upstream, '--upstream', 'the UCWA server to record');
  folderOption(values['ca-dir'], '--ca-dir');
  const cannotRun = command?.[0] === undefined ? null : await commandProblem(command[0]);
  if (cannotRun) {
    io.stderr.write(`ucwa-inspector record: ${cannotRun.problem}\n`);
    return cannotRun.exitCode;
  }
  const store = RecordingStore.open(db, { create: true });
  // The inspector starts first: a session is made only once both ports are ours, so a taken
  // --ui-port leaves no empty session behind.
  let ui;
  try {
    // Recordings hold people's messages: publishing the proxy (--host 0.0.0.0) must not publish them too.
    ui = await startInspectorServer({ store, port: uiPort, host: values['ui-host'] ?? '127.0.0.1', allowHosts, compare: diffSessions });
  } catch (error) {
    store.close();
    throw listenFailure(error, '--ui-port', '--ui-host');
  }
  let proxy;
  try {
    proxy = await startRecordingProxy({
      store,
      port,
      host: values.host ?? '127.0.0.1',
      ...(values.upstream ? { upstream: values.upstream } : {}),
      ...(values.session ? { session: { name: values.session } } : {}),
      insecureUpstream: values['insecure-upstream'] ?? false,
      redact: !(values['no-redact'] ?? false),
      rewrite: !(values['no-rewrite'] ?? false),
      redactRules: { headers: values['redact-header'] ?? [], params: values['redact-param'] ?? [] },
      ...(bodyCap !== undefined ? { bodyCapBytes: bodyCap } : {}),
      caDir: values['ca-dir'] ?? defaultCaDir(),
    });
  } catch (error) {
    await ui.close();
    store.close();
    throw error; // a port in use is told as one line by main
  }
  out.write(`proxy: ${proxy.url}\n`);
  out.write(`ui: ${ui.url}\n`);
  out.write(`recording: session ${proxy.sessionId} in ${db} (${proxy.mode} mode${values.upstream ? `, upstream ${values.upstream}` : ''})\n`);
  if (values['insecure-upstream']) out.write('warning: --insecure-upstream: upstream certificates are not checked\n');
  if (proxy.mode === 'forward' && !command) out.write(`trust this CA in your client to record HTTPS: ${proxy.caCertPath}\n`);
  let exitCode = 0;
  if (command) exitCode = await runUnderRecording(command, proxy, values.upstream, out);
  else await waitForStopSignal();
  await proxy.close();
  const summary = store.getSession(proxy.sessionId);
  out.write(
    `stopped: ${summary?.exchangeCount ?? 0} exchanges, ${summary?.eventCount ?? 0} events, ${summary?.conversationCount ?? 0} conversations, ${summary?.errorCount ?? 0} errors recorded in session ${proxy.sessionId}\n`,
  );
  if (command) for (const note of reachNotes(summary?.exchangeCount ?? 0, proxy.mode, proxy.tlsRefusals())) out.write(`${note}\n`);
  if (command && values['keep-ui']) {
    out.write(`ui: ${ui.url}  (kept open; Ctrl-C to stop)\n`);
    await waitForStopSignal();
  }
  await ui.close();
  store.close();
  return exitCode;
}

export const recordCommand: Command = { name: 'record', summary: 'record a UCWA client\'s traffic through a proxy into a database', help: HELP, run };
