/** Builds `UcwaResource` values by hand for tests, with links given as hrefs and embedded resources as one or many. */
import type { PropertyValue, UcwaDate, UcwaLink, UcwaResource } from '../../protocol/resource.ts';

export type LinkSpec = string | Omit<UcwaLink, 'rel'>;

export interface ResourceSpec {
  readonly rel?: string | null;
  readonly href?: string | null;
  readonly root?: UcwaResource['root'];
  readonly properties?: Readonly<Record<string, PropertyValue>>;
  readonly links?: Readonly<Record<string, LinkSpec | readonly LinkSpec[]>>;
  readonly embedded?: Readonly<Record<string, UcwaResource | readonly UcwaResource[]>>;
}

export function makeResource(spec: ResourceSpec = {}): UcwaResource {
  const links: Record<string, UcwaLink[]> = {};
  for (const [rel, value] of Object.entries(spec.links ?? {})) {
    const list: readonly LinkSpec[] = Array.isArray(value) ? value : [value as LinkSpec];
    links[rel] = list.map((link) => (typeof link === 'string' ? { rel, href: link } : { rel, ...link }));
  }
  const embedded: Record<string, readonly UcwaResource[]> = {};
  for (const [relationship, value] of Object.entries(spec.embedded ?? {}))
    embedded[relationship] = Array.isArray(value) ? value : [value as UcwaResource];
  return {
    rel: spec.rel === undefined ? null : spec.rel,
    href: spec.href === undefined ? null : spec.href,
    root: spec.root ?? 'resource',
    properties: spec.properties ?? {},
    links,
    embedded,
  };
}

/** A date property as the decoders produce it from `/Date(ms)/`. */
export function jsonDate(epochMs: number): UcwaDate {
  return { kind: 'date', epochMs, text: `/Date(${epochMs})/` };
}
