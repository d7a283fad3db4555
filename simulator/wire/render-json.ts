/** The simulator's JSON: the shape of the walkthrough traffic (`rel`, properties, `_links`, `_embedded`). */
import { catalogEntry } from '../../protocol/catalog/catalog.ts';
import { isSimDate, type SimEvent, type SimEventBatch, type SimLink, type SimReason, type SimResource, type SimValue } from './sim-resource.ts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function value(v: SimValue): Json {
  if (isSimDate(v)) return `/Date(${v.epochMs})/`;
  return Array.isArray(v) ? [...(v as readonly string[])] : (v as string | number | boolean);
}

const link = (l: SimLink): Json => (l.title === undefined ? { href: l.href } : { href: l.href, title: l.title });

/** Rels a resource may carry more than once are always arrays in JSON, even with one member (PayloadFormat.md). */
function isLinkArray(resourceRel: string, linkRel: string): boolean {
  return catalogEntry(resourceRel)?.linkArrays.includes(linkRel) ?? false;
}

export function resourceJson(resource: SimResource): { [key: string]: Json } {
  const out: { [key: string]: Json } = { rel: resource.rel };
  for (const [name, v] of Object.entries(resource.properties)) out[name] = value(v);
  const links: { [key: string]: Json } = { self: { href: resource.href } };
  const grouped = new Map<string, SimLink[]>();
  for (const l of resource.links) grouped.set(l.rel, [...(grouped.get(l.rel) ?? []), l]);
  for (const [rel, list] of grouped) links[rel] = list.length > 1 || isLinkArray(resource.rel, rel) ? list.map(link) : link(list[0] as SimLink);
  out['_links'] = links;
  if (resource.embedded && Object.keys(resource.embedded).length > 0) {
    const embedded: { [key: string]: Json } = {};
    for (const [relationship, member] of Object.entries(resource.embedded))
      embedded[relationship] = Array.isArray(member) ? (member as readonly SimResource[]).map(resourceJson) : resourceJson(member as SimResource);
    out['_embedded'] = embedded;
  }
  return out;
}

export function reasonJson(reason: SimReason): { [key: string]: Json } {
  return { code: reason.code, ...(reason.subcode ? { subcode: reason.subcode } : {}), message: reason.message };
}

function eventJson(event: SimEvent): { [key: string]: Json } {
  return {
    link: link(event.link) as { [key: string]: Json } & Json,
    ...(event.in ? { in: { rel: event.in.rel, ...(link(event.in) as { [key: string]: Json }) } } : {}),
    ...(event.status ? { status: event.status } : {}),
    ...(event.reason ? { reason: reasonJson(event.reason) } : {}),
    ...(event.resource ? { _embedded: { [event.link.rel]: resourceJson(event.resource) } } : {}),
    type: event.type,
  };
}

export function eventBatchJson(batch: SimEventBatch): { [key: string]: Json } {
  const links: { [key: string]: Json } = { self: { href: batch.self } };
  if (batch.next) links['next'] = { href: batch.next };
  if (batch.resync) links['resync'] = { href: batch.resync };
  if (batch.resume) links['resume'] = { href: batch.resume };
  const out: { [key: string]: Json } = { _links: links };
  if (batch.senders.length > 0)
    out['sender'] = batch.senders.map((s) => ({ rel: s.rel, href: s.href, events: s.events.map((e) => ({ ...eventJson(e), link: { rel: e.link.rel, ...(link(e.link) as { [key: string]: Json }) } })) }));
  return out;
}
