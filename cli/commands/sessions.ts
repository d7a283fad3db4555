/** `ucwa-inspector sessions`: the sessions of a recording with their counts. */
import { RecordingStore } from '../../storage/recording-store.ts';
import type { SessionSummary } from '../../storage/queries/session-queries.ts';
import { readArgs, required } from '../args.ts';
import type { Command, CommandIo } from '../command.ts';

const HELP = `Usage: ucwa-inspector sessions --db FILE [--json]

Lists the sessions recorded in FILE: id, name, when, how (forward, reverse, import...), the
upstream, and counts of exchanges, events, conversations and errors. A session whose exchanges
are not all decoded yet (a live recording catching up, or a killed import or recorder) gets a
note below the table: "decoding 2,500 / 60,000 exchanges".

Options:
  --db FILE   the recording (an SQLite file made by \`record\` or \`import\`)
  --json      print the list as JSON
  -h, --help  this text

Examples:
  ucwa-inspector sessions --db ucwa.db
  ucwa-inspector sessions --db ucwa.db --json | jq '.[].name'
`;

function when(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

const count = (n: number): string => n.toLocaleString('en-US');

function duration(session: SessionSummary): string {
  if (session.import && !session.import.complete) return `import cut off after ${count(session.exchangeCount)} of ${count(session.import.expectedCount)} (or still importing)`;
  if (session.import && session.endedAtMs === null) return 'imported';
  if (session.endedAtMs === null) return 'running or cut off';
  const seconds = Math.round((session.endedAtMs - session.startedAtMs) / 1000);
  return seconds < 120 ? `${seconds}s` : `${Math.round(seconds / 60)}m`;
}

export function renderSessionTable(sessions: readonly SessionSummary[]): string {
  if (sessions.length === 0) return 'No sessions recorded yet.\n';
  const rows = sessions.map((s) => [String(s.id), s.name, when(s.startedAtMs), duration(s), s.mode, s.upstream ?? '-', String(s.exchangeCount), String(s.eventCount), String(s.conversationCount), String(s.errorCount)]);
  const header = ['id', 'name', 'started', 'took', 'mode', 'upstream', 'exchanges', 'events', 'convs', 'errors'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i >= 6 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const notes = sessions.filter((s) => s.underivedCount > 0).map(decodingNote);
  return `${[line(header), ...rows.map(line), ...notes].join('\n')}\n`;
}

/** A session whose exchanges are not all decoded yet lacks events and conversations: say so, and what finishes it. */
function decodingNote(s: SessionSummary): string {
  return `session ${s.id} "${s.name}": decoding ${count(s.decodedCount)} / ${count(s.decodedCount + s.underivedCount)} exchanges (events and conversations count only those); the next \`record\`, \`import\`, \`ui\` or \`reindex\` of this file finishes it`;
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = readArgs(args, { db: { type: 'string' }, json: { type: 'boolean' } });
  const db = required(values.db, '--db', 'the recording to list');
  const store = RecordingStore.open(db, { readOnly: true });
  try {
    const sessions = store.listSessions();
    io.stdout.write(values.json ? `${JSON.stringify(sessions, null, 2)}\n` : renderSessionTable(sessions));
    return 0;
  } finally {
    store.close();
  }
}

export const sessionsCommand: Command = { name: 'sessions', summary: 'list the sessions of a recording with their counts', help: HELP, run };
