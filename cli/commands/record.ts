/** `ucwa-inspector record`: the recording proxy on a database, until Ctrl-C. */
import { startInspectorServer } from '../../inspector-ui/server/index.ts';
import { defaultCaDir, startRecordingProxy } from '../../proxy/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { allowHostOption, folderOption, integerOption, readArgs, urlOption } from '../args.ts';
import type { Command, CommandIo } from '../command.ts';
import { listenFailure } from '../user-error.ts';
import { waitForStopSignal } from '../wait-for-stop.ts';

const HELP = `Usage: ucwa-inspector record [--upstream URL] [--db FILE] [--session NAME] [--port N] [options]

Starts the recording proxy. Every request, response and event batch that passes is recorded
into FILE, byte for byte, without changing the traffic.
  Reverse mode (--upstream URL): point your client at the printed proxy URL instead of the
    server; it reaches URL. Absolute URLs the server sends (its own, and other hosts it names,
    as /~https/host/…) are served to the client as proxy URLs so it stays on the proxy; the
    recording keeps the server's bytes. --no-rewrite serves them untouched.
  Forward mode (no --upstream): set the printed URL as your client's HTTP(S) proxy; HTTPS is
    intercepted with certificates from our CA (\`ucwa-inspector ca\`), which your client must trust.

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
  -h, --help            this text

Examples:
  ucwa-inspector record --upstream https://lyncweb.contoso.com --db lync.db --session "sign-in bug"
  ucwa-inspector record --port 8080          # then: HTTPS_PROXY=http://127.0.0.1:8080 your-client
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = readArgs(args, {
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
  });
  const allowHosts = allowHostOption(values['allow-host']);
  const db = values.db ?? 'ucwa.db';
  const port = integerOption(values.port, '--port', 0, 65535) ?? 0;
  const bodyCap = integerOption(values['body-cap'], '--body-cap', 0, 2 ** 31);
  const uiPort = integerOption(values['ui-port'], '--ui-port', 0, 65535) ?? 0;
  urlOption(values.upstream, '--upstream', 'the UCWA server to record');
  folderOption(values['ca-dir'], '--ca-dir');
  const store = RecordingStore.open(db, { create: true });
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
    store.close();
    throw error; // a port in use is told as one line by main
  }
  let ui;
  try {
    // Recordings hold people's messages: publishing the proxy (--host 0.0.0.0) must not publish them too.
    ui = await startInspectorServer({ store, port: uiPort, host: values['ui-host'] ?? '127.0.0.1', allowHosts });
  } catch (error) {
    await proxy.close();
    store.close();
    throw listenFailure(error, '--ui-port', '--ui-host');
  }
  io.stdout.write(`proxy: ${proxy.url}\n`);
  io.stdout.write(`ui: ${ui.url}\n`);
  io.stdout.write(`recording: session ${proxy.sessionId} in ${db} (${proxy.mode} mode${values.upstream ? `, upstream ${values.upstream}` : ''})\n`);
  if (values['insecure-upstream']) io.stdout.write('warning: --insecure-upstream: upstream certificates are not checked\n');
  if (proxy.mode === 'forward') io.stdout.write(`trust this CA in your client to record HTTPS: ${proxy.caCertPath}\n`);
  await waitForStopSignal();
  await proxy.close();
  await ui.close();
  const summary = store.getSession(proxy.sessionId);
  store.close();
  io.stdout.write(`stopped: ${summary?.exchangeCount ?? 0} exchanges, ${summary?.eventCount ?? 0} events recorded in session ${proxy.sessionId}\n`);
  return 0;
}

export const recordCommand: Command = { name: 'record', summary: 'record a UCWA client\'s traffic through a proxy into a database', help: HELP, run };
