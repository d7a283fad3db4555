import Database from 'better-sqlite3';
import { inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordedExchange } from '../../protocol/exchange.ts';
import { foldTimeline, timelineInputs, type SessionTimeline, type TimelineInput } from '../../protocol/timeline/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { foldedTimeline, stateAt } from '../../storage/timeline/session-timeline.ts';
import { LiveCheckpoints } from '../../storage/timeline/live-checkpoints.ts';
import type { CheckpointPolicy } from '../../storage/timeline/checkpoints.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-live-checkpoints-');
afterAll(() => tmp.cleanup());

const T0 = 1_700_000_000_000;
const SMALL: CheckpointPolicy = { minParts: 1, stepParts: 40, spread: 3 };

function flows(fromFlow: number, count: number, startedAtMs = T0 + fromFlow * 60_000): RecordedExchange[] {
  const out: RecordedExchange[] = [];
  for (let flow = fromFlow; flow < fromFlow + count; flow++)
    out.push(...makeConversationTraffic({ app: 1000 + flow, conversation: 5000 + flow, startedAtMs: startedAtMs + (flow - fromFlow) * 60_000, incomingText: `Message ${flow}` }));
  return out;
}

function fromRawBytes(store: RecordingStore, sessionId: number): SessionTimeline {
  return foldTimeline(timelineInputs(store.iterateExchanges(sessionId))).timeline;
}

/** The fold position of the writer's marker (a build under way or kept between builds), or null. */
function markerParts(db: Database.Database, sessionId: number): number | null {
  return (db.prepare('SELECT part_count FROM timeline_checkpoints WHERE session_id = ? AND fold_version = 0').pluck().get(sessionId) as number | undefined) ?? null;
}

function newestParts(db: Database.Database, sessionId: number): number {
  return (db.prepare('SELECT max(part_count) FROM timeline_checkpoints WHERE session_id = ? AND fold_version > 0').pluck().get(sessionId) as number | null) ?? 0;
}

/** A checkpoint's deflated text: its column, or the pieces the live writer wrote it in. */
function deflatedText(db: Database.Database, id: number, part: 0 | 1, column: Buffer): Buffer {
  if (column.length > 0) return column;
  return Buffer.concat(db.prepare('SELECT bytes FROM timeline_checkpoint_pieces WHERE checkpoint_id = ? AND part = ? ORDER BY id').pluck().all(id, part) as Buffer[]);
}

/** The session's newest checkpoint as stored: its point, counts and texts (inflated), however they were written. */
function newestRow(db: Database.Database, sessionId: number): Record<string, unknown> {
  const { id, ...row } = db
    .prepare('SELECT id, at_ms, part_id, part_count, input_count, derivation_version, fold_version, timeline, machinery, plain_timeline FROM timeline_checkpoints WHERE session_id = ? AND fold_version > 0 ORDER BY at_ms DESC, part_id DESC LIMIT 1')
    .get(sessionId) as { id: number; timeline: Buffer; machinery: Buffer } & Record<string, unknown>;
  return { ...row, timeline: inflateRawSync(deflatedText(db, id, 0, row.timeline)).toString('utf8'), machinery: inflateRawSync(deflatedText(db, id, 1, row.machinery)).toString('utf8') };
}

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('fold checkpoints built while recording', () => {
  it('keeps committing exchanges, readable from another connection, while a big session\'s checkpoints are built a turn at a time, and ends with the checkpoint an import writes', async () => {
    const file = tmp.path('slices.db');
    const store = RecordingStore.open(file, { create: true });
    const reader = new Database(file, { readonly: true });
    try {
      const recorder = await store.startSession({ mode: 'reverse', redact: false }, { thread: false });
      const { sessionId } = recorder;
      let flow = 600;
      for (const exchange of flows(0, flow)) recorder.record(exchange);
      await recorder.flush();
      // Derivation goes first; the build starts once it has caught up.
      for (let i = 0; i < 1_000_000 && markerParts(reader, sessionId) === null; i++) await macrotask();
      const sessionParts = reader.prepare('SELECT count(*) FROM timeline_parts WHERE session_id = ?').pluck().get(sessionId) as number;
      const derived = reader.prepare('SELECT count(*) FROM exchange_derived WHERE session_id = ?').pluck();
      const foldedWhileRecording = new Set<number>();
      // Traffic a flow at a time, each derived before the next comes (a client's pace, not a flood).
      for (let i = 0; i < 1000 && newestParts(reader, sessionId) < sessionParts; i++) {
        for (const exchange of flows(flow, 1)) recorder.record(exchange);
        flow++;
        await recorder.flush();
        expect(reader.prepare('SELECT count(*) FROM exchanges WHERE session_id = ?').pluck().get(sessionId)).toBe(flow * 17);
        if (newestParts(reader, sessionId) < sessionParts) foldedWhileRecording.add(markerParts(reader, sessionId) as number);
        for (let j = 0; j < 1_000_000 && derived.get(sessionId) !== flow * 17; j++) await macrotask();
      }
      expect(newestParts(reader, sessionId)).toBeGreaterThanOrEqual(sessionParts);
      // Batches were committed between turns of the same build, and the fold moved on between them.
      expect(foldedWhileRecording.size).toBeGreaterThanOrEqual(3);
      await recorder.end();
      expect(markerParts(reader, sessionId)).toBeNull();
      const live = newestRow(reader, sessionId);
      expect(live.plain_timeline).toEqual(expect.any(String));
      expect(foldedTimeline(store, sessionId).timeline).toEqual(fromRawBytes(store, sessionId));

      // The import's pass over the same stored parts writes the same newest checkpoint, byte for byte.
      const writer = new Database(file);
      writer.prepare('DELETE FROM timeline_checkpoints WHERE session_id = ?').run(sessionId);
      writer.close();
      store.writeTimelineCheckpoints(sessionId);
      expect(newestRow(reader, sessionId)).toEqual(live);
    } finally {
      reader.close();
      store.close();
    }
  }, 180_000);

  it('folds again from the start when an exchange lands at or before the point its fold reached, and writes only the fold of what is stored', async () => {
    const file = tmp.path('late.db');
    const store = RecordingStore.open(file, { create: true });
    const db = new Database(file);
    db.pragma('busy_timeout = 5000');
    try {
      const recorder = await store.startSession({ mode: 'reverse', redact: false }, { thread: false });
      const { sessionId } = recorder;
      for (const exchange of flows(0, 40)) recorder.record(exchange);
      await recorder.whenDerived();
      // Turns bounded by parts, not time, so the test knows where the fold stands.
      const live = new LiveCheckpoints(db, { catchUp: false, policy: SMALL, turn: { ms: 60_000, maxParts: 7, pieceBytes: 256 * 1024 } });
      live.noteCommitted(sessionId, 1000);
      const errors: unknown[] = [];
      for (let turn = 0; turn < 5; turn++) expect(live.runDue((error) => errors.push(error))).toBe(true);
      expect(markerParts(db, sessionId)).toBe(35);

      // A flow whose exchanges started inside what the fold has folded, recorded late.
      for (const exchange of flows(100, 1, T0 + 30_000)) recorder.record(exchange);
      await recorder.whenDerived();
      expect(markerParts(db, sessionId)).toBeNull();
      let turns = 0;
      while (live.runDue((error) => errors.push(error))) turns++;
      expect(errors).toEqual([]);
      expect(turns).toBeGreaterThan(40);
      expect(newestParts(db, sessionId)).toBe(db.prepare('SELECT count(*) FROM timeline_parts WHERE session_id = ?').pluck().get(sessionId));

      const raw = timelineInputs(store.iterateExchanges(sessionId));
      expect(foldedTimeline(store, sessionId).checkpoint).not.toBeNull();
      expect(foldedTimeline(store, sessionId).timeline).toEqual(foldTimeline(raw).timeline);
      for (const n of [1, 3, 5, 7]) {
        const input = raw[Math.floor(((raw.length - 1) * n) / 8)] as TimelineInput;
        expect(stateAt(store, sessionId, { atMs: input.atMs })).toEqual(foldTimeline(raw.filter((i) => i.atMs <= input.atMs)).timeline);
      }
      const { plain_timeline: _, ...written } = newestRow(db, sessionId);
      db.prepare('DELETE FROM timeline_checkpoints WHERE session_id = ?').run(sessionId);
      store.writeTimelineCheckpoints(sessionId, SMALL);
      const { plain_timeline: __, ...imported } = newestRow(db, sessionId);
      expect(written).toEqual(imported);
      await recorder.end();
    } finally {
      db.close();
      store.close();
    }
  }, 120_000);

  it('writes a checkpoint\'s deflated state a piece per turn, staged where no reader sees it, and drops it whole when an exchange lands before its point', async () => {
    const file = tmp.path('pieces.db');
    const store = RecordingStore.open(file, { create: true });
    const db = new Database(file);
    db.pragma('busy_timeout = 5000');
    const staged = db.prepare('SELECT id FROM timeline_checkpoints WHERE session_id = ? AND fold_version = -1').pluck();
    const pieces = db.prepare('SELECT count(*) FROM timeline_checkpoint_pieces').pluck();
    const orphans = db.prepare('SELECT count(*) FROM timeline_checkpoint_pieces WHERE checkpoint_id NOT IN (SELECT id FROM timeline_checkpoints)').pluck();
    try {
      const recorder = await store.startSession({ mode: 'reverse', redact: false }, { thread: false });
      const { sessionId } = recorder;
      for (const exchange of flows(0, 40)) recorder.record(exchange);
      await recorder.whenDerived();
      // One piece of 512 bytes a turn: the state takes dozens of turns to write.
      const turn = { ms: 0, maxParts: 100_000, pieceBytes: 512 };
      const errors: unknown[] = [];
      const writingPieces = (live: LiveCheckpoints): number => {
        for (let turns = 0; turns < 10_000; turns++) {
          if (staged.get(sessionId) !== undefined && (pieces.get() as number) >= 3) return turns;
          expect(live.runDue((error) => errors.push(error))).toBe(true);
        }
        throw new Error('the write never reached its third piece');
      };

      const first = new LiveCheckpoints(db, { catchUp: false, policy: SMALL, turn });
      first.noteCommitted(sessionId, 1000);
      writingPieces(first);
      // Mid-write: readers pass the staged row over.
      expect(newestParts(db, sessionId)).toBe(0);
      expect(foldedTimeline(store, sessionId).checkpoint).toBeNull();
      // A writer that stops here leaves it staged; the next build drops it, pieces and all.

      const live = new LiveCheckpoints(db, { catchUp: false, policy: SMALL, turn });
      live.noteCommitted(sessionId, 1000);
      writingPieces(live);
      expect(db.prepare('SELECT count(DISTINCT checkpoint_id) FROM timeline_checkpoint_pieces').pluck().get()).toBe(1);
      expect(pieces.get()).toBe(3);
      expect(orphans.get()).toBe(0);

      // A flow recorded late, before the staged checkpoint's point: derivation deletes it, and the pieces go with it.
      for (const exchange of flows(100, 1, T0 + 30_000)) recorder.record(exchange);
      await recorder.whenDerived();
      expect(staged.get(sessionId)).toBeUndefined();
      expect(pieces.get()).toBe(0);
      let turns = 0;
      // Bounded: a write that never published would turn for ever.
      while (live.runDue((error) => errors.push(error)) && turns < 100_000) turns++;
      expect(errors).toEqual([]);
      expect(turns).toBeGreaterThan(20);
      expect(turns).toBeLessThan(100_000);
      expect(staged.get(sessionId)).toBeUndefined();
      expect(orphans.get()).toBe(0);
      expect(pieces.get()).toBeGreaterThan(20);
      const folded = foldedTimeline(store, sessionId);
      expect(folded.checkpoint).not.toBeNull();
      expect(folded.timeline).toEqual(fromRawBytes(store, sessionId));
      await recorder.end();
    } finally {
      db.close();
      store.close();
    }
  }, 120_000);
});
