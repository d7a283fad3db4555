/**
 * The simulator's XML: `<resource rel href>` with `<link>`, `<property>`, `<propertyList>` and
 * nested `<resource>` for embedded ones (the relationship in `rel`, the type in a `rel`
 * property), booleans `True`/`False`, dates ISO-8601 with an offset; event batches as
 * EventChannelDetails.md shows them, with `in`, `status` and `reason` inside each event element.
 */
import { isSimDate, type SimEvent, type SimEventBatch, type SimLink, type SimReason, type SimResource, type SimValue } from './sim-resource.ts';

export const UCWA_NS = 'http://schemas.microsoft.com/rtc/2012/03/ucwa';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

function isoWithOffset(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+00:00');
}

function scalar(v: Exclude<SimValue, readonly string[]>): string {
  if (isSimDate(v)) return isoWithOffset(v.epochMs);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return escapeXml(String(v));
}

const linkXml = (l: SimLink, element = 'link'): string => `<${element} rel="${escapeXml(l.rel)}" href="${escapeXml(l.href)}"${l.title === undefined ? '' : ` title="${escapeXml(l.title)}"`}/>`;

function body(resource: SimResource): string {
  const parts: string[] = resource.links.map((l) => linkXml(l));
  for (const [name, v] of Object.entries(resource.properties)) {
    if (Array.isArray(v)) parts.push(`<propertyList name="${escapeXml(name)}">${(v as readonly string[]).map((item) => `<item>${escapeXml(item)}</item>`).join('')}</propertyList>`);
    else parts.push(`<property name="${escapeXml(name)}">${scalar(v as Exclude<SimValue, readonly string[]>)}</property>`);
  }
  for (const [relationship, member] of Object.entries(resource.embedded ?? {}))
    for (const item of Array.isArray(member) ? (member as readonly SimResource[]) : [member as SimResource]) parts.push(embeddedXml(relationship, item));
  return parts.join('');
}

function embeddedXml(relationship: string, resource: SimResource): string {
  return `<resource rel="${escapeXml(relationship)}" href="${escapeXml(resource.href)}"><property name="rel">${escapeXml(resource.rel)}</property>${body(resource)}</resource>`;
}

export function resourceXml(resource: SimResource): string {
  return `<?xml version="1.0" encoding="utf-8"?><resource rel="${escapeXml(resource.rel)}" href="${escapeXml(resource.href)}" xmlns="${UCWA_NS}">${body(resource)}</resource>`;
}

export function reasonXml(reason: SimReason, element = 'reason', withNamespace = true): string {
  return `<${element}${withNamespace ? ` xmlns="${UCWA_NS}"` : ''}><code>${escapeXml(reason.code)}</code>${reason.subcode ? `<subcode>${escapeXml(reason.subcode)}</subcode>` : ''}<message>${escapeXml(reason.message)}</message></${element}>`;
}

function eventXml(event: SimEvent): string {
  const inner = [
    event.in ? linkXml(event.in, 'in') : '',
    event.status ? `<status>${event.status}</status>` : '',
    event.reason ? reasonXml(event.reason, 'reason', false) : '',
    event.resource ? embeddedXml(event.link.rel, event.resource) : '',
  ].join('');
  const open = `<${event.type} rel="${escapeXml(event.link.rel)}" href="${escapeXml(event.link.href)}"${event.link.title === undefined ? '' : ` title="${escapeXml(event.link.title)}"`}`;
  return inner ? `${open}>${inner}</${event.type}>` : `${open}/>`;
}

export function eventBatchXml(batch: SimEventBatch): string {
  const links = (['next', 'resync', 'resume'] as const).filter((rel) => batch[rel]).map((rel) => linkXml({ rel, href: batch[rel] as string }));
  const senders = batch.senders.map((s) => `<sender rel="${escapeXml(s.rel)}" href="${escapeXml(s.href)}">${s.events.map(eventXml).join('')}</sender>`);
  return `<?xml version="1.0" encoding="utf-8"?><events href="${escapeXml(batch.self)}" xmlns="${UCWA_NS}">${links.join('')}${senders.join('')}</events>`;
}
