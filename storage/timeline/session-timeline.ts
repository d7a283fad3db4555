/**
 * Timelines of a stored session: the inputs derivation stored (decoded once, when recorded),
 * folded by the protocol reducer, starting from the newest fold checkpoint derivation wrote at or
 * before the point asked for (checkpoint-fold.ts), so only the inputs after it are read and folded.
 */
import type { SessionTimeline } from '../../protocol/timeline/index.ts';
import type { RecordingStore } from '../recording-store.ts';
import { StorageError } from '../storage-error.ts';
import { ExchangeNotInSession, type FoldBound, type FoldedTimeline } from './checkpoint-fold.ts';

function requireSession(store: RecordingStore, sessionId: number): void {
  if (!store.getSessionRecord(sessionId)) throw new StorageError('session-not-found', `${store.path} has no session ${sessionId}.`);
}

export type TimelinePoint = { readonly atMs: number } | { readonly exchangeId: number };

/** The timelines up to a point (all of the session without one), with the checkpoint the fold started from. */
export function foldedTimeline(store: RecordingStore, sessionId: number, point?: TimelinePoint): FoldedTimeline {
  requireSession(store, sessionId);
  const bound: FoldBound = point ?? { all: true };
  try {
    return store.foldedTimeline(sessionId, bound);
  } catch (error) {
    if (error instanceof ExchangeNotInSession) throw new StorageError('session-not-found', `exchange ${(point as { exchangeId: number }).exchangeId} is not in session ${sessionId} of ${store.path}.`);
    throw error;
  }
}

export function sessionTimeline(store: RecordingStore, sessionId: number): SessionTimeline {
  return foldedTimeline(store, sessionId).timeline;
}

/**
 * The timelines as they stood at a moment: every input up to `atMs`, or up to and including the
 * last thing exchange `exchangeId` showed. Conversations' current fields (properties, state,
 * participants, open typing) then read as the state at that moment.
 */
export function stateAt(store: RecordingStore, sessionId: number, point: TimelinePoint): SessionTimeline {
  return foldedTimeline(store, sessionId, point).timeline;
}
