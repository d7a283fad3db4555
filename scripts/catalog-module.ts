/**
 * Turns the shared reference corpus (`catalog.json`, `enums.json`) into the source text of the
 * generated modules `protocol/catalog-data.ts` and `protocol/ucwa-enums.ts`. Pure (text in, text
 * out) so a test can regenerate in memory and compare with what is committed.
 */
import type { CatalogEntry, CatalogEvent, CatalogOperation, PropertyTypeHint } from '../protocol/catalog-entry.ts';
import { WALKTHROUGH_RESOURCE_RELS } from '../protocol/walkthrough-resource-rels.ts';

const PUT_SENTINEL_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSON_DATE = /^\/Date\(-?\d+([+-]\d{4})?\)\/$/;
const LINKED_CONTENT_QUIRK = /listed under Properties but carried as _links in the JSON sample: \[(.*)\]/;

/** What one reference page says, before pages are merged. */
interface PageFacts {
  readonly page: string;
  readonly names: NameSets;
  readonly events: readonly CatalogEvent[];
  readonly operations: readonly CatalogOperation[];
  readonly samples: readonly SampleFacts[];
}

interface NameSets {
  properties: Set<string>;
  propertyLists: Set<string>;
  links: Set<string>;
  linkArrays: Set<string>;
  embedded: Set<string>;
  embeddedArrays: Set<string>;
  linkedContent: Set<string>;
}

/** The top level of one JSON response sample that names its resource type. */
interface SampleFacts {
  readonly rel: string;
  readonly properties: readonly string[];
  readonly links: readonly string[];
  readonly embedded: readonly string[];
  readonly types: ReadonlyMap<string, PropertyTypeHint | 'string'>;
}

interface EntryAccumulator {
  readonly rel: string;
  readonly pages: Set<string>;
  readonly resourceRels: Set<string>;
  readonly names: NameSets;
  readonly sampleOnly: { properties: Set<string>; links: Set<string>; embedded: Set<string> };
  readonly types: Map<string, PropertyTypeHint | 'string' | 'conflict'>;
  readonly events: CatalogEvent[];
  readonly operations: CatalogOperation[];
}

export class CatalogShapeError extends Error {}

/**
 * Builds one entry per rel. Merging rules (repeated in the generated module's header):
 * 1. A revision-2 page (`startMessaging2`, `applications2`...) folds into its base rel: every name
 *    list, event and operation is the union of both pages, and `pages` lists both.
 * 2. A page whose response samples carry another resource type (`organizer`, `to` and
 *    `acceptedByContact` show a `contact`; `derivedConversation` a `conversation`) keeps its own
 *    entry and names that type in `resourceRels`; its property, link and embedded names are also
 *    merged into the type's entry (created when the type has no page of its own). Events and
 *    operations stay with the page: they belong to the relationship's URL.
 * 3. Names a rel's own response samples carry that its tables omit go to `sampleOnly`, and the
 *    samples' non-string value types to `propertyTypes` (dropped when samples disagree).
 */
export function buildCatalogEntries(catalog: unknown): CatalogEntry[] {
  if (!Array.isArray(catalog)) throw new CatalogShapeError('catalog.json: expected a list of resource pages at the top level');
  const pages = catalog.map((raw, index) => readPage(raw, index));
  const pageNames = new Set(pages.map((p) => p.page));
  const entries = new Map<string, EntryAccumulator>();
  const entryFor = (rel: string): EntryAccumulator => {
    let entry = entries.get(rel);
    if (!entry) {
      entry = newAccumulator(rel);
      entries.set(rel, entry);
    }
    return entry;
  };

  const samplesByRel = new Map<string, SampleFacts[]>();
  for (const page of pages) {
    const base = /^(.+)2$/.exec(page.page)?.[1];
    const entry = entryFor(base !== undefined && pageNames.has(base) ? base : page.page);
    entry.pages.add(page.page);
    mergeNames(entry.names, page.names);
    for (const event of page.events) addEvent(entry.events, event);
    for (const operation of page.operations) addOperation(entry.operations, operation);
    for (const sample of page.samples) entry.resourceRels.add(sample.rel);
    const walkthroughRel = WALKTHROUGH_RESOURCE_RELS[entry.rel];
    if (walkthroughRel) entry.resourceRels.add(walkthroughRel);
    for (const sample of page.samples) samplesByRel.set(sample.rel, [...(samplesByRel.get(sample.rel) ?? []), sample]);
  }

  for (const entry of [...entries.values()]) {
    for (const rel of entry.resourceRels) {
      if (rel === entry.rel) continue;
      const target = entryFor(rel);
      for (const page of entry.pages) target.pages.add(page);
      mergeNames(target.names, entry.names);
    }
  }

  for (const [rel, samples] of samplesByRel) {
    const entry = entryFor(rel);
    for (const sample of samples) {
      const documentedProperties = new Set([...entry.names.properties, ...entry.names.propertyLists, ...entry.names.linkedContent]);
      const documentedLinks = new Set([...entry.names.links, ...entry.names.linkArrays, ...entry.names.linkedContent]);
      const documentedEmbedded = new Set([...entry.names.embedded, ...entry.names.embeddedArrays]);
      for (const name of sample.properties) if (!documentedProperties.has(name)) entry.sampleOnly.properties.add(name);
      for (const name of sample.links) if (!documentedLinks.has(name)) entry.sampleOnly.links.add(name);
      for (const name of sample.embedded) if (!documentedEmbedded.has(name)) entry.sampleOnly.embedded.add(name);
      for (const [name, type] of sample.types) {
        const known = entry.types.get(name);
        entry.types.set(name, known === undefined || known === type ? type : 'conflict');
      }
    }
  }

  return [...entries.values()].sort((a, b) => compareText(a.rel, b.rel)).map(toEntry);
}

function newAccumulator(rel: string): EntryAccumulator {
  return {
    rel,
    pages: new Set(),
    resourceRels: new Set(),
    names: emptyNames(),
    sampleOnly: { properties: new Set(), links: new Set(), embedded: new Set() },
    types: new Map(),
    events: [],
    operations: [],
  };
}

function emptyNames(): NameSets {
  return {
    properties: new Set(),
    propertyLists: new Set(),
    links: new Set(),
    linkArrays: new Set(),
    embedded: new Set(),
    embeddedArrays: new Set(),
    linkedContent: new Set(),
  };
}

function mergeNames(into: NameSets, from: NameSets): void {
  for (const key of Object.keys(into) as (keyof NameSets)[]) for (const name of from[key]) into[key].add(name);
}

function addEvent(events: CatalogEvent[], event: CatalogEvent): void {
  const same = (e: CatalogEvent) => e.type === event.type && e.resource === event.resource && e.sender === event.sender && e.priority === event.priority;
  if (!events.some(same)) events.push(event);
}

function addOperation(operations: CatalogOperation[], operation: CatalogOperation): void {
  const index = operations.findIndex((o) => o.verb === operation.verb);
  const known = operations[index];
  if (!known) operations.push(operation);
  else operations[index] = { verb: known.verb, query: union(known.query, operation.query), inputs: union(known.inputs, operation.inputs) };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

function toEntry(acc: EntryAccumulator): CatalogEntry {
  const sorted = (names: Iterable<string>) => [...names].sort(compareText);
  const propertyTypes: Record<string, PropertyTypeHint> = {};
  for (const [name, type] of [...acc.types].sort(([a], [b]) => compareText(a, b)))
    if (type !== 'string' && type !== 'conflict') propertyTypes[name] = type;
  return {
    rel: acc.rel,
    pages: sorted(acc.pages),
    resourceRels: sorted(acc.resourceRels),
    properties: sorted(acc.names.properties),
    propertyLists: sorted(acc.names.propertyLists),
    links: sorted(acc.names.links),
    linkArrays: sorted(acc.names.linkArrays),
    embedded: sorted(acc.names.embedded),
    embeddedArrays: sorted(acc.names.embeddedArrays),
    linkedContent: sorted(acc.names.linkedContent),
    sampleOnly: {
      properties: sorted(acc.sampleOnly.properties),
      links: sorted(acc.sampleOnly.links),
      embedded: sorted(acc.sampleOnly.embedded),
    },
    propertyTypes,
    events: acc.events,
    operations: acc.operations,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- reading catalog.json -------------------------------------------------------------------

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
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

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new CatalogShapeError(`${where} is not a list`);
  return value;
}

function stringList(value: unknown, where: string): string[] {
  const items = list(value, where);
  if (!items.every((item): item is string => typeof item === 'string')) throw new CatalogShapeError(`${where} is not a list of strings`);
  return items;
}

function text(record: Json, key: string, where: string): string {
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
  const types = new Map<string, PropertyTypeHint | 'string'>();
  for (const [name, value] of Object.entries(body)) {
    if (name === 'rel' || name === 'etag' || name === '_links' || name === '_embedded' || PUT_SENTINEL_NAME.test(name)) continue;
    properties.push(name);
    const type = valueType(value);
    if (type) types.set(name, type);
  }
  const links = isRecord(body['_links']) ? Object.keys(body['_links']).filter((rel) => rel !== 'self') : [];
  const embedded = isRecord(body['_embedded']) ? Object.keys(body['_embedded']) : [];
  return { rel, properties, links, embedded, types };
}

function valueType(value: unknown): PropertyTypeHint | 'string' | undefined {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return JSON_DATE.test(value) ? 'date' : 'string';
  return undefined;
}

// ---- rendering ------------------------------------------------------------------------------

function quote(name: string): string {
  return `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

const REGENERATE = 'npx tsx scripts/build-catalog.ts [path/to/shared/ucwa]';

export function renderCatalogModule(entries: readonly CatalogEntry[]): string {
  const q = quote;
  const names = (list: readonly string[]) => `[${list.map(q).join(', ')}]`;
  const lines = [
    '/**',
    ' * GENERATED from ../shared/ucwa/catalog.json by scripts/build-catalog.ts. Do not edit by hand;',
    ` * regenerate with \`${REGENERATE}\`.`,
    ' * Names only, one entry per rel. How pages are merged:',
    ' * 1. Revision-2 pages (`startMessaging2`, `applications2`...) fold into their base rel (union of',
    ' *    names, events and operations; `pages` lists both).',
    ' * 2. A page whose samples show another resource type (`organizer` shows a `contact`) keeps its',
    ' *    own entry, names that type in `resourceRels`, and lends its property, link and embedded',
    ' *    names to the type\'s entry. Events and operations stay with the page.',
    ' * 3. Names a rel\'s own response samples carry but its tables omit are in `sampleOnly`.',
    ' */',
    "import type { CatalogEntry } from './catalog-entry.ts';",
    '',
    'export const CATALOG_ENTRIES: readonly CatalogEntry[] = [',
  ];
  for (const e of entries) {
    lines.push('  {');
    lines.push(`    rel: ${q(e.rel)},`);
    lines.push(`    pages: ${names(e.pages)},`);
    lines.push(`    resourceRels: ${names(e.resourceRels)},`);
    lines.push(`    properties: ${names(e.properties)},`);
    lines.push(`    propertyLists: ${names(e.propertyLists)},`);
    lines.push(`    links: ${names(e.links)},`);
    lines.push(`    linkArrays: ${names(e.linkArrays)},`);
    lines.push(`    embedded: ${names(e.embedded)},`);
    lines.push(`    embeddedArrays: ${names(e.embeddedArrays)},`);
    lines.push(`    linkedContent: ${names(e.linkedContent)},`);
    const s = e.sampleOnly;
    lines.push(`    sampleOnly: { properties: ${names(s.properties)}, links: ${names(s.links)}, embedded: ${names(s.embedded)} },`);
    const types = Object.entries(e.propertyTypes).map(([name, type]) => `${q(name)}: ${q(type)}`);
    lines.push(`    propertyTypes: {${types.length ? ` ${types.join(', ')} ` : ''}},`);
    const events = e.events.map(
      (v) => `{ type: ${q(v.type)}, resource: ${q(v.resource)}, sender: ${q(v.sender)}, priority: ${q(v.priority)} }`,
    );
    lines.push(events.length ? `    events: [\n      ${events.join(',\n      ')},\n    ],` : '    events: [],');
    const operations = e.operations.map((o) => `{ verb: ${q(o.verb)}, query: ${names(o.query)}, inputs: ${names(o.inputs)} }`);
    lines.push(operations.length ? `    operations: [\n      ${operations.join(',\n      ')},\n    ],` : '    operations: [],');
    lines.push('  },');
  }
  lines.push('];', '');
  return lines.join('\n');
}

/** The generated `protocol/catalog-data.ts`, from the text of catalog.json. */
export function buildCatalogModule(catalogJson: string): string {
  return renderCatalogModule(buildCatalogEntries(JSON.parse(catalogJson) as unknown));
}

/** The generated `protocol/ucwa-enums.ts`, from the text of enums.json. */
export function buildEnumsModule(enumsJson: string): string {
  const parsed = JSON.parse(enumsJson) as unknown;
  const enums = list(parsed, 'enums.json').map((raw, index) => {
    if (!isRecord(raw)) throw new CatalogShapeError(`enums.json: enum ${index} is not an object`);
    const name = text(raw, 'name', `enums.json: enum ${index}`);
    const members = list(raw['members'], `enums.json: enum ${index} ("${name}"): "members"`).map((m, i) =>
      isRecord(m) ? text(m, 'name', `enums.json: enum "${name}" member ${i}`) : '',
    );
    return { name, members };
  });
  const q = quote;
  return [
    '/**',
    ' * GENERATED from ../shared/ucwa/enums.json by scripts/build-catalog.ts. Do not edit by hand;',
    ` * regenerate with \`${REGENERATE}\`.`,
    ' * The members of every UCWA enumeration, by the name the reference gives it.',
    ' */',
    'export const UCWA_ENUMS = {',
    ...enums.map((e) => `  ${e.name}: [${e.members.map(q).join(', ')}],`),
    '} as const;',
    '',
    'export type UcwaEnumName = keyof typeof UCWA_ENUMS;',
    '',
    '/** The documented members of one enumeration, e.g. `UcwaEnum<\'ConversationState\'>`. */',
    'export type UcwaEnum<N extends UcwaEnumName> = (typeof UCWA_ENUMS)[N][number];',
    '',
  ].join('\n');
}
