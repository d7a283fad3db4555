/** One event of the event channel, folded into the timeline (EventsInUCWA.md, SendAnIM.md, ReceiveAnIM.md). */
import { directConversation, eventConversation, learnEvent } from '../derive/href-learning.ts';
import type { UcwaEvent } from '../event.ts';
import type { UcwaResource } from '../resource.ts';
import { onInvitation } from './apply-invitation.ts';
import { leaveMeeting, onOnlineMeeting } from './apply-meeting.ts';
import { onMessage } from './apply-message.ts';
import { applyAudioVideo, applyAudioVideoSession, applyConversation, applyMessaging, applyParticipant, participantIn } from './apply-resource.ts';
import { learnHrefs } from './learn-hrefs.ts';
import { presenceOnEvent } from './apply-presence.ts';
import { nonEmpty, participantLabel } from './participant-label.ts';
import { conversationAt, newConversation, pathIn, type TimelineState } from './timeline-state.ts';
import type { Cause, ConversationTimeline, TimelineParticipant } from './timeline-types.ts';

function endTyping(state: TimelineState, conv: ConversationTimeline, who: string, atMs: number): void {
  const key = `${conv.key} ${who}`;
  const open = state.openTyping.get(key);
  if (open) {
    open.toMs = atMs;
    state.openTyping.delete(key);
  }
}

/** The local participant is known by its rel (`localParticipant`), by a conversation's localParticipant link, or by its own `local` property. */
function markLocal(state: TimelineState, p: TimelineParticipant, rel: string | undefined): void {
  if (rel === 'localParticipant' || state.localParticipants.has(p.href)) p.local = true;
  if (p.local) state.localParticipants.add(p.href);
}

function onParticipant(state: TimelineState, event: UcwaEvent, resource: UcwaResource | undefined, conv: ConversationTimeline, atMs: number, cause: Cause): void {
  const p = participantIn(conv, event.link.href, state.hrefs);
  applyParticipant(p, resource, event.link.title);
  markLocal(state, p, event.link.rel);
  const who = p.uri ?? p.name ?? p.href;
  // The label is built only for a change that prints it (most participant events change nothing).
  if (event.in?.rel === 'typingParticipants') {
    const typingKey = `${conv.key} ${who}`;
    if (event.type === 'added' && !state.openTyping.has(typingKey)) {
      const interval = { who, fromMs: atMs, toMs: null, cause };
      conv.typing.push(interval);
      state.openTyping.set(typingKey, interval);
      conv.changes.push({ atMs, cause, what: 'typing', to: true, detail: `${participantLabel(p)} started typing` });
    } else if (event.type === 'deleted') {
      endTyping(state, conv, who, atMs);
      conv.changes.push({ atMs, cause, what: 'typing', to: false, detail: `${participantLabel(p)} stopped typing` });
    }
    return;
  }
  if (event.type === 'added' && p.joinedAtMs === null) {
    p.joinedAtMs = atMs;
    conv.changes.push({ atMs, cause, what: 'participant', to: 'joined', detail: `${participantLabel(p)} joined` });
  } else if (event.type === 'deleted' && p.leftAtMs === null) {
    p.leftAtMs = atMs;
    const label = participantLabel(p);
    endTyping(state, conv, who, atMs);
    conv.changes.push({ atMs, cause, what: 'participant', to: 'left', detail: `${label} left` });
  }
}

function onParticipantMessaging(state: TimelineState, event: UcwaEvent, conv: ConversationTimeline, atMs: number, cause: Cause): void {
  if (!event.in) return;
  const p = participantIn(conv, event.in.href, state.hrefs);
  if (nonEmpty(event.in.title) && !p.name) p.name = nonEmpty(event.in.title);
  markLocal(state, p, event.in.rel);
  if (event.type === 'added' && p.messagingJoinedAtMs === null) {
    p.messagingJoinedAtMs = atMs;
    conv.changes.push({ atMs, cause, what: 'participant.messaging', to: 'joined', detail: `${participantLabel(p)} joined messaging` });
  } else if (event.type === 'deleted') {
    p.messagingLeftAtMs = atMs;
    conv.changes.push({ atMs, cause, what: 'participant.messaging', to: 'left', detail: `${participantLabel(p)} left messaging` });
  }
}

export function applyEvent(state: TimelineState, event: UcwaEvent, atMs: number, cause: Cause): void {
  const resource = event.embedded[event.link.rel]?.[0];
  const found = resource ? learnHrefs(state, resource, directConversation(event, state.hrefs)) : null;
  const conversation = eventConversation(state.hrefs, event, found);
  learnEvent(state.hrefs, event, conversation);
  const convHref = conversation === null ? null : pathIn(state, conversation);
  presenceOnEvent(state, event, resource, atMs, cause);

  if (event.link.rel === 'missedItems') {
    if (resource) state.timeline.missedItems.push({ atMs, cause, counts: Object.fromEntries(Object.entries(resource.properties).filter(([, v]) => typeof v === 'number')) as Record<string, number> });
    return;
  }
  if (event.link.rel === 'conversation') {
    const href = pathIn(state, event.link.href);
    const existing = state.conversations.get(href);
    if (event.type === 'added') {
      // An href that comes back after its conversation was deleted names a new conversation.
      const conv = existing && existing.endedAtMs === null ? existing : newConversation(state, href, atMs, 'added');
      conv.firstSeenBy = 'added';
      if (resource) applyConversation(conv, resource, atMs, cause);
      return;
    }
    const conv = existing && existing.endedAtMs === null ? existing : conversationAt(state, href, atMs, `${event.type} event (never seen added)`);
    if (event.type === 'deleted') {
      conv.endedAtMs = atMs;
      for (const key of [...state.openTyping.keys()]) if (key.startsWith(`${conv.key} `)) endTyping(state, conv, key.slice(String(conv.key).length + 1), atMs);
      conv.changes.push({ atMs, cause, what: 'ended', detail: 'conversation deleted' });
      leaveMeeting(conv, atMs, cause);
    } else if (resource) applyConversation(conv, resource, atMs, cause);
    return;
  }
  if (!convHref) return;
  const conv = state.conversations.get(convHref) ?? newConversation(state, convHref, atMs, `${event.link.rel} ${event.type} event (never seen added)`);
  switch (event.link.rel) {
    case 'messagingInvitation':
    case 'audioVideoInvitation':
    case 'onlineMeetingInvitation':
      return onInvitation(state, event, resource, conv, atMs, cause);
    case 'audioVideo':
      if (resource) applyAudioVideo(conv, resource, atMs, cause);
      return;
    case 'audioVideoSession':
      if (resource) applyAudioVideoSession(conv, resource, atMs, cause);
      return;
    case 'onlineMeeting':
      return onOnlineMeeting(conv, resource, atMs, cause);
    case 'messaging':
      if (resource) applyMessaging(conv, resource, atMs, cause);
      return;
    case 'message':
      return onMessage(state, event, resource, conv, atMs, cause);
    case 'participant':
    case 'localParticipant':
      return onParticipant(state, event, resource, conv, atMs, cause);
    case 'participantMessaging':
      return onParticipantMessaging(state, event, conv, atMs, cause);
    default:
      return;
  }
}
