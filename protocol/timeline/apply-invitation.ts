/**
 * A `messagingInvitation` event folded into its conversation: who invited whom and about what,
 * the first message its `message` data: link carries, its state and outcome (ReceiveAnIM.md).
 */
import type { UcwaEvent } from '../event.ts';
import { firstLink, type UcwaResource } from '../resource.ts';
import { applyParticipant, invitationMessageText, participantIn, plainValue } from './apply-resource.ts';
import { messageDetail } from './apply-message.ts';
import { nonEmpty, readableName, safeDecode } from './participant-label.ts';
import { pathIn, pathOf, type TimelineState } from './timeline-state.ts';
import type { Cause, ConversationTimeline, TimelineInvitation, TimelineMessage } from './timeline-types.ts';

/** `to` is a property in the reference and a link in some servers' invitations: its title, else its href's last segment. */
function invitee(resource: UcwaResource): string | null {
  const to = nonEmpty(plainValue(resource.properties['to']));
  if (to !== null) return to;
  const link = firstLink(resource, 'to');
  if (!link) return null;
  const path = pathOf(link.href);
  return nonEmpty(link.title) ?? (safeDecode(path.slice(path.lastIndexOf('/') + 1)) || link.href);
}


function learnParties(inv: TimelineInvitation, resource: UcwaResource, conv: ConversationTimeline | null): void {
  const from = resource.embedded['from']?.[0];
  const fromLink = firstLink(resource, 'from');
  const uri = from ? nonEmpty(plainValue(from.properties['uri'])) : null;
  inv.from = uri ?? nonEmpty(fromLink?.title) ?? inv.from;
  inv.fromName = readableName(from ? nonEmpty(plainValue(from.properties['name'])) ?? nonEmpty(fromLink?.title) : nonEmpty(fromLink?.title), uri) ?? inv.fromName;
  inv.to = invitee(resource) ?? inv.to;
  // The inviter is a participant of the conversation: what the invitation says of them names them there too.
  const fromHref = from?.href ?? fromLink?.href;
  if (conv && fromHref && inv.direction === 'Incoming') applyParticipant(participantIn(conv, fromHref), from, fromLink?.title);
  const subject = nonEmpty(plainValue(resource.properties['subject']));
  if (subject !== null) {
    inv.subject = subject;
    if (conv && conv.subject === null) conv.subject = subject;
  }
}

function announcement(inv: TimelineInvitation): string {
  const who = inv.direction === 'Outgoing' ? `to ${inv.to ?? 'someone'}` : `from ${inv.fromName ?? 'someone'}${inv.from && inv.from !== inv.fromName ? ` (${inv.from})` : ''}`;
  return `${inv.direction === 'Outgoing' ? 'outgoing' : 'incoming'} invitation ${who}${inv.subject ? `: ${JSON.stringify(inv.subject)}` : ''}`;
}

/** An incoming invitation's first message is the conversation's first message, sent by the inviter. */
function firstMessage(inv: TimelineInvitation, resource: UcwaResource, conv: ConversationTimeline, atMs: number, cause: Cause): void {
  if (inv.direction !== 'Incoming' || inv.message !== null) return;
  const carried = invitationMessageText(resource);
  if (!carried) return;
  inv.message = carried.text;
  const message: TimelineMessage = { href: null, atMs, direction: 'Incoming', from: inv.from, fromName: inv.fromName, text: carried.text, html: carried.html, status: null, sentBy: null, cause, timeStampMs: null, invitation: inv.href };
  conv.messages.push(message);
  conv.changes.push({ atMs, cause, what: 'message', to: message.text, detail: messageDetail(message) });
}

export function onInvitation(state: TimelineState, event: UcwaEvent, resource: UcwaResource | undefined, conv: ConversationTimeline | null, atMs: number, cause: Cause): void {
  const href = pathIn(state, event.link.href);
  let entry = state.invitations.get(href);
  if (!entry) {
    const invitation: TimelineInvitation = { href, direction: null, from: null, fromName: null, to: null, subject: null, message: null, state: null, operationId: null, outcome: null, actions: [] };
    entry = { conversationHref: conv?.href ?? null, invitation, announced: false };
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
    learnParties(inv, resource, conv);
    const operationId = plainValue(resource.properties['operationId']);
    if (typeof operationId === 'string') inv.operationId = operationId;
    if (conv && !entry.announced && inv.direction !== null) {
      entry.announced = true;
      conv.changes.push({ atMs, cause, what: 'invitation', to: inv.direction === 'Outgoing' ? inv.to : inv.from, detail: announcement(inv) });
    }
    if (conv) firstMessage(inv, resource, conv, atMs, cause);
    const next = plainValue(resource.properties['state']);
    if (typeof next === 'string' && next !== inv.state) {
      conv?.changes.push({ atMs, cause, what: 'invitation.state', from: inv.state, to: next, detail: `${inv.direction ?? ''} invitation`.trim() });
      inv.state = next;
    }
  }
  // audio/video and online meeting invitations have no `completed` event (their Events tables): a final state is the outcome.
  if ((event.link.rel === 'audioVideoInvitation' || event.link.rel === 'onlineMeetingInvitation') && inv.outcome === null && inv.state !== null && inv.state !== 'Connecting') {
    inv.outcome = { status: inv.state === 'Connected' ? 'Success' : 'Failure', ...(inv.state === 'Connected' ? {} : { reason: inv.state }), atMs, cause };
    const kind = event.link.rel === 'audioVideoInvitation' ? 'call' : 'meeting';
    conv?.changes.push({ atMs, cause, what: 'invitation.completed', to: inv.outcome.status, ...(inv.outcome.reason ? { detail: `${kind} ${inv.outcome.reason}` } : {}) });
  }
  if (event.type === 'completed') {
    const reason = event.reason ? [event.reason.code, event.reason.subcode].filter(Boolean).join('/') : undefined;
    inv.outcome = { status: event.status ?? 'Unknown', ...(reason ? { reason } : {}), atMs, cause };
    conv?.changes.push({ atMs, cause, what: 'invitation.completed', to: event.status ?? 'Unknown', ...(reason ? { detail: reason } : {}) });
  }
}
