/** `ucwa-inspector export`: one session as a fixture or a HAR file. */
import { writeFileSync } from 'node:fs';
import { exportFixture } from '../../storage/fixture/fixture-file.ts';
import { exportHar } from '../../storage/har/har-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { outputFileOption, readArgs, required } from '../args.ts';
import { UsageError, type Command, type CommandIo } from '../command.ts';
import { packageVersion } from '../package-version.ts';

const HELP = `Usage: ucwa-inspector export --db FILE --session ID|NAME --format fixture|har [-o FILE]

Writes one recorded session out.
  fixture  one JSON document for people and diffs (docs/recording-format.md): canonical, so the
           same session always gives the same bytes, and lossless, so \`import\` brings it back
           exactly. Use it for regression fixtures and \`replay\`.
  har      HAR 1.2, for browsers' network panels and other HTTP tools. Bodies are kept whole.

Options:
  --db FILE           the recording
  --session ID|NAME   which session (see \`ucwa-inspector sessions\`)
  --format F          fixture or har
  --pseudonymize      replace each person (SIP URI, e-mail, display name) with a stable
                      placeholder (sip:user1@example.invalid, "User 1"), to share a recording
  -o, --output FILE   write there instead of stdout
  -h, --help          this text

Examples:
  ucwa-inspector export --db ucwa.db --session 1 --format fixture -o test/fixtures/incoming-chat.json
  ucwa-inspector export --db ucwa.db --session "incoming chat" --format har -o chat.har
  ucwa-inspector export --db ucwa.db --session 3 --format fixture --pseudonymize -o shared.json
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = readArgs(args, { db: { type: 'string' }, session: { type: 'string' }, format: { type: 'string' }, output: { type: 'string', short: 'o' }, pseudonymize: { type: 'boolean' } });
  const db = required(values.db, '--db', 'the recording to export from');
  const which = required(values.session, '--session', 'the id or name of the session to export');
  const format = required(values.format, '--format', 'fixture or har');
  if (format !== 'fixture' && format !== 'har') throw new UsageError(`--format takes fixture or har, not "${format}"`);
  outputFileOption(values.output, '--output');
  const store = RecordingStore.open(db, { readOnly: true });
  try {
    const session = store.findSession(which);
    const options = { pseudonymize: values.pseudonymize ?? false };
    const text = format === 'fixture' ? exportFixture(store, session.id, options) : exportHar(store, session.id, packageVersion(), options);
    if (values.output) {
      writeFileSync(values.output, text);
      io.stderr.write(`wrote session ${session.id} ("${session.name}") as ${format} to ${values.output}\n`);
    } else io.stdout.write(text);
    return 0;
  } finally {
    store.close();
  }
}

export const exportCommand: Command = { name: 'export', summary: 'write a session as a fixture or a HAR file', help: HELP, run };
