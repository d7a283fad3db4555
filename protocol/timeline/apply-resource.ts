/** What a resource says about a conversation (from an event's embedded copy or a GET snapshot), as changes on its timeline. */
import type { HrefIndex } from '../derive/href-index.ts';
import { firstLink, type UcwaResource } from '../resource.ts';
import { dataUriText } from './data-uri-text.ts';
import { nonEmpty } from './participant-label.ts';
import { pathOf } from './timeline-state.ts';
import type { Cause, ConversationTimeline, TimelineParticipant } from './timeline-types.ts';

const MESSAGING_ACTIONS = ['sendMessage', 'setIsTyping', 'stopMessaging', 'addMessaging', 'typingParticipants'];
/** Each action's change name, built once: every conversation's changes share these strings. */
const ACTION_CHANGES: readonly (readonly [string, string])[] = MESSAGING_ACTIONS.map((action) => [action, `link ${action}`]);

/** Property values as plain JSON values (dates by their text) so timelines compare and print simply. */
export function plainValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && (value as { kind?: string }).kind === 'date') return (value as { text: string }).text;
  return value;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => same(item, b[i]));
  return JSON.stringify(a) === JSON.stringify(b);
}

export function applyConversation(conv: ConversationTimeline, resource: UcwaResource, atMs: number, cause: Cause): void {
  const properties = resource.properties;
  // for…in visits a plain object's own keys in Object.entries' order, without building the pairs.
  for (const name in properties) {
    const value = plainValue(properties[name]);
    if (same(conv.properties[name], value)) continue;
    conv.changes.push({ atMs, cause, what: name, from: conv.properties[name] ?? null, to: value });
    conv.properties[name] = value;
    if (name === 'threadId' && typeof value === 'string') conv.threadId = value;
    if (name === 'subject' && typeof value === 'string') conv.subject = value;
  }
}

export function applyMessaging(conv: ConversationTimeline, resource: UcwaResource, atMs: number, cause: Cause): void {
  const state = plainValue(resource.properties['state']);
  if (typeof state === 'string' && state !== conv.messagingState) {
    conv.changes.push({ atMs, cause, what: 'messaging.state', from: conv.messagingState, to: state });
    conv.messagingState = state;
  }
  const formats = resource.properties['negotiatedMessageFormats'];
  const list = Array.isArray(formats) ? formats.filter((f): f is string => typeof f === 'string') : null;
  if (list && !same(list, conv.negotiatedMessageFormats)) {
    conv.changes.push({ atMs, cause, what: 'messaging.negotiatedMessageFormats', from: conv.negotiatedMessageFormats, to: list });
    conv.negotiatedMessageFormats = list;
  }
  for (const [action, what] of ACTION_CHANGES) {
    const offered = firstLink(resource, action) !== undefined;
    if (offered === conv.actions.has(action)) continue;
    if (offered) conv.actions.add(action);
    else conv.actions.delete(action);
    conv.changes.push({ atMs, cause, what, from: !offered, to: offered, detail: offered ? 'available' : 'gone' });
  }
}

/** The audio/video modality's state, as a band beside messaging's: its changes are `audioVideo.state`. */
export function applyAudioVideo(conv: ConversationTimeline, resource: UcwaResource, atMs: number, cause: Cause): void {
  const state = plainValue(resource.properties['state']);
  const previous = conv.changes.findLast((c) => c.what === 'audioVideo.state')?.to ?? 'Disconnected';
  if (typeof state === 'string' && state !== previous) conv.changes.push({ atMs, cause, what: 'audioVideo.state', from: previous, to: state });
}

/** A call's media session (audioVideoSession): Established, Suspended while on hold; its changes are `audioVideo.session`. */
export function applyAudioVideoSession(conv: ConversationTimeline, resource: UcwaResource, atMs: number, cause: Cause): void {
  const state = plainValue(resource.properties['state']);
  const previous = conv.changes.findLast((c) => c.what === 'audioVideo.session')?.to ?? null;
  if (typeof state === 'string' && state !== previous) conv.changes.push({ atMs, cause, what: 'audioVideo.session', from: previous, to: state });
}

/** `index`: the fold's href index, which spares the href's scans when it holds it. */
export function participantIn(conv: ConversationTimeline, href: string, index?: HrefIndex): TimelineParticipant {
  const path = index ? (index.pathOf(href) ?? href) : pathOf(href);
  let p = conv.participants.find((x) => x.href === path && x.leftAtMs === null) ?? conv.participants.find((x) => x.href === path);
  if (!p) {
    p = { href: path, uri: null, name: null, local: false, joinedAtMs: null, leftAtMs: null, messagingJoinedAtMs: null, messagingLeftAtMs: null };
    conv.participants.push(p);
  }
  return p;
}

export function applyParticipant(p: TimelineParticipant, resource: UcwaResource | undefined, title: string | undefined): void {
  if (nonEmpty(title) && !p.name) p.name = nonEmpty(title);
  if (!resource) return;
  const uri = nonEmpty(plainValue(resource.properties['uri']));
  const name = nonEmpty(plainValue(resource.properties['name']));
  if (uri !== null) p.uri = uri;
  if (name !== null) p.name = name;
  if (resource.properties['local'] === true) p.local = true;
}

/** The IM text a message carries in its plainMessage or htmlMessage data: link. */
export function messageText(resource: UcwaResource): { text: string | null; html: boolean } {
  const link = firstLink(resource, 'plainMessage') ?? firstLink(resource, 'htmlMessage');
  if (!link) return { text: null, html: false };
  return { text: dataUriText(link.href)?.text ?? null, html: link.rel === 'htmlMessage' };
}

/** The first message an invitation carries in its `message` data: link (plain or HTML by the URI's media type). */
export function invitationMessageText(resource: UcwaResource): { text: string; html: boolean } | null {
  const link = firstLink(resource, 'message');
  if (!link || !/^data:/i.test(link.href)) return null;
  const decoded = dataUriText(link.href);
  return decoded ? { text: decoded.text, html: decoded.mediaType === 'text/html' } : null;
}
