import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { readFixtureFile } from '../../storage/fixture/fixture-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-rederive-');
afterAll(() => tmp.cleanup());

const fixture = fileURLToPath(new URL('../../recordings/incoming-chat-xml.json', import.meta.url));
const DERIVED_TABLES = ['exchange_derived', 'resources', 'event_batches', 'events', 'diagnostics', 'exchange_rels', 'exchange_conversations', 'timeline_parts', 'conversations', 'hrefs'];

/** What a user sees of a session's derived data: the list under each kind of filter, every exchange's detail (event ids aside), the conversations. */
function whatTheInspectorShows(store: RecordingStore, sessionId: number): unknown {
  const page = (filter: Parameters<RecordingStore['listExchanges']>[0]['filter']): number[] => store.listExchanges({ sessionId, filter, limit: 1000 }).items.map((item) => item.id);
  const ids = page({});
  return {
    all: ids,
    text: page({ text: 'bob@contoso.com' }),
    rel: page({ rel: 'messaging' }),
    events: page({ rel: 'events' }),
    lint: page({ hasLintFindings: true }),
    conversations: store.listConversations(sessionId),
    details: ids.map((id) => {
      const derived = store.getExchange(id)?.derived;
      return derived && { ...derived, events: derived.events.map(({ id: _eventId, ...event }) => event) };
    }),
    timeline: store.timelineInputs(sessionId),
  };
}

/** What `read` finds in the file, through a read-only connection of its own. */
function readFile<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function rowCounts(file: string): Record<string, number> {
  return readFile(file, (db) => Object.fromEntries(DERIVED_TABLES.map((table) => [table, db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number])));
}

describe('deriving an exchange again', () => {
  it('replaces its derived rows (rows of an older derivation version): the same rows, the same answers, nothing twice', () => {
    const file = tmp.path('rederive.db');
    const store = RecordingStore.open(file, { create: true });
    try {
      const sessionId = store.importSession(readFixtureFile(fixture)).id;
      const before = whatTheInspectorShows(store, sessionId);
      const counts = rowCounts(file);
      expect(counts.events).toBeGreaterThan(0);
      expect((before as { text: number[] }).text.length).toBeGreaterThan(0);

      // What an upgraded file holds: every exchange derived by an older version, its rows still there.
      const db = new Database(file);
      db.prepare('UPDATE exchange_derived SET derived_version = derived_version - 1').run();
      db.close();
      expect(store.getSession(sessionId)?.underivedCount).toBeGreaterThan(0);

      expect(store.deriveMissing()).toBe(counts.exchange_derived);
      expect(store.getSession(sessionId)?.underivedCount).toBe(0);
      expect(rowCounts(file)).toEqual(counts);
      expect(whatTheInspectorShows(store, sessionId)).toEqual(before);
    } finally {
      store.close();
    }
  });
});

describe('reindexing a session', () => {
  it('rebuilds the same rows and answers, whether the session is alone in its file or beside another, whose rows it leaves as they were', () => {
    const alone = tmp.path('alone.db');
    const shared = tmp.path('shared.db');
    const store = RecordingStore.open(alone, { create: true });
    const both = RecordingStore.open(shared, { create: true });
    try {
      const sessionId = store.importSession(readFixtureFile(fixture)).id;
      const first = both.importSession(readFixtureFile(fixture)).id;
      const second = both.importSession(readFixtureFile(fixture)).id;
      const before = whatTheInspectorShows(store, sessionId);
      const counts = rowCounts(alone);
      const sharedCounts = rowCounts(shared);
      const secondBefore = whatTheInspectorShows(both, second);
      expect(sharedCounts.events).toBe(2 * (counts.events as number));

      // Alone: every derived table is emptied outright, then rebuilt.
      store.reindex({ sessionId });
      expect(rowCounts(alone)).toEqual(counts);
      expect(whatTheInspectorShows(store, sessionId)).toEqual(before);

      // Beside another: only the first session's rows go; the second's stay as they were.
      both.reindex({ sessionId: first });
      expect(rowCounts(shared)).toEqual(sharedCounts);
      expect(whatTheInspectorShows(both, second)).toEqual(secondBefore);
      expect(withoutIds(whatTheInspectorShows(both, first))).toEqual(withoutIds(before));
    } finally {
      store.close();
      both.close();
    }
  });
});

describe('the change feed across a reindex', () => {
  it('reports every exchange once, with its new derivation, while the recorded rows stay byte for byte as written', () => {
    const file = tmp.path('feed.db');
    const store = RecordingStore.open(file, { create: true });
    try {
      const sessionId = store.importSession(readFixtureFile(fixture)).id;
      const recorded = (): unknown[][] => readFile(file, (db) => db.prepare('SELECT * FROM exchanges ORDER BY id').raw().all() as unknown[][]);
      const rowsBefore = recorded();
      const ids = store.listExchanges({ sessionId, limit: 1000 }).items.map((item) => item.id);
      const start = store.latestChangeId();
      expect(store.changesSince(start).changes).toEqual([]);

      store.reindex({ sessionId });
      expect(recorded()).toEqual(rowsBefore);
      const { changes, lastChangeId } = store.changesSince(start);
      const exchanges = changes.flatMap((change) => (change.kind === 'exchange' ? [change] : []));
      expect(exchanges.map((change) => change.exchange.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
      for (const change of exchanges) {
        expect(change.changeId).toBeGreaterThan(start);
        expect(change.exchange.changeId).toBe(change.changeId);
        expect(store.getExchange(change.exchange.id)?.changeId).toBe(change.changeId);
        expect(change.exchange.derived).not.toBeNull();
      }
      expect(lastChangeId).toBe(store.latestChangeId());
      expect(store.changesSince(lastChangeId).changes).toEqual([]);

      // A viewer reading in small pages sees the same exchanges, each once, in change order.
      const paged: number[] = [];
      for (let after = start, batch = store.changesSince(after, 7); batch.changes.length > 0; after = batch.lastChangeId, batch = store.changesSince(after, 7)) {
        expect(batch.changes.length).toBeLessThanOrEqual(7);
        for (const change of batch.changes) if (change.kind === 'exchange') paged.push(change.exchange.id);
      }
      expect(paged).toEqual(exchanges.map((change) => change.exchange.id));
    } finally {
      store.close();
    }
  });
});

/** The view with the ids the store assigns (sessions, exchanges, conversations) left out: two sessions of the same traffic differ only in them. */
function withoutIds(view: unknown): unknown {
  return JSON.parse(JSON.stringify(view, (key, value: unknown) => (['id', 'exchangeId', 'sessionId', 'conversationId', 'all'].includes(key) ? undefined : value)));
}
