import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, migrate } from '../../storage/migrations.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { StorageError } from '../../storage/storage-error.ts';
import { toExchangeValues } from '../../storage/rows.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/** A file as version `version` of ucwa-inspector left it: schema up to that step, one session with real exchanges. */
function oldRecording(path: string, version: number): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrate(db, version);
  db.prepare("INSERT INTO sessions (name, started_at_ms, mode, redacted, change_id) VALUES ('before the upgrade', 1700000000000, 'reverse', 1, 1)").run();
  const insert = db.prepare(`INSERT INTO exchanges (session_id, seq, change_id, stage, connection_id, started_at_ms, started_mono_ms, request_sent_ms, first_byte_ms, ended_ms,
      method, url, request_http_version, request_headers, request_body, request_body_size, request_body_truncated, status, status_text, response_http_version,
      response_headers, response_body, response_body_size, response_body_truncated, error_kind, error_message, redactions)
    VALUES (1, @seq, @seq + 2, @stage, @connection_id, @started_at_ms, @started_mono_ms, @request_sent_ms, @first_byte_ms, @ended_ms, @method, @url, @request_http_version,
      @request_headers, @request_body, @request_body_size, @request_body_truncated, @status, @status_text, @response_http_version, @response_headers, @response_body,
      @response_body_size, @response_body_truncated, @error_kind, @error_message, @redactions)`);
  makeConversationTraffic().forEach((exchange, seq) => insert.run({ seq, ...toExchangeValues(exchange, []) }));
  db.close();
}

function userVersion(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  it('are numbered 1, 2, 3… with no gaps, each saying what it adds', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const step of MIGRATIONS) expect(step.description.length).toBeGreaterThan(10);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('creates a new file at the current version, marked as a ucwa-inspector recording, in WAL mode', () => {
    const path = tmp.path('new.db');
    RecordingStore.open(path, { create: true }).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('upgrades a version-1 file step by step, keeping every exchange, and derives it on reindex', () => {
    const path = tmp.path('v1.db');
    oldRecording(path, 1);
    expect(userVersion(path)).toBe(1);

    const store = RecordingStore.open(path);
    expect(userVersion(path)).toBe(SCHEMA_VERSION);
    const [session] = store.listSessions();
    expect(session).toMatchObject({ name: 'before the upgrade', exchangeCount: 17, underivedCount: 17 });
    const original = makeConversationTraffic()[2];
    const stored = store.getExchangeBySeq(1, 2);
    expect(stored?.exchange).toEqual(original);
    expect(stored?.derived).toBeNull();

    const report = store.reindex();
    expect(report.exchanges).toBe(17);
    expect(store.listSessions()[0]).toMatchObject({ underivedCount: 0, eventCount: 10, conversationCount: 1 });
    expect(store.listExchanges({ sessionId: 1, filter: { text: 'minutes' } }).items.map((e) => e.seq)).toEqual([8]);
    store.close();
  });

  it('upgrades a version-3 file (derived tables, no search index) without losing its derived rows', () => {
    const path = tmp.path('v3.db');
    oldRecording(path, 3);
    const store = RecordingStore.open(path);
    expect(store.reindex().exchanges).toBe(17);
    expect(store.listExchanges({ sessionId: 1, filter: { rel: 'sendMessage' } }).items.map((e) => e.seq)).toEqual([8]);
    store.close();
  });

  it('upgrades a version-14 file, whose derivation set the recorded rows\' change ids, keeping every exchange\'s change id and the feed after it', () => {
    const path = tmp.path('v14.db');
    oldRecording(path, 14);
    const old = new Database(path);
    // As the version-14 writer left a derived exchange: its exchange_derived row, and the recorded row's change id bumped past the raw write.
    old.prepare("INSERT INTO exchange_derived (exchange_id, session_id, derived_version, diagnostic_count) SELECT id, session_id, 7, 0 FROM exchanges WHERE seq < 10").run();
    old.prepare('UPDATE exchanges SET change_id = change_id + 100 WHERE seq < 10').run();
    old.prepare("UPDATE meta SET value = 200 WHERE key = 'next_change_id'").run();
    const changeIds = old.prepare('SELECT id, change_id FROM exchanges ORDER BY id').raw().all();
    old.close();

    const store = RecordingStore.open(path);
    expect(userVersion(path)).toBe(SCHEMA_VERSION);
    const summaries = store.listExchanges({ sessionId: 1, limit: 100 }).items;
    expect(summaries.map((item) => [item.id, item.changeId])).toEqual(changeIds);
    expect(summaries.map((item) => store.getExchange(item.id)?.changeId)).toEqual(changeIds.map((row) => (row as number[])[1]));
    const feed = store.changesSince(100).changes.flatMap((change) => (change.kind === 'exchange' ? [[change.exchange.id, change.changeId]] : []));
    expect(feed).toEqual(changeIds.filter((row) => ((row as number[])[1] as number) > 100));
    store.close();
  });

  it('refuses to open an older file read-only, saying how to upgrade it, and leaves it unchanged', () => {
    const path = tmp.path('v2-readonly.db');
    oldRecording(path, 2);
    const before = readFileSync(path);
    const error = captureError(() => RecordingStore.open(path, { readOnly: true }));
    expect(error).toBeInstanceOf(StorageError);
    expect(error.code).toBe('needs-upgrade');
    expect(error.message).toBe(
      `${path} is recording format version 2; this ucwa-inspector reads version ${SCHEMA_VERSION} and must upgrade the file first, which a read-only open cannot do. Run \`ucwa-inspector reindex --db ${path}\` once to upgrade it.`,
    );
    expect(readFileSync(path)).toEqual(before);
  });

  it('refuses a file from a newer version, naming the file, its version and what reads it, and leaves it unchanged', () => {
    const path = tmp.path('future.db');
    RecordingStore.open(path, { create: true }).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 3}`);
    db.close();
    const before = readFileSync(path);
    for (const readOnly of [false, true]) {
      const error = captureError(() => RecordingStore.open(path, { readOnly }));
      expect(error.code).toBe('too-new');
      expect(error.message).toBe(
        `${path} is recording format version ${SCHEMA_VERSION + 3}, written by a newer ucwa-inspector; this ucwa-inspector reads versions up to ${SCHEMA_VERSION}. Upgrade ucwa-inspector to open it.`,
      );
    }
    expect(readFileSync(path)).toEqual(before);
    expect(userVersion(path)).toBe(SCHEMA_VERSION + 3);
  });

  it('applies each step once when two connections upgrade the same file', () => {
    const path = tmp.path('twice.db');
    oldRecording(path, 1);
    const first = new Database(path);
    const second = new Database(path);
    migrate(first);
    migrate(second);
    expect(userVersion(path)).toBe(SCHEMA_VERSION);
    expect(second.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'exchange_text'").pluck().get()).toBe(1);
    first.close();
    second.close();
  });
});

function captureError(work: () => unknown): StorageError {
  try {
    work();
  } catch (error) {
    if (error instanceof StorageError) return error;
    throw error;
  }
  throw new Error('expected a StorageError');
}
