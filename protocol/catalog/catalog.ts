/**
 * Typed lookups over the generated resource catalogue (`catalog-data.ts`): what each rel
 * documents, which events the channel may carry, and which type a relationship's resources are.
 */
import { CATALOG_ENTRIES, EMBEDDED_RESOURCE_RELS } from './catalog-data.ts';
import type { CatalogEntry, CatalogEvent, CatalogOperation } from './catalog-entry.ts';
import { getOwn } from '../own-field.ts';
import { WALKTHROUGH_EVENTS, WALKTHROUGH_RESOURCE_RELS } from './walkthrough-resource-rels.ts';

export type { CatalogEntry, CatalogEvent, CatalogOperation, SampleOnlyNames } from './catalog-entry.ts';

const BY_REL: ReadonlyMap<string, CatalogEntry> = new Map(CATALOG_ENTRIES.map((entry) => [entry.rel, entry]));
const RELS: readonly string[] = CATALOG_ENTRIES.map((entry) => entry.rel);

/** The catalogue entry for a rel, or undefined when the reference does not document it. */
export function catalogEntry(rel: string): CatalogEntry | undefined {
  return BY_REL.get(rel);
}

/** Every rel the catalogue knows, sorted. */
export function documentedRels(): readonly string[] {
  return RELS;
}

export function isDocumentedRel(rel: string): boolean {
  return BY_REL.has(rel);
}

/** Every name a resource of this rel may carry, each table merged with its doc quirks and sample-only names. */
export interface DocumentedNames {
  readonly properties: ReadonlySet<string>;
  readonly links: ReadonlySet<string>;
  readonly embedded: ReadonlySet<string>;
}

const namesCache = new Map<string, DocumentedNames>();

/**
 * What a resource of `rel` may carry without being remarkable. Content the reference lists under
 * Properties but carries as `data:` links (`linkedContent`) is accepted in both places.
 */
export function documentedNames(rel: string): DocumentedNames | undefined {
  const cached = namesCache.get(rel);
  if (cached) return cached;
  const entry = BY_REL.get(rel);
  if (!entry) return undefined;
  const names: DocumentedNames = {
    properties: new Set([...entry.properties, ...entry.propertyLists, ...entry.linkedContent, ...entry.sampleOnly.properties]),
    links: new Set([...entry.links, ...entry.linkArrays, ...entry.linkedContent, ...entry.sampleOnly.links]),
    embedded: new Set([...entry.embedded, ...entry.embeddedArrays, ...entry.sampleOnly.embedded]),
  };
  namesCache.set(rel, names);
  return names;
}

/**
 * The `rel` a resource reached through `relationship` carries (`localParticipant` → `participant`,
 * `organizer` → `contact`, `startEmergencyCallInput` → `startEmergencyCallParameters`), the
 * relationship itself when its resources carry their own name, or null when the catalogue cannot
 * say (undocumented, or several types).
 */
export function resourceRelFor(relationship: string): string | null {
  const stated = getOwn(WALKTHROUGH_RESOURCE_RELS, relationship) ?? getOwn(EMBEDDED_RESOURCE_RELS, relationship);
  if (stated) return stated;
  const entry = BY_REL.get(relationship);
  if (!entry) return null;
  if (entry.resourceRels.length === 0 || entry.resourceRels.includes(relationship)) return relationship;
  return entry.resourceRels.length === 1 ? (entry.resourceRels[0] ?? null) : null;
}

/**
 * True when the rel names a type of resource (something a `rel` property says), false when the
 * reference shows it only as a relationship leading to another type (`organizer`, `to`, `localParticipant`).
 */
export function isResourceType(rel: string): boolean {
  const entry = BY_REL.get(rel);
  if (!entry || getOwn(WALKTHROUGH_RESOURCE_RELS, rel) !== undefined) return false;
  return entry.resourceRels.length === 0 || entry.resourceRels.includes(rel);
}

/** A documented HTTP operation on a rel, by verb (any case). */
export function catalogOperation(rel: string, verb: string): CatalogOperation | undefined {
  const upper = verb.toUpperCase();
  return BY_REL.get(rel)?.operations.find((operation) => operation.verb === upper);
}

/** How the reference documents one kind of event: an event `type` on a `link.rel`. */
export interface DocumentedEvent {
  /** The rel of the event's `link`. */
  readonly resource: string;
  readonly type: string;
  /** Sender rels the event may arrive under. */
  readonly senders: readonly string[];
  /** Priorities the tables give it (usually one). */
  readonly priorities: readonly string[];
  /** The catalogue entries whose Events tables list it (`participant`, `typingParticipants`...). */
  readonly documentedBy: readonly string[];
}

const EVENTS: ReadonlyMap<string, DocumentedEvent> = indexEvents();

function eventKey(resource: string, type: string): string {
  return `${resource}\u0000${type}`;
}

function indexEvents(): Map<string, DocumentedEvent> {
  const grouped = new Map<string, { resource: string; type: string; senders: Set<string>; priorities: Set<string>; by: Set<string> }>();
  for (const entry of CATALOG_ENTRIES) {
    for (const event of entry.events) {
      const key = eventKey(event.resource, event.type);
      let group = grouped.get(key);
      if (!group) {
        group = { resource: event.resource, type: event.type, senders: new Set(), priorities: new Set(), by: new Set() };
        grouped.set(key, group);
      }
      group.senders.add(event.sender);
      group.priorities.add(event.priority);
      group.by.add(entry.rel);
    }
  }
  for (const event of WALKTHROUGH_EVENTS) {
    const key = eventKey(event.resource, event.type);
    if (!grouped.has(key)) grouped.set(key, { resource: event.resource, type: event.type, senders: new Set([event.sender]), priorities: new Set([event.priority]), by: new Set([event.page]) });
  }
  const index = new Map<string, DocumentedEvent>();
  for (const [key, g] of grouped)
    index.set(key, { resource: g.resource, type: g.type, senders: [...g.senders], priorities: [...g.priorities], documentedBy: [...g.by] });
  return index;
}

/** How the reference documents `type` events about `resource` (the event's `link.rel`), or undefined. */
export function documentedEvent(resource: string, type: string): DocumentedEvent | undefined {
  return EVENTS.get(eventKey(resource, type));
}

/** Every documented event kind about `resource`, e.g. `participant` → added, updated, deleted. */
export function eventsAbout(resource: string): readonly DocumentedEvent[] {
  return [...EVENTS.values()].filter((event) => event.resource === resource);
}

/** Every documented event kind a sender rel may deliver. */
export function eventsSentBy(sender: string): readonly DocumentedEvent[] {
  return [...EVENTS.values()].filter((event) => event.senders.includes(sender));
}

/** Every row of every Events table, as the reference lists them. */
export function catalogEvents(): readonly CatalogEvent[] {
  return CATALOG_ENTRIES.flatMap((entry) => entry.events);
}
