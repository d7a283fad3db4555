/**
 * `<resource>` and `<input>` elements to the resource model: links, typed properties, property
 * lists and nested resources keyed by relationship. Anything unexpected is kept as a property and
 * named in a warning.
 */
import { getOwn, pushOwn, setOwn } from '../own-field.ts';
import { resourceRelFor } from '../catalog.ts';
import type { PropertyValue, UcwaLink, UcwaResource } from '../resource.ts';
import type { XmlElement } from './xml-element.ts';
import { attributeOf, isNil, plainElementValue, typedText, type XmlMapContext } from './xml-values.ts';

const LINK_ATTRIBUTES = new Set(['rel', 'href', 'title', 'revision']);

export function readXmlResource(element: XmlElement, relationship: string | null, context: XmlMapContext): UcwaResource {
  const properties: Record<string, PropertyValue> = {};
  const links: Record<string, UcwaLink[]> = {};
  const embedded: Record<string, UcwaResource[]> = {};
  let href = attributeOf(element, 'href') ?? null;
  let type: string | undefined;
  let etag: string | undefined;
  const unknown: Record<string, { qname: string; offset: number; values: PropertyValue[] }> = {};
  const setProperty = (name: string, value: PropertyValue, at: number): void => {
    if (getOwn(properties, name) !== undefined) context.warnings.push(`property ${name} repeated at ${context.at(at)}; the last value is kept`);
    setOwn(properties, name, value);
  };

  for (const child of element.children) {
    switch (child.name) {
      case 'link': {
        const link = readXmlLink(child, LINK_ATTRIBUTES, context);
        if (link.rel === 'self') {
          href ??= link.href;
          if (link.title !== undefined || link.revision !== undefined || link.extra) pushOwn(links, 'self', link);
        } else pushOwn(links, link.rel, link);
        break;
      }
      case 'property': {
        const name = attributeOf(child, 'name');
        if (name === undefined) {
          context.warnings.push(`<property> without a name at ${context.at(child.offset)} was not kept`);
          break;
        }
        const value = child.children.length > 0 ? plainElementValue(child, context) : isNil(child) ? null : typedText(name, child.text);
        if (name === 'rel' && typeof value === 'string') type = value;
        else if (name === 'etag' && child.children.length === 0 && !isNil(child)) etag = child.text;
        else setProperty(name, value, child.offset);
        break;
      }
      case 'propertyList': {
        const name = attributeOf(child, 'name');
        if (name === undefined) {
          context.warnings.push(`<propertyList> without a name at ${context.at(child.offset)} was not kept`);
          break;
        }
        setProperty(name, readItems(child, context), child.offset);
        break;
      }
      case 'resource': {
        const nested = attributeOf(child, 'rel');
        if (nested === undefined) context.warnings.push(`nested <resource> without a rel at ${context.at(child.offset)} is kept under the relationship ""`);
        pushOwn(embedded, nested ?? '', readXmlResource(child, nested ?? '', context));
        break;
      }
      default: {
        // Unknown elements are kept as properties; repeats of one name become a list, in order.
        const seen = getOwn(unknown, child.name);
        if (seen) seen.values.push(plainElementValue(child, context));
        else {
          setOwn(unknown, child.name, { qname: child.qname, offset: child.offset, values: [plainElementValue(child, context)] });
          setProperty(child.name, null, child.offset);
        }
      }
    }
  }
  for (const [name, { qname, offset, values }] of Object.entries(unknown)) {
    const times = values.length > 1 ? ` (${values.length} times)` : '';
    context.warnings.push(`unexpected element <${qname}> in <${element.qname}> at ${context.at(offset)}${times}; kept as property ${name}`);
    setOwn(properties, name, values.length === 1 ? (values[0] as PropertyValue) : values);
  }
  if (element.text.trim() !== '') context.warnings.push(`text inside <${element.qname}> at ${context.at(element.offset)} is not part of the model and was not kept`);

  const self = selfLinkExtras(element, href);
  if (self) links['self'] = [self, ...(getOwn(links, 'self') ?? [])];
  const relAttribute = attributeOf(element, 'rel');
  const rel = type ?? (relationship !== null ? (resourceRelFor(relationship) ?? relationship) : (relAttribute ?? null));
  return {
    rel,
    href,
    ...(etag !== undefined ? { etag } : {}),
    root: element.name === 'input' ? 'input' : 'resource',
    properties,
    links,
    embedded,
  };
}

/** `<link rel href title revision …/>`; attributes outside `known` go to `extra`. */
export function readXmlLink(element: XmlElement, known: ReadonlySet<string>, context: XmlMapContext): UcwaLink {
  const rel = attributeOf(element, 'rel');
  const href = attributeOf(element, 'href');
  if (rel === undefined || href === undefined)
    context.warnings.push(`<${element.qname}> at ${context.at(element.offset)} has no ${rel === undefined ? 'rel' : 'href'}; kept with an empty one`);
  const title = attributeOf(element, 'title');
  const revision = attributeOf(element, 'revision');
  const extra: Record<string, string> = {};
  let hasExtra = false;
  for (const attribute of element.attributes) {
    if (attribute.namespace === null && known.has(attribute.name)) continue;
    setOwn(extra, attribute.qname, attribute.value);
    hasExtra = true;
  }
  return {
    rel: rel ?? '',
    href: href ?? '',
    ...(title !== undefined ? { title } : {}),
    ...(revision !== undefined ? { revision } : {}),
    ...(hasExtra ? { extra } : {}),
  };
}

/** A `<resource>`'s own attributes beyond rel/href describe its self link (title, revision). */
function selfLinkExtras(element: XmlElement, href: string | null): UcwaLink | null {
  const others = element.attributes.filter((a) => !(a.namespace === null && (a.name === 'rel' || a.name === 'href')));
  if (others.length === 0) return null;
  const extra: Record<string, string> = {};
  let title: string | undefined;
  let revision: string | undefined;
  for (const attribute of others) {
    if (attribute.namespace === null && attribute.name === 'title') title = attribute.value;
    else if (attribute.namespace === null && attribute.name === 'revision') revision = attribute.value;
    else setOwn(extra, attribute.qname, attribute.value);
  }
  return {
    rel: 'self',
    href: href ?? '',
    ...(title !== undefined ? { title } : {}),
    ...(revision !== undefined ? { revision } : {}),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

function readItems(list: XmlElement, context: XmlMapContext): PropertyValue[] {
  const items: PropertyValue[] = [];
  for (const item of list.children) {
    if (item.name !== 'item') context.warnings.push(`<${item.qname}> in <propertyList> at ${context.at(item.offset)} is not an <item>; kept as one`);
    items.push(item.children.length > 0 ? plainElementValue(item, context) : isNil(item) ? null : typedText(null, item.text));
  }
  return items;
}
