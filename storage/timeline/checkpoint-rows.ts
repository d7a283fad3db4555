/**
 * Fold checkpoints as rows of `timeline_checkpoints`: the reducer's state after every stored
 * timeline part of a session up to a point in read order (at_ms, then part id), encoded by
 * graph-codec.ts in two texts, the timeline and the machinery folding on needs, each deflated
 * (they repeat hrefs and keys: a tenth of the bytes), plus the newest one's timeline as plain text
 * for the read that wants only it.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { DERIVATION_VERSION } from '../../protocol/derive/derive-exchange.ts';
import { TIMELINE_FOLD_VERSION, isSharedValue, timelineStateFromParts, timelineStateParts, type SessionTimeline, type TimelineMachinery, type TimelineState } from '../../protocol/timeline/index.ts';
import { decodeGraph, encodeGraph } from './graph-codec.ts';

/** A point in the order a session's stored parts are read: every part at or before it. */
export interface PartKey {
  readonly atMs: number;
  readonly partId: number;
}

export interface CheckpointRow extends PartKey {
  readonly id: number;
  readonly partCount: number;
  readonly inputCount: number;
  /** Written by this build's derivation and reducer: usable. Others are passed over. */
  readonly current: boolean;
}

type MetaTuple = [id: number, atMs: number, partId: number, partCount: number, inputCount: number, derivationVersion: number, foldVersion: number];

/** A session's checkpoints, newest first. */
export function checkpointsOf(db: Database.Database, sessionId: number): CheckpointRow[] {
  const rows = db
    .prepare('SELECT id, at_ms, part_id, part_count, input_count, derivation_version, fold_version FROM timeline_checkpoints WHERE session_id = ? ORDER BY at_ms DESC, part_id DESC')
    .raw()
    .all(sessionId) as MetaTuple[];
  return rows.map(([id, atMs, partId, partCount, inputCount, derivationVersion, foldVersion]) => ({
    id,
    atMs,
    partId,
    partCount,
    inputCount,
    current: derivationVersion === DERIVATION_VERSION && foldVersion === TIMELINE_FOLD_VERSION,
  }));
}

/** Whether `a` comes at or before `b` in read order. */
export function atOrBefore(a: PartKey, b: PartKey): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.partId <= b.partId);
}

/** The state as the two texts a row keeps: the timeline, then the machinery. */
export function encodeTimelineState(state: TimelineState): [timeline: string, machinery: string] {
  const { timeline, machinery } = timelineStateParts(state);
  const [timelineText, machineryText] = encodeGraph([timeline, machinery], { isValue: isSharedValue });
  return [timelineText as string, machineryText as string];
}

/** The state again, ready to fold on exactly as the encoded one would have. */
export function decodeTimelineState(texts: readonly [string, string]): TimelineState {
  const [timeline, machinery] = decodeGraph(texts);
  return timelineStateFromParts(timeline as SessionTimeline, machinery as TimelineMachinery);
}

const deflated = (text: string): Buffer => deflateRawSync(text, { level: 1 });
const inflated = (blob: Buffer): string => inflateRawSync(blob).toString('utf8');

/** Writes a checkpoint as the session's newest: the others keep only their deflated timeline. Call inside a transaction. */
export function writeCheckpoint(db: Database.Database, sessionId: number, key: PartKey, counts: { readonly parts: number; readonly inputs: number }, state: TimelineState): number {
  const [timelineText, machineryText] = encodeTimelineState(state);
  db.prepare('UPDATE timeline_checkpoints SET plain_timeline = NULL WHERE session_id = ? AND plain_timeline IS NOT NULL').run(sessionId);
  return db
    .prepare(
      `INSERT INTO timeline_checkpoints (session_id, at_ms, part_id, part_count, input_count, derivation_version, fold_version, timeline, machinery, plain_timeline)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck()
    .get(sessionId, key.atMs, key.partId, counts.parts, counts.inputs, DERIVATION_VERSION, TIMELINE_FOLD_VERSION, deflated(timelineText), deflated(machineryText), timelineText) as number;
}

export function deleteCheckpoints(db: Database.Database, ids: readonly number[]): void {
  if (ids.length > 0) db.prepare('DELETE FROM timeline_checkpoints WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
}

/** The timeline alone, as it stood at the checkpoint: what a reader needs when nothing follows it. Null when the row is gone or unreadable. */
export function checkpointTimeline(db: Database.Database, id: number): SessionTimeline | null {
  const row = db.prepare('SELECT plain_timeline, CASE WHEN plain_timeline IS NULL THEN timeline END FROM timeline_checkpoints WHERE id = ?').raw().get(id) as [string | null, Buffer | null] | undefined;
  if (row === undefined) return null;
  try {
    return decodeGraph([row[0] ?? inflated(row[1] as Buffer)])[0] as SessionTimeline;
  } catch {
    return null;
  }
}

/** The whole state at the checkpoint, ready to fold on. Null when the row is gone or unreadable. */
export function checkpointState(db: Database.Database, id: number): TimelineState | null {
  const row = db.prepare('SELECT plain_timeline, CASE WHEN plain_timeline IS NULL THEN timeline END, machinery FROM timeline_checkpoints WHERE id = ?').raw().get(id) as [string | null, Buffer | null, Buffer] | undefined;
  if (row === undefined) return null;
  try {
    return decodeTimelineState([row[0] ?? inflated(row[1] as Buffer), inflated(row[2])]);
  } catch {
    // Not readable by this build (a damaged row): folding from further back gives the same answer.
    return null;
  }
}
