/**
 * Generates the table the XML decoder reads from the shared UCWA corpus:
 * `protocol/property-hints.generated.ts` (property name → the JSON type the samples give it).
 * `collectRelationshipTypes` reads which type each embedded relationship holds in the samples; a
 * test holds the catalogue's `resourceRelFor`, which the decoders use, to it.
 *
 * Run: npx tsx scripts/generate-protocol-hints.ts [PATH/TO/shared/ucwa]
 * Without a path it looks for ../shared/ucwa and ../../shared/ucwa from the repository root.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseUcwaDate } from '../protocol/ucwa-date.ts';

export type HintType = 'number' | 'boolean' | 'date' | 'string' | 'list';
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** Relationships the prose documents but no JSON sample embeds (PROTOCOL.md §2.1, from EventsInUCWA.md). */
const DOCUMENTED_RELATIONSHIPS: Readonly<Record<string, string>> = { localParticipant: 'participant' };

export function locateSharedUcwa(argument: string | undefined): string {
  const candidates = argument ? [resolve(argument)] : [resolve(repoRoot, '../shared/ucwa'), resolve(repoRoot, '../../shared/ucwa')];
  const found = candidates.find((c) => existsSync(join(c, 'samples', 'index.json')));
  if (!found) throw new Error(`No UCWA corpus (samples/index.json) in ${candidates.join(' or ')}; pass its path as the first argument.`);
  return found;
}

/** Every JSON sample that parses, with its path relative to the corpus. */
function jsonSamples(sharedDir: string): { file: string; value: Json }[] {
  const out: { file: string; value: Json }[] = [];
  for (const dir of ['samples', 'samples/events']) {
    for (const name of readdirSync(join(sharedDir, dir)).filter((n) => n.endsWith('.json') && n !== 'index.json').sort()) {
      try {
        out.push({ file: `${dir}/${name}`, value: JSON.parse(readFileSync(join(sharedDir, dir, name), 'utf8')) as Json });
      } catch {
        // HTML-escaped request bodies in the docs do not parse; they carry no type information.
      }
    }
  }
  return out;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(value: Json): HintType | 'record' | null {
  if (value === null) return null;
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'record';
  if (typeof value === 'string') return parseUcwaDate(value) ? 'date' : 'string';
  return typeof value === 'number' ? 'number' : 'boolean';
}

/** Calls `visit(resource)` for every resource object in a sample: top level, embedded, and in events. */
function eachResource(value: Json, visit: (resource: { [key: string]: Json }) => void): void {
  if (!isObject(value)) return;
  const senders = value['sender'];
  if (Array.isArray(senders)) {
    for (const sender of senders) {
      const events = isObject(sender) ? sender['events'] : undefined;
      if (!Array.isArray(events)) continue;
      for (const event of events) if (isObject(event)) eachEmbedded(event, visit);
    }
    return;
  }
  visit(value);
  eachEmbedded(value, visit);
}

function eachEmbedded(container: { [key: string]: Json }, visit: (resource: { [key: string]: Json }) => void): void {
  const embedded = container['_embedded'];
  if (!isObject(embedded)) return;
  for (const entry of Object.values(embedded)) for (const item of Array.isArray(entry) ? entry : [entry]) eachResource(item, visit);
}

export function collectPropertyTypes(sharedDir: string): Map<string, Map<HintType, number>> {
  const seen = new Map<string, Map<HintType, number>>();
  const note = (name: string, value: Json): void => {
    const type = typeOf(value);
    if (type === null) return;
    if (type === 'record' && isObject(value)) {
      for (const [field, inner] of Object.entries(value)) note(field, inner);
      return;
    }
    if (type === 'record') return;
    const counts = seen.get(name) ?? new Map<HintType, number>();
    counts.set(type, (counts.get(type) ?? 0) + 1);
    seen.set(name, counts);
    // Field names inside lists of records (OPTIONS metadata) also get hints.
    if (Array.isArray(value)) for (const item of value) if (isObject(item)) for (const [field, inner] of Object.entries(item)) note(field, inner);
  };
  for (const { value } of jsonSamples(sharedDir)) {
    eachResource(value, (resource) => {
      for (const [name, property] of Object.entries(resource)) if (name !== '_links' && name !== '_embedded') note(name, property);
    });
  }
  return seen;
}

/** Relationship → resource type wherever a sample shows them differ. */
export function collectRelationshipTypes(sharedDir: string): Map<string, string> {
  const table = new Map<string, string>(Object.entries(DOCUMENTED_RELATIONSHIPS));
  const samples = jsonSamples(sharedDir);
  // A reference page's GET sample names the type its relationship leads to (to → contact).
  // Pages ending in a digit are revision-2 variants of another page, not relationships.
  for (const { file, value } of samples) {
    const page = /^samples\/([A-Za-z]+)\.get\.response\.json$/.exec(file)?.[1];
    const rel = isObject(value) ? value['rel'] : undefined;
    if (page && typeof rel === 'string' && rel !== page) table.set(page, rel);
  }
  // Embedded resources say it directly (_embedded.from[].rel = participant); they win.
  for (const { value } of samples) {
    eachResource(value, (resource) => {
      const embedded = resource['_embedded'];
      if (!isObject(embedded)) return;
      for (const [relationship, entry] of Object.entries(embedded)) {
        for (const item of Array.isArray(entry) ? entry : [entry]) {
          const rel = isObject(item) ? item['rel'] : undefined;
          if (typeof rel === 'string' && rel !== relationship) table.set(relationship, rel);
        }
      }
    });
  }
  return new Map([...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const HEADER = (what: string) =>
  [
    `/**`,
    ` * GENERATED by scripts/generate-protocol-hints.ts from ../shared/ucwa/samples. Do not edit by hand.`,
    ` * Regenerate: npx tsx scripts/generate-protocol-hints.ts [PATH/TO/shared/ucwa]`,
    ` * ${what}`,
    ` */`,
  ].join('\n');

export function renderPropertyHints(types: Map<string, Map<HintType, number>>): string {
  const names = [...types.keys()].sort();
  const agreed = names.filter((n) => types.get(n)?.size === 1);
  const conflicting = names.filter((n) => (types.get(n)?.size ?? 0) > 1);
  const lines = [
    HEADER(
      'Property name → the one JSON type every sample gives it. XML text of a listed name is typed by it;\n' +
        ' * other names get only booleans and dates by pattern, so numeric-looking strings stay strings.',
    ),
    '',
    "export type PropertyHint = 'number' | 'boolean' | 'date' | 'string' | 'list';",
    '',
    ...(conflicting.length
      ? ['/** Left out because the samples disagree:', ...conflicting.map((n) => ` *   ${n}: ${[...(types.get(n) ?? [])].map(([t, c]) => `${t} ×${c}`).join(', ')}`), ' */']
      : []),
    'export const PROPERTY_HINTS: Readonly<Record<string, PropertyHint>> = {',
    ...agreed.map((n) => `  ${JSON.stringify(n)}: '${[...(types.get(n) ?? new Map()).keys()][0]}',`),
    '};',
    '',
  ];
  return lines.join('\n');
}

export const OUTPUTS = {
  propertyHints: resolve(repoRoot, 'protocol/property-hints.generated.ts'),
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sharedDir = locateSharedUcwa(process.argv[2]);
  writeFileSync(OUTPUTS.propertyHints, renderPropertyHints(collectPropertyTypes(sharedDir)));
  console.log(`wrote ${OUTPUTS.propertyHints} from ${sharedDir}`);
}
