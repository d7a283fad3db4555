import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';

// outgoing-chat-json.json: the messaging resource of conversation 138 arrives in three event
// batches (exchanges 6, 9 and 19); /me comes embedded in the POST that creates the application
// (5), then in an event (6).
const recording = new URL('../../recordings/outgoing-chat-json.json', import.meta.url).pathname;
const APP = '/ucwa/oauth/v1/applications/47132b924';
const MESSAGING = `${APP}/communication/conversations/138/messaging`;
const tmp = makeTempDir('ucwa-resource-history-');
let store: RecordingStore;
let first: number;
let second: number;

beforeAll(() => {
  store = RecordingStore.open(tmp.path('history.db'), { create: true });
  first = store.importSession(readImportFile(recording).session).id;
  // The same recording again: the same hrefs in another session, which must not leak into the first's history.
  second = store.importSession(readImportFile(recording).session).id;
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

const places = (items: readonly { exchangeId: number; position: number }[]) => items.map((s) => `${s.exchangeId}.${s.position}`);

describe('the history of an href', () => {
  it('lists every state of the href in exchange order, from response bodies and events alike', () => {
    const me = store.resourceHistory({ sessionId: first, hrefs: [`${APP}/me`], limit: 50 });
    expect(me.items.map((s) => [s.exchangeId, s.method, s.eventType, s.rel, s.parentPosition === null])).toEqual([
      [5, 'POST', null, 'me', false],
      [6, 'GET', 'updated', 'me', true],
    ]);
    expect(me.items[1]?.url).toMatch(/\/events\?ack=/);
    expect(me.hasMore).toBe(false);
    expect(me.previous).toBeNull();
  });

  it('pages with a cursor and gives the state before each page', () => {
    const all = store.resourceHistory({ sessionId: first, hrefs: [MESSAGING], limit: 50 });
    expect(all.items.map((s) => s.exchangeId)).toEqual([6, 9, 19]);
    const page1 = store.resourceHistory({ sessionId: first, hrefs: [MESSAGING], limit: 2 });
    expect(places(page1.items)).toEqual(places(all.items.slice(0, 2)));
    expect(page1.hasMore).toBe(true);
    const last = page1.items[1];
    const page2 = store.resourceHistory({ sessionId: first, hrefs: [MESSAGING], limit: 2, ...(last ? { after: last } : {}) });
    expect(places(page2.items)).toEqual(places(all.items.slice(2)));
    expect(page2.hasMore).toBe(false);
    expect(page2.previous && places([page2.previous])).toEqual(places(all.items.slice(1, 2)));
  });

  it('keeps each session to its own states and matches every form of the href given', () => {
    const other = store.resourceHistory({ sessionId: second, hrefs: [MESSAGING], limit: 50 });
    const mine = store.resourceHistory({ sessionId: first, hrefs: [MESSAGING], limit: 50 });
    expect(other.items).toHaveLength(3);
    expect(other.items.every((s) => !mine.items.some((m) => m.exchangeId === s.exchangeId))).toBe(true);
    const both = store.resourceHistory({ sessionId: first, hrefs: [`https://lync.contoso.com${MESSAGING}`, MESSAGING], limit: 50 });
    expect(places(both.items)).toEqual(places(mine.items));
    expect(store.resourceHistory({ sessionId: first, hrefs: [`${MESSAGING}/nothing`], limit: 50 }).items).toEqual([]);
  });

  it('reads an href through its index rather than the whole resources table', () => {
    const db = new Database(tmp.path('history.db'), { readonly: true });
    try {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT r.exchange_id FROM resources r WHERE r.href = ? AND r.direction = 'response' AND (r.exchange_id, r.position) > (?, ?) ORDER BY r.exchange_id, r.position LIMIT 51`)
        .all(MESSAGING, 0, -1) as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX resources_by_href/);
      expect(plan.map((p) => p.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
    } finally {
      db.close();
    }
  });
});
