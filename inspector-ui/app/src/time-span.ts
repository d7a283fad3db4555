// The time span of a conversation's timeline, found with loops: a long conversation has more
// marks than a function call can take as spread arguments.
import type { Conversation } from './timeline-types.ts';

export function spanOf(conversations: readonly Conversation[], fallback: { fromMs: number; toMs: number }): { startMs: number; endMs: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const see = (ms: number | null | undefined): void => {
    if (ms === null || ms === undefined) return;
    if (ms < start) start = ms;
    if (ms > end) end = ms;
  };
  for (const conv of conversations) {
    see(conv.firstSeenAtMs);
    see(conv.endedAtMs);
    for (const change of conv.changes) see(change.atMs);
    for (const message of conv.messages) see(message.atMs);
    for (const typing of conv.typing) {
      see(typing.fromMs);
      see(typing.toMs);
    }
  }
  if (start === Number.POSITIVE_INFINITY) return { startMs: fallback.fromMs, endMs: fallback.toMs + 1 };
  return { startMs: start, endMs: end + 1 };
}
