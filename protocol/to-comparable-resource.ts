/**
 * Plain, canonical forms of decoded models, so the JSON and XML forms of the same thing compare
 * equal: dates by their instant (not their spelling), keys sorted, wire order of lists kept.
 */
import type { DecodedBody } from './decoded-body.ts';
import type { EventBatch, UcwaEvent } from './event.ts';
import type { PropertyValue, UcwaLink, UcwaResource } from './resource.ts';
import type { UcwaError } from './ucwa-error.ts';

export type Comparable = null | boolean | number | string | readonly Comparable[] | { readonly [key: string]: Comparable };

export function toComparableResource(resource: UcwaResource): Comparable {
  return sorted({
    rel: resource.rel,
    href: resource.href,
    etag: resource.etag,
    root: resource.root,
    properties: mapValues(resource.properties, comparableValue),
    links: mapValues(resource.links, (links) => links.map(comparableLink)),
    embedded: mapValues(resource.embedded, (resources) => resources.map(toComparableResource)),
  });
}

export function toComparableEventBatch(batch: EventBatch): Comparable {
  const channel = (link: EventBatch['self']): Comparable => (link ? sorted({ href: link.href, ack: link.ack }) : null);
  return sorted({
    self: channel(batch.self),
    next: channel(batch.next),
    resync: channel(batch.resync),
    resume: channel(batch.resume),
    senders: batch.senders.map((sender) => sorted({ rel: sender.rel, href: sender.href, events: sender.events.map(comparableEvent) })),
  });
}

export function toComparableError(error: UcwaError): Comparable {
  return sorted({
    code: error.code,
    subcode: error.subcode,
    message: error.message,
    debugInfo: error.debugInfo ? sorted(error.debugInfo) : undefined,
    parameters: error.parameters ? sorted(error.parameters) : undefined,
    link: error.link ? sorted(error.link) : undefined,
    extra: error.extra ? sorted(error.extra) : undefined,
  });
}

/** Any decoded body in canonical form; kinds without a cross-format twin are passed through sorted. */
export function toComparableBody(body: DecodedBody): Comparable {
  switch (body.kind) {
    case 'resource':
      return { kind: 'resource', resource: toComparableResource(body.resource) };
    case 'events':
      return { kind: 'events', batch: toComparableEventBatch(body.batch) };
    case 'error':
      return { kind: 'error', error: toComparableError(body.error) };
    case 'batch':
      return { kind: 'batch', parts: body.parts.map((part) => sorted({ ...part, headers: part.headers.map((h) => [...h]), body: part.body.ok ? toComparableBody(part.body.body) : part.body.problem })) };
    default:
      return plain(body);
  }
}

function comparableEvent(event: UcwaEvent): Comparable {
  return sorted({
    index: event.index,
    type: event.type,
    link: comparableLink(event.link),
    in: event.in ? comparableLink(event.in) : undefined,
    status: event.status,
    reason: event.reason ? toComparableError(event.reason) : undefined,
    embedded: mapValues(event.embedded, (resources) => resources.map(toComparableResource)),
    extra: event.extra ? mapValues(event.extra, comparableValue) : undefined,
  });
}

function comparableLink(link: UcwaLink): Comparable {
  return sorted({ rel: link.rel, href: link.href, title: link.title, revision: link.revision, extra: link.extra ? sorted(link.extra) : undefined });
}

function comparableValue(value: PropertyValue): Comparable {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(comparableValue);
  const object = value as Exclude<PropertyValue, readonly PropertyValue[] | string | number | boolean | null>;
  if (object.kind === 'date') return { date: object.epochMs };
  return { record: mapValues(object.fields, comparableValue) };
}

function mapValues<T>(record: Readonly<Record<string, T>>, map: (value: T) => Comparable): Comparable {
  const out: Record<string, Comparable> = {};
  for (const key of Object.keys(record).sort()) Object.defineProperty(out, key, { value: map(record[key] as T), enumerable: true });
  return out;
}

/** Sorts keys and drops undefined entries. */
function sorted(record: Readonly<Record<string, Comparable | undefined>>): Comparable {
  const out: Record<string, Comparable> = {};
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    if (value !== undefined) Object.defineProperty(out, key, { value, enumerable: true });
  }
  return out;
}

function plain(value: unknown): Comparable {
  if (value === null || typeof value !== 'object') return (value ?? null) as Comparable;
  if (Array.isArray(value)) return value.map(plain);
  return sorted(Object.fromEntries(Object.keys(value).map((key) => [key, plain((value as Record<string, unknown>)[key])])));
}
