/** Request input as UCWA takes it: a JSON object, or an XML `<input>` of properties and links (PayloadFormat.md). */
import { escapeXml, UCWA_NS } from '../wire/render-xml.ts';

/** A property value, or for a key `_links.REL` the href of an input link (a `data:` message, say). */
export type InputValue = string | number | boolean | readonly string[];

export function encodeInput(input: Readonly<Record<string, InputValue>>, format: 'json' | 'xml'): { body: string; contentType: string } {
  const properties = Object.entries(input).filter(([name]) => !name.startsWith('_links.'));
  const links = Object.entries(input)
    .filter(([name]) => name.startsWith('_links.'))
    .map(([name, href]) => [name.slice('_links.'.length), String(href)] as const);
  if (format === 'json') {
    const body: Record<string, unknown> = Object.fromEntries(properties);
    if (links.length > 0) body['_links'] = Object.fromEntries(links.map(([rel, href]) => [rel, { href }]));
    return { body: JSON.stringify(body), contentType: 'application/json' };
  }
  const parts = properties.map(([name, value]) =>
    Array.isArray(value)
      ? `<propertyList name="${escapeXml(name)}">${(value as readonly string[]).map((item) => `<item>${escapeXml(item)}</item>`).join('')}</propertyList>`
      : `<property name="${escapeXml(name)}">${escapeXml(typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value))}</property>`,
  );
  for (const [rel, href] of links) parts.push(`<link rel="${escapeXml(rel)}" href="${escapeXml(href)}"/>`);
  return { body: `<?xml version="1.0" encoding="utf-8"?><input xmlns="${UCWA_NS}">${parts.join('')}</input>`, contentType: 'application/xml' };
}
