/** Sessions with their counts, and finding one by the id or name a user typed. */
import type Database from 'better-sqlite3';
import { DERIVATION_VERSION } from '../../protocol/derive/derive-exchange.ts';
import type { SessionMode, SessionRecord } from '../exchange-writer.ts';
import { StorageError } from '../storage-error.ts';

export interface SessionSummary extends SessionRecord {
  readonly exchangeCount: number;
  /** Exchanges still waiting for their response (a pending long poll), or cut off by a crash. */
  readonly pendingCount: number;
  /** Exchanges that ended with an error (refused, reset, timeout, aborted, truncated). */
  readonly errorCount: number;
  readonly eventCount: number;
  readonly conversationCount: number;
  /**
   * Finished exchanges not (yet) derived by this version's decoder: a live recorder's lag, or
   * what a killed writer left; the next `record`, `import`, `ui` or `reindex` of the file derives them.
   */
  readonly underivedCount: number;
  /** Finished exchanges derived: a session is "decoding decodedCount / (decodedCount + underivedCount)" until underivedCount is 0. */
  readonly decodedCount: number;
}

interface SessionRow {
  readonly id: number;
  readonly name: string;
  readonly started_at_ms: number;
  readonly ended_at_ms: number | null;
  readonly upstream: string | null;
  readonly mode: SessionMode;
  readonly notes: string;
  readonly redacted: number;
  readonly import_sha256: string | null;
  readonly import_expected: number | null;
  readonly import_complete: number | null;
}

const SUMMARY = `
  SELECT s.*,
    (SELECT count(*) FROM exchanges WHERE session_id = s.id) AS exchange_count,
    (SELECT count(*) FROM exchanges WHERE session_id = s.id AND stage = 'initiated') AS pending_count,
    (SELECT count(*) FROM exchanges WHERE session_id = s.id AND error_kind IS NOT NULL) AS error_count,
    (SELECT count(*) FROM events WHERE session_id = s.id) AS event_count,
    (SELECT count(*) FROM conversations WHERE session_id = s.id) AS conversation_count,
    (SELECT count(*) FROM exchange_derived WHERE session_id = s.id AND derived_version = @version) AS derived_count
  FROM sessions s`;

interface SummaryRow extends SessionRow {
  readonly exchange_count: number;
  readonly pending_count: number;
  readonly error_count: number;
  readonly event_count: number;
  readonly conversation_count: number;
  readonly derived_count: number;
}

export function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    name: row.name,
    startedAtMs: row.started_at_ms,
    endedAtMs: row.ended_at_ms,
    upstream: row.upstream,
    mode: row.mode,
    notes: row.notes,
    redacted: row.redacted === 1,
    import: row.import_sha256 === null ? null : { sha256: row.import_sha256, expectedCount: row.import_expected ?? 0, complete: row.import_complete === 1 },
  };
}

function toSummary(row: SummaryRow): SessionSummary {
  const finished = row.exchange_count - row.pending_count;
  const decoded = Math.min(finished, row.derived_count);
  return {
    ...toSessionRecord(row),
    exchangeCount: row.exchange_count,
    pendingCount: row.pending_count,
    errorCount: row.error_count,
    eventCount: row.event_count,
    conversationCount: row.conversation_count,
    underivedCount: Math.max(0, finished - decoded),
    decodedCount: Math.max(0, decoded),
  };
}

/** Every session, oldest first. */
export function listSessions(db: Database.Database): SessionSummary[] {
  return (db.prepare(`${SUMMARY} ORDER BY s.id`).all({ version: DERIVATION_VERSION }) as SummaryRow[]).map(toSummary);
}

/** Finished exchanges of a session not derived by this version's decoder: `underivedCount` without the other counts. */
export function countUnderived(db: Database.Database, sessionId: number): number {
  return db
    .prepare(
      // Each count is answered from an index (the pending one from the partial index), never from the wide rows.
      `SELECT (SELECT count(*) FROM exchanges WHERE session_id = @id)
            - (SELECT count(*) FROM exchanges WHERE session_id = @id AND stage = 'initiated')
            - (SELECT count(*) FROM exchange_derived WHERE session_id = @id AND derived_version = @version)`,
    )
    .pluck()
    .get({ id: sessionId, version: DERIVATION_VERSION }) as number;
}

export function getSession(db: Database.Database, id: number): SessionSummary | undefined {
  const row = db.prepare(`${SUMMARY} WHERE s.id = @id`).get({ version: DERIVATION_VERSION, id }) as SummaryRow | undefined;
  return row && toSummary(row);
}

export function getSessionRecord(db: Database.Database, id: number): SessionRecord | undefined {
  const row = db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
  return row && toSessionRecord(row);
}

/**
 * The session a user named: a number is an id, anything else a name. Throws a StorageError
 * that lists what exists when nothing (or more than one session) matches.
 */
export function findSession(db: Database.Database, path: string, idOrName: string): SessionRecord {
  const rows = db.prepare('SELECT * FROM sessions ORDER BY id').all() as SessionRow[];
  const known = (): string =>
    rows.length === 0 ? `${path} holds no sessions yet` : `sessions in ${path}: ${rows.slice(0, 10).map((r) => `${r.id} "${r.name}"`).join(', ')}${rows.length > 10 ? ', …' : ''}`;
  if (/^\d+$/.test(idOrName)) {
    const row = rows.find((r) => r.id === Number(idOrName));
    if (row) return toSessionRecord(row);
  }
  const named = rows.filter((r) => r.name === idOrName);
  if (named.length === 1) return toSessionRecord(named[0] as SessionRow);
  if (named.length > 1)
    throw new StorageError('session-not-found', `${named.length} sessions in ${path} are named "${idOrName}" (ids ${named.map((r) => r.id).join(', ')}); give the id instead.`);
  throw new StorageError('session-not-found', `No session "${idOrName}" in ${path} (${known()}). Run \`ucwa-inspector sessions --db ${path}\` to list them.`);
}
