import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { readFixtureFile } from '../../storage/fixture/fixture-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { EXCHANGE_ROW_COLUMNS, exchangeRowOf } from '../../storage/exchange-row-array.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-row-columns-');
afterAll(() => tmp.cleanup());

const fixture = fileURLToPath(new URL('../../recordings/incoming-chat-xml.json', import.meta.url));

describe('an exchange row read as an array (derivation reads rows this way)', () => {
  it('names every column as SELECT * does, each to its own value', () => {
    const file = tmp.path('columns.db');
    const store = RecordingStore.open(file, { create: true });
    store.importSession(readFixtureFile(fixture));
    store.close();
    const db = new Database(file);
    try {
      // Every nullable or rarely set column given a value no other column holds, so a swapped pair shows.
      db.prepare(
        `UPDATE exchanges SET error_kind = 'upstream-error', error_message = 'refused', redactions = '["a"]', url_mappings = '[{"from":"x"}]', reconstructed = 1,
           change_id = 987654, request_sent_ms = 11.5, first_byte_ms = 22.5, ended_ms = 33.5, request_body_truncated = 1, response_body_truncated = 1 WHERE id = 1`,
      ).run();
      const named = db.prepare('SELECT * FROM exchanges ORDER BY id').all() as Record<string, unknown>[];
      const read = (db.prepare(`SELECT ${EXCHANGE_ROW_COLUMNS} FROM exchanges ORDER BY id`).raw().all() as unknown[][]).map(exchangeRowOf);
      expect(named.length).toBeGreaterThan(5);
      expect(Object.keys(read[0] ?? {}).sort()).toEqual(Object.keys(named[0] ?? {}).sort());
      expect(read).toEqual(named);
    } finally {
      db.close();
    }
  });
});
