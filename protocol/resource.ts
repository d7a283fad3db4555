/**
 * The one resource model every UCWA body decodes into, whichever wire format it came in.
 * Pure data: no I/O, no DOM, no node:*. JSON and XML forms of the same resource must
 * decode to models that `toComparableResource` makes equal.
 */

/** A date property: the instant, plus the text exactly as it appeared on the wire. */
export interface UcwaDate {
  readonly kind: 'date';
  /** Milliseconds since the Unix epoch (UTC). */
  readonly epochMs: number;
  /** Original text, e.g. `/Date(1474932024822)/` or `2016-09-26T16:20:24.8356669-07:00`. */
  readonly text: string;
}

/** A property whose value is an object that is not a resource (e.g. OPTIONS `metadata`). */
export interface PropertyRecord {
  readonly kind: 'record';
  readonly fields: Readonly<Record<string, PropertyValue>>;
}

/**
 * A typed property value. Strings stay strings unless the format says otherwise
 * (JSON types; XML `True`/`False`, ISO-8601, or a catalogue type hint).
 */
export type PropertyValue =
  | string
  | number
  | boolean
  | null
  | UcwaDate
  | PropertyRecord
  | readonly PropertyValue[];

/** One link: `_links.<rel>` in JSON, `<link rel href title revision/>` in XML. */
export interface UcwaLink {
  readonly rel: string;
  readonly href: string;
  readonly title?: string;
  /** Link revision (Versioning.md); absent means 1. Kept as text, compared as a number by readers. */
  readonly revision?: string;
  /** Any other attribute the link carried, kept so nothing is dropped. */
  readonly extra?: Readonly<Record<string, string>>;
}

/** Which wire construct a decoded resource came from. */
export type ResourceRoot = 'resource' | 'input';

export interface UcwaResource {
  /**
   * The resource type (`conversation`, `participant`...). From the JSON `rel` property, the
   * XML `<property name="rel">`, or for embedded resources without one, the type their
   * relationship implies (`localParticipant` → `participant`). Null when nothing says.
   */
  readonly rel: string | null;
  /** The self link's href (JSON `_links.self.href`, XML `href` attribute). Null for request inputs. */
  readonly href: string | null;
  /** The resource's etag property when it carries one. */
  readonly etag?: string;
  /** `resource` for server representations, `input` for request bodies (XML `<input>`, JSON POST bodies). */
  readonly root: ResourceRoot;
  /** Properties by name, in wire order; `rel`, `etag` and the self link are not repeated here. */
  readonly properties: Readonly<Record<string, PropertyValue>>;
  /**
   * Links by rel, each an array in wire order (XML cannot tell one link from a list of one).
   * `self` is not repeated here unless it carries more than its href (a title, a revision), so
   * nothing is lost.
   */
  readonly links: Readonly<Record<string, readonly UcwaLink[]>>;
  /** Embedded resources keyed by relationship name, each an array in wire order. */
  readonly embedded: Readonly<Record<string, readonly UcwaResource[]>>;
}

export function isUcwaDate(value: PropertyValue | undefined): value is UcwaDate {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as UcwaDate).kind === 'date';
}

export function isPropertyRecord(value: PropertyValue | undefined): value is PropertyRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as PropertyRecord).kind === 'record';
}

/** The first link of a rel, or undefined. */
export function firstLink(resource: UcwaResource, rel: string): UcwaLink | undefined {
  return resource.links[rel]?.[0];
}

/** The first embedded resource under a relationship, or undefined. */
export function firstEmbedded(resource: UcwaResource, relationship: string): UcwaResource | undefined {
  return resource.embedded[relationship]?.[0];
}
