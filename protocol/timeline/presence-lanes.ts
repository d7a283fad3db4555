/**
 * The presence lanes of a session: one per person whose presence it saw (`me`, and each contact
 * whose presence was fetched, announced or subscribed to), keyed by the person's href. A contact
 * subscribed to by SIP URI has a lane named by that URI until a contact resource ties the URI to
 * an href; the two lanes are then one.
 */
import type { PresenceLane } from './timeline-types.ts';

export interface PresenceState {
  /** `me`, a person's href path, or `uri:<sip uri>` for a contact known only by URI. */
  readonly lanes: Map<string, PresenceLane>;
  /** Person href path → its SIP URI and name, from `me` and contact resources. */
  readonly people: Map<string, { uri: string | null; name: string | null }>;
  readonly pathByUri: Map<string, string>;
  /** Presence subscription href path → the lanes it took in. */
  readonly subscriptions: Map<string, Set<PresenceLane>>;
  /** Subscription membership href path → the contact's href path (its `contact` link). */
  readonly memberships: Map<string, string>;
  /** The `me` resource's href path, once seen. */
  mePath: string | null;
  nextKey: number;
}

export function emptyPresenceState(): PresenceState {
  return { lanes: new Map(), people: new Map(), pathByUri: new Map(), subscriptions: new Map(), memberships: new Map(), mePath: null, nextKey: 1 };
}

const uriKey = (uri: string): string => `uri:${uri.toLowerCase()}`;

function newLane(presence: PresenceState, lanes: PresenceLane[], me: boolean, href: string | null, uri: string | null, name: string | null, atMs: number): PresenceLane {
  const lane: PresenceLane = {
    key: presence.nextKey++,
    me,
    href,
    uri,
    name,
    firstSeenAtMs: atMs,
    subscribedAtMs: null,
    unsubscribedAtMs: null,
    availability: null,
    activity: null,
    note: null,
    bands: [],
    notes: [],
    changes: [],
  };
  if (me) lanes.unshift(lane);
  else lanes.push(lane);
  return lane;
}

/** The user's own lane, started now if the session had none. */
export function meLane(presence: PresenceState, lanes: PresenceLane[], atMs: number): PresenceLane {
  return laneOf(presence, lanes, presence.mePath, true, atMs);
}

/** The lane of the person at `path` (the user's own when `me`), started now if the session had none. */
export function laneOf(presence: PresenceState, lanes: PresenceLane[], path: string | null, me: boolean, atMs: number): PresenceLane {
  const key = me ? 'me' : (path as string);
  const existing = presence.lanes.get(key);
  if (existing) {
    existing.href ??= path;
    return existing;
  }
  const known = path === null ? undefined : presence.people.get(path);
  const byUri = known?.uri ? presence.lanes.get(uriKey(known.uri)) : undefined;
  if (byUri) {
    presence.lanes.delete(uriKey(byUri.uri as string));
    byUri.href = path;
    byUri.name ??= known?.name ?? null;
    presence.lanes.set(key, byUri);
    return byUri;
  }
  const lane = newLane(presence, lanes, me, path, known?.uri ?? null, known?.name ?? null, atMs);
  presence.lanes.set(key, lane);
  return lane;
}

/** The lane of the contact a subscription names by SIP URI: their href's lane when a contact resource tied them, else one named by the URI. */
export function laneOfUri(presence: PresenceState, lanes: PresenceLane[], uri: string, atMs: number, isMe: (path: string) => boolean): PresenceLane {
  const path = presence.pathByUri.get(uri.toLowerCase());
  if (path !== undefined) return laneOf(presence, lanes, path, isMe(path), atMs);
  const key = uriKey(uri);
  let lane = presence.lanes.get(key);
  if (!lane) {
    lane = newLane(presence, lanes, false, null, uri, null, atMs);
    presence.lanes.set(key, lane);
  }
  return lane;
}

/** What a `me` or contact resource says of a person: their URI and name, which also joins a lane known only by URI to the person's lane. */
export function identify(presence: PresenceState, lanes: PresenceLane[], path: string, me: boolean, uri: string | null, name: string | null): void {
  const known = presence.people.get(path);
  if (me) presence.mePath = path;
  const person = { uri: uri ?? known?.uri ?? null, name: name ?? known?.name ?? null };
  presence.people.set(path, person);
  if (person.uri !== null) presence.pathByUri.set(person.uri.toLowerCase(), path);
  const key = me ? 'me' : path;
  let lane = presence.lanes.get(key);
  const byUri = person.uri !== null ? presence.lanes.get(uriKey(person.uri)) : undefined;
  if (lane && byUri && byUri !== lane) {
    presence.lanes.delete(uriKey(person.uri as string));
    lane = merge(presence, lanes, lane, byUri);
    presence.lanes.set(key, lane);
  } else if (!lane && byUri) {
    lane = laneOf(presence, lanes, path, me, byUri.firstSeenAtMs);
  }
  if (!lane) return;
  lane.href ??= path;
  lane.uri = person.uri ?? lane.uri;
  lane.name = person.name ?? lane.name;
}

/**
 * Two lanes of one person become one: the lane seen first keeps its key and place and takes the
 * other's subscription, bands, notes and changes (a lane known only by URI has no bands or notes:
 * values come by href, so nothing overlaps).
 */
function merge(presence: PresenceState, lanes: PresenceLane[], a: PresenceLane, b: PresenceLane): PresenceLane {
  const [into, from] = a.key < b.key ? [a, b] : [b, a];
  lanes.splice(lanes.indexOf(from), 1);
  into.href ??= from.href;
  into.firstSeenAtMs = Math.min(into.firstSeenAtMs, from.firstSeenAtMs);
  if (from.subscribedAtMs !== null) into.subscribedAtMs = Math.min(into.subscribedAtMs ?? from.subscribedAtMs, from.subscribedAtMs);
  into.unsubscribedAtMs ??= from.unsubscribedAtMs;
  if (into.bands.length === 0) {
    into.availability = from.availability;
    into.activity = from.activity;
  }
  if (into.notes.length === 0) into.note = from.note;
  const byTime = <T>(list: T[], more: readonly T[], at: (item: T) => number): void => {
    const sorted = [...list, ...more].map((item, i) => ({ item, i })).sort((x, y) => at(x.item) - at(y.item) || x.i - y.i);
    list.splice(0, list.length, ...sorted.map(({ item }) => item));
  };
  byTime(into.bands, from.bands, (band) => band.fromMs);
  byTime(into.notes, from.notes, (note) => note.atMs);
  byTime(into.changes, from.changes, (change) => change.atMs);
  for (const members of presence.subscriptions.values()) if (members.delete(from)) members.add(into);
  return into;
}
