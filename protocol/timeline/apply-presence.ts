/**
 * What the traffic says of presence, folded into presence lanes: availability bands and note
 * marks from presence and note GETs (alone or in a batch), their events, and the client's own
 * makeMeAvailable, presence and note POSTs and presence subscriptions (presence_ref.md,
 * contactPresence_ref.md, presenceSubscriptions_ref.md).
 */
import { hrefPath } from '../derive/href-index.ts';
import type { UcwaEvent } from '../event.ts';
import type { PropertyValue, UcwaResource } from '../resource.ts';
import { plainValue } from './apply-resource.ts';
import { nonEmpty } from './participant-label.ts';
import { identify, laneOf, laneOfUri, meLane } from './presence-lanes.ts';
import { pathOf, type TimelineState } from './timeline-state.ts';
import type { Cause, PresenceLane, TimelineInput } from './timeline-types.ts';

/** POSTs whose success changes a lane, by the rel of the link they followed (a subscription's DELETE is found apart). */
const PRESENCE_REQUESTS: ReadonlySet<string> = new Set([
  'makeMeAvailable', 'reportMyActivity', 'presence', 'note', 'presenceSubscriptions', 'addToPresenceSubscription', 'memberships', 'presenceSubscriptionMemberships',
]);

export interface PendingPresenceRequest {
  readonly rel: string;
  readonly properties: Readonly<Record<string, PropertyValue>>;
  readonly cause: Cause;
}

const isMe = (state: TimelineState) => (path: string): boolean => state.hrefs.get(path)?.rel === 'me';

/** The lane a presence or note resource (or event link) at `href` belongs to: `me`'s for `presence`/`note`, else its contact's. */
function laneAt(state: TimelineState, href: string, rel: string, atMs: number): PresenceLane {
  const lanes = state.timeline.presence;
  if (rel === 'presence' || rel === 'note') return meLane(state.presence, lanes, atMs);
  const person = state.hrefs.get(href)?.person ?? pathOf(href);
  return laneOf(state.presence, lanes, person, isMe(state)(person), atMs);
}

function text(value: PropertyValue | undefined): string | null {
  return nonEmpty(plainValue(value));
}

function setAvailability(lane: PresenceLane, availability: string | null, activity: string | null, atMs: number, cause: Cause): void {
  if (availability !== null && availability !== lane.availability) {
    const open = lane.bands.at(-1);
    if (open && open.toMs === null) open.toMs = atMs;
    lane.bands.push({ availability, activity, fromMs: atMs, toMs: null, cause });
    lane.changes.push({ atMs, cause, what: 'availability', from: lane.availability, to: availability });
    lane.availability = availability;
    lane.activity = activity;
    return;
  }
  if (activity !== null && activity !== lane.activity) {
    lane.changes.push({ atMs, cause, what: 'activity', from: lane.activity, to: activity });
    lane.activity = activity;
  }
}

function setNote(lane: PresenceLane, message: string | null, type: string | null, atMs: number, cause: Cause): void {
  if (message === lane.note) return;
  lane.notes.push({ atMs, cause, message, type });
  lane.changes.push({ atMs, cause, what: 'presence.note', from: lane.note, to: message, detail: message === null ? 'note cleared' : `note ${JSON.stringify(message)}${type ? ` (${type})` : ''}` });
  lane.note = message;
}

/** A presence or note resource, from a GET (alone or in a batch) or embedded in its event. */
function applyPresenceResource(state: TimelineState, resource: UcwaResource, href: string, atMs: number, cause: Cause): boolean {
  const rel = resource.rel;
  if (rel === 'presence' || rel === 'contactPresence') {
    setAvailability(laneAt(state, href, rel, atMs), text(resource.properties['availability']), text(resource.properties['activity']), atMs, cause);
    return true;
  }
  if (rel === 'note' || rel === 'contactNote') {
    setNote(laneAt(state, href, rel, atMs), text(resource.properties['message']), text(resource.properties['type']), atMs, cause);
    return true;
  }
  return false;
}

/** Who the `me` and contact resources in a body are (URI and name), so lanes get names and a URI-only lane finds its person. */
export function learnPeople(state: TimelineState, resource: UcwaResource): void {
  // Only people and memberships are read: other resources (most of an event's) need no path.
  const rel = resource.rel;
  if (rel === 'me' || rel === 'contact' || rel === 'presenceSubscriptionMembership') {
    const path = resource.href !== null ? hrefPath(resource.href) : null;
    if (rel !== 'presenceSubscriptionMembership' && path !== null) identify(state.presence, state.timeline.presence, path, rel === 'me', text(resource.properties['uri']), text(resource.properties['name']));
    const contact = rel === 'presenceSubscriptionMembership' ? resource.links['contact']?.[0] : undefined;
    const contactPath = contact ? hrefPath(contact.href) : null;
    if (path !== null && contactPath !== null) state.presence.memberships.set(path, contactPath);
  }
  for (const relationship in resource.embedded) for (const inner of resource.embedded[relationship] as readonly UcwaResource[]) learnPeople(state, inner);
}

export function presenceOnRequest(state: TimelineState, input: Extract<TimelineInput, { kind: 'request' }>, rel: string | undefined): void {
  // A subscription is known by its rel, or by the Location its creation answered with.
  if (input.method === 'DELETE' && (rel === 'presenceSubscription' || state.presence.subscriptions.has(pathOf(input.href)))) {
    state.pendingPresence.set(input.cause.exchangeId, { rel: 'presenceSubscription', properties: {}, cause: input.cause });
    return;
  }
  if (input.method === 'DELETE' && state.presence.memberships.has(pathOf(input.href))) {
    state.pendingPresence.set(input.cause.exchangeId, { rel: 'presenceSubscriptionMembership', properties: {}, cause: input.cause });
    return;
  }
  if (input.method !== 'POST' || rel === undefined || !PRESENCE_REQUESTS.has(rel)) return;
  state.pendingPresence.set(input.cause.exchangeId, { rel, properties: input.properties ?? {}, cause: input.cause });
}

function uris(value: PropertyValue | undefined): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => nonEmpty(plainValue(item))).filter((uri): uri is string => uri !== null);
}

function subscribe(state: TimelineState, subscription: string | null, list: readonly string[], atMs: number, cause: Cause): void {
  for (const uri of list) {
    const lane = laneOfUri(state.presence, state.timeline.presence, uri, atMs, isMe(state));
    lane.subscribedAtMs ??= atMs;
    lane.unsubscribedAtMs = null;
    lane.changes.push({ atMs, cause, what: 'presence.subscribed', to: uri, detail: 'presence subscribed' });
    if (subscription !== null) {
      const members = state.presence.subscriptions.get(subscription) ?? new Set();
      members.add(lane);
      state.presence.subscriptions.set(subscription, members);
    }
  }
}

export function presenceOnResponse(state: TimelineState, input: Extract<TimelineInput, { kind: 'response' }>): void {
  const { atMs, cause, resource } = input;
  if (resource) {
    learnPeople(state, resource);
    if (input.method === 'GET' && input.status < 300) applyPresenceResource(state, resource, resource.href ?? input.href, atMs, cause);
  }
  const pending = state.pendingPresence.get(cause.exchangeId);
  if (!pending || input.status >= 300) return;
  state.pendingPresence.delete(cause.exchangeId);
  const { rel, properties } = pending;
  const me = () => meLane(state.presence, state.timeline.presence, atMs);
  switch (rel) {
    case 'makeMeAvailable':
      // makeMeAvailable signs the user in as `signInAs`, Online when the request names none (makeMeAvailable_ref.md).
      return setAvailability(me(), text(properties['signInAs']) ?? 'Online', null, atMs, pending.cause);
    case 'presence':
      return setAvailability(me(), text(properties['availability']), null, atMs, pending.cause);
    case 'note':
      return setNote(me(), text(properties['message']), null, atMs, pending.cause);
    case 'reportMyActivity':
      me().changes.push({ atMs, cause: pending.cause, what: 'presence.activity-reported', detail: 'you reported activity' });
      return;
    case 'presenceSubscription': {
      const path = pathOf(input.href);
      for (const lane of state.presence.subscriptions.get(path) ?? []) {
        lane.unsubscribedAtMs = atMs;
        lane.changes.push({ atMs, cause: pending.cause, what: 'presence.unsubscribed', detail: 'presence subscription deleted' });
      }
      state.presence.subscriptions.delete(path);
      return;
    }
    case 'presenceSubscriptionMembership': {
      const contact = state.presence.memberships.get(pathOf(input.href));
      if (contact === undefined) return;
      const lane = laneOf(state.presence, state.timeline.presence, contact, isMe(state)(contact), atMs);
      lane.unsubscribedAtMs = atMs;
      lane.changes.push({ atMs, cause: pending.cause, what: 'presence.unsubscribed', detail: 'removed from the presence subscription' });
      for (const members of state.presence.subscriptions.values()) members.delete(lane);
      return;
    }
    default: {
      const subscription = rel === 'presenceSubscriptions' ? (input.location ?? resource?.href ?? null) : null;
      subscribe(state, subscription === null ? null : pathOf(subscription), [...uris(properties['uris']), ...uris(properties['contactUris'])], atMs, pending.cause);
    }
  }
}

/** A presence or note event: its embedded resource when it carries one; else a mark that the server said it changed. */
export function presenceOnEvent(state: TimelineState, event: UcwaEvent, resource: UcwaResource | undefined, atMs: number, cause: Cause): void {
  if (resource) learnPeople(state, resource);
  const rel = event.link.rel;
  if (rel !== 'presence' && rel !== 'note' && rel !== 'contactPresence' && rel !== 'contactNote') return;
  if (resource && applyPresenceResource(state, resource, event.link.href, atMs, cause)) return;
  laneAt(state, event.link.href, rel, atMs).changes.push({ atMs, cause, what: 'presence.event', to: `${rel} ${event.type}`, detail: `${rel} ${event.type}` });
}
