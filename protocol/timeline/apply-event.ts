/** One event of the event channel, folded into the timeline (EventsInUCWA.md, SendAnIM.md, ReceiveAnIM.md). */
import type { UcwaEvent } from '../event.ts';
import { firstLink, type UcwaResource } from '../resource.ts';
import { applyConversation, applyMessaging, applyParticipant, learnLinks, messageText, participantIn, plainValue } from './apply-resource.ts';
import { conversationAt, newConversation, pathOf, type TimelineState } from './timeline-state.ts';
import type { Cause, ConversationTimeline, TimelineInvitation } from './timeline-types.ts';

/** Which conversation an event is about: its sender, its link, or what its resource links to. */
function conversationHrefOf(state: TimelineState, event: UcwaEvent, resource: UcwaResource | undefined): string | null {
  if (event.link.rel === 'conversation') return pathOf(event.link.href);
  if (event.sender.rel === 'conversation') return pathOf(event.sender.href);
  const linked = resource ? firstLink(resource, 'conversation') : undefined;
  if (linked) return pathOf(linked.href);
  return state.owners.get(pathOf(event.link.href)) ?? null;
}

function endTyping(state: TimelineState, conv: ConversationTimeline, who: string, atMs: number): void {
  const key = `${conv.key} ${who}`;
  const open = state.openTyping.get(key);
  if (open) {
    open.toMs = atMs;
    state.openTyping.delete(key);
  }
}

function onInvitation(state: TimelineState, event: UcwaEvent, resource: UcwaResource | undefined, conv: ConversationTimeline | null, atMs: number, cause: Cause): void {
  const href = pathOf(event.link.href);
  let entry = state.invitations.get(href);
  if (!entry) {
    const invitation: TimelineInvitation = { href, direction: null, from: null, to: null, state: null, operationId: null, outcome: null, actions: [] };
    entry = { conversationHref: conv?.href ?? null, invitation };
    state.invitations.set(href, entry);
    conv?.invitations.push(invitation);
  }
  const inv = entry.invitation;
  if (resource) {
    const direction = plainValue(resource.properties['direction']);
    if (direction === 'Incoming' || direction === 'Outgoing') {
      inv.direction = direction;
      if (conv && !conv.direction) conv.direction = direction;
    }
    const from = resource.embedded['from']?.[0];
    inv.from = (from && (plainValue(from.properties['uri']) as string | undefined)) ?? firstLink(resource, 'from')?.title ?? inv.from;
    const to = plainValue(resource.properties['to']);
    if (typeof to === 'string') inv.to = to;
    const operationId = plainValue(resource.properties['operationId']);
    if (typeof operationId === 'string') inv.operationId = operationId;
    const next = plainValue(resource.properties['state']);
    if (typeof next === 'string' && next !== inv.state) {
      conv?.changes.push({ atMs, cause, what: 'invitation.state', from: inv.state, to: next, detail: `${inv.direction ?? ''} invitation`.trim() });
      inv.state = next;
    }
    for (const [rel, list] of Object.entries(resource.links)) for (const link of list) if (['accept', 'decline', 'cancel'].includes(rel)) state.owners.set(pathOf(link.href), href);
  }
  if (event.type === 'completed') {
    const reason = event.reason ? [event.reason.code, event.reason.subcode].filter(Boolean).join('/') : undefined;
    inv.outcome = { status: event.status ?? 'Unknown', ...(reason ? { reason } : {}), atMs, cause };
    conv?.changes.push({ atMs, cause, what: 'invitation.completed', to: event.status ?? 'Unknown', ...(reason ? { detail: reason } : {}) });
  }
}

function onMessage(state: TimelineState, event: UcwaEvent, resource: UcwaResource | undefined, conv: ConversationTimeline, atMs: number, cause: Cause): void {
  const href = pathOf(event.link.href);
  const direction = resource && plainValue(resource.properties['direction']) === 'Incoming' ? 'Incoming' : 'Outgoing';
  let message = conv.messages.find((m) => m.href === href);
  if (!message) {
    const sender = resource ? firstLink(resource, 'participant') : undefined;
    const participant = sender ? participantIn(conv, sender.href) : null;
    if (participant && sender?.title && !participant.name) participant.name = sender.title;
    const { text, html } = resource ? messageText(resource) : { text: null, html: false };
    message = { href, atMs, direction, from: participant?.uri ?? (direction === 'Outgoing' ? 'local' : null), fromName: participant?.name ?? sender?.title ?? null, text, html, status: null, sentBy: null, cause };
    if (direction === 'Outgoing') {
      const waiting = state.pendingSends.get(conv.key) ?? [];
      const index = Math.max(waiting.findIndex((p) => p.location === null || pathOf(p.location) === href), waiting.length > 0 ? 0 : -1);
      const pending = index >= 0 ? waiting.splice(index, 1)[0] : undefined;
      if (pending) {
        pending.matched = true;
        message.text ??= pending.text;
        message.html = pending.html;
        message.sentBy = pending.cause;
      }
      message.from = 'local';
    }
    conv.messages.push(message);
    conv.changes.push({ atMs, cause, what: 'message', to: message.text, detail: `${direction === 'Incoming' ? 'in ' : 'out'} ${JSON.stringify(message.text ?? '')}${message.fromName && direction === 'Incoming' ? `  from ${message.fromName}` : ''}` });
  }
  const status = resource ? plainValue(resource.properties['status']) : undefined;
  if (typeof status === 'string') message.status = status;
  else if (event.type === 'completed' && event.status) message.status = event.status;
}

function onParticipant(state: TimelineState, event: UcwaEvent, resource: UcwaResource | undefined, conv: ConversationTimeline, atMs: number, cause: Cause): void {
  const p = participantIn(conv, event.link.href);
  applyParticipant(p, resource, event.link.title);
  if (event.link.rel === 'localParticipant') {
    p.local = true;
    state.localParticipants.add(p.href);
  }
  const who = p.uri ?? p.name ?? p.href;
  if (event.in?.rel === 'typingParticipants') {
    if (event.type === 'added' && !state.openTyping.has(`${conv.key} ${who}`)) {
      const interval = { who, fromMs: atMs, toMs: null, cause };
      conv.typing.push(interval);
      state.openTyping.set(`${conv.key} ${who}`, interval);
      conv.changes.push({ atMs, cause, what: 'typing', to: true, detail: `${p.name ?? who} started typing` });
    } else if (event.type === 'deleted') {
      endTyping(state, conv, who, atMs);
      conv.changes.push({ atMs, cause, what: 'typing', to: false, detail: `${p.name ?? who} stopped typing` });
    }
    return;
  }
  if (event.type === 'added' && p.joinedAtMs === null) {
    p.joinedAtMs = atMs;
    conv.changes.push({ atMs, cause, what: 'participant', to: 'joined', detail: `${p.local ? 'you' : (p.name ?? who)} joined` });
  } else if (event.type === 'deleted' && p.leftAtMs === null) {
    p.leftAtMs = atMs;
    endTyping(state, conv, who, atMs);
    conv.changes.push({ atMs, cause, what: 'participant', to: 'left', detail: `${p.name ?? who} left` });
  }
}

function onParticipantMessaging(event: UcwaEvent, conv: ConversationTimeline, atMs: number, cause: Cause): void {
  if (!event.in) return;
  const p = participantIn(conv, event.in.href);
  if (event.in.title && !p.name) p.name = event.in.title;
  if (event.in.rel === 'localParticipant') p.local = true;
  const label = p.local ? 'you' : (p.name ?? p.uri ?? p.href);
  if (event.type === 'added' && p.messagingJoinedAtMs === null) {
    p.messagingJoinedAtMs = atMs;
    conv.changes.push({ atMs, cause, what: 'participant.messaging', to: 'joined', detail: `${label} joined messaging` });
  } else if (event.type === 'deleted') {
    p.messagingLeftAtMs = atMs;
    conv.changes.push({ atMs, cause, what: 'participant.messaging', to: 'left', detail: `${label} left messaging` });
  }
}

export function applyEvent(state: TimelineState, event: UcwaEvent, atMs: number, cause: Cause): void {
  const resource = event.embedded[event.link.rel]?.[0];
  const convHref = conversationHrefOf(state, event, resource);
  if (resource) learnLinks(state, resource, event.link.rel === 'conversation' ? pathOf(event.link.href) : convHref);
  state.hrefRels.set(pathOf(event.link.href), event.link.rel);
  if (convHref && event.link.rel !== 'conversation' && event.link.rel !== 'messagingInvitation') state.owners.set(pathOf(event.link.href), convHref);

  if (event.link.rel === 'missedItems') {
    if (resource) state.timeline.missedItems.push({ atMs, cause, counts: Object.fromEntries(Object.entries(resource.properties).filter(([, v]) => typeof v === 'number')) as Record<string, number> });
    return;
  }
  if (event.link.rel === 'conversation') {
    const href = pathOf(event.link.href);
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
    } else if (resource) applyConversation(conv, resource, atMs, cause);
    return;
  }
  if (!convHref) return;
  const conv = state.conversations.get(convHref) ?? newConversation(state, convHref, atMs, `${event.link.rel} ${event.type} event (never seen added)`);
  switch (event.link.rel) {
    case 'messagingInvitation':
      return onInvitation(state, event, resource, conv, atMs, cause);
    case 'messaging':
      if (resource) applyMessaging(conv, resource, atMs, cause);
      return;
    case 'message':
      return onMessage(state, event, resource, conv, atMs, cause);
    case 'participant':
    case 'localParticipant':
      return onParticipant(state, event, resource, conv, atMs, cause);
    case 'participantMessaging':
      return onParticipantMessaging(event, conv, atMs, cause);
    default:
      return;
  }
}
