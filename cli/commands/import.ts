/** `ucwa-inspector import`: a fixture, HAR, Fiddler archive or event log into a recording, as a new session. */
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { Redactor } from '../../storage/redactor.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { readArgs, required } from '../args.ts';
import { UsageError, type Command, type CommandIo } from '../command.ts';
import { progressReporter } from '../progress.ts';

const HELP = `Usage: ucwa-inspector import FILE --db FILE [--no-redact] [--again | --replace]

Adds FILE to a recording as a new session, and decodes it (events, conversations, search
text). FILE is told apart by its content:
  - a fixture made by \`export --format fixture\`;
  - a HAR 1.2 file from ucwa-inspector, a browser or another tool;
  - a Fiddler archive (.saz); CONNECT tunnel sessions are skipped and counted;
  - a log of event-channel bodies (JSON one after another, JSON lines, or a JSON array): its
    exchanges are marked reconstructed, as their requests were never captured.
Secrets are redacted on the way in, as \`record\` does. A bad file is refused whole: nothing is
written. An import that is killed leaves its session marked incomplete (\`sessions\` shows it).
Importing the same file (same bytes) twice is refused unless --again or --replace says which.

Options:
  --db FILE               the recording to add to (created when it does not exist)
  --no-redact             keep tokens, cookies and passwords as the file has them (default: redacted)
  --redact-header NAME    also redact this header's value (repeatable)
  --redact-param NAME     also redact this query, form or JSON parameter (repeatable)
  --again                 import a file imported before as another session
  --replace               replace the session(s) imported before from the same file
  -h, --help              this text

Examples:
  ucwa-inspector import recordings/outgoing-chat-json.json --db ucwa.db
  ucwa-inspector import ~/Downloads/teams-web.har --db ucwa.db --redact-header X-Tenant-Key
  ucwa-inspector import lync-sign-in.saz --db ucwa.db
  ucwa-inspector import bot-events.log --db ucwa.db && ucwa-inspector timeline --db ucwa.db --session bot-events
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = readArgs(
    args,
    {
      db: { type: 'string' },
      'no-redact': { type: 'boolean' },
      'redact-header': { type: 'string', multiple: true },
      'redact-param': { type: 'string', multiple: true },
      again: { type: 'boolean' },
      replace: { type: 'boolean' },
    },
    1,
  );
  const file = positionals[0];
  if (file === undefined) throw new UsageError('name the FILE to import (a fixture, HAR, Fiddler archive or event log)');
  const db = required(values.db, '--db', 'the recording to import into');
  if (values.again && values.replace) throw new UsageError('--again and --replace exclude each other: import as another session, or replace the earlier one');
  const redact = !(values['no-redact'] ?? false);
  const { format, session, sha256, skipped } = readImportFile(file);
  const store = RecordingStore.open(db, { create: true });
  try {
    // What a killed import, recorder or reindex left undecoded in this file is finished first.
    const catchingUp = progressReporter(io.stderr, 'decoding exchanges left undecoded');
    const caughtUp = store.deriveMissing(({ done, total }) => catchingUp.update(done, total));
    catchingUp.done();
    if (caughtUp > 0) io.stderr.write(`decoded ${caughtUp} exchanges an earlier writer left undecoded\n`);
    const writing = progressReporter(io.stderr, `importing ${file}`);
    const decoding = progressReporter(io.stderr, `decoding ${file}`);
    const summary = store.importFile(session, {
      file,
      sha256,
      duplicate: values.replace ? 'replace' : values.again ? 'again' : 'refuse',
      redactor: redact ? new Redactor({ headers: values['redact-header'] ?? [], params: values['redact-param'] ?? [] }) : null,
      onWritten: (done, total) => writing.update(done, total),
      onDerived: ({ done, total }) => decoding.update(done, total),
    });
    writing.done();
    decoding.done();
    const extras = [...skipped.map((s) => `skipped ${s}`), redact ? 'secrets redacted' : 'secrets kept (--no-redact)'];
    io.stdout.write(
      `imported ${file} (${format}) as session ${summary.id} "${summary.name}": ${summary.exchangeCount} exchanges, ${summary.eventCount} events, ${summary.conversationCount} conversations; ${extras.join('; ')}\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}

export const importCommand: Command = { name: 'import', summary: 'add a fixture, HAR, Fiddler archive or event log to a recording as a new session', help: HELP, run };
