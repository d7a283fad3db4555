/** The timeline for people (one line per change) and for machines (JSON, docs/timeline-format.md). */
import { participantLabel } from './participant-label.ts';
import type { Cause, ConversationTimeline, SessionTimeline, TimelineChange } from './timeline-types.ts';

export const TIMELINE_FORMAT_VERSION = 1;

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

function cause(c: Cause): string {
  return `(${c.source}, exchange ${c.exchangeId}${c.eventIndex !== undefined ? `, event ${c.eventIndex}` : ''})`;
}

function convLabel(conv: Pick<ConversationTimeline, 'href' | 'key'>): string {
  const id = /\/([^/]+)$/.exec(conv.href)?.[1] ?? String(conv.key);
  return `conv ${id}`;
}

function describe(change: TimelineChange): string {
  if (change.detail && (change.what === 'message' || change.what === 'invitation' || change.what.startsWith('participant') || change.what.startsWith('typing') || change.what === 'ended' || change.what === 'reset' || change.what === 'leave' || change.what.startsWith('invitation.') && change.what !== 'invitation.state')) {
    return change.what === 'message' ? `message ${change.detail}` : change.detail;
  }
  const show = (v: unknown) => (v === null || v === undefined ? '-' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
  if (change.what.startsWith('link ')) return `${change.what} ${change.detail ?? ''}`.trim();
  return `${change.what} ${show(change.from)} -> ${show(change.to)}`;
}

/** One change as the text form prints it (the inspector's lanes list the same lines). */
export function changeLine(conv: Pick<ConversationTimeline, 'href' | 'key'>, change: TimelineChange): string {
  return `${clock(change.atMs)}  ${convLabel(conv).padEnd(10)}  ${describe(change).padEnd(44)} ${cause(change.cause)}`.trimEnd();
}

export function renderTimelineText(timeline: SessionTimeline): string {
  const lines: { atMs: number; text: string }[] = [];
  for (const conv of timeline.conversations) for (const change of conv.changes) lines.push({ atMs: change.atMs, text: changeLine(conv, change) });
  for (const item of timeline.application) lines.push({ atMs: item.atMs, text: `${clock(item.atMs)}  ${'session'.padEnd(10)}  ${(item.detail ?? `application ${item.what}`).padEnd(44)} ${cause(item.cause)}` });
  for (const item of timeline.missedItems) lines.push({ atMs: item.atMs, text: `${clock(item.atMs)}  ${'session'.padEnd(10)}  ${`missed conversations ${item.counts['missedConversationsCount'] ?? 0}`.padEnd(44)} ${cause(item.cause)}` });
  for (const item of timeline.resets) lines.push({ atMs: item.atMs, text: `${clock(item.atMs)}  ${'session'.padEnd(10)}  ${`event channel ${item.kind} (state reset)`.padEnd(44)} ${cause(item.cause)}` });
  return lines
    .map((l, i) => ({ ...l, i }))
    .sort((a, b) => a.atMs - b.atMs || a.i - b.i)
    .map((l) => l.text.trimEnd())
    .join('\n')
    .concat(lines.length ? '\n' : 'No conversations or application changes in this session.\n');
}

/** JSON-ready form: Sets become sorted arrays; everything else is already plain. */
export function timelineJson(timeline: SessionTimeline): unknown {
  return {
    format: 'ucwa-inspector-timeline',
    version: TIMELINE_FORMAT_VERSION,
    conversations: timeline.conversations.map((conv) => ({ ...conv, actions: [...conv.actions].sort(), participants: conv.participants.map((p) => ({ ...p, label: participantLabel(p) })) })),
    missedItems: timeline.missedItems,
    application: timeline.application,
    resets: timeline.resets,
  };
}
