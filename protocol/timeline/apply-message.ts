/** A `message` event folded into its conversation: the text, who sent it, its status and the server's timeStamp (SendAnIM.md, ReceiveAnIM.md). */
import type { UcwaEvent } from '../event.ts';
import { firstLink, isUcwaDate, type UcwaResource } from '../resource.ts';
import { messageText, participantIn, plainValue } from './apply-resource.ts';
import { readableName } from './participant-label.ts';
import { pathIn, pathOf, type TimelineState } from './timeline-state.ts';
import type { Cause, ConversationTimeline, TimelineMessage } from './timeline-types.ts';

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

/** The text form of a message: its text (or that it was not captured, with its status), sender, and the server's time. */
export function messageDetail(message: TimelineMessage): string {
  const direction = message.direction === 'Incoming' ? 'in ' : 'out';
  const text = message.text === null ? `(text not captured)${message.status ? ` · ${message.status}` : ''}` : JSON.stringify(message.text);
  const from = message.fromName && message.direction === 'Incoming' ? `  from ${message.fromName}` : '';
  const serverTime = message.timeStampMs !== null ? ` · server time ${clock(message.timeStampMs)}` : '';
  return `${direction} ${text}${from}${serverTime}`;
}

function statusOf(event: UcwaEvent, resource: UcwaResource | undefined): string | null {
  const status = resource ? plainValue(resource.properties['status']) : undefined;
  if (typeof status === 'string') return status;
  return event.type === 'completed' && event.status ? event.status : null;
}

/** An incoming message that repeats the first message its invitation already carried takes that message's place. */
function invitationCopy(conv: ConversationTimeline, text: string | null): TimelineMessage | undefined {
  return conv.messages.find((m) => m.href === null && m.invitation !== null && m.direction === 'Incoming' && (text === null || m.text === text));
}

export function onMessage(state: TimelineState, event: UcwaEvent, resource: UcwaResource | undefined, conv: ConversationTimeline, atMs: number, cause: Cause): void {
  const href = pathIn(state, event.link.href);
  const direction = resource && plainValue(resource.properties['direction']) === 'Incoming' ? 'Incoming' : 'Outgoing';
  const status = statusOf(event, resource);
  const stamp = resource?.properties['timeStamp'];
  const timeStampMs = isUcwaDate(stamp) ? stamp.epochMs : null;
  let message = conv.messages.find((m) => m.href === href);
  if (!message) {
    const { text, html } = resource ? messageText(resource) : { text: null, html: false };
    const copy = direction === 'Incoming' ? invitationCopy(conv, text) : undefined;
    if (copy) {
      copy.href = href;
      copy.timeStampMs ??= timeStampMs;
      if (status !== null) copy.status = status;
      return;
    }
    const sender = resource ? firstLink(resource, 'participant') : undefined;
    const participant = sender ? participantIn(conv, sender.href, state.hrefs) : null;
    if (participant && readableName(sender?.title, null) !== null && !participant.name) participant.name = readableName(sender?.title, null);
    const fromName = readableName(participant?.name ?? sender?.title, participant?.uri);
    message = { href, atMs, direction, from: participant?.uri ?? (direction === 'Outgoing' ? 'local' : null), fromName, text, html, status, sentBy: null, cause, timeStampMs, invitation: null };
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
    conv.changes.push({ atMs, cause, what: 'message', to: message.text, detail: messageDetail(message) });
    return;
  }
  if (status !== null) message.status = status;
  message.timeStampMs ??= timeStampMs;
}
