/**
 * TEST SUPPORT ONLY, and temporary: a minimal adapter from parsed UCWA JSON to the model
 * (`UcwaResource`, `EventBatch`) so the catalogue, lint and views can be proved on the real
 * samples before the decoders land on main. It is not a decoder (no XML, no media types, no
 * problem reporting: it throws on shapes it does not expect). When `protocol/decode-json.ts` is
 * on main, delete this file and load the samples through the real decoder instead.
 */
import { resourceRelFor } from '../../protocol/catalog.ts';
import type { ChannelLink, EventBatch, EventSender, UcwaEvent } from '../../protocol/event.ts';
import type { PropertyValue, UcwaLink, UcwaResource } from '../../protocol/resource.ts';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const JSON_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

function toValue(value: unknown): PropertyValue {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const date = JSON_DATE.exec(value);
    return date ? { kind: 'date', epochMs: Number(date[1]), text: value } : value;
  }
  if (Array.isArray(value)) return value.map(toValue);
  if (isRecord(value)) return { kind: 'record', fields: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toValue(v)])) };
  throw new Error(`test adapter: unexpected JSON value ${String(value)}`);
}

function toLink(rel: string, value: unknown): UcwaLink {
  if (!isRecord(value) || typeof value['href'] !== 'string') throw new Error(`test adapter: link "${rel}" has no href`);
  return {
    rel,
    href: value['href'],
    ...(typeof value['title'] === 'string' ? { title: value['title'] } : {}),
    ...(typeof value['revision'] === 'string' || typeof value['revision'] === 'number' ? { revision: String(value['revision']) } : {}),
  };
}

/** A parsed JSON resource as the model; an embedded resource without `rel` takes the type its relationship implies. */
export function jsonToResource(value: unknown, impliedRel: string | null = null): UcwaResource {
  if (!isRecord(value)) throw new Error('test adapter: a resource must be a JSON object');
  const properties: Record<string, PropertyValue> = {};
  for (const [name, v] of Object.entries(value)) if (!['rel', 'etag', '_links', '_embedded'].includes(name)) properties[name] = toValue(v);
  const links: Record<string, UcwaLink[]> = {};
  let href: string | null = null;
  for (const [rel, v] of Object.entries(isRecord(value['_links']) ? value['_links'] : {})) {
    const list = (Array.isArray(v) ? v : [v]).map((item) => toLink(rel, item));
    if (rel === 'self') href = list[0]?.href ?? null;
    else links[rel] = list;
  }
  const embedded: Record<string, UcwaResource[]> = {};
  for (const [relationship, v] of Object.entries(isRecord(value['_embedded']) ? value['_embedded'] : {}))
    embedded[relationship] = (Array.isArray(v) ? v : [v]).map((item) => jsonToResource(item, resourceRelFor(relationship)));
  return {
    rel: typeof value['rel'] === 'string' ? value['rel'] : impliedRel,
    href,
    ...(typeof value['etag'] === 'string' ? { etag: value['etag'] } : {}),
    root: 'resource',
    properties,
    links,
    embedded,
  };
}

function channelLink(links: Json, rel: string): ChannelLink | null {
  const link = links[rel];
  if (!isRecord(link) || typeof link['href'] !== 'string') return null;
  const ack = /[?&]ack=(\d+)/.exec(link['href'])?.[1];
  return { href: link['href'], ack: ack === undefined ? null : Number(ack) };
}

/** A parsed JSON event-channel response as an `EventBatch`. */
export function jsonToEventBatch(value: unknown): EventBatch {
  if (!isRecord(value)) throw new Error('test adapter: an event batch must be a JSON object');
  const links = isRecord(value['_links']) ? value['_links'] : {};
  const senders: (EventSender & { events: UcwaEvent[] })[] = [];
  const events: UcwaEvent[] = [];
  for (const rawSender of Array.isArray(value['sender']) ? value['sender'] : []) {
    if (!isRecord(rawSender) || typeof rawSender['rel'] !== 'string' || typeof rawSender['href'] !== 'string')
      throw new Error('test adapter: a sender needs rel and href');
    const sender: EventSender = { rel: rawSender['rel'], href: rawSender['href'] };
    const senderEvents: UcwaEvent[] = [];
    for (const raw of Array.isArray(rawSender['events']) ? rawSender['events'] : []) {
      if (!isRecord(raw) || typeof raw['type'] !== 'string' || !isRecord(raw['link']) || typeof raw['link']['rel'] !== 'string')
        throw new Error('test adapter: an event needs type and link');
      const linkRel = raw['link']['rel'];
      const embedded: Record<string, UcwaResource[]> = {};
      for (const [relationship, v] of Object.entries(isRecord(raw['_embedded']) ? raw['_embedded'] : {}))
        embedded[relationship] = (Array.isArray(v) ? v : [v]).map((item) => jsonToResource(item, resourceRelFor(relationship)));
      const event: UcwaEvent = {
        index: events.length,
        sender,
        type: raw['type'],
        link: toLink(linkRel, raw['link']),
        ...(isRecord(raw['in']) && typeof raw['in']['rel'] === 'string' ? { in: toLink(raw['in']['rel'], raw['in']) } : {}),
        ...(typeof raw['status'] === 'string' ? { status: raw['status'] } : {}),
        embedded,
      };
      events.push(event);
      senderEvents.push(event);
    }
    senders.push({ ...sender, events: senderEvents });
  }
  return {
    self: channelLink(links, 'self'),
    next: channelLink(links, 'next'),
    resync: channelLink(links, 'resync'),
    resume: channelLink(links, 'resume'),
    senders,
    events,
  };
}
