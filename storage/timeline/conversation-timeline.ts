/**
 * One conversation's timeline, folded from the stored inputs of only the exchanges that touch it
 * (its requests and the event batches that spoke of it) within a time window, at most `MAX_WINDOW_EXCHANGES` of them:
 * what a view can afford to compute on demand in a session of a million exchanges.
 */
import { foldTimeline, type ConversationTimeline } from '../../protocol/timeline/index.ts';
import { hrefKey } from '../../protocol/derive/href-index.ts';
import type { RecordingStore } from '../recording-store.ts';
import { StorageError } from '../storage-error.ts';

export const MAX_WINDOW_EXCHANGES = 3000;

export interface ConversationWindow {
  readonly conversationId: number;
  readonly href: string;
  /** The conversation as folded from the window: none when nothing in it names the conversation, more than one when it was deleted and came back. */
  readonly timelines: readonly ConversationTimeline[];
  readonly exchangeCount: number;
  /** The window stopped at `MAX_WINDOW_EXCHANGES`: start the next one at `nextFromMs`. */
  readonly nextFromMs: number | null;
}

export function conversationTimeline(store: RecordingStore, sessionId: number, conversationId: number, window: { readonly fromMs?: number; readonly toMs?: number; readonly atMs?: number } = {}): ConversationWindow {
  const [conversation] = store.findConversations(sessionId, `#${conversationId}`);
  if (!conversation) throw new StorageError('session-not-found', `session ${sessionId} of ${store.path} has no conversation #${conversationId}.`);
  const rows = store.conversationExchangeStarts(conversationId, { ...window, limit: MAX_WINDOW_EXCHANGES + 1 });
  const more = rows.length > MAX_WINDOW_EXCHANGES;
  const used = rows.slice(0, MAX_WINDOW_EXCHANGES);
  let inputs = store.exchangeTimelineInputs(used.map((row) => row.id));
  if (window.atMs !== undefined) inputs = inputs.filter((input) => input.atMs <= (window.atMs as number));
  const folded = foldTimeline(inputs).timeline;
  const key = hrefKey(conversation.href);
  const timelines = folded.conversations.filter((c) => hrefKey(c.href) === key);
  return { conversationId, href: conversation.href, timelines, exchangeCount: used.length, nextFromMs: more ? floorOrNull(rows[MAX_WINDOW_EXCHANGES]?.startedAtMs) : null };
}

/** Whole milliseconds, as a client passes the moment back in a URL: the floor keeps that exchange in the next window. */
function floorOrNull(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.floor(ms);
}
