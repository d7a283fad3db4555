/**
 * A JSON event-channel response to an EventBatch: `_links` self/next/resync/resume with their
 * ack, and `sender[]` each with `events[]` (`type`, `link`, `in`, `status`, `reason`, `_embedded`).
 */
import { BodyShapeError } from '../body-shape-error.ts';
import { channelLink } from '../channel-link.ts';
import type { ChannelLink, EventBatch, EventSender, UcwaEvent } from '../event.ts';
import { setOwn } from '../own-field.ts';
import type { PropertyValue, UcwaResource } from '../resource.ts';
import type { UcwaError } from '../ucwa-error.ts';
import { readJsonError } from './json-error.ts';
import { describe, readJsonEmbedded, readJsonLink } from './json-resource.ts';
import { isJsonObject, jsonPropertyValue, type JsonMapContext, type JsonObject } from './json-values.ts';

const CHANNEL_RELS = ['self', 'next', 'resync', 'resume'] as const;

export function readJsonEventBatch(object: JsonObject, context: JsonMapContext): EventBatch {
  const channel: Record<(typeof CHANNEL_RELS)[number], ChannelLink | null> = { self: null, next: null, resync: null, resume: null };
  const links = object['_links'];
  if (links !== undefined) {
    if (!isJsonObject(links)) throw new BodyShapeError(`$._links is ${describe(links)}, expected an object of links by rel`);
    for (const rel of Object.keys(links)) {
      const link = links[rel];
      const href = isJsonObject(link) ? link['href'] : undefined;
      if ((CHANNEL_RELS as readonly string[]).includes(rel) && typeof href === 'string') channel[rel as (typeof CHANNEL_RELS)[number]] = channelLink(href);
      else context.warnings.push(`$._links.${rel} is not a channel link (self, next, resync, resume with an href) and was not kept`);
    }
  }
  for (const key of Object.keys(object))
    if (key !== '_links' && key !== 'sender') context.warnings.push(`$.${key} is not part of an event batch and was not kept`);
  const rawSenders = object['sender'] ?? [];
  if (!Array.isArray(rawSenders)) throw new BodyShapeError(`$.sender is ${describe(rawSenders)}, expected an array of senders`);
  const senders: (EventSender & { events: UcwaEvent[] })[] = [];
  const events: UcwaEvent[] = [];
  rawSenders.forEach((raw, s) => {
    const path = `$.sender[${s}]`;
    if (!isJsonObject(raw)) throw new BodyShapeError(`${path} is ${describe(raw)}, expected a sender object`);
    const rel = raw['rel'];
    const href = raw['href'];
    if (typeof rel !== 'string' || typeof href !== 'string') context.warnings.push(`${path} lacks a string rel or href; kept with an empty one`);
    const sender: EventSender = { rel: typeof rel === 'string' ? rel : '', href: typeof href === 'string' ? href : '' };
    const rawEvents = raw['events'] ?? [];
    if (!Array.isArray(rawEvents)) throw new BodyShapeError(`${path}.events is ${describe(rawEvents)}, expected an array of events`);
    const own: UcwaEvent[] = [];
    rawEvents.forEach((rawEvent, e) => {
      const event = readEvent(rawEvent, sender, events.length, `${path}.events[${e}]`, context);
      own.push(event);
      events.push(event);
    });
    senders.push({ ...sender, events: own });
  });
  return { ...channel, senders, events };
}

function readEvent(raw: unknown, sender: EventSender, index: number, path: string, context: JsonMapContext): UcwaEvent {
  if (!isJsonObject(raw)) throw new BodyShapeError(`${path} is ${describe(raw)}, expected an event object`);
  const rawLink = raw['link'];
  if (!isJsonObject(rawLink)) throw new BodyShapeError(`${path}.link is ${describe(rawLink)}, expected the link of the resource the event is about`);
  const linkRel = typeof rawLink['rel'] === 'string' ? rawLink['rel'] : '';
  if (linkRel === '') context.warnings.push(`${path}.link has no rel; kept with an empty one`);
  const link = readJsonLink(linkRel, rawLink, `${path}.link`, context);
  const type = raw['type'];
  if (typeof type !== 'string') context.warnings.push(`${path} has no string type; kept with an empty one`);
  let inLink: UcwaEvent['in'];
  let status: string | undefined;
  let reason: UcwaError | undefined;
  const embedded: Record<string, UcwaResource[]> = {};
  const extra: Record<string, PropertyValue> = {};
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (key === 'link' || key === 'type') continue;
    if (key === 'in' && isJsonObject(value)) inLink = readJsonLink(typeof value['rel'] === 'string' ? value['rel'] : '', value, `${path}.in`, context);
    else if (key === 'status' && typeof value === 'string') status = value;
    else if (key === 'reason' && isJsonObject(value)) reason = readJsonError(value, `${path}.reason`, context);
    else if (key === '_embedded') readJsonEmbedded(value, embedded, `${path}._embedded`, context, 0);
    else setOwn(extra, key, jsonPropertyValue(value, `${path}.${key}`, 1));
  }
  return {
    index,
    sender,
    type: typeof type === 'string' ? type : '',
    link,
    ...(inLink ? { in: inLink } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(reason ? { reason } : {}),
    embedded,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}
