/**
 * How a resource changed between two states of its href: properties added, changed and removed,
 * links that appeared or went. Also finds the state of an href inside a decoded body (a GET
 * snapshot, an embedded resource, an event's embedded resource) so the two can be compared.
 */
import type { DecodedBody } from './decoded-body.ts';
import type { PropertyValue, UcwaResource } from './resource.ts';

export interface ResourceDiff {
  readonly added: readonly { readonly name: string; readonly value: PropertyValue }[];
  readonly changed: readonly { readonly name: string; readonly from: PropertyValue; readonly to: PropertyValue }[];
  readonly removed: readonly { readonly name: string; readonly value: PropertyValue }[];
  readonly linksAdded: readonly { readonly rel: string; readonly href: string }[];
  readonly linksRemoved: readonly { readonly rel: string; readonly href: string }[];
}

/** An href without its origin or fragment: absolute and relative forms of one href compare equal. */
function hrefKeyOf(href: string): string {
  return href.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/#.*$/, '') || '/';
}

const same = (a: PropertyValue | undefined, b: PropertyValue | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

function linkSet(resource: UcwaResource): Map<string, { rel: string; href: string }> {
  const out = new Map<string, { rel: string; href: string }>();
  for (const [rel, links] of Object.entries(resource.links)) for (const link of links) out.set(`${rel} ${link.href}`, { rel, href: link.href });
  return out;
}

export function diffResources(before: UcwaResource, after: UcwaResource): ResourceDiff {
  const added: ResourceDiff['added'][number][] = [];
  const changed: ResourceDiff['changed'][number][] = [];
  const removed: ResourceDiff['removed'][number][] = [];
  for (const [name, value] of Object.entries(after.properties)) {
    if (!(name in before.properties)) added.push({ name, value });
    else if (!same(before.properties[name], value)) changed.push({ name, from: before.properties[name] as PropertyValue, to: value });
  }
  for (const [name, value] of Object.entries(before.properties)) if (!(name in after.properties)) removed.push({ name, value });
  const was = linkSet(before);
  const now = linkSet(after);
  return {
    added,
    changed,
    removed,
    linksAdded: [...now].filter(([key]) => !was.has(key)).map(([, link]) => link),
    linksRemoved: [...was].filter(([key]) => !now.has(key)).map(([, link]) => link),
  };
}

export function isEmptyDiff(diff: ResourceDiff): boolean {
  return diff.added.length + diff.changed.length + diff.removed.length + diff.linksAdded.length + diff.linksRemoved.length === 0;
}

function* resourcesIn(resource: UcwaResource): Generator<UcwaResource> {
  yield resource;
  for (const list of Object.values(resource.embedded)) for (const inner of list) yield* resourcesIn(inner);
}

/** Every resource a body holds, in wire order, with the index of the event that carried it (null outside events). */
export function* resourcesOfBody(body: DecodedBody): Generator<{ readonly resource: UcwaResource; readonly eventIndex: number | null }> {
  if (body.kind === 'resource') for (const resource of resourcesIn(body.resource)) yield { resource, eventIndex: null };
  if (body.kind === 'events')
    for (const event of body.batch.events) for (const list of Object.values(event.embedded)) for (const top of list) for (const resource of resourcesIn(top)) yield { resource, eventIndex: event.index };
}

/** The last state of `href` a body holds (before event `beforeEvent` when given), or null. */
export function lastStateIn(body: DecodedBody, href: string, beforeEvent?: number): UcwaResource | null {
  const key = hrefKeyOf(href);
  let found: UcwaResource | null = null;
  for (const { resource, eventIndex } of resourcesOfBody(body)) {
    if (beforeEvent !== undefined && eventIndex !== null && eventIndex >= beforeEvent) break;
    if (resource.href !== null && hrefKeyOf(resource.href) === key) found = resource;
  }
  return found;
}
