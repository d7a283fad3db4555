/**
 * The conversation-timeline reducer: (state, input) → state, pure of I/O and deterministic. For
 * speed the returned state reuses the given one's storage: pass each state on and do not keep
 * using the old one (fold from `emptyTimelineState()` to get a fresh one).
 */
import { applyAudioVideo, applyConversation, applyMessaging, applyParticipant, participantIn } from './apply-resource.ts';
import { learnHrefs } from './learn-hrefs.ts';
import { presenceOnRequest, presenceOnResponse } from './apply-presence.ts';
import { applyEvent } from './apply-event.ts';
import { conversationAt, emptyTimelineState, pathIn, pathOf, type TimelineState } from './timeline-state.ts';
import type { TimelineInput } from './timeline-types.ts';

/**
 * The conversation a text POST sends a message in, when its URL was never offered as a
 * sendMessage link: clients build `<conversation>/messaging/messages` themselves, so a path that
 * ends the way sendMessage links end names the conversation it starts with.
 */
function selfBuiltSendTarget(state: TimelineState, path: string, rel: string | undefined): string | null {
  if (rel !== undefined && rel !== 'sendMessage') return null;
  for (const tail of state.sendMessageTails) if (path.length > tail.length && path.endsWith(tail)) return path.slice(0, -tail.length);
  return null;
}

/** What a client does with a link it was just offered: the requests worth holding until the offer is folded. */
const ACTIONS_ON_OFFERED_LINKS = new Set(['accept', 'decline', 'cancel', 'sendMessage', 'setIsTyping']);

function onRequest(state: TimelineState, input: Extract<TimelineInput, { kind: 'request' }>): void {
  const facts = state.hrefs.get(input.href);
  const rel = facts?.rel ?? undefined;
  // The request's own path is read only by a text POST and a DELETE: most requests never parse their URL twice.
  const selfBuilt = input.method === 'POST' && input.text !== undefined ? selfBuiltSendTarget(state, pathOf(input.href), rel) : null;
  // Nothing below acts on a POST to an unknown href: holding it changes nothing unless its offer comes in its millisecond.
  if (facts === undefined && selfBuilt === null && input.method === 'POST' && Number.isInteger(input.atMs)) {
    state.heldRequests.push(input);
    return;
  }
  const convHref = (facts?.conversation != null ? pathIn(state, facts.conversation) : null) ?? selfBuilt;
  const { atMs, cause } = input;
  presenceOnRequest(state, input, rel);
  if (input.method === 'POST' && (rel === 'sendMessage' || selfBuilt !== null) && convHref) {
    const conv = conversationAt(state, convHref, atMs, 'sendMessage request');
    const pending = { conversationKey: conv.key, text: input.text ?? '', html: input.html ?? false, cause, atMs, location: null, matched: false };
    const list = state.pendingSends.get(conv.key);
    if (list) list.push(pending);
    else state.pendingSends.set(conv.key, [pending]);
    state.sendsByExchange.set(cause.exchangeId, pending);
    return;
  }
  if (input.method === 'POST' && (rel === 'accept' || rel === 'decline' || rel === 'cancel')) {
    const entry = facts?.invitation !== undefined ? state.invitations.get(facts.invitation) : undefined;
    if (!entry) return;
    entry.invitation.actions.push({ action: rel, atMs, cause });
    const conv = entry.conversationHref ? state.conversations.get(entry.conversationHref) : undefined;
    conv?.changes.push({ atMs, cause, what: `invitation.${rel}`, detail: `you ${rel === 'accept' ? 'accepted' : rel === 'decline' ? 'declined' : 'cancelled'} the invitation` });
    return;
  }
  if (input.method === 'POST' && rel === 'setIsTyping' && convHref) {
    state.conversations.get(convHref)?.changes.push({ atMs, cause, what: 'typing.local', detail: 'you are typing' });
    return;
  }
  if (input.method === 'DELETE' && rel === 'conversation') {
    state.conversations.get(pathOf(input.href))?.changes.push({ atMs, cause, what: 'leave', detail: 'you left the conversation' });
  }
}

function onResponse(state: TimelineState, input: Extract<TimelineInput, { kind: 'response' }>): void {
  const facts = state.hrefs.get(input.href);
  const rel = facts?.rel ?? undefined;
  const { atMs, cause, status } = input;
  const app = state.timeline.application;
  if (input.method === 'POST' && input.resource?.rel === 'application' && status < 300) app.push({ atMs, cause, what: 'created' });
  else if (input.method === 'POST' && rel === 'makeMeAvailable' && status < 300) app.push({ atMs, cause, what: 'made-available' });
  else if (input.method === 'DELETE' && rel === 'application' && status < 300) app.push({ atMs, cause, what: 'deleted' });
  if (input.errorSubcode === 'InactiveApplicationExpired' && app.at(-1)?.what !== 'expired') app.push({ atMs, cause, what: 'expired' });
  if (input.errorSubcode === 'ApplicationNotFound' && app.at(-1)?.what !== 'not-found') app.push({ atMs, cause, what: 'not-found' });
  if (input.method === 'POST' && rel === 'sendMessage' && input.location) {
    const pending = state.sendsByExchange.get(cause.exchangeId);
    state.sendsByExchange.delete(cause.exchangeId);
    if (pending && !pending.matched) pending.location = input.location;
  }
  const resource = input.resource;
  const urlConversation = facts?.conversation != null ? pathIn(state, facts.conversation) : null;
  if (!resource || input.method !== 'GET' || status >= 300) {
    if (resource) learnHrefs(state, resource, urlConversation);
    presenceOnResponse(state, input);
    return;
  }
  const owner = learnHrefs(state, resource, urlConversation);
  presenceOnResponse(state, input);
  const snapshot = { ...cause, source: 'snapshot' as const };
  if (resource.rel === 'missedItems') {
    state.timeline.missedItems.push({ atMs, cause: snapshot, counts: Object.fromEntries(Object.entries(resource.properties).filter(([, v]) => typeof v === 'number')) as Record<string, number> });
    return;
  }
  if (!owner) return;
  const conv = state.conversations.get(owner);
  if (!conv || conv.endedAtMs !== null) return;
  if (resource.rel === 'conversation') applyConversation(conv, resource, atMs, snapshot);
  else if (resource.rel === 'messaging') applyMessaging(conv, resource, atMs, snapshot);
  else if (resource.rel === 'audioVideo') applyAudioVideo(conv, resource, atMs, snapshot);
  else if (resource.rel === 'participant') applyParticipant(participantIn(conv, resource.href ? pathOf(resource.href) : pathOf(input.href)), resource, undefined);
}

export const UNRECORDED_CREATION = 'events for an application whose creation was not recorded';

/** Once per session: events with no application creation before them (a request sent around the proxy, or a recording started late). */
function noteUnrecordedCreation(state: TimelineState, atMs: number, cause: Extract<TimelineInput, { kind: 'event' }>['cause']): void {
  const app = state.timeline.application;
  if (app.some((entry) => entry.what === 'created' || entry.what === 'creation-not-recorded')) return;
  app.push({ atMs, cause, what: 'creation-not-recorded', detail: UNRECORDED_CREATION });
}

/**
 * Acts on held requests whose href the fold has now learnt, and lets go of those whose millisecond
 * is over. Captures (HAR, Fiddler, older recordings) stamp a request's start to the whole
 * millisecond but its answers to the fraction, so a decline sent 0.3 ms after the event offering it
 * can sort before that event; only an input of the request's own millisecond can be that offer.
 */
function releaseHeld(state: TimelineState, nowMs: number): void {
  const held = state.heldRequests;
  let kept = 0;
  for (const request of held) {
    if (nowMs >= request.atMs + 1) continue;
    const rel = state.hrefs.get(request.href)?.rel;
    if (rel != null && ACTIONS_ON_OFFERED_LINKS.has(rel)) onRequest(state, request);
    else if (rel == null) held[kept++] = request;
  }
  held.length = kept;
}

export function reduceTimeline(state: TimelineState, input: TimelineInput): TimelineState {
  const oldestHeld = state.heldRequests[0];
  if (oldestHeld !== undefined && input.atMs >= oldestHeld.atMs + 1) releaseHeld(state, input.atMs);
  switch (input.kind) {
    case 'request':
      onRequest(state, input);
      break;
    case 'response':
      onResponse(state, input);
      break;
    case 'event':
      noteUnrecordedCreation(state, input.atMs, input.cause);
      applyEvent(state, input.event, input.atMs, input.cause);
      break;
    case 'channel-reset': {
      state.timeline.resets.push({ atMs: input.atMs, cause: input.cause, kind: input.reset });
      for (const conv of state.conversations.values()) if (conv.endedAtMs === null) conv.changes.push({ atMs: input.atMs, cause: input.cause, what: 'reset', detail: `event channel ${input.reset}: transient state was reset` });
      for (const interval of state.openTyping.values()) interval.toMs = input.atMs;
      state.openTyping.clear();
      break;
    }
  }
  if (state.heldRequests.length > 0 && input.kind !== 'request') releaseHeld(state, input.atMs);
  return state;
}

/** Folds inputs (already in time order) from an empty state. */
export function foldTimeline(inputs: Iterable<TimelineInput>): TimelineState {
  let state = emptyTimelineState();
  for (const input of inputs) state = reduceTimeline(state, input);
  return state;
}
