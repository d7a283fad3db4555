/** What one schema step is, and the mark every file of ours carries. */
import type Database from 'better-sqlite3';

/** Marks the file as ours (`PRAGMA application_id`), so a foreign SQLite file is refused by name. ASCII "UCWI". */
export const APPLICATION_ID = 0x55435749;

export interface Migration {
  /** The `user_version` the file has after this step. */
  readonly version: number;
  /** What the step adds, for people reading the schema's history. */
  readonly description: string;
  readonly up: (db: Database.Database) => void;
}
