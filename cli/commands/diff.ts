/** `ucwa-inspector diff`: what changed between two recorded sessions, for people or CI. */
import { diffSessions, MIN_SLOWER_MS, renderDriftText, type DriftSource } from '../../replay/drift/index.ts';
import { readArgs } from '../args.ts';
import { UsageError, type Command, type CommandIo } from '../command.ts';

const HELP = `Usage: ucwa-inspector diff A B [options]

Compares two recorded sessions at the protocol level: what the client asked, what the server
answered and which events arrived. A and B are each a file \`import\` reads (a fixture, a HAR,
a Fiddler .saz, a log of event-channel bodies), or a session of a recording:
  ucwa-inspector diff A.json B.json                        two files
  ucwa-inspector diff --db FILE --session 1 --session 2    two sessions of one recording
  ucwa-inspector diff --a-db OLD.db --a-session 1 B.json   a session against a file
  ucwa-inspector diff A.json --b-db NEW.db --b-session 4   a file against a session
(--a-db and --b-db default to --db; FILE arguments fill the sides no --X-session names, A first.)

Requests are paired as the replay pairs them: by method, target (the rel of the link the client
followed, else the path), sorted query and body meaning, the n-th identical request with the
n-th; what is left pairs by method and target alone (a changed request). Event polls are not
paired: their events are compared per conversation instead, conversations by their place in the
session (the first seen with the first seen). Bodies are compared in the decoded model, so JSON
and XML answers with the same meaning are equal. Never compared: hrefs (servers choose their
ids), dates, ids, operationIds, etags, tokens, session contexts, secrets, PUT sentinels.

Reported, biggest first, each with the exchange ids on both sides (A#ID, B#ID; in a file, ids
count from 1 in file order):
  status changes; requests only in A or only in B; changed requests (query or body);
  event sequences that differ per conversation (types and rels in order, per sender);
  body changes field by field (properties added, removed, changed; link rels added or removed);
  with --slower-than, exchanges that got slower.

Options:
  --db FILE                the recording both --session values (or --a-session/--b-session) come from
  --session ID|NAME        a session of --db: the first is A, the second B
  --a-db FILE, --a-session ID|NAME   side A from a recording
  --b-db FILE, --b-session ID|NAME   side B from a recording
  --ignore-field NAME      also leave this field, property, query parameter or link rel out (repeatable)
  --slower-than FACTOR     report exchanges at least FACTOR times slower in B (e.g. 2x) and ${MIN_SLOWER_MS} ms slower
  --json                   print the report as JSON (format ucwa-inspector-drift, version 1)
  --fail-on-drift          exit 1 when anything differs (for CI); otherwise exit 0
  -h, --help               this text

Examples:
  ucwa-inspector diff recordings/outgoing-chat-json.json last-night.json --fail-on-drift
  ucwa-inspector diff --db ucwa.db --session "before CU" --session "after CU" --slower-than 2x
  ucwa-inspector diff --db ucwa.db --session 1 --session 2 --json | jq '.findings[] | select(.kind == "status")'
`;

interface SideArgs {
  readonly db: string | undefined;
  readonly session: string | undefined;
}

/** Both sides from the options: named sessions first, then files for the sides left. */
function sources(positionals: readonly string[], db: string | undefined, sessions: readonly string[], a: SideArgs, b: SideArgs): [DriftSource, DriftSource] {
  if (sessions.length > 2) throw new UsageError(`--session names at most two sessions (A and B), not ${sessions.length}`);
  if (sessions.length > 0 && (a.session !== undefined || b.session !== undefined)) throw new UsageError('give --session twice, or --a-session/--b-session, not both');
  const files = [...positionals];
  const side = (name: 'A' | 'B', session: string | undefined, sideDb: string | undefined): DriftSource => {
    if (session !== undefined) {
      const file = sideDb ?? db;
      if (file === undefined) throw new UsageError(`--${name.toLowerCase()}-session needs a recording: add --db FILE or --${name.toLowerCase()}-db FILE`);
      return { db: file, session };
    }
    if (sideDb !== undefined) throw new UsageError(`--${name.toLowerCase()}-db needs --${name.toLowerCase()}-session ID|NAME to say which session`);
    const file = files.shift();
    if (file === undefined) throw new UsageError(`side ${name} is missing: name a fixture or HAR file, or a session with --db FILE --session ID|NAME`);
    return { file };
  };
  const first = side('A', a.session ?? sessions[0], a.db);
  const second = side('B', b.session ?? sessions[1], b.db);
  if (files.length > 0) throw new UsageError(`unexpected argument "${files[0]}": both sides are already given`);
  if (db !== undefined && !('db' in first && first.db === db) && !('db' in second && second.db === db)) throw new UsageError('--db is given but no side uses it: add --session ID|NAME');
  return [first, second];
}

/** `--slower-than 2x`: a factor above 1 (rerun shares it). */
export function slowerThanOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)x?$/i.exec(value);
  const factor = match ? Number(match[1]) : Number.NaN;
  if (!(factor > 1)) throw new UsageError(`--slower-than takes a factor above 1 such as 2x or 1.5x, not "${value}"`);
  return factor;
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = readArgs(
    args,
    {
      db: { type: 'string' },
      session: { type: 'string', multiple: true },
      'a-db': { type: 'string' },
      'a-session': { type: 'string' },
      'b-db': { type: 'string' },
      'b-session': { type: 'string' },
      'ignore-field': { type: 'string', multiple: true },
      'slower-than': { type: 'string' },
      json: { type: 'boolean' },
      'fail-on-drift': { type: 'boolean' },
    },
    2,
  );
  const [a, b] = sources(positionals, values.db, values.session ?? [], { db: values['a-db'], session: values['a-session'] }, { db: values['b-db'], session: values['b-session'] });
  const slowerThan = slowerThanOption(values['slower-than']);
  const report = diffSessions(a, b, { ignore: values['ignore-field'] ?? [], ...(slowerThan !== undefined ? { slowerThan } : {}) });
  io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderDriftText(report));
  return values['fail-on-drift'] && report.findings.length > 0 ? 1 : 0;
}

export const diffCommand: Command = { name: 'diff', summary: 'what changed between two sessions: requests, statuses, bodies, events, timing', help: HELP, run };
