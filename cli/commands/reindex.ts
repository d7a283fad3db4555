/** `ucwa-inspector reindex`: rebuild the decoded rows of a recording from its raw bytes. */
import { RecordingStore } from '../../storage/recording-store.ts';
import { readArgs, required } from '../args.ts';
import type { Command, CommandIo } from '../command.ts';
import { progressReporter } from '../progress.ts';

const HELP = `Usage: ucwa-inspector reindex --db FILE [--session ID|NAME]

Rebuilds everything decoded from the raw exchanges (resources, events, conversations, search
text, decode diagnostics), for every session or one. Run it after upgrading ucwa-inspector so
old recordings gain what the new decoder understands. The raw record is only read.

Options:
  --db FILE           the recording
  --session ID|NAME   only this session
  -h, --help          this text

Examples:
  ucwa-inspector reindex --db ucwa.db
  ucwa-inspector reindex --db ucwa.db --session 3
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = readArgs(args, { db: { type: 'string' }, session: { type: 'string' } });
  const db = required(values.db, '--db', 'the recording to reindex');
  const store = RecordingStore.open(db);
  try {
    const sessionId = values.session === undefined ? undefined : store.findSession(values.session).id;
    const progress = progressReporter(io.stderr, 'reindexing');
    const report = store.reindex({ ...(sessionId !== undefined ? { sessionId } : {}), onProgress: ({ done, total }) => progress.update(done, total) });
    progress.done();
    io.stdout.write(`reindexed ${report.exchanges} exchanges: ${report.events} events, ${report.diagnostics} decode diagnostics, in ${Math.round(report.durationMs)} ms\n`);
    return 0;
  } finally {
    store.close();
  }
}

export const reindexCommand: Command = { name: 'reindex', summary: 'rebuild decoded rows from the raw exchanges', help: HELP, run };
