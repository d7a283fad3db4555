import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldTimeline, timelineInputs, type SessionTimeline } from '../../protocol/timeline/index.ts';
import { readFixtureFile } from '../../storage/fixture/fixture-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { conversationTimeline } from '../../storage/timeline/conversation-timeline.ts';
import { foldedTimeline, sessionTimeline, stateAt } from '../../storage/timeline/session-timeline.ts';
import { recordScenario } from '../support/record-scenario.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-stored-timeline-');
afterAll(() => tmp.cleanup());

const recordingsDir = fileURLToPath(new URL('../../recordings/', import.meta.url));
const recordings = readdirSync(recordingsDir).filter((name) => name.endsWith('.json'));

/** The timeline as the reducer folds it from the session's raw bytes, decoding every body now. */
function fromRawBytes(store: RecordingStore, sessionId: number): SessionTimeline {
  return foldTimeline(timelineInputs(store.iterateExchanges(sessionId))).timeline;
}

function messageCount(timeline: SessionTimeline): number {
  return timeline.conversations.reduce((sum, conv) => sum + conv.messages.length, 0);
}

describe('timelines read from stored inputs', () => {
  it('has recordings to check', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(10);
  });

  it.each(recordings)('gives %s the timeline folded from its raw bytes, before and after a reindex', (name) => {
    const store = RecordingStore.open(tmp.path(`${name}.db`), { create: true });
    try {
      const sessionId = store.importSession(readFixtureFile(`${recordingsDir}${name}`)).id;
      expect(store.getSession(sessionId)?.underivedCount).toBe(0);
      const raw = fromRawBytes(store, sessionId);
      expect(messageCount(raw) + raw.application.length).toBeGreaterThan(0);
      expect(sessionTimeline(store, sessionId)).toEqual(raw);
      store.reindex({ sessionId });
      expect(sessionTimeline(store, sessionId)).toEqual(raw);
    } finally {
      store.close();
    }
  });

  it.each(recordings)('gives %s the fold from raw bytes at every exchange and moment when read from fold checkpoints, before and after a reindex', (name) => {
    const store = RecordingStore.open(tmp.path(`${name}-checkpoints.db`), { create: true });
    try {
      const sessionId = store.importSession(readFixtureFile(`${recordingsDir}${name}`)).id;
      const inputs = timelineInputs(store.iterateExchanges(sessionId));
      const expectEveryPoint = (): void => {
        expect(sessionTimeline(store, sessionId)).toEqual(foldTimeline(inputs).timeline);
        const exchanges = [...new Set(inputs.map((input) => input.cause.exchangeId))];
        for (const exchangeId of exchanges) expect(stateAt(store, sessionId, { exchangeId })).toEqual(foldTimeline(inputs.slice(0, inputs.findLastIndex((i) => i.cause.exchangeId === exchangeId) + 1)).timeline);
        for (const atMs of new Set(inputs.map((input) => input.atMs))) expect(stateAt(store, sessionId, { atMs })).toEqual(foldTimeline(inputs.filter((i) => i.atMs <= atMs)).timeline);
      };
      expect(store.writeTimelineCheckpoints(sessionId, { minParts: 1, stepParts: 3, spread: 4 }).written).toBeGreaterThan(1);
      expect(foldedTimeline(store, sessionId).checkpoint).not.toBeNull();
      expectEveryPoint();
      store.reindex({ sessionId });
      expect(store.writeTimelineCheckpoints(sessionId, { minParts: 1, stepParts: 5, spread: 2 }).written).toBeGreaterThan(1);
      expectEveryPoint();
    } finally {
      store.close();
    }
  });

  it('folds a moment and one conversation from stored inputs as the raw bytes give them', () => {
    const store = RecordingStore.open(tmp.path('moment.db'), { create: true });
    try {
      const sessionId = store.importSession(readFixtureFile(`${recordingsDir}three-party-json.json`)).id;
      const inputs = timelineInputs(store.iterateExchanges(sessionId));
      const middle = inputs[Math.floor(inputs.length / 2)]?.atMs as number;
      expect(stateAt(store, sessionId, { atMs: middle })).toEqual(foldTimeline(inputs.filter((input) => input.atMs <= middle)).timeline);
      const whole = fromRawBytes(store, sessionId);
      const [conversation] = store.conversationPage(sessionId, { offset: 0, limit: 1 }).items;
      const window = conversationTimeline(store, sessionId, conversation?.id as number);
      expect(window.timelines.length).toBe(1);
      expect(window.timelines[0]?.messages).toEqual(whole.conversations.find((conv) => conv.href === window.timelines[0]?.href)?.messages);
      expect(window.timelines[0]?.messages.length).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });

  it('reads what derivation has not reached from the raw bytes (a file from before stored inputs)', () => {
    const file = tmp.path('older.db');
    const store = RecordingStore.open(file, { create: true });
    try {
      const sessionId = store.importSession(readFixtureFile(`${recordingsDir}incoming-chat-xml.json`)).id;
      const raw = fromRawBytes(store, sessionId);
      // What an upgraded file holds: rows from the previous derivation and no stored inputs, for every other exchange.
      const db = new Database(file);
      db.prepare('UPDATE exchange_derived SET derived_version = 2 WHERE exchange_id % 2 = 0').run();
      db.prepare('DELETE FROM timeline_parts WHERE (id / 4) % 2 = 0').run();
      db.close();
      expect(store.getSession(sessionId)?.underivedCount).toBeGreaterThan(0);
      expect(sessionTimeline(store, sessionId)).toEqual(raw);
    } finally {
      store.close();
    }
  });

  it('gives a session recorded live from the simulator the timeline folded from its raw bytes, before and after a reindex', async () => {
    const store = RecordingStore.open(tmp.path('live.db'), { create: true });
    try {
      const { sessionId } = await recordScenario(store, 'incoming-chat', { caDir: tmp.path('ca') });
      const raw = fromRawBytes(store, sessionId);
      expect(messageCount(raw)).toBe(5);
      expect(store.getSession(sessionId)?.underivedCount).toBe(0);
      expect(sessionTimeline(store, sessionId)).toEqual(raw);
      store.reindex({ sessionId });
      expect(sessionTimeline(store, sessionId)).toEqual(raw);
    } finally {
      store.close();
    }
  });
});
