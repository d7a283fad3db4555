/**
 * Writes an imported session: refuses a file imported before (unless told again or replace),
 * redacts on the way in, and commits in chunks so a killed import leaves a session that says
 * it was cut off (its import state stays incomplete) rather than one that looks finished.
 */
import type Database from 'better-sqlite3';
import type { RecordedExchange } from '../../protocol/exchange.ts';
import { DerivedWriter } from '../derive/derived-writer.ts';
import { ExchangeWriter, INSERT_EXCHANGE_SQL, exchangeParams, type SessionRecord } from '../exchange-writer.ts';
import type { Redactor } from '../redactor.ts';
import { toExchangeValues } from '../rows.ts';
import { StorageError } from '../storage-error.ts';

/** One exchange of a file to import, with the changes already made to it (by an earlier recorder, or by the reader). */
export interface ImportedExchange {
  readonly seq: number;
  readonly exchange: RecordedExchange;
  readonly redactions: readonly string[];
}

/** A whole session read from a file (fixture, HAR, Fiddler archive, event log), before it is written. */
export interface ImportedSession {
  readonly session: Omit<SessionRecord, 'id' | 'import'>;
  readonly exchanges: readonly ImportedExchange[];
}

/** What to do when a file with the same SHA-256 was imported before. */
export type DuplicateImport = 'refuse' | 'again' | 'replace';

export interface ImportOptions {
  /** SHA-256 (hex) of the file's bytes, stored with the session. */
  readonly sha256: string;
  /** The file as the user named it, for sentences. */
  readonly file: string;
  readonly duplicate?: DuplicateImport;
  /** Redacts each exchange before it is written; null keeps everything as the file has it. */
  readonly redactor: Redactor | null;
  /** Exchanges per transaction (default 500). */
  readonly chunkSize?: number;
  /** Called after each committed chunk. */
  readonly onWritten?: (done: number, total: number) => void;
}

/** Earlier sessions imported from a file with this hash, oldest first. */
export function sessionsImportedFrom(db: Database.Database, sha256: string): { id: number; name: string; complete: boolean }[] {
  return (db.prepare('SELECT id, name, import_complete FROM sessions WHERE import_sha256 = ? ORDER BY id').all(sha256) as { id: number; name: string; import_complete: number }[]).map((r) => ({
    id: r.id,
    name: r.name,
    complete: r.import_complete === 1,
  }));
}

/** Deletes a session with its exchanges and every derived row. */
export function deleteSession(db: Database.Database, sessionId: number): void {
  db.transaction(() => {
    new DerivedWriter(db).clear(sessionId);
    db.prepare('DELETE FROM exchanges WHERE session_id = ?').run(sessionId);
    db.prepare('DELETE FROM sessions WHERE id = ?').run(sessionId);
  }).immediate();
}

/**
 * Writes the session's raw rows and returns its id. Derivation is the caller's next step: a
 * session whose raw rows all landed is complete even before it is decoded (reindex decodes).
 */
export function writeImportedSession(db: Database.Database, imported: ImportedSession, options: ImportOptions): number {
  const earlier = sessionsImportedFrom(db, options.sha256);
  const duplicate = options.duplicate ?? 'refuse';
  if (earlier.length > 0 && duplicate === 'refuse') {
    const list = earlier.map((s) => `session ${s.id} "${s.name}"${s.complete ? '' : ' (cut off)'}`).join(', ');
    throw new StorageError(
      'already-imported',
      `${options.file} was imported before, as ${list}. Nothing was imported; add --again to import it as another session, or --replace to replace the earlier one.`,
    );
  }

  const writer = new ExchangeWriter(db);
  const insert = db.prepare(INSERT_EXCHANGE_SQL);
  const ordered = [...imported.exchanges].sort((a, b) => a.seq - b.seq);
  const { session } = imported;
  const sessionId = db
    .transaction(
      () =>
        db
          .prepare(
            `INSERT INTO sessions (name, started_at_ms, ended_at_ms, upstream, mode, notes, redacted, change_id, import_sha256, import_expected, import_complete)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id`,
          )
          .pluck()
          .get(session.name, session.startedAtMs, session.endedAtMs, session.upstream, session.mode, session.notes, session.redacted || options.redactor !== null ? 1 : 0, writer.takeChangeIds(1), options.sha256, ordered.length) as number,
    )
    .immediate();

  const chunkSize = options.chunkSize ?? 500;
  for (let at = 0; at < ordered.length; at += chunkSize) {
    const chunk = ordered.slice(at, at + chunkSize).map(({ seq, exchange, redactions }) => {
      const redacted = options.redactor ? options.redactor.redact(exchange) : { exchange, redactions: [] };
      return { seq, values: toExchangeValues(redacted.exchange, [...redactions, ...redacted.redactions.filter((r) => !redactions.includes(r))]) };
    });
    db.transaction(() => {
      let changeId = writer.takeChangeIds(chunk.length);
      for (const { seq, values } of chunk) insert.run(exchangeParams(sessionId, seq, changeId++, values));
    }).immediate();
    options.onWritten?.(Math.min(at + chunkSize, ordered.length), ordered.length);
  }
  db.transaction(() => db.prepare('UPDATE sessions SET import_complete = 1, change_id = ? WHERE id = ?').run(writer.takeChangeIds(1), sessionId)).immediate();
  // Only once the new copy is whole: a replace that fails part-way keeps the earlier one.
  if (duplicate === 'replace') for (const s of earlier) deleteSession(db, s.id);
  return sessionId;
}
