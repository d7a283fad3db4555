/**
 * The database schema as an ordered list of small steps, one per `PRAGMA user_version`
 * (after mitmproxy's `io/compat.py`). A file at version N gets steps N+1… applied in order,
 * each in its own transaction, so an interrupted upgrade leaves a consistent older version.
 * Never edit a released step: add a new one.
 */
import type Database from 'better-sqlite3';
import { DERIVED_STEPS } from './schema/derived-steps.ts';
import type { Migration } from './schema/migration-step.ts';
import { RECORD_STEPS } from './schema/record-steps.ts';
import { TIMELINE_STEPS } from './schema/timeline-steps.ts';

export { APPLICATION_ID, type Migration } from './schema/migration-step.ts';

/** Every step, in version order: the record's and derivation's, interleaved as they were released. */
export const MIGRATIONS: readonly Migration[] = [...RECORD_STEPS, ...DERIVED_STEPS, ...TIMELINE_STEPS].sort((a, b) => a.version - b.version);

/** The version a file has once every step ran: what this build of ucwa-inspector writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/**
 * Applies the steps after the file's version, each in an immediate transaction that re-reads
 * the version first, so two processes upgrading one file at once do each step exactly once.
 * `upTo` stops early (tests build old files with it).
 */
export function migrate(db: Database.Database, upTo: number = SCHEMA_VERSION): void {
  for (const step of MIGRATIONS) {
    if (step.version > upTo) break;
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= step.version) return;
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
}
