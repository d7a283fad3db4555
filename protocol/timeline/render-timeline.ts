/** The timeline for people (one line per change) and for machines (JSON, docs/timeline-format.md). */
import { participantLabel, readableName, safeDecode, sipUser } from './participant-label.ts';
import type { Cause, ConversationTimeline, PresenceLane, SessionTimeline, TimelineChange, TimelineParticipant } from './timeline-types.ts';

export const TIMELINE_FORMAT_VERSION = 1;

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

function cause(c: Cause): string {
  return `(${c.source}, exchange ${c.exchangeId}${c.eventIndex !== undefined ? `, event ${c.eventIndex}` : ''})`;
}

/** How the text form names a conversation: `conv ` and its href's last segment. */
export function conversationLabel(conv: Pick<ConversationTimeline, 'href' | 'key'>): string {
  const id = /\/([^/]+)$/.exec(conv.href)?.[1] ?? String(conv.key);
  return `conv ${id}`;
}

/** How the text form names a presence lane: `me`, else the user part of the contact's SIP URI (`carol`), as short as a conversation's label. */
export function presenceLabel(lane: Pick<PresenceLane, 'me' | 'uri' | 'name' | 'href' | 'key'>): string {
  if (lane.me) return 'me';
  if (lane.uri !== null) return sipUser(lane.uri);
  // Contact hrefs end in the contact's SIP address (`…/people/carol@contoso.com`), so even a bare href reads as a user.
  return lane.href !== null ? sipUser(safeDecode(lane.href.slice(lane.href.lastIndexOf('/') + 1))) : (lane.name ?? `contact ${lane.key}`);
}

/** How the inspector titles a presence lane: the person's name, else their SIP user (`carol`); `(you)` after the user's own. */
export function presenceTitle(lane: Pick<PresenceLane, 'me' | 'uri' | 'name' | 'href' | 'key'>): string {
  const name = readableName(lane.name, lane.uri) ?? presenceLabel(lane);
  return lane.me ? `${name} (you)` : name;
}

function describe(change: TimelineChange): string {
  if (change.detail && (change.what.startsWith('presence.') || change.what === 'message' || change.what === 'invitation' || change.what.startsWith('participant') || change.what.startsWith('typing') || change.what === 'ended' || change.what === 'reset' || change.what === 'leave' || change.what === 'meeting' || change.what.startsWith('invitation.') && change.what !== 'invitation.state')) {
    return change.what === 'message' ? `message ${change.detail}` : change.detail;
  }
  const show = (v: unknown) => (v === null || v === undefined ? '-' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
  if (change.what.startsWith('link ')) return `${change.what} ${change.detail ?? ''}`.trim();
  return `${change.what} ${show(change.from)} -> ${show(change.to)}`;
}

/** One change of a lane (`conversationLabel`, `presenceLabel`) as the text form prints it (the inspector's lanes list the same lines). */
export function changeLine(label: string, change: TimelineChange): string {
  return `${clock(change.atMs)}  ${label.padEnd(10)}  ${describe(change).padEnd(44)} ${cause(change.cause)}`.trimEnd();
}

export function renderTimelineText(timeline: SessionTimeline): string {
  const lines: { atMs: number; text: string }[] = [];
  for (const conv of timeline.conversations) for (const change of conv.changes) lines.push({ atMs: change.atMs, text: changeLine(conversationLabel(conv), change) });
  for (const lane of timeline.presence) for (const change of lane.changes) lines.push({ atMs: change.atMs, text: changeLine(presenceLabel(lane), change) });
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

/** A conversation as the JSON carries it: its action links as a sorted array, each participant with its label. */
export type ConversationJson = Omit<ConversationTimeline, 'actions' | 'participants'> & { readonly actions: string[]; readonly participants: (TimelineParticipant & { readonly label: string })[] };

/** A presence lane as the JSON carries it, with its name in the text form (`label`) and in the inspector (`title`). */
export type PresenceLaneJson = PresenceLane & { readonly label: string; readonly title: string };

/** The timeline document (docs/timeline-format.md); the inspector's API serves it as `SessionTimelineDto`. */
export interface TimelineJson {
  readonly format: 'ucwa-inspector-timeline';
  readonly version: number;
  readonly conversations: ConversationJson[];
  readonly presence: PresenceLaneJson[];
  readonly missedItems: SessionTimeline['missedItems'];
  readonly application: SessionTimeline['application'];
  readonly resets: SessionTimeline['resets'];
}

/** JSON-ready form: Sets become sorted arrays; everything else is already plain. */
export function timelineJson(timeline: SessionTimeline): TimelineJson {
  return {
    format: 'ucwa-inspector-timeline',
    version: TIMELINE_FORMAT_VERSION,
    conversations: timeline.conversations.map((conv) => ({ ...conv, actions: [...conv.actions].sort(), participants: conv.participants.map((p) => ({ ...p, label: participantLabel(p) })) })),
    presence: timeline.presence.map((lane) => ({ ...lane, label: presenceLabel(lane), title: presenceTitle(lane) })),
    missedItems: timeline.missedItems,
    application: timeline.application,
    resets: timeline.resets,
  };
}
