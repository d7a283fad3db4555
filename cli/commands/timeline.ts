/** `ucwa-inspector timeline`: the conversations and presence of a recorded session, moment by moment. */
import { renderTimelineText, timelineJson } from '../../protocol/timeline/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline, stateAt } from '../../storage/timeline/session-timeline.ts';
import { integerOption, readArgs, required } from '../args.ts';
import { UsageError, type Command, type CommandIo } from '../command.ts';

const HELP = `Usage: ucwa-inspector timeline --db FILE --session ID|NAME [--format text|json] [--at-exchange ID]

Rebuilds what each conversation of a recorded session was, moment by moment, from the traffic:
states, the messaging modality and its action links, invitations and their outcome, participants
joining and leaving, typing, messages with their text, missed items and the application's life;
and a presence lane for you and each contact whose presence the session saw (availability and
note changes, subscriptions). Every line names its cause: the exchange (and event) that showed
it, and whether it came from an event, a GET snapshot or the client's own request.

Options:
  --db FILE            the recording
  --session ID|NAME    which session (see \`ucwa-inspector sessions\`)
  --format text|json   text for people (default), json for machines (docs/timeline-format.md)
  --at-exchange ID     the state as it stood once exchange ID was seen (json shows current values)
  -h, --help           this text

Examples:
  ucwa-inspector timeline --db ucwa.db --session 1
  ucwa-inspector timeline --db ucwa.db --session "incoming chat" --format json | jq '.conversations[0].messages'
  ucwa-inspector timeline --db ucwa.db --session presence-watch-json --format json | jq '.presence[] | {label, bands}'
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = readArgs(args, { db: { type: 'string' }, session: { type: 'string' }, format: { type: 'string' }, 'at-exchange': { type: 'string' } });
  const db = required(values.db, '--db', 'the recording to read');
  const which = required(values.session, '--session', 'the id or name of the session');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format takes text or json, not "${format}"`);
  const atExchange = integerOption(values['at-exchange'], '--at-exchange', 1, Number.MAX_SAFE_INTEGER);
  const store = RecordingStore.open(db, { readOnly: true });
  try {
    const session = store.findSession(which);
    const timeline = atExchange === undefined ? sessionTimeline(store, session.id) : stateAt(store, session.id, { exchangeId: atExchange });
    io.stdout.write(format === 'json' ? `${JSON.stringify(timelineJson(timeline), null, 2)}\n` : renderTimelineText(timeline));
    return 0;
  } finally {
    store.close();
  }
}

export const timelineCommand: Command = { name: 'timeline', summary: 'rebuild the conversations and presence of a session, moment by moment', help: HELP, run };
