/**
 * Decodes an XML body: UCWA resources and `<input>` request bodies, event batches and `<reason>`
 * error bodies; other well-formed XML (the .NET data-contract bodies some pages show) as plain
 * data with a warning. Bad input is a DecodeProblem naming what and where.
 */
import { BodyShapeError } from './body-shape-error.ts';
import { finished, unexpectedFailure } from './decode-safety.ts';
import type { BodyContext, DecodeProblem, DecodeResult, DecodedBody } from './decoded-body.ts';
import { injectedSpacesNote, unescapeHtml } from './html-escaping.ts';
import { pushOwn, setOwn } from './own-field.ts';
import type { PropertyValue, UcwaResource } from './resource.ts';
import { describePosition, positionAt, positionLocator } from './text/text-position.ts';
import { readXmlError } from './xml/xml-error.ts';
import { readXmlEventBatch } from './xml/xml-event-batch.ts';
import type { XmlElement } from './xml/xml-element.ts';
import { readXml } from './xml/read-xml.ts';
import { xmlLimitProblem } from './xml/xml-limits.ts';
import { readXmlResource } from './xml/xml-resource.ts';
import { plainElementValue, type XmlMapContext } from './xml/xml-values.ts';

const UCWA_NAMESPACES = new Set(['http://schemas.microsoft.com/rtc/2012/03/ucwa', 'https://schemas.microsoft.com/rtc/2012/03/ucwa']);
const UCWA_ROOTS = new Set(['resource', 'input', 'events', 'reason']);

export function decodeXml(text: string, context: BodyContext = { direction: 'response' }): DecodeResult {
  try {
    return finished(decodeXmlText(text, context));
  } catch (error) {
    return unexpectedFailure('xml', error);
  }
}

function decodeXmlText(text: string, context: BodyContext): DecodeResult {
  const tooLarge = xmlLimitProblem(text);
  if (tooLarge) return { ok: false, format: 'xml', problem: tooLarge };
  const escaped = htmlEscapeProblem(text);
  if (escaped) return escaped;
  const read = readXml(text);
  if (!read.ok) return { ok: false, format: 'xml', problem: read.problem, offset: read.offset, line: read.line, column: read.column };
  const { root } = read;
  const warnings: string[] = [];
  const locate = positionLocator(text);
  const mapContext: XmlMapContext = { warnings, at: (offset) => describePosition(locate(offset)) };
  try {
    const body = decodeRoot(root, context, mapContext);
    return 'problem' in body ? body : { ok: true, format: 'xml', body, warnings };
  } catch (error) {
    if (!(error instanceof BodyShapeError)) throw error;
    return problemAt(text, `XML: ${error.sentence}`, error.offset ?? root.offset);
  }
}

function decodeRoot(root: XmlElement, context: BodyContext, mapContext: XmlMapContext): DecodedBody | DecodeProblem {
  const inUcwaNamespace = root.namespace !== null && UCWA_NAMESPACES.has(root.namespace);
  if (root.name.toLowerCase() === 'html' || root.namespace === 'http://www.w3.org/1999/xhtml')
    return { ok: false, format: 'xml', problem: `not a UCWA body: root element <${root.qname}>`, offset: root.offset };
  if (UCWA_ROOTS.has(root.name) && (inUcwaNamespace || root.namespace === null)) {
    if (!inUcwaNamespace) mapContext.warnings.push(`root element <${root.qname}> has no UCWA namespace (xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"); read as UCWA anyway`);
    if (root.name === 'events') return { kind: 'events', batch: readXmlEventBatch(root, mapContext) };
    if (root.name === 'reason') return { kind: 'error', error: readXmlError(root, mapContext) };
    return { kind: 'resource', resource: readXmlResource(root, null, mapContext) };
  }
  if (inUcwaNamespace)
    return { ok: false, format: 'xml', problem: `not a UCWA body: root element <${root.qname}> is in the UCWA namespace but is none of <resource>, <input>, <events>, <reason>`, offset: root.offset };
  mapContext.warnings.push(`root element <${root.qname}> is not in the UCWA namespace; its children are read as plain properties and its name is not part of the model`);
  return { kind: 'resource', resource: plainResource(root, context, mapContext) };
}

/** A data-contract body (`<optionsMetadata>`, `<operationsQueued>`): children become properties. */
function plainResource(root: XmlElement, context: BodyContext, mapContext: XmlMapContext): UcwaResource {
  const grouped: Record<string, PropertyValue[]> = {};
  for (const child of root.children) pushOwn(grouped, child.name, plainElementValue(child, mapContext));
  const properties: Record<string, PropertyValue> = {};
  for (const [name, values] of Object.entries(grouped)) setOwn(properties, name, values.length === 1 ? (values[0] as PropertyValue) : values);
  return { rel: null, href: null, root: context.direction === 'request' ? 'input' : 'resource', properties, links: {}, embedded: {} };
}

function htmlEscapeProblem(text: string): DecodeProblem | null {
  const start = text.search(/\S/);
  if (start < 0 || !text.startsWith('&lt;', start)) return null;
  const unescaped = unescapeHtml(text);
  const retry = readXml(unescaped);
  const after = (retry.ok ? 'un-escaped, it is well-formed XML' : `even un-escaped it is not XML: ${retry.problem.replace(/^XML: /, '')}`) + injectedSpacesNote(unescaped);
  return problemAt(
    text,
    `XML: the body is HTML-escaped: it starts with "&lt;" where "<" belongs (the UCWA docs print request bodies this way; ${after}). Un-escape &lt; &gt; &quot; &amp; to read it`,
    start,
  );
}

function problemAt(text: string, problem: string, offset: number): DecodeProblem {
  return { ok: false, format: 'xml', problem, ...positionAt(text, offset) };
}
