/**
 * Typing of XML text, and a plain mapping for XML that is not in UCWA's resource shape (the
 * .NET data-contract bodies of OPTIONS and makeMeAvailable). Names in the generated hint table are
 * typed as the JSON samples type them; other names only get booleans and dates by pattern, because
 * UCWA's JSON carries numeric-looking strings (`"id":"123"`) that a guess would turn into numbers.
 */
import { pushOwn, setOwn } from '../own-field.ts';
import { PROPERTY_HINTS, type PropertyHint } from '../property-hints.generated.ts';
import type { PropertyValue } from '../resource.ts';
import { parseUcwaDate } from '../ucwa-date.ts';
import { XSI_NAMESPACE, type XmlElement } from './xml-element.ts';

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** What an XML mapper reports back besides the model. */
export interface XmlMapContext {
  readonly warnings: string[];
  /** `line 3, column 14` for an element offset. */
  at(offset: number): string;
}

/** A Map: looked up for every property of every XML body, where an own-property check on the large generated object costs more. */
const HINTS: ReadonlyMap<string, PropertyHint> = new Map(Object.entries(PROPERTY_HINTS));

export function propertyHint(name: string): PropertyHint | undefined {
  return HINTS.get(name);
}

/** An unprefixed attribute's value. */
export function attributeOf(element: XmlElement, name: string): string | undefined {
  for (const attribute of element.attributes) if (attribute.name === name && attribute.namespace === null) return attribute.value;
  return undefined;
}

export function isNil(element: XmlElement): boolean {
  for (const attribute of element.attributes)
    if (attribute.name === 'nil' && attribute.namespace === XSI_NAMESPACE) return attribute.value === 'true' || attribute.value === '1';
  return false;
}

export function typedText(name: string | null, text: string): PropertyValue {
  if (text === '') return '';
  const date = parseUcwaDate(text);
  if (date) return date;
  const hint = name === null ? undefined : propertyHint(name);
  if (hint === 'number' && NUMBER.test(text)) return Number(text);
  if (hint === undefined || hint === 'boolean') {
    if (text === 'True' || text === 'true') return true;
    if (text === 'False' || text === 'false') return false;
  }
  return text;
}

/** Maps an element of no UCWA shape: text when it has no children, a list or a record otherwise. */
export function plainElementValue(element: XmlElement, context: XmlMapContext): PropertyValue {
  if (isNil(element)) return null;
  const extraAttributes = element.attributes.filter((a) => a.namespace !== XSI_NAMESPACE);
  if (extraAttributes.length > 0)
    context.warnings.push(`attributes ${extraAttributes.map((a) => a.qname).join(', ')} of <${element.qname}> at ${context.at(element.offset)} are not part of the model and were not kept`);
  const { children } = element;
  if (children.length === 0) return typedText(element.name, element.text);
  if (element.text.trim() !== '') context.warnings.push(`text beside the child elements of <${element.qname}> at ${context.at(element.offset)} was not kept`);
  const first = children[0] as XmlElement;
  const repeated = children.length > 1 && children.every((c) => c.qname === first.qname);
  if (repeated || propertyHint(element.name) === 'list') return children.map((child) => plainElementValue(child, context));
  const grouped: Record<string, PropertyValue[]> = {};
  for (const child of children) pushOwn(grouped, child.name, plainElementValue(child, context));
  const fields: Record<string, PropertyValue> = {};
  for (const [name, values] of Object.entries(grouped)) setOwn(fields, name, values.length === 1 ? (values[0] as PropertyValue) : values);
  return { kind: 'record', fields };
}
