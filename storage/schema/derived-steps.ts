/**
 * The schema steps of what derivation rebuilds from the record: decoded resources, events,
 * full-text search (timeline-steps.ts has the timeline's). Never edit a released step: add a
 * new one (a new DERIVATION_VERSION too, so older files re-derive).
 */
import type { Migration } from './migration-step.ts';

export const DERIVED_STEPS: readonly Migration[] = [
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
  {
    version: 15,
    description: 'an exchange\'s derivation takes its change-feed id in exchange_derived, leaving the recorded row as it was written',
    up: (db) => {
      // Derivation used to set exchanges.change_id, rewriting the page of every exchange it
      // derived (raw bodies included): three quarters of what a reindex wrote to the WAL, and a
      // fifth of its writer's time. The feed now reads both columns. A file's existing rows keep
      // the change ids they had: the recorded row's is the derivation's or a later one.
      db.exec(`
        ALTER TABLE exchange_derived ADD COLUMN change_id INTEGER NOT NULL DEFAULT 0;
        UPDATE exchange_derived SET change_id = (SELECT e.change_id FROM exchanges e WHERE e.id = exchange_derived.exchange_id);
        CREATE INDEX exchange_derived_by_change ON exchange_derived (change_id);
      `);
    },
  },
];
