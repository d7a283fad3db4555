/** `ucwa-inspector import`: a fixture or a HAR file into a recording, as a new session. */
import { readImportFile } from '../../storage/har/har-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { readArgs, required } from '../args.ts';
import { UsageError, type Command, type CommandIo } from '../command.ts';
import { progressReporter } from '../progress.ts';

const HELP = `Usage: ucwa-inspector import FILE --db FILE

Adds FILE (a fixture made by \`export --format fixture\`, or a HAR 1.2 file from ucwa-inspector, a
browser or another tool) to a recording as a new session, and decodes it (events, conversations,
search text). The database is created when it does not exist. A bad file is refused whole:
nothing is written.

Options:
  --db FILE   the recording to add to
  -h, --help  this text

Examples:
  ucwa-inspector import recordings/outgoing-chat.json --db ucwa.db
  ucwa-inspector import ~/Downloads/teams-web.har --db ucwa.db
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = readArgs(args, { db: { type: 'string' } }, 1);
  const file = positionals[0];
  if (file === undefined) throw new UsageError('name the FILE to import (a fixture or a HAR file)');
  const db = required(values.db, '--db', 'the recording to import into');
  const { format, session } = readImportFile(file);
  const store = RecordingStore.open(db, { create: true });
  try {
    const progress = progressReporter(io.stderr, `decoding ${file}`);
    const summary = store.importSession(session, ({ done, total }) => progress.update(done, total));
    progress.done();
    io.stdout.write(`imported ${file} (${format}) as session ${summary.id} "${summary.name}": ${summary.exchangeCount} exchanges, ${summary.eventCount} events, ${summary.conversationCount} conversations\n`);
    return 0;
  } finally {
    store.close();
  }
}

export const importCommand: Command = { name: 'import', summary: 'add a fixture or HAR file to a recording as a new session', help: HELP, run };
