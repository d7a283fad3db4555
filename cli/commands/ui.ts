/** `ucwa-inspector ui`: the inspector on an existing recording or fixture. */
import { startInspectorServer } from '../../inspector-ui/server/index.ts';
import { diffSessions } from '../../replay/drift/index.ts';
import { deriveInBackground, type BackgroundDerivation } from '../../storage/background-derivation.ts';
import { openFixture } from '../../storage/fixture/fixture-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { allowHostOption, integerOption, readArgs } from '../args.ts';
import { UsageError, type Command, type CommandIo } from '../command.ts';
import { waitForStopSignal } from '../wait-for-stop.ts';

const HELP = `Usage: ucwa-inspector ui (--db FILE | FIXTURE.json) [--port N] [--host H] [--allow-host NAME]

Serves the inspector for a recording: sessions, exchanges (filter with method:POST status:4xx
rel:conversation conv:137 has:lint "text"), each exchange raw, pretty and decoded with its events, and
conversation timelines. A recording still being written shows new exchanges live. Exchanges an
earlier writer left undecoded (a killed import or recorder) are decoded in the background, the
sessions page counting them down ("decoding 2,500 / 60,000").

Options:
  --db FILE     the recording (opened read-only)
  --port N      listen on N (default 0: a free port, printed)
  --host H      listen on H (default 127.0.0.1)
  --allow-host NAME
                also answer requests addressed to NAME (repeatable); by default only
                127.0.0.1, localhost, [::1] and H, so other web sites cannot read recordings
  -h, --help    this text

Examples:
  ucwa-inspector ui --db lync.db --port 3000
  ucwa-inspector ui recordings/demo-json.json
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = readArgs(args, { db: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'allow-host': { type: 'string', multiple: true } }, 1);
  const allowHosts = allowHostOption(values['allow-host']);
  const fixture = positionals[0];
  if ((fixture === undefined) === (values.db === undefined)) throw new UsageError('give --db FILE or a FIXTURE.json (one of them)');
  const port = integerOption(values.port, '--port', 0, 65535) ?? 0;
  const store = fixture !== undefined ? openFixture(fixture).store : RecordingStore.open(values.db as string, { readOnly: true });
  let ui;
  try {
    ui = await startInspectorServer({ store, port, host: values.host ?? '127.0.0.1', allowHosts, compare: diffSessions });
  } catch (error) {
    store.close();
    throw error; // a port in use is told as one line by main

  }
  io.stdout.write(`ui: ${ui.url}\n`);
  const derivation = fixture === undefined ? await finishDerivation(store, io) : null;
  await waitForStopSignal();
  await derivation?.stop();
  await ui.close();
  store.close();
  return 0;
}

/** Decodes what a killed writer left undecoded; a file this user cannot write is still served, with one line saying why it stays so. */
async function finishDerivation(store: RecordingStore, io: CommandIo): Promise<BackgroundDerivation | null> {
  const report = (error: Error): void => void io.stderr.write(`ui: decoding the rest of ${store.path}: ${error.message}\n`);
  try {
    const derivation = await deriveInBackground(store.path, store.listSessions(), { onError: report });
    if (derivation === null) return null;
    io.stderr.write(`ui: decoding ${derivation.underived.toLocaleString('en-US')} exchanges an earlier writer left undecoded\n`);
    void derivation.finished.then((complete) => complete && io.stderr.write('ui: decoded them\n'));
    return derivation;
  } catch (error) {
    report(error as Error);
    return null;
  }
}

export const uiCommand: Command = { name: 'ui', summary: 'open the inspector on a recording or fixture', help: HELP, run };
