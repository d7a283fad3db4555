/**
 * Field readers shared by the typed views. Each takes a value only when it has the documented
 * type and otherwise leaves the field out: a view never coerces, guesses or throws.
 */
import { decodeDataUri } from '../data-uri.ts';
import { isUcwaDate, type UcwaDate, type UcwaResource } from '../resource.ts';
import type { UcwaEnum, UcwaEnumName } from '../catalog/ucwa-enums.ts';

/** An enumeration's documented members, widened so a value the reference does not list is kept as sent. */
export type OpenEnum<N extends UcwaEnumName> = UcwaEnum<N> | (string & {});

/** What every view says about the resource it read. */
export interface ResourceView {
  /** The resource's type as it came (`participant` for a localParticipant), or null when it had none. */
  readonly rel: string | null;
  /** The resource's self href, or null when it had none. */
  readonly href: string | null;
}

/** A link as views expose it: where it points and the display name the server put on it. */
export interface LinkRef {
  readonly href: string;
  readonly title?: string;
}

/** Hrefs of a resource's links by rel; a rel is present only when the resource offers it. */
export type Hrefs<K extends string> = { readonly [rel in K]?: string };

export function resourceView(resource: UcwaResource): ResourceView {
  return { rel: resource.rel, href: resource.href };
}

export function readString(resource: UcwaResource, name: string): string | undefined {
  const value = resource.properties[name];
  return typeof value === 'string' ? value : undefined;
}

export function readNumber(resource: UcwaResource, name: string): number | undefined {
  const value = resource.properties[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function readBoolean(resource: UcwaResource, name: string): boolean | undefined {
  const value = resource.properties[name];
  return typeof value === 'boolean' ? value : undefined;
}

export function readDate(resource: UcwaResource, name: string): UcwaDate | undefined {
  const value = resource.properties[name];
  return isUcwaDate(value) ? value : undefined;
}

/** The string items of a list property, in order; items of another type are dropped. Undefined when it is not a list. */
export function readStrings(resource: UcwaResource, name: string): string[] | undefined {
  const value = resource.properties[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

export function readEnum<N extends UcwaEnumName>(resource: UcwaResource, name: string): OpenEnum<N> | undefined {
  return readString(resource, name);
}

export function readEnums<N extends UcwaEnumName>(resource: UcwaResource, name: string): OpenEnum<N>[] | undefined {
  return readStrings(resource, name);
}

/** The first link of `rel` with its title, or undefined. */
export function readLink(resource: UcwaResource, rel: string): LinkRef | undefined {
  const link = resource.links[rel]?.[0];
  if (!link) return undefined;
  return link.title === undefined ? { href: link.href } : { href: link.href, title: link.title };
}

/** Every link of `rel`, in wire order. */
export function readLinks(resource: UcwaResource, rel: string): LinkRef[] {
  return (resource.links[rel] ?? []).map((link) => (link.title === undefined ? { href: link.href } : { href: link.href, title: link.title }));
}

/** Where `rel` points: its link, or else the self href of a resource embedded under that relationship. */
export function readHref(resource: UcwaResource, rel: string): string | undefined {
  return resource.links[rel]?.[0]?.href ?? resource.embedded[rel]?.find((e) => e.href !== null)?.href ?? undefined;
}

/** The hrefs of the listed rels that the resource offers. */
export function readHrefs<K extends string>(resource: UcwaResource, rels: readonly K[]): Hrefs<K> {
  const hrefs: { [rel in K]?: string } = {};
  for (const rel of rels) {
    const href = readHref(resource, rel);
    if (href !== undefined) hrefs[rel] = href;
  }
  return hrefs;
}

/** Text carried in a `data:` URI (IM text, an invitation's first message). */
export interface DataContent {
  readonly text: string;
  /** `text/plain`, `text/html`... as the URI names it. */
  readonly mediaType: string;
}

/**
 * Decodes content the server carries as a `data:` link (or, against the samples but as the
 * Properties tables say, as a string property). Undefined when absent; a problem when undecodable.
 */
export function readDataContent(resource: UcwaResource, name: string): { ok: true; content: DataContent } | { ok: false; problem: string } | undefined {
  const uri = resource.links[name]?.[0]?.href ?? readString(resource, name);
  if (uri === undefined) return undefined;
  const decoded = decodeDataUri(uri);
  if (!decoded.ok) return { ok: false, problem: `${name}: ${decoded.problem}` };
  return { ok: true, content: { text: decoded.text, mediaType: decoded.mediaType } };
}

/** Drops the keys whose value is undefined, so a view lists only what the resource said. */
export function compact<T extends object>(view: T): T {
  for (const key of Object.keys(view) as (keyof T)[]) if (view[key] === undefined) delete view[key];
  return view;
}
