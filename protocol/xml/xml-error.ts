/**
 * The XML error body, `<reason>` with `<code>`, `<subcode>`, `<message>`, `<debugInfo>`,
 * `<parameters>` and `<link>`, to a UcwaError. Other children are kept in `extra`.
 */
import { setOwn } from '../own-field.ts';
import { assembleUcwaError, type UcwaError } from '../ucwa-error.ts';
import type { XmlElement } from './xml-element.ts';
import { attributeOf, plainElementValue, type XmlMapContext } from './xml-values.ts';

export function readXmlError(element: XmlElement, context: XmlMapContext): UcwaError {
  let code: string | undefined;
  let subcode: string | undefined;
  let message: string | undefined;
  let debugInfo: Record<string, string> | undefined;
  let parameters: Record<string, string> | undefined;
  let link: { rel: string; href: string } | undefined;
  const extra: Record<string, string> = {};
  for (const child of element.children) {
    switch (child.name) {
      case 'code':
        code = child.text;
        break;
      case 'subcode':
        subcode = child.text;
        break;
      case 'message':
        message = child.text;
        break;
      case 'debugInfo':
        debugInfo = namedTexts(child, context);
        break;
      case 'parameters':
        parameters = namedTexts(child, context);
        break;
      case 'link':
        link = { rel: attributeOf(child, 'rel') ?? '', href: attributeOf(child, 'href') ?? '' };
        break;
      default:
        setOwn(extra, child.name, textOf(child, context));
    }
  }
  if (code === undefined) context.warnings.push(`error body <${element.qname}> at ${context.at(element.offset)} has no <code>; kept with an empty code`);
  return assembleUcwaError({ code, subcode, message, debugInfo, parameters, link, extra });
}

/** `<property name="x">v</property>` children, or plain `<x>v</x>` children, as name → text. */
function namedTexts(element: XmlElement, context: XmlMapContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const child of element.children) setOwn(out, attributeOf(child, 'name') ?? child.name, textOf(child, context));
  if (element.children.length === 0 && element.text.trim() !== '') setOwn(out, element.name, element.text);
  return out;
}

function textOf(element: XmlElement, context: XmlMapContext): string {
  if (element.children.length === 0) return element.text;
  return JSON.stringify(plainElementValue(element, context));
}
