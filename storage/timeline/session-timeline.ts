/**
 * Timelines of a stored session: the inputs derivation stored (decoded once, when recorded),
 * read in time order and folded by the protocol reducer.
 */
import { foldTimeline, type SessionTimeline, type TimelineInput } from '../../protocol/timeline/index.ts';
import type { RecordingStore } from '../recording-store.ts';
import { StorageError, explainSqliteError } from '../storage-error.ts';

function requireSession(store: RecordingStore, sessionId: number): void {
  if (!store.getSessionRecord(sessionId)) throw new StorageError('session-not-found', `${store.path} has no session ${sessionId}.`);
}

function inputsOf(store: RecordingStore, sessionId: number, toMs?: number): TimelineInput[] {
  requireSession(store, sessionId);
  return store.timelineInputs(sessionId, toMs);
}

/** Folds the inputs as they are read: a session's inputs never all sit in memory at once. */
function foldStored(store: RecordingStore, sessionId: number, toMs?: number): SessionTimeline {
  requireSession(store, sessionId);
  try {
    return foldTimeline(store.timelineInputStream(sessionId, toMs)).timeline;
  } catch (error) {
    throw explainSqliteError(store.path, error);
  }
}

export function sessionTimeline(store: RecordingStore, sessionId: number): SessionTimeline {
  return foldStored(store, sessionId);
}

export type TimelinePoint = { readonly atMs: number } | { readonly exchangeId: number };

/**
 * The timelines as they stood at a moment: every input up to `atMs`, or up to and including the
 * last thing exchange `exchangeId` showed. Conversations' current fields (properties, state,
 * participants, open typing) then read as the state at that moment.
 */
export function stateAt(store: RecordingStore, sessionId: number, point: TimelinePoint): SessionTimeline {
  if ('atMs' in point) return foldStored(store, sessionId, point.atMs);
  const inputs = inputsOf(store, sessionId);
  let last = -1;
  inputs.forEach((input, i) => {
    if (input.cause.exchangeId === point.exchangeId) last = i;
  });
  if (last < 0) throw new StorageError('session-not-found', `exchange ${point.exchangeId} is not in session ${sessionId} of ${store.path}.`);
  return foldTimeline(inputs.slice(0, last + 1)).timeline;
}
