/**
 * An XML event-channel response (EventChannelDetails.md) to an EventBatch: `<events href>` with
 * `<link rel="next|resync|resume">` and `<sender rel href>` elements holding one element per event,
 * named by its type. Inside an event, by team convention: `<in>`, `<status>` (or a `status`
 * attribute), `<reason>` and embedded `<resource>` elements.
 */
import { BodyShapeError } from '../body-shape-error.ts';
import { channelLink } from '../channel-link.ts';
import type { ChannelLink, EventBatch, EventSender, UcwaEvent } from '../event.ts';
import { pushOwn, setOwn } from '../own-field.ts';
import type { PropertyValue, UcwaResource } from '../resource.ts';
import type { UcwaError } from '../ucwa-error.ts';
import type { XmlElement } from './xml-element.ts';
import { readXmlError } from './xml-error.ts';
import { readXmlLink, readXmlResource } from './xml-resource.ts';
import { attributeOf, plainElementValue, type XmlMapContext } from './xml-values.ts';

const EVENT_LINK_ATTRIBUTES = new Set(['rel', 'href', 'title', 'revision', 'status']);
const LINK_ATTRIBUTES = new Set(['rel', 'href', 'title', 'revision']);

export function readXmlEventBatch(root: XmlElement, context: XmlMapContext): EventBatch {
  const selfHref = attributeOf(root, 'href');
  const channel: Record<'self' | 'next' | 'resync' | 'resume', ChannelLink | null> = {
    self: selfHref === undefined ? null : channelLink(selfHref),
    next: null,
    resync: null,
    resume: null,
  };
  const senders: (EventSender & { events: UcwaEvent[] })[] = [];
  const events: UcwaEvent[] = [];
  for (const child of root.children) {
    if (child.name === 'link') {
      const rel = attributeOf(child, 'rel');
      const href = attributeOf(child, 'href');
      if ((rel === 'self' || rel === 'next' || rel === 'resync' || rel === 'resume') && href !== undefined) channel[rel] = channelLink(href);
      else context.warnings.push(`<link rel="${rel ?? ''}"> at ${context.at(child.offset)} is not a channel link (self, next, resync, resume) and was not kept`);
    } else if (child.name === 'sender') {
      const sender = { rel: attributeOf(child, 'rel') ?? '', href: attributeOf(child, 'href') ?? '' };
      if (attributeOf(child, 'rel') === undefined || attributeOf(child, 'href') === undefined)
        context.warnings.push(`<sender> at ${context.at(child.offset)} lacks a rel or href; kept with an empty one`);
      const own: UcwaEvent[] = [];
      for (const element of child.children) {
        const event = readEvent(element, sender, events.length, context);
        own.push(event);
        events.push(event);
      }
      senders.push({ ...sender, events: own });
    } else throw new BodyShapeError(`<${child.qname}> at ${context.at(child.offset)} is neither a <link> nor a <sender>, so this is not an event batch`, child.offset);
  }
  return { ...channel, senders, events };
}

function readEvent(element: XmlElement, sender: EventSender, index: number, context: XmlMapContext): UcwaEvent {
  const link = readXmlLink(element, EVENT_LINK_ATTRIBUTES, context);
  let status = attributeOf(element, 'status');
  let inLink: UcwaEvent['in'];
  let reason: UcwaError | undefined;
  const embedded: Record<string, UcwaResource[]> = {};
  const extra: Record<string, PropertyValue> = {};
  for (const child of element.children) {
    if (child.name === 'in') inLink = readXmlLink(child, LINK_ATTRIBUTES, context);
    else if (child.name === 'status') status = child.text;
    else if (child.name === 'reason') reason = readXmlError(child, context);
    else if (child.name === 'resource') {
      const relationship = attributeOf(child, 'rel') ?? link.rel;
      pushOwn(embedded, relationship, readXmlResource(child, relationship, context));
    } else setOwn(extra, child.name, plainElementValue(child, context));
  }
  return {
    index,
    sender,
    type: element.name,
    link,
    ...(inLink ? { in: inLink } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(reason ? { reason } : {}),
    embedded,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}
