/**
 * The schema steps of the derived rows a timeline reads: stored inputs in parts, fold checkpoints,
 * their pieces and plain-timeline runs. Never edit a released step: add a new one.
 */
import type { Migration } from './migration-step.ts';

export const TIMELINE_STEPS: readonly Migration[] = [
  {
    version: 10,
    description: 'timeline inputs as one row per exchange and moment, holding only what the fold reads',
    up: (db) => {
      // Replaces timeline_inputs (one JSON row per input, two indexes). A row's id is the exchange
      // id × 4 + its place (storage/timeline/stored-inputs.ts), so an exchange's rows are one id
      // range; (session_id, at_ms) ordered by id is fold order, since ids grow with seq in a session.
      // Filled by derivation (DERIVATION_VERSION 6): `reindex` or a writer's catch-up fills older files.
      db.exec(`
        DROP TABLE timeline_inputs;
        CREATE TABLE timeline_parts (
          id INTEGER PRIMARY KEY,
          session_id INTEGER NOT NULL,
          at_ms REAL NOT NULL,
          seq INTEGER NOT NULL,
          inputs TEXT NOT NULL
        );
        CREATE INDEX timeline_parts_in_order ON timeline_parts (session_id, at_ms);
      `);
    },
  },
  {
    version: 11,
    description: 'fold checkpoints: the timeline reducer\'s state after a session\'s stored inputs up to a point',
    up: (db) => {
      // A checkpoint covers every timeline part of its session up to (at_ms, part_id), in the order
      // a timeline reads them (at_ms, then id). Written by derivation (storage/timeline/checkpoints.ts);
      // `reindex` rebuilds them. The triggers make them certain: a part inserted, replaced or deleted
      // at or before a checkpoint's point deletes that checkpoint in the same transaction.
      db.exec(`
        CREATE TABLE timeline_checkpoints (
          id INTEGER PRIMARY KEY,
          session_id INTEGER NOT NULL,
          at_ms REAL NOT NULL,
          part_id INTEGER NOT NULL,
          part_count INTEGER NOT NULL,
          input_count INTEGER NOT NULL,
          derivation_version INTEGER NOT NULL,
          fold_version INTEGER NOT NULL,
          -- The state as graph-codec.ts encodes it, deflated: the timeline, and what folding on needs.
          timeline BLOB NOT NULL,
          machinery BLOB NOT NULL,
          -- The newest checkpoint's timeline also as plain text, the one a whole-session read parses.
          plain_timeline TEXT
        );
        CREATE INDEX timeline_checkpoints_in_order ON timeline_checkpoints (session_id, at_ms, part_id);
        CREATE TRIGGER timeline_checkpoints_part_added AFTER INSERT ON timeline_parts BEGIN
          DELETE FROM timeline_checkpoints WHERE session_id = NEW.session_id AND (at_ms > NEW.at_ms OR (at_ms = NEW.at_ms AND part_id >= NEW.id));
        END;
        CREATE TRIGGER timeline_checkpoints_part_removed AFTER DELETE ON timeline_parts BEGIN
          DELETE FROM timeline_checkpoints WHERE session_id = OLD.session_id AND (at_ms > OLD.at_ms OR (at_ms = OLD.at_ms AND part_id >= OLD.id));
        END;
        CREATE TRIGGER timeline_checkpoints_part_changed AFTER UPDATE ON timeline_parts BEGIN
          DELETE FROM timeline_checkpoints WHERE session_id IN (OLD.session_id, NEW.session_id)
            AND (at_ms > min(OLD.at_ms, NEW.at_ms) OR (at_ms = min(OLD.at_ms, NEW.at_ms) AND part_id >= min(OLD.id, NEW.id)));
        END;
      `);
    },
  },
  {
    version: 12,
    description: 'derivation invalidates fold checkpoints once per chunk instead of a trigger per inserted timeline part',
    up: (db) => {
      // A row trigger makes SQLite keep a statement journal for every part inserted: measured at
      // 16 µs a part, the largest single cost of derivation. DerivedWriter.writeChunk now deletes,
      // in the same transaction, the checkpoints at or after the earliest part each session's chunk
      // inserted, which is what the trigger's rows added up to. Parts are inserted nowhere else; the
      // triggers on removed and changed parts stay.
      db.exec('DROP TRIGGER timeline_checkpoints_part_added');
    },
  },
  {
    version: 13,
    description: 'fold checkpoints whose deflated state is written in pieces, over several of the live writer\'s turns',
    up: (db) => {
      // A checkpoint row with empty texts keeps them here, each a run of pieces in id order
      // (part 0 the timeline, 1 the machinery): one transaction inserting a big session's 6 MB took
      // the live writer 60-110 ms, holding up raw batches. The pieces go with their row.
      db.exec(`
        CREATE TABLE timeline_checkpoint_pieces (
          id INTEGER PRIMARY KEY,
          checkpoint_id INTEGER NOT NULL,
          part INTEGER NOT NULL CHECK (part IN (0, 1)),
          bytes BLOB NOT NULL
        );
        CREATE INDEX timeline_checkpoint_pieces_of ON timeline_checkpoint_pieces (checkpoint_id, part, id);
        CREATE TRIGGER timeline_checkpoint_pieces_gone AFTER DELETE ON timeline_checkpoints BEGIN
          DELETE FROM timeline_checkpoint_pieces WHERE checkpoint_id = OLD.id;
        END;
      `);
    },
  },
  {
    version: 14,
    description: 'the newest fold checkpoint\'s plain timeline kept as a frame and runs of items',
    up: (db) => {
      // A whole-session read parsed one text of tens of MB, most of its time spent copying it into
      // memory the process had just been given; the long arrays' items now come in runs of some
      // 64 K characters (storage/timeline/plain-timeline.ts), plain_timeline keeping the rest, and
      // plain_runs how many there are, so a frame missing a run is never read as a whole timeline.
      // A text written whole before this step has no runs and still reads as it is.
      db.exec(`
        ALTER TABLE timeline_checkpoints ADD COLUMN plain_runs INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE timeline_plain_runs (
          id INTEGER PRIMARY KEY,
          checkpoint_id INTEGER NOT NULL,
          run TEXT NOT NULL
        );
        CREATE INDEX timeline_plain_runs_of ON timeline_plain_runs (checkpoint_id, id);
        CREATE TRIGGER timeline_plain_runs_gone AFTER DELETE ON timeline_checkpoints BEGIN
          DELETE FROM timeline_plain_runs WHERE checkpoint_id = OLD.id;
        END;
        CREATE TRIGGER timeline_plain_runs_dropped AFTER UPDATE OF plain_timeline ON timeline_checkpoints WHEN NEW.plain_timeline IS NULL BEGIN
          DELETE FROM timeline_plain_runs WHERE checkpoint_id = NEW.id;
        END;
      `);
    },
  },
];
