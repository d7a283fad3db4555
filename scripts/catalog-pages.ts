/**
 * Reads catalog.json into the facts of each reference page (names, events, operations, and the
 * top level of its JSON response samples), refusing a file of the wrong shape with a sentence
 * that says where.
 */
import type { CatalogEvent, CatalogOperation } from '../protocol/catalog/catalog-entry.ts';

const PUT_SENTINEL_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LINKED_CONTENT_QUIRK = /listed under Properties but carried as _links in the JSON sample: \[(.*)\]/;

export class CatalogShapeError extends Error {}

/** What one reference page says, before pages are merged. */
export interface PageFacts {
  readonly page: string;
  readonly names: NameSets;
  readonly events: readonly CatalogEvent[];
  readonly operations: readonly CatalogOperation[];
  readonly samples: readonly SampleFacts[];
}

export interface NameSets {
  properties: Set<string>;
  propertyLists: Set<string>;
  links: Set<string>;
  linkArrays: Set<string>;
  embedded: Set<string>;
  embeddedArrays: Set<string>;
  linkedContent: Set<string>;
}

/** The top level of one JSON response sample that names its resource type. */
export interface SampleFacts {
  readonly rel: string;
  readonly properties: readonly string[];
  readonly links: readonly string[];
  readonly embedded: readonly string[];
  /** Embedded relationship → the `rel` its items carry, where the two differ (`startEmergencyCallInput`). */
  readonly embeddedRels: ReadonlyMap<string, string>;
}

/** Every page of catalog.json, in file order. */
export function readCatalogPages(catalog: unknown): PageFacts[] {
  if (!Array.isArray(catalog)) throw new CatalogShapeError('catalog.json: expected a list of resource pages at the top level');
  return catalog.map((raw, index) => readPage(raw, index));
}

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readPage(raw: unknown, index: number): PageFacts {
  if (!isRecord(raw)) throw new CatalogShapeError(`catalog.json: page ${index} is not an object`);
  const page = raw['rel'];
  if (typeof page !== 'string' || page === '') throw new CatalogShapeError(`catalog.json: page ${index} has no "rel"`);
  const where = `catalog.json: page ${index} ("${page}")`;
  const names = (key: string) => new Set(stringList(raw[key], `${where}: "${key}"`));
  const linkedContent = new Set<string>();
  for (const quirk of stringList(raw['doc_quirks'], `${where}: "doc_quirks"`)) {
    const listed = LINKED_CONTENT_QUIRK.exec(quirk)?.[1];
    if (listed !== undefined) for (const match of listed.matchAll(/'([^']+)'/g)) if (match[1]) linkedContent.add(match[1]);
  }
  return {
    page,
    names: {
      properties: names('properties'),
      propertyLists: names('propertyLists'),
      links: names('links'),
      linkArrays: names('linkArrays'),
      embedded: names('embedded'),
      embeddedArrays: names('embeddedArrays'),
      linkedContent,
    },
    events: list(raw['events'], `${where}: "events"`).map((e, i) => readEvent(e, `${where}: event ${i}`)),
    operations: list(raw['operation_details'], `${where}: "operation_details"`).map((o, i) => readOperation(o, `${where}: operation ${i}`)),
    samples: readSamples(raw['samples'], where),
  };
}

export function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new CatalogShapeError(`${where} is not a list`);
  return value;
}

function stringList(value: unknown, where: string): string[] {
  const items = list(value, where);
  if (!items.every((item): item is string => typeof item === 'string')) throw new CatalogShapeError(`${where} is not a list of strings`);
  return items;
}

export function text(record: Json, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== 'string') throw new CatalogShapeError(`${where} has no text "${key}"`);
  return value;
}

function readEvent(raw: unknown, where: string): CatalogEvent {
  if (!isRecord(raw)) throw new CatalogShapeError(`${where} is not an object`);
  return {
    type: text(raw, 'type', where),
    resource: text(raw, 'resource', where),
    sender: text(raw, 'sender', where),
    priority: text(raw, 'priority', where),
  };
}

function readOperation(raw: unknown, where: string): CatalogOperation {
  if (!isRecord(raw)) throw new CatalogShapeError(`${where} is not an object`);
  const parameterNames = (value: unknown, label: string): string[] => {
    // The Request body column says "None" (or nothing) when the operation takes no body.
    if (!Array.isArray(value)) return [];
    return value.map((p, i) => (isRecord(p) ? text(p, 'name', `${where}: ${label} ${i}`) : ''));
  };
  return {
    verb: text(raw, 'verb', where).toUpperCase(),
    query: parameterNames(list(raw['query_parameters'], `${where}: "query_parameters"`), 'query parameter'),
    inputs: parameterNames(raw['request_body'], 'request body parameter'),
  };
}

function readSamples(raw: unknown, where: string): SampleFacts[] {
  if (!isRecord(raw)) throw new CatalogShapeError(`${where}: "samples" is not an object`);
  const facts: SampleFacts[] = [];
  for (const [i, sample] of list(raw['json'] ?? [], `${where}: "samples.json"`).entries()) {
    if (!isRecord(sample) || sample['direction'] !== 'response' || sample['body_kind'] !== 'json') continue;
    if (!isRecord(sample['parse']) || sample['parse']['ok'] !== true) continue;
    let body: unknown;
    try {
      body = JSON.parse(text(sample, 'body', `${where}: JSON sample ${i}`));
    } catch (error) {
      throw new CatalogShapeError(`${where}: JSON sample ${i} is marked as parsing but does not: ${(error as Error).message}`);
    }
    if (isRecord(body) && typeof body['rel'] === 'string') facts.push(sampleFacts(body, body['rel']));
  }
  return facts;
}

function sampleFacts(body: Json, rel: string): SampleFacts {
  const properties: string[] = [];
  for (const name of Object.keys(body)) {
    if (name === 'rel' || name === 'etag' || name === '_links' || name === '_embedded' || PUT_SENTINEL_NAME.test(name)) continue;
    properties.push(name);
  }
  const links = isRecord(body['_links']) ? Object.keys(body['_links']).filter((rel) => rel !== 'self') : [];
  const embeddedObject = isRecord(body['_embedded']) ? body['_embedded'] : {};
  const embeddedRels = new Map<string, string>();
  for (const [relationship, value] of Object.entries(embeddedObject)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const itemRel = isRecord(item) ? item['rel'] : undefined;
      if (typeof itemRel === 'string' && itemRel !== relationship) embeddedRels.set(relationship, itemRel);
    }
  }
  return { rel, properties, links, embedded: Object.keys(embeddedObject), embeddedRels };
}
