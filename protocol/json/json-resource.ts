/**
 * A JSON resource object to the resource model: `rel` and `etag` absorbed, `_links` by rel as
 * arrays, `_embedded` by relationship with each resource's own type, every other key a property.
 */
import { BodyShapeError } from '../body-shape-error.ts';
import { pushOwn, setOwn } from '../own-field.ts';
import { resourceRelFor } from '../catalog.ts';
import type { PropertyValue, ResourceRoot, UcwaLink, UcwaResource } from '../resource.ts';
import { isJsonObject, jsonPropertyValue, MAX_JSON_DEPTH, type JsonMapContext, type JsonObject } from './json-values.ts';

export function readJsonResource(
  object: JsonObject,
  relationship: string | null,
  root: ResourceRoot,
  path: string,
  context: JsonMapContext,
  depth = 0,
): UcwaResource {
  if (depth >= MAX_JSON_DEPTH) throw new BodyShapeError(`embedded resources nest deeper than ${MAX_JSON_DEPTH} levels at ${path}`);
  const properties: Record<string, PropertyValue> = {};
  const links: Record<string, UcwaLink[]> = {};
  const embedded: Record<string, UcwaResource[]> = {};
  let href: string | null = null;
  let type: string | undefined;
  let etag: string | undefined;
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (key === '_links') href = readLinks(value, links, `${path}._links`, context);
    else if (key === '_embedded') readJsonEmbedded(value, embedded, `${path}._embedded`, context, depth);
    else if (key === 'rel' && typeof value === 'string') type = value;
    else if (key === 'etag' && (typeof value === 'string' || typeof value === 'number')) etag = String(value);
    else setOwn(properties, key, jsonPropertyValue(value, `${path}.${key}`, depth + 1));
  }
  const rel = type ?? (relationship === null ? null : (resourceRelFor(relationship) ?? relationship));
  return { rel, href, ...(etag !== undefined ? { etag } : {}), root, properties, links, embedded };
}

/** Fills `links` and returns the self href. */
function readLinks(value: unknown, links: Record<string, UcwaLink[]>, path: string, context: JsonMapContext): string | null {
  if (!isJsonObject(value)) throw new BodyShapeError(`${path} is ${describe(value)}, expected an object of links by rel`);
  let selfHref: string | null = null;
  for (const rel of Object.keys(value)) {
    const entry = value[rel];
    const items = Array.isArray(entry) ? entry : [entry];
    items.forEach((item, index) => {
      const link = readJsonLink(rel, item, Array.isArray(entry) ? `${path}.${rel}[${index}]` : `${path}.${rel}`, context);
      if (rel !== 'self') return pushOwn(links, rel, link);
      if (selfHref === null) selfHref = link.href;
      if (link.title !== undefined || link.revision !== undefined || link.extra || selfHref !== link.href) pushOwn(links, rel, link);
    });
  }
  return selfHref;
}

export function readJsonLink(rel: string, value: unknown, path: string, context: JsonMapContext): UcwaLink {
  if (!isJsonObject(value)) throw new BodyShapeError(`${path} is ${describe(value)}, expected a link object with an href`);
  let href = '';
  let title: string | undefined;
  let revision: string | undefined;
  const extra: Record<string, string> = {};
  let hasExtra = false;
  for (const key of Object.keys(value)) {
    const field = value[key];
    const text = typeof field === 'string' ? field : JSON.stringify(field);
    if (key === 'href' && typeof field === 'string') href = field;
    else if (key === 'title' && typeof field === 'string') title = field;
    else if (key === 'revision' && (typeof field === 'string' || typeof field === 'number')) revision = String(field);
    else if (key !== 'rel' || field !== rel) {
      setOwn(extra, key, text);
      hasExtra = true;
    }
  }
  if (typeof value['href'] !== 'string') context.warnings.push(`link at ${path} has no string href; kept with an empty one`);
  return { rel, href, ...(title !== undefined ? { title } : {}), ...(revision !== undefined ? { revision } : {}), ...(hasExtra ? { extra } : {}) };
}

/** `_embedded`: resources by relationship, one or many each, into `embedded`. */
export function readJsonEmbedded(value: unknown, embedded: Record<string, UcwaResource[]>, path: string, context: JsonMapContext, depth: number): void {
  if (!isJsonObject(value)) throw new BodyShapeError(`${path} is ${describe(value)}, expected an object of resources by relationship`);
  for (const relationship of Object.keys(value)) {
    const entry = value[relationship];
    const items = Array.isArray(entry) ? entry : [entry];
    const list: UcwaResource[] = [];
    items.forEach((item, index) => {
      const itemPath = Array.isArray(entry) ? `${path}.${relationship}[${index}]` : `${path}.${relationship}`;
      if (!isJsonObject(item)) throw new BodyShapeError(`${itemPath} is ${describe(item)}, expected an embedded resource object`);
      list.push(readJsonResource(item, relationship, 'resource', itemPath, context, depth + 1));
    });
    setOwn(embedded, relationship, list);
  }
}

export function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
