/**
 * Fold checkpoints as rows of `timeline_checkpoints`: the reducer's state after every stored
 * timeline part of a session up to a point in read order (at_ms, then part id), encoded by
 * graph-codec.ts in two texts, the timeline and the machinery folding on needs, each deflated
 * (they repeat hrefs and keys: a tenth of the bytes), plus the newest one's timeline as plain text
 * for the read that wants only it, kept as a frame and runs of items (plain-timeline.ts).
 */
import { inflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { DERIVATION_VERSION } from '../../protocol/derive/derive-exchange.ts';
import { TIMELINE_FOLD_VERSION, timelineStateFromParts, type SessionTimeline, type TimelineMachinery, type TimelineState } from '../../protocol/timeline/index.ts';
import { encodedState, type EncodedState } from './checkpoint-encoding.ts';
import { decodeGraphDocuments } from './graph-codec.ts';
import { parsePlainTimeline, type PlainTimeline } from './plain-timeline.ts';

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
    .prepare(`SELECT id, at_ms, part_id, part_count, input_count, derivation_version, fold_version FROM timeline_checkpoints WHERE session_id = ? AND fold_version > ${MARKER_FOLD_VERSION} ORDER BY at_ms DESC, part_id DESC`)
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

/** The state as the two texts a row keeps (deflated): the timeline, then the machinery. */
export function encodeTimelineState(state: TimelineState): [timeline: string, machinery: string] {
  const encoded = encodedState(state);
  return [inflated(encoded.timeline), inflated(encoded.machinery)];
}

/** The state again, ready to fold on exactly as the encoded one would have. */
export function decodeTimelineState(texts: readonly [string, string]): TimelineState {
  return stateOfDocuments(JSON.parse(texts[0]) as unknown, JSON.parse(texts[1]) as unknown);
}

function stateOfDocuments(timeline: unknown, machinery: unknown): TimelineState {
  const [state, more] = decodeGraphDocuments([timeline, machinery]);
  return timelineStateFromParts(state as SessionTimeline, more as TimelineMachinery);
}

const inflated = (blob: Buffer): string => inflateRawSync(blob).toString('utf8');

/**
 * Writes a checkpoint. `plain`: it is the session's newest for good (the end of an import or of a
 * recording), so its timeline is also kept as plain text and the others' is dropped; a plain
 * text is as big as the timeline, too big to write while a recording goes on. Call inside a transaction.
 */
export function writeCheckpoint(db: Database.Database, sessionId: number, key: PartKey, counts: { readonly parts: number; readonly inputs: number }, encoded: EncodedState, plain: boolean): number {
  // One at the same point holds the same state: it is replaced (the newest gaining its plain text).
  deleteCheckpointsAt(db, sessionId, key);
  // Their runs go with the text (a trigger).
  if (plain) db.prepare('UPDATE timeline_checkpoints SET plain_timeline = NULL, plain_runs = 0 WHERE session_id = ? AND plain_timeline IS NOT NULL').run(sessionId);
  const text: PlainTimeline | null = plain ? encoded.plainTimeline() : null;
  const id = db
    .prepare(
      `INSERT INTO timeline_checkpoints (session_id, at_ms, part_id, part_count, input_count, derivation_version, fold_version, timeline, machinery, plain_timeline, plain_runs)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck()
    .get(sessionId, key.atMs, key.partId, counts.parts, counts.inputs, DERIVATION_VERSION, TIMELINE_FOLD_VERSION, encoded.timeline, encoded.machinery, text?.frame ?? null, text?.runs.length ?? 0) as number;
  if (text !== null) {
    const addRun = db.prepare('INSERT INTO timeline_plain_runs (checkpoint_id, run) VALUES (?, ?)');
    for (const run of text.runs) addRun.run(id, run);
  }
  return id;
}

/** The plain timeline of a checkpoint, parsed: its frame with its runs put back (a file of format 13 kept the text whole, with no runs). Throws when runs are missing. */
function plainDocument(db: Database.Database, id: number, frame: string, runCount: number): unknown {
  const runs = db.prepare('SELECT run FROM timeline_plain_runs WHERE checkpoint_id = ? ORDER BY id').pluck().iterate(id) as IterableIterator<string>;
  const parsed = parsePlainTimeline(frame, runs);
  if (parsed.runCount !== runCount) throw new Error(`checkpoint ${id} has ${parsed.runCount} of the ${runCount} runs of its plain timeline`);
  return parsed.document;
}

/** The checkpoint's timeline document (`[timeline, patches]`), parsed: the plain text when it has one, else the deflated text. */
function timelineDocument(db: Database.Database, id: number, row: CheckpointTexts): unknown {
  return row.plain !== null ? plainDocument(db, id, row.plain, row.plainRuns) : (JSON.parse(inflated(blobOf(db, id, TIMELINE_PART, row.deflated as Buffer))) as unknown);
}

/** What a read of a checkpoint's timeline takes from its row: the plain frame and its run count, or else the deflated text. */
interface CheckpointTexts {
  readonly plain: string | null;
  readonly plainRuns: number;
  readonly deflated: Buffer | null;
}

const TEXTS_COLUMNS = 'plain_timeline, plain_runs, CASE WHEN plain_timeline IS NULL THEN timeline END';

function textsOf(tuple: readonly unknown[]): CheckpointTexts {
  return { plain: tuple[0] as string | null, plainRuns: tuple[1] as number, deflated: tuple[2] as Buffer | null };
}

/**
 * A marker row stands where the live writer's fold kept in memory has got to (fold version 0, no
 * state: readers never see it). Derivation (inserted parts) and the triggers (replaced or removed ones) delete it like a checkpoint when a part at or before
 * it changes, which tells the writer its fold is no longer the fold of what is stored.
 */
export const MARKER_FOLD_VERSION = 0;

export interface Marker {
  readonly id: number;
  readonly sessionId: number;
  readonly key: PartKey;
}

const START: PartKey = { atMs: -Number.MAX_VALUE, partId: -1 };

/** Drops a session's marker, and a checkpoint a writer that stopped left staged (fold version -1). */
export function deleteMarkers(db: Database.Database, sessionId: number): void {
  db.prepare(`DELETE FROM timeline_checkpoints WHERE session_id = ? AND fold_version <= ${MARKER_FOLD_VERSION}`).run(sessionId);
}

/** Places a session's marker before its first part (any other marker of it is dropped). */
export function placeMarker(db: Database.Database, sessionId: number): Marker {
  deleteMarkers(db, sessionId);
  const id = db
    .prepare(
      `INSERT INTO timeline_checkpoints (session_id, at_ms, part_id, part_count, input_count, derivation_version, fold_version, timeline, machinery)
       VALUES (?, ?, ?, 0, 0, ?, ${MARKER_FOLD_VERSION}, x'', x'') RETURNING id`,
    )
    .pluck()
    .get(sessionId, START.atMs, START.partId, DERIVATION_VERSION) as number;
  return { id, sessionId, key: START };
}

const MARKER_WHERE = `id = ? AND session_id = ? AND at_ms = ? AND part_id = ? AND fold_version = ${MARKER_FOLD_VERSION}`;

/** Whether nothing at or before the marker changed since it was placed or moved there. */
export function markerHolds(db: Database.Database, marker: Marker): boolean {
  return db.prepare(`SELECT 1 FROM timeline_checkpoints WHERE ${MARKER_WHERE}`).get(marker.id, marker.sessionId, marker.key.atMs, marker.key.partId) !== undefined;
}

/** The marker moved on to `key`, or null when a changed part had deleted it (derivation or the triggers). */
export function movedMarker(db: Database.Database, marker: Marker, key: PartKey, counts: { readonly parts: number; readonly inputs: number }): Marker | null {
  const moved = db
    .prepare(`UPDATE timeline_checkpoints SET at_ms = ?, part_id = ?, part_count = ?, input_count = ? WHERE ${MARKER_WHERE}`)
    .run(key.atMs, key.partId, counts.parts, counts.inputs, marker.id, marker.sessionId, marker.key.atMs, marker.key.partId).changes;
  return moved === 1 ? { ...marker, key } : null;
}

export function deleteMarker(db: Database.Database, marker: Marker): void {
  db.prepare(`DELETE FROM timeline_checkpoints WHERE ${MARKER_WHERE}`).run(marker.id, marker.sessionId, marker.key.atMs, marker.key.partId);
}
export function hasPlainTimeline(db: Database.Database, id: number): boolean {
  return db.prepare('SELECT plain_timeline IS NOT NULL FROM timeline_checkpoints WHERE id = ?').pluck().get(id) === 1;
}

export function deleteCheckpoints(db: Database.Database, ids: readonly number[]): void {
  if (ids.length > 0) db.prepare('DELETE FROM timeline_checkpoints WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
}

/** The timeline alone, as it stood at the checkpoint: what a reader needs when nothing follows it. Null when the row is gone or unreadable. */
export function checkpointTimeline(db: Database.Database, id: number): SessionTimeline | null {
  const row = db.prepare(`SELECT ${TEXTS_COLUMNS} FROM timeline_checkpoints WHERE id = ?`).raw().get(id) as unknown[] | undefined;
  if (row === undefined) return null;
  try {
    return decodeGraphDocuments([timelineDocument(db, id, textsOf(row))])[0] as SessionTimeline;
  } catch {
    return null;
  }
}

/** The whole state at the checkpoint, ready to fold on. Null when the row is gone or unreadable. */
export function checkpointState(db: Database.Database, id: number): TimelineState | null {
  const row = db.prepare(`SELECT ${TEXTS_COLUMNS}, machinery FROM timeline_checkpoints WHERE id = ?`).raw().get(id) as unknown[] | undefined;
  if (row === undefined) return null;
  try {
    return stateOfDocuments(timelineDocument(db, id, textsOf(row)), JSON.parse(inflated(blobOf(db, id, MACHINERY_PART, row[3] as Buffer))) as unknown);
  } catch {
    // Not readable by this build (a damaged row): folding from further back gives the same answer.
    return null;
  }
}

/**
 * A checkpoint staged by the live writer (fold version -1; readers never use it): its texts are
 * added piece by piece over several turns, then `publishStaged` makes it a checkpoint. Derivation
 * and the triggers delete it, as any checkpoint, when a part at or before its point changes.
 */
export const STAGED_FOLD_VERSION = -1;

const TIMELINE_PART = 0;
const MACHINERY_PART = 1;

/** A row's deflated text: the column, or when the column is empty (a staged write), its pieces in order. */
function blobOf(db: Database.Database, id: number, part: number, column: Buffer): Buffer {
  if (column.length > 0) return column;
  const pieces = db.prepare('SELECT bytes FROM timeline_checkpoint_pieces WHERE checkpoint_id = ? AND part = ? ORDER BY id').pluck().all(id, part) as Buffer[];
  return Buffer.concat(pieces);
}

/** Stages a checkpoint at `key` with no texts yet (any staged one of the session is dropped: a writer that stopped mid-write left it). Call inside a transaction. */
export function stageCheckpoint(db: Database.Database, sessionId: number, key: PartKey, counts: { readonly parts: number; readonly inputs: number }): number {
  db.prepare(`DELETE FROM timeline_checkpoints WHERE session_id = ? AND fold_version = ${STAGED_FOLD_VERSION}`).run(sessionId);
  return db
    .prepare(
      `INSERT INTO timeline_checkpoints (session_id, at_ms, part_id, part_count, input_count, derivation_version, fold_version, timeline, machinery)
       VALUES (?, ?, ?, ?, ?, ?, ${STAGED_FOLD_VERSION}, x'', x'') RETURNING id`,
    )
    .pluck()
    .get(sessionId, key.atMs, key.partId, counts.parts, counts.inputs, DERIVATION_VERSION) as number;
}

/** Adds the next piece of a staged checkpoint's timeline (`part` 0) or machinery (1); false when the staged row is gone (a part before it changed). */
export function addStagedPiece(db: Database.Database, id: number, part: 0 | 1, bytes: Buffer): boolean {
  return (
    db
      .prepare(`INSERT INTO timeline_checkpoint_pieces (checkpoint_id, part, bytes) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM timeline_checkpoints WHERE id = ? AND fold_version = ${STAGED_FOLD_VERSION})`)
      .run(id, part, bytes, id).changes === 1
  );
}

/** Makes a staged checkpoint one readers use, replacing any at its point; false when it is gone. Call inside a transaction. */
export function publishStaged(db: Database.Database, sessionId: number, id: number, key: PartKey): boolean {
  const staged = db.prepare(`SELECT 1 FROM timeline_checkpoints WHERE id = ? AND fold_version = ${STAGED_FOLD_VERSION}`).get(id) !== undefined;
  if (!staged) return false;
  deleteCheckpointsAt(db, sessionId, key);
  db.prepare('UPDATE timeline_checkpoints SET fold_version = ? WHERE id = ?').run(TIMELINE_FOLD_VERSION, id);
  return true;
}

/** Drops the checkpoints (not a marker, not a staged one) at exactly `key`. */
function deleteCheckpointsAt(db: Database.Database, sessionId: number, key: PartKey): void {
  db.prepare(`DELETE FROM timeline_checkpoints WHERE session_id = ? AND at_ms = ? AND part_id = ? AND fold_version > ${MARKER_FOLD_VERSION}`).run(sessionId, key.atMs, key.partId);
}

/** Drops a staged checkpoint and its pieces. */
export function deleteStaged(db: Database.Database, id: number): void {
  db.prepare(`DELETE FROM timeline_checkpoints WHERE id = ? AND fold_version = ${STAGED_FOLD_VERSION}`).run(id);
}
