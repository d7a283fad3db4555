/**
 * Turns the pages of catalog.json into one entry per rel and renders the generated module
 * `protocol/catalog/catalog-data.ts`. Pure (text in, text out) so a test can regenerate in memory and
 * compare with what is committed.
 */
import type { CatalogEntry, CatalogEvent, CatalogOperation } from '../protocol/catalog/catalog-entry.ts';
import { WALKTHROUGH_RESOURCE_RELS } from '../protocol/catalog/walkthrough-resource-rels.ts';
import { readCatalogPages, type NameSets, type PageFacts, type SampleFacts } from './catalog-pages.ts';

export { CatalogShapeError } from './catalog-pages.ts';

interface EntryAccumulator {
  readonly rel: string;
  readonly pages: Set<string>;
  readonly resourceRels: Set<string>;
  readonly names: NameSets;
  readonly sampleOnly: { properties: Set<string>; links: Set<string>; embedded: Set<string> };
  readonly events: CatalogEvent[];
  readonly operations: CatalogOperation[];
}

/**
 * Builds one entry per rel. Merging rules (repeated in the generated module's header):
 * 1. A revision-2 page (`startMessaging2`, `applications2`...) folds into its base rel: every name
 *    list, event and operation is the union of both pages, and `pages` lists both.
 * 2. A page whose response samples carry another resource type (`organizer`, `to` and
 *    `acceptedByContact` show a `contact`; `derivedConversation` a `conversation`) keeps its own
 *    entry and names that type in `resourceRels`; its property, link and embedded names are also
 *    merged into the type's entry (created when the type has no page of its own). Events and
 *    operations stay with the page: they belong to the relationship's URL. The walkthroughs add
 *    `localParticipant`, `from` and `acceptedByParticipant` → `participant` (walkthrough-resource-rels.ts).
 * 3. Names a rel's own response samples carry that its tables omit go to `sampleOnly`.
 */
export function buildCatalogEntries(catalog: unknown): CatalogEntry[] {
  const pages = readCatalogPages(catalog);
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
    events: acc.events,
    operations: acc.operations,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function quote(name: string): string {
  return `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

export const REGENERATE = 'npx tsx scripts/build-catalog.ts [path/to/ucwa]';

/**
 * Embedded relationships whose items in the response samples carry another `rel`
 * (`_embedded.startEmergencyCallInput[].rel` is `startEmergencyCallParameters`). A relationship
 * whose samples disagree is left out: the catalogue cannot say which type it leads to.
 */
export function buildEmbeddedResourceRels(catalog: unknown): Map<string, string> {
  return embeddedResourceRels(readCatalogPages(catalog));
}

function embeddedResourceRels(pages: readonly PageFacts[]): Map<string, string> {
  const seen = new Map<string, Set<string>>();
  for (const page of pages)
    for (const sample of page.samples)
      for (const [relationship, rel] of sample.embeddedRels) seen.set(relationship, (seen.get(relationship) ?? new Set()).add(rel));
  const agreed = [...seen].filter(([, rels]) => rels.size === 1).sort(([a], [b]) => compareText(a, b));
  return new Map(agreed.map(([relationship, rels]) => [relationship, [...rels][0] ?? relationship]));
}

export function renderCatalogModule(entries: readonly CatalogEntry[], embeddedRels: ReadonlyMap<string, string>): string {
  const q = quote;
  const names = (list: readonly string[]) => `[${list.map(q).join(', ')}]`;
  const lines = [
    '/**',
    ' * GENERATED from test/corpus/ucwa/catalog.json by scripts/build-catalog.ts. Do not edit by hand;',
    ` * regenerate with \`${REGENERATE}\`.`,
    ' * Names only, one entry per rel. How pages are merged:',
    ' * 1. Revision-2 pages (`startMessaging2`, `applications2`...) fold into their base rel (union of',
    ' *    names, events and operations; `pages` lists both).',
    ' * 2. A page whose samples show another resource type (`organizer` shows a `contact`) keeps its',
    ' *    own entry, names that type in `resourceRels`, and lends its property, link and embedded',
    ' *    names to the type\'s entry. Events and operations stay with the page. The walkthroughs add',
    ' *    localParticipant, from and acceptedByParticipant -> participant (walkthrough-resource-rels.ts).',
    ' * 3. Names a rel\'s own response samples carry but its tables omit are in `sampleOnly`.',
    ' * 4. EMBEDDED_RESOURCE_RELS: embedded relationships whose sample items carry another rel.',
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
    const events = e.events.map(
      (v) => `{ type: ${q(v.type)}, resource: ${q(v.resource)}, sender: ${q(v.sender)}, priority: ${q(v.priority)} }`,
    );
    lines.push(events.length ? `    events: [\n      ${events.join(',\n      ')},\n    ],` : '    events: [],');
    const operations = e.operations.map((o) => `{ verb: ${q(o.verb)}, query: ${names(o.query)}, inputs: ${names(o.inputs)} }`);
    lines.push(operations.length ? `    operations: [\n      ${operations.join(',\n      ')},\n    ],` : '    operations: [],');
    lines.push('  },');
  }
  lines.push('];', '');
  lines.push('/** Embedded relationship -> the rel its items carry in the response samples, where the two differ. */');
  lines.push('export const EMBEDDED_RESOURCE_RELS: Readonly<Record<string, string>> = {');
  for (const [relationship, rel] of embeddedRels) lines.push(`  ${q(relationship)}: ${q(rel)},`);
  lines.push('};', '');
  return lines.join('\n');
}

/** The generated `protocol/catalog/catalog-data.ts`, from the text of catalog.json. */
export function buildCatalogModule(catalogJson: string): string {
  const catalog = JSON.parse(catalogJson) as unknown;
  return renderCatalogModule(buildCatalogEntries(catalog), buildEmbeddedResourceRels(catalog));
}

