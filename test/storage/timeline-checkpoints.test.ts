import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordedExchange } from '../../protocol/exchange.ts';
import { foldTimeline, timelineInputs, type SessionTimeline, type TimelineInput } from '../../protocol/timeline/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { foldedTimeline, sessionTimeline, stateAt } from '../../storage/timeline/session-timeline.ts';
import type { CheckpointPolicy } from '../../storage/timeline/checkpoints.ts';
import { parsePlainTimeline } from '../../storage/timeline/plain-timeline.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-checkpoints-');
afterAll(() => tmp.cleanup());

const SMALL: CheckpointPolicy = { minParts: 1, stepParts: 40, spread: 3 };
const T0 = 1_700_000_000_000;

/** Conversation flows of generated traffic, one a minute from `fromFlow`. */
function flows(fromFlow: number, count: number, startedAtMs = T0 + fromFlow * 60_000): RecordedExchange[] {
  const out: RecordedExchange[] = [];
  for (let flow = fromFlow; flow < fromFlow + count; flow++)
    out.push(...makeConversationTraffic({ app: 1000 + flow, conversation: 5000 + flow, startedAtMs: startedAtMs + (flow - fromFlow) * 60_000, incomingText: `Message ${flow}` }));
  return out;
}

function importFlows(store: RecordingStore, exchanges: readonly RecordedExchange[]): number {
  return store.importSession({
    session: { name: 'flows', startedAtMs: T0, endedAtMs: null, upstream: null, mode: 'reverse', notes: '', redacted: false },
    exchanges: exchanges.map((exchange, seq) => ({ seq, exchange, redactions: [] })),
  }).id;
}

/** What the reducer folds from the session's raw bytes, decoding every body now. */
function rawInputs(store: RecordingStore, sessionId: number): TimelineInput[] {
  return timelineInputs(store.iterateExchanges(sessionId));
}

function fromRawBytes(store: RecordingStore, sessionId: number): SessionTimeline {
  return foldTimeline(rawInputs(store, sessionId)).timeline;
}

function checkpointCount(file: string, where = ''): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM timeline_checkpoints ${where}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

/** The newest checkpoint's plain-timeline runs, and runs whose checkpoint has no plain text (or is gone): none should be. */
function plainRuns(file: string): { runs: number; orphans: number } {
  const db = new Database(file, { readonly: true });
  try {
    const runs = db.prepare('SELECT count(*) FROM timeline_plain_runs').pluck().get() as number;
    const orphans = db.prepare('SELECT count(*) FROM timeline_plain_runs WHERE checkpoint_id NOT IN (SELECT id FROM timeline_checkpoints WHERE plain_timeline IS NOT NULL)').pluck().get() as number;
    return { runs, orphans };
  } finally {
    db.close();
  }
}

function firstCheckpointAtMs(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT min(at_ms) FROM timeline_checkpoints').pluck().get() as number;
  } finally {
    db.close();
  }
}

function editFile(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.prepare(sql).run();
  } finally {
    db.close();
  }
}

/** Every moment and exchange of a few spread through the session reads as the fold of the raw inputs up to it. */
function expectMomentsAsRaw(store: RecordingStore, sessionId: number): void {
  const inputs = rawInputs(store, sessionId);
  for (const n of [0, 1, 3, 4, 5, 7, 8]) {
    const input = inputs[Math.floor(((inputs.length - 1) * n) / 8)] as TimelineInput;
    expect(stateAt(store, sessionId, { atMs: input.atMs })).toEqual(foldTimeline(inputs.filter((i) => i.atMs <= input.atMs)).timeline);
    const last = inputs.findLastIndex((i) => i.cause.exchangeId === input.cause.exchangeId);
    expect(stateAt(store, sessionId, { exchangeId: input.cause.exchangeId })).toEqual(foldTimeline(inputs.slice(0, last + 1)).timeline);
  }
}

describe('timelines read from fold checkpoints', () => {
  it('are read from the checkpoint an import derived, equal to the fold from raw bytes, and rebuilt by reindex', () => {
    const file = tmp.path('import.db');
    const store = RecordingStore.open(file, { create: true });
    try {
      const sessionId = importFlows(store, flows(0, 180));
      expect(checkpointCount(file)).toBeGreaterThanOrEqual(2);
      const raw = fromRawBytes(store, sessionId);
      const read = foldedTimeline(store, sessionId);
      expect(read.checkpoint).not.toBeNull();
      expect(read.foldedInputs).toBe(0);
      expect(read.timeline).toEqual(raw);
      expect(JSON.stringify(read.timeline, (_, v: unknown) => (v instanceof Set ? [...v] : v))).toBe(JSON.stringify(raw, (_, v: unknown) => (v instanceof Set ? [...v] : v)));
      // The plain timeline is read from runs of items, not one long text.
      expect(plainRuns(file)).toEqual({ runs: expect.any(Number), orphans: 0 });
      expect(plainRuns(file).runs).toBeGreaterThan(3);
      const inputs = rawInputs(store, sessionId);
      const oldest = firstCheckpointAtMs(file);
      const later = inputs.find((input) => input.atMs > oldest) as TimelineInput;
      const atLater = foldedTimeline(store, sessionId, { atMs: later.atMs });
      expect(atLater.checkpoint?.atMs).toBe(oldest);
      expect(atLater.foldedInputs).toBeLessThan(inputs.length / 4);
      expect(atLater.timeline).toEqual(foldTimeline(inputs.filter((i) => i.atMs <= later.atMs)).timeline);
      expectMomentsAsRaw(store, sessionId);
      store.reindex({ sessionId });
      expect(checkpointCount(file)).toBeGreaterThanOrEqual(2);
      expect(foldedTimeline(store, sessionId).checkpoint).not.toBeNull();
      expect(sessionTimeline(store, sessionId)).toEqual(raw);
      expect(plainRuns(file).orphans).toBe(0);
    } finally {
      store.close();
    }
  }, 120_000);

  it('passes over a plain timeline missing a run, and reads one kept as one text (recording format 13) as it reads runs', () => {
    const file = tmp.path('whole-plain.db');
    const store = RecordingStore.open(file, { create: true });
    try {
      const sessionId = importFlows(store, flows(0, 180));
      const raw = fromRawBytes(store, sessionId);
      const db = new Database(file);
      const { id, frame } = db.prepare('SELECT id, plain_timeline AS frame FROM timeline_checkpoints WHERE plain_timeline IS NOT NULL').get() as { id: number; frame: string };
      const runs = db.prepare('SELECT run FROM timeline_plain_runs WHERE checkpoint_id = ? ORDER BY id').pluck().all(id) as string[];
      expect(runs.length).toBeGreaterThan(2);
      // A frame without all its runs would read as a timeline missing conversations: never used.
      db.prepare('DELETE FROM timeline_plain_runs WHERE id = (SELECT min(id) + 1 FROM timeline_plain_runs)').run();
      const damaged = foldedTimeline(store, sessionId);
      expect(damaged.checkpoint).toBeNull();
      expect(damaged.timeline).toEqual(raw);
      db.transaction(() => {
        db.prepare('DELETE FROM timeline_plain_runs').run();
        db.prepare('UPDATE timeline_checkpoints SET plain_timeline = ?, plain_runs = 0 WHERE id = ?').run(JSON.stringify(parsePlainTimeline(frame, runs).document), id);
      })();
      db.close();
      const read = foldedTimeline(store, sessionId);
      expect(read.foldedInputs).toBe(0);
      expect(read.timeline).toEqual(raw);
    } finally {
      store.close();
    }
  });

  it('leaves a small session without checkpoints: its fold is cheap', () => {
    const file = tmp.path('small.db');
    const store = RecordingStore.open(file, { create: true });
    try {
      const sessionId = importFlows(store, flows(0, 3));
      expect(checkpointCount(file)).toBe(0);
      expect(sessionTimeline(store, sessionId)).toEqual(fromRawBytes(store, sessionId));
    } finally {
      store.close();
    }
  });

  it('folds exchanges recorded after the newest checkpoint on from it, and passes over checkpoints a late exchange lands before', async () => {
    const file = tmp.path('live.db');
    const store = RecordingStore.open(file, { create: true });
    try {
      const recorder = await store.startSession({ mode: 'reverse', redact: false }, { thread: false });
      const { sessionId } = recorder;
      for (const exchange of flows(0, 20)) recorder.record(exchange);
      await recorder.whenDerived();
      expect(store.writeTimelineCheckpoints(sessionId, SMALL).written).toBeGreaterThan(0);
      expect(plainRuns(file).runs).toBeGreaterThan(0);
      const newest = foldedTimeline(store, sessionId).checkpoint;
      expect(newest).not.toBeNull();

      // Appended: later exchanges fold on from the checkpoint.
      for (const exchange of flows(20, 3)) recorder.record(exchange);
      await recorder.whenDerived();
      const appended = foldedTimeline(store, sessionId);
      expect(appended.checkpoint).toEqual(newest);
      expect(appended.foldedInputs).toBeGreaterThan(0);
      expect(appended.timeline).toEqual(fromRawBytes(store, sessionId));

      // A flow whose exchanges started before the checkpoint's point, recorded late (an event poll answered late).
      const before = checkpointCount(file);
      const lateAtMs = T0 + 12 * 60_000 + 30_000;
      for (const exchange of flows(100, 1, lateAtMs)) recorder.record(exchange);
      await recorder.whenDerived();
      expect(checkpointCount(file)).toBeLessThan(before);
      const late = foldedTimeline(store, sessionId);
      expect(late.checkpoint === null || late.checkpoint.atMs < lateAtMs).toBe(true);
      expect(late.timeline).toEqual(fromRawBytes(store, sessionId));
      expectMomentsAsRaw(store, sessionId);
      // The late exchange deleted the newest checkpoint, and its runs with it.
      expect(plainRuns(file).orphans).toBe(0);
      await recorder.end();
      // The newest checkpoint written when the session ended took the plain timeline over; the older one's runs went with its text.
      expect(plainRuns(file).orphans).toBe(0);
      expect(sessionTimeline(store, sessionId)).toEqual(fromRawBytes(store, sessionId));
    } finally {
      store.close();
    }
  });

  it('writes checkpoints while recording once enough is derived, and the last one when the session ends', async () => {
    const file = tmp.path('recorded.db');
    const store = RecordingStore.open(file, { create: true });
    try {
      const recorder = await store.startSession({ mode: 'reverse', redact: false }, { thread: false });
      for (const exchange of flows(0, 180)) recorder.record(exchange);
      await recorder.whenDerived();
      expect(checkpointCount(file)).toBeGreaterThan(0);
      for (const exchange of flows(180, 2)) recorder.record(exchange);
      await recorder.end();
      const read = foldedTimeline(store, recorder.sessionId);
      expect(read.checkpoint).not.toBeNull();
      expect(read.foldedInputs).toBe(0);
      expect(read.timeline).toEqual(fromRawBytes(store, recorder.sessionId));
    } finally {
      store.close();
    }
  }, 120_000);

  it('passes over a checkpoint below which an exchange is not derived (again): the stored-input fold says the same', () => {
    const file = tmp.path('underived.db');
    const store = RecordingStore.open(file, { create: true });
    try {
      const sessionId = importFlows(store, flows(0, 20));
      store.writeTimelineCheckpoints(sessionId, SMALL);
      const [first] = store.iterateExchanges(sessionId);
      editFile(file, `UPDATE exchange_derived SET derived_version = 2 WHERE exchange_id = ${first?.id as number}`);
      const read = foldedTimeline(store, sessionId);
      expect(read.checkpoint).toBeNull();
      expect(read.timeline).toEqual(foldTimeline(store.timelineInputs(sessionId)).timeline);
    } finally {
      store.close();
    }
  });

  it('reads checkpoints from a store opened read-only', () => {
    const file = tmp.path('read-only.db');
    const writer = RecordingStore.open(file, { create: true });
    const sessionId = importFlows(writer, flows(0, 20));
    writer.writeTimelineCheckpoints(sessionId, SMALL);
    const raw = fromRawBytes(writer, sessionId);
    writer.close();
    const reader = RecordingStore.open(file, { readOnly: true });
    try {
      const read = foldedTimeline(reader, sessionId);
      expect(read.checkpoint).not.toBeNull();
      expect(read.timeline).toEqual(raw);
      expectMomentsAsRaw(reader, sessionId);
    } finally {
      reader.close();
    }
  });

  it.each([
    ['another derivation', 'derivation_version = derivation_version - 1'],
    ['another reducer', 'fold_version = fold_version + 1'],
  ])('passes over checkpoints of %s, and a writable store deletes them', (_, change) => {
    const file = tmp.path(`versions-${change.slice(0, 4)}.db`);
    const writer = RecordingStore.open(file, { create: true });
    const sessionId = importFlows(writer, flows(0, 20));
    writer.writeTimelineCheckpoints(sessionId, SMALL);
    const raw = fromRawBytes(writer, sessionId);
    writer.close();
    editFile(file, `UPDATE timeline_checkpoints SET ${change}`);
    const count = checkpointCount(file);
    expect(count).toBeGreaterThan(0);
    const reader = RecordingStore.open(file, { readOnly: true });
    try {
      const read = foldedTimeline(reader, sessionId);
      expect(read.checkpoint).toBeNull();
      expect(read.timeline).toEqual(raw);
    } finally {
      reader.close();
    }
    expect(checkpointCount(file)).toBe(count);
    const store = RecordingStore.open(file);
    try {
      expect(sessionTimeline(store, sessionId)).toEqual(raw);
      expect(checkpointCount(file)).toBe(0);
      store.writeTimelineCheckpoints(sessionId, SMALL);
      expect(foldedTimeline(store, sessionId).checkpoint).not.toBeNull();
    } finally {
      store.close();
    }
  });

  it('deletes a checkpoint when a part at or before it changes, in the same transaction', () => {
    const file = tmp.path('trigger.db');
    const store = RecordingStore.open(file, { create: true });
    try {
      const sessionId = importFlows(store, flows(0, 20));
      store.writeTimelineCheckpoints(sessionId, SMALL);
      const oldestAtMs = firstCheckpointAtMs(file);
      const total = checkpointCount(file);
      editFile(file, `DELETE FROM timeline_parts WHERE session_id = ${sessionId} AND at_ms = ${oldestAtMs}`);
      expect(checkpointCount(file)).toBe(0);
      expect(total).toBeGreaterThan(1);
      expect(sessionTimeline(store, sessionId)).toEqual(foldTimeline(store.timelineInputs(sessionId)).timeline);
    } finally {
      store.close();
    }
  });
});
