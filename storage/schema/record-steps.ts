/**
 * The schema steps of the record itself: sessions, raw exchanges and the indexes the exchange
 * list filters by. Never edit a released step: add a new one (migrations.ts runs them in order).
 */
import { APPLICATION_ID, type Migration } from './migration-step.ts';

export const RECORD_STEPS: readonly Migration[] = [
  {
    version: 1,
    description: 'sessions and raw exchanges: the record itself',
    up: (db) => {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.exec(`
        -- One counter for the change feed; every write transaction takes ids from it.
        CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO meta (key, value) VALUES ('next_change_id', 1);

        CREATE TABLE sessions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL,
          started_at_ms INTEGER NOT NULL,
          ended_at_ms INTEGER,
          upstream TEXT,
          mode TEXT NOT NULL,
          notes TEXT NOT NULL DEFAULT '',
          redacted INTEGER NOT NULL,
          change_id INTEGER NOT NULL
        );

        -- Within a session, ids increase with seq (rows are inserted in seq order), so
        -- pages ordered by id are in recording order.
        CREATE TABLE exchanges (
          id INTEGER PRIMARY KEY,
          session_id INTEGER NOT NULL REFERENCES sessions (id),
          seq INTEGER NOT NULL,
          stage TEXT NOT NULL CHECK (stage IN ('initiated', 'completed', 'aborted')),
          connection_id TEXT NOT NULL,
          started_at_ms INTEGER NOT NULL,
          started_mono_ms REAL NOT NULL,
          request_sent_ms REAL,
          first_byte_ms REAL,
          ended_ms REAL,
          method TEXT NOT NULL,
          url TEXT NOT NULL,
          request_http_version TEXT NOT NULL,
          request_body_size INTEGER NOT NULL,
          request_body_truncated INTEGER NOT NULL,
          status INTEGER,
          status_text TEXT,
          response_http_version TEXT,
          response_body_size INTEGER,
          response_body_truncated INTEGER,
          error_kind TEXT,
          error_message TEXT,
          redactions TEXT,
          change_id INTEGER NOT NULL,
          -- Headers and bodies last: a row too big for its page spills its tail to overflow
          -- pages, and list queries should never have to read through a body to reach a column.
          request_headers TEXT NOT NULL,
          response_headers TEXT,
          request_body BLOB NOT NULL,
          response_body BLOB,
          UNIQUE (session_id, seq)
        );
        CREATE INDEX exchanges_by_session ON exchanges (session_id);
      `);
    },
  },
  {
    version: 2,
    description: 'indexes for the exchange list filters and the change feed',
    up: (db) => {
      db.exec(`
        CREATE INDEX exchanges_by_method ON exchanges (session_id, method);
        CREATE INDEX exchanges_by_status ON exchanges (session_id, status);
        CREATE INDEX exchanges_by_status_class ON exchanges (session_id, status / 100);
        CREATE INDEX exchanges_with_error ON exchanges (session_id) WHERE error_kind IS NOT NULL;
        CREATE INDEX exchanges_pending ON exchanges (session_id) WHERE stage = 'initiated';
        CREATE INDEX exchanges_by_start ON exchanges (session_id, started_at_ms);
        CREATE INDEX exchanges_by_change ON exchanges (change_id);
        CREATE INDEX sessions_by_change ON sessions (change_id);
      `);
    },
  },
  {
    version: 5,
    description: 'what a reverse-mode proxy mapped in each exchange (URLs served to the client as proxy URLs)',
    up: (db) => {
      // JSON list of { where, count, direction }; NULL when nothing was mapped. The bodies stay the server's.
      db.exec('ALTER TABLE exchanges ADD COLUMN url_mappings TEXT;');
    },
  },
  {
    version: 6,
    description: 'import states (file hash, expected and imported counts) and reconstructed exchanges',
    up: (db) => {
      db.exec(`
        -- Set for imported sessions only: the imported file's SHA-256, how many exchanges it
        -- holds, and whether all of them landed (0 while importing, or when an import was cut off).
        ALTER TABLE sessions ADD COLUMN import_sha256 TEXT;
        ALTER TABLE sessions ADD COLUMN import_expected INTEGER;
        ALTER TABLE sessions ADD COLUMN import_complete INTEGER;
        CREATE INDEX sessions_by_import_sha256 ON sessions (import_sha256) WHERE import_sha256 IS NOT NULL;
        -- 1 when the exchange was rebuilt from a logged response body: its request was not captured.
        ALTER TABLE exchanges ADD COLUMN reconstructed INTEGER NOT NULL DEFAULT 0;
      `);
    },
  },
];
