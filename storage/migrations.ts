/**
 * The database schema as an ordered list of small steps, one per `PRAGMA user_version`
 * (after mitmproxy's `io/compat.py`). A file at version N gets steps N+1… applied in order,
 * each in its own transaction, so an interrupted upgrade leaves a consistent older version.
 * Never edit a released step: add a new one.
 */
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

export const MIGRATIONS: readonly Migration[] = [
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
    version: 3,
    description: 'derived rows: decoded resources, event batches and events, diagnostics, conversations',
    up: (db) => {
      db.exec(`
        -- One row per derived exchange; no row means not derived yet.
        CREATE TABLE exchange_derived (
          exchange_id INTEGER PRIMARY KEY,
          session_id INTEGER NOT NULL,
          derived_version INTEGER NOT NULL,
          target_rel TEXT,
          request_kind TEXT,
          response_kind TEXT,
          response_rel TEXT,
          ucwa_error TEXT,
          diagnostic_count INTEGER NOT NULL
        );
        CREATE INDEX exchange_derived_by_session ON exchange_derived (session_id, derived_version);
        CREATE TABLE conversations (
          id INTEGER PRIMARY KEY,
          session_id INTEGER NOT NULL,
          href TEXT NOT NULL,
          UNIQUE (session_id, href)
        );
        -- What derivation has learned about each href of a session: the rel that links to
        -- it and the conversation it belongs to. Later exchanges are attributed through it.
        CREATE TABLE hrefs (
          session_id INTEGER NOT NULL,
          href TEXT NOT NULL,
          rel TEXT,
          conversation_id INTEGER,
          PRIMARY KEY (session_id, href)
        ) WITHOUT ROWID;
        CREATE TABLE resources (
          id INTEGER PRIMARY KEY,
          exchange_id INTEGER NOT NULL,
          direction TEXT NOT NULL,
          position INTEGER NOT NULL,
          parent_position INTEGER,
          event_position INTEGER,
          rel TEXT,
          type TEXT,
          href TEXT
        );
        CREATE INDEX resources_by_exchange ON resources (exchange_id);
        CREATE TABLE event_batches (
          exchange_id INTEGER PRIMARY KEY,
          session_id INTEGER NOT NULL,
          ack INTEGER,
          next_href TEXT,
          resync_href TEXT,
          resume_href TEXT,
          event_count INTEGER NOT NULL
        );
        CREATE TABLE events (
          id INTEGER PRIMARY KEY,
          exchange_id INTEGER NOT NULL,
          session_id INTEGER NOT NULL,
          position INTEGER NOT NULL,
          at_ms REAL NOT NULL,
          ack INTEGER,
          sender_rel TEXT NOT NULL,
          sender_href TEXT NOT NULL,
          type TEXT NOT NULL,
          link_rel TEXT NOT NULL,
          link_href TEXT NOT NULL,
          link_title TEXT,
          in_rel TEXT,
          in_href TEXT,
          status TEXT,
          reason_code TEXT,
          reason_subcode TEXT,
          reason_message TEXT,
          conversation_id INTEGER,
          message_text TEXT
        );
        CREATE INDEX events_by_exchange ON events (exchange_id, position);
        CREATE INDEX events_by_session ON events (session_id, at_ms);
        CREATE INDEX events_by_conversation ON events (conversation_id, at_ms);
        CREATE TABLE diagnostics (
          id INTEGER PRIMARY KEY,
          exchange_id INTEGER NOT NULL,
          direction TEXT NOT NULL,
          severity TEXT NOT NULL,
          message TEXT NOT NULL,
          offset INTEGER
        );
        CREATE INDEX diagnostics_by_exchange ON diagnostics (exchange_id);
        CREATE TABLE exchange_rels (
          session_id INTEGER NOT NULL,
          rel TEXT NOT NULL,
          exchange_id INTEGER NOT NULL,
          PRIMARY KEY (session_id, rel, exchange_id)
        ) WITHOUT ROWID;
        CREATE INDEX exchange_rels_by_exchange ON exchange_rels (exchange_id);
        CREATE TABLE exchange_conversations (
          conversation_id INTEGER NOT NULL,
          exchange_id INTEGER NOT NULL,
          PRIMARY KEY (conversation_id, exchange_id)
        ) WITHOUT ROWID;
        CREATE INDEX exchange_conversations_by_exchange ON exchange_conversations (exchange_id);
      `);
    },
  },
  {
    version: 4,
    description: 'full-text search over bodies and decoded message text (FTS5)',
    up: (db) => {
      // Contentless: the text is already in the exchange rows; the index only maps words to exchange ids.
      db.exec(`
        CREATE VIRTUAL TABLE exchange_text USING fts5 (
          request, response, messages,
          content = '', contentless_delete = 1,
          tokenize = 'unicode61 remove_diacritics 2'
        );
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
  {
    version: 7,
    description: 'an index of derived resources by href, for the history of one href (and its previous state)',
    up: (db) => {
      // IF NOT EXISTS: a file indexed by hand before this step still upgrades.
      db.exec('CREATE INDEX IF NOT EXISTS resources_by_href ON resources (href, exchange_id, position);');
    },
  },
  {
    version: 8,
    description: 'timeline inputs, decoded once by derivation, so a timeline is a read and a fold',
    up: (db) => {
      // One row per input (a request, a response snapshot, an event, a channel reset) as JSON,
      // kept in the order a timeline folds them (by when, then by the exchange's seq, then within
      // it) so a session's timeline is one sequential read. Filled by derivation
      // (DERIVATION_VERSION 3): `reindex` or a writer's catch-up fills older files.
      db.exec(`
        CREATE TABLE timeline_inputs (
          session_id INTEGER NOT NULL,
          at_ms REAL NOT NULL,
          seq INTEGER NOT NULL,
          position INTEGER NOT NULL,
          exchange_id INTEGER NOT NULL,
          input TEXT NOT NULL,
          PRIMARY KEY (session_id, at_ms, seq, position)
        ) WITHOUT ROWID;
        CREATE INDEX timeline_inputs_by_exchange ON timeline_inputs (exchange_id);
      `);
    },
  },
  {
    version: 9,
    description: 'how many catalogue lint findings each exchange has in its request and response body',
    up: (db) => {
      // Filled by derivation (DERIVATION_VERSION 4); rows derived before hold 0 until `reindex`
      // or a writer's catch-up derives them again.
      db.exec(`
        ALTER TABLE exchange_derived ADD COLUMN request_lint_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE exchange_derived ADD COLUMN response_lint_count INTEGER NOT NULL DEFAULT 0;
      `);
    },
  },
];

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
