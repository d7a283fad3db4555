import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { readFixtureFile } from '../../storage/fixture/fixture-file.ts';
import { migrate } from '../../storage/migrations.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { toExchangeValues } from '../../storage/rows.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeExchange, sampleText } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-lint-counts-');
afterAll(() => tmp.cleanup());

const recordingsDir = fileURLToPath(new URL('../../recordings/', import.meta.url));
const recordings = readdirSync(recordingsDir).filter((name) => name.endsWith('.json'));

/** The reference sample of the application, plus one property the reference does not document. */
function applicationWithExtra(): string {
  const body = JSON.parse(sampleText('application.get.response.json')) as Record<string, unknown>;
  body['inspectorTestOnlyProperty'] = 'not in the catalogue';
  return JSON.stringify(body);
}

describe('catalogue lint counts stored by derivation', () => {
  it('has recordings to check', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(10);
  });

  it.each(recordings)('stores no lint finding for any exchange of %s (the simulator sends what the reference documents)', (name) => {
    const store = RecordingStore.open(tmp.path(`${name}.db`), { create: true });
    try {
      const sessionId = store.importSession(readFixtureFile(`${recordingsDir}${name}`)).id;
      const { items } = store.listExchanges({ sessionId, limit: 1000 });
      expect(items.length).toBe(store.getSession(sessionId)?.exchangeCount);
      for (const item of items) expect({ seq: item.seq, counts: item.derived?.lintFindingCounts }).toEqual({ seq: item.seq, counts: { request: 0, response: 0 } });
      expect(store.listExchanges({ sessionId, filter: { hasLintFindings: true } }).items).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('counts an undocumented property on the side that carried it, and has:lint finds only that exchange', async () => {
    const store = RecordingStore.open(tmp.path('extra.db'), { create: true });
    try {
      const recorder = await store.startSession({ name: 'one extra property', mode: 'reverse' });
      recorder.record(makeExchange());
      recorder.record(makeExchange({ responseBody: applicationWithExtra(), startedAtMs: 1_700_000_001_000 }));
      await recorder.end();
      const { items } = store.listExchanges({ sessionId: recorder.sessionId });
      expect(items.map((item) => item.derived?.lintFindingCounts)).toEqual([
        { request: 0, response: 0 },
        { request: 0, response: 1 },
      ]);
      expect(store.getExchangeBySeq(recorder.sessionId, 1)?.derived?.lintFindingCounts).toEqual({ request: 0, response: 1 });
      expect(store.listExchanges({ sessionId: recorder.sessionId, filter: { hasLintFindings: true } }).items.map((item) => item.seq)).toEqual([1]);
    } finally {
      store.close();
    }
  });

  it('gives a file from format version 8 the counts on reindex', () => {
    const path = tmp.path('v8.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    migrate(db, 8);
    db.prepare("INSERT INTO sessions (name, started_at_ms, mode, redacted, change_id) VALUES ('before lint counts', 1700000000000, 'reverse', 0, 1)").run();
    const exchange = makeExchange({ responseBody: applicationWithExtra() });
    const columns = Object.keys(toExchangeValues(exchange, []));
    db.prepare(`INSERT INTO exchanges (session_id, seq, change_id, ${columns.join(', ')}) VALUES (1, 0, 2, ${columns.map((c) => `@${c}`).join(', ')})`).run(toExchangeValues(exchange, []));
    db.close();

    const store = RecordingStore.open(path);
    try {
      expect(store.listExchanges({ sessionId: 1, filter: { hasLintFindings: true } }).items).toEqual([]);
      store.reindex();
      expect(store.listExchanges({ sessionId: 1, filter: { hasLintFindings: true } }).items.map((item) => item.derived?.lintFindingCounts)).toEqual([{ request: 0, response: 1 }]);
    } finally {
      store.close();
    }
  });
});
