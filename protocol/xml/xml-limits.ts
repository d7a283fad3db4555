/**
 * The bounds an XML body must keep to be decoded, checked in one scan before fast-xml-parser
 * sees it. JSON's 50 MB limit is too loose for XML: the parser's memory and time grow far
 * faster than the body's (measured on Node 20: a 50 MB text node took 10 s and 1.9 GB, 1.5
 * million elements in 47 MB took 16 s and 1.8 GB, while a 50 MB JSON body took 0.4 s and
 * 0.3 GB). It gathers text one character at a time (some 35 bytes of memory per character
 * until the node ends) and keeps about 1 KB per element with our tree.
 */

/**
 * 10 MB of XML decodes in about 2 s within about 0.4 GB (a single text node, the worst case).
 * Real UCWA XML bodies are far smaller: a 20,000-contact collection is under 3 MB, and IM
 * text and photos travel in their own bodies. Measured in characters, which for the ASCII
 * markup UCWA sends are bytes.
 */
export const MAX_XML_DECODE_CHARS = 10 * 1024 * 1024;

/**
 * 200,000 elements decode in about 3 s within about 0.4 GB. The largest real bodies, contact
 * lists and groups, hold about ten elements per contact: 20,000 contacts fit.
 */
export const MAX_XML_ELEMENTS = 200_000;

const count = (n: number): string => n.toLocaleString('en-US');
const KEPT = 'it is kept as raw bytes but not decoded';

/** The sentence refusing a body over either bound, or null when it may be parsed. */
export function xmlLimitProblem(text: string): string | null {
  if (text.length > MAX_XML_DECODE_CHARS)
    return `XML: body is ${(text.length / 1024 / 1024).toFixed(1)} MB, over the ${MAX_XML_DECODE_CHARS / 1024 / 1024} MB decoding limit for XML bodies (XML costs the decoder far more memory than JSON); ${KEPT}`;
  const elements = countElements(text);
  if (elements > MAX_XML_ELEMENTS) return `XML: body has ${count(elements)} elements, over the ${count(MAX_XML_ELEMENTS)}-element decoding limit for XML bodies; ${KEPT}`;
  return null;
}

/** Start tags, not counting markup inside comments, CDATA sections and processing instructions; unclosed ones end the count (the parser names them). */
export function countElements(text: string): number {
  let elements = 0;
  let at = text.indexOf('<');
  while (at >= 0) {
    const next = text.charCodeAt(at + 1);
    let resume = at + 1;
    if (text.startsWith('<!--', at)) resume = text.indexOf('-->', at + 4);
    else if (text.startsWith('<![CDATA[', at)) resume = text.indexOf(']]>', at + 9);
    else if (next === 0x3f /* ? */) resume = text.indexOf('?>', at + 2);
    else if (next !== 0x2f /* / */ && next !== 0x21 /* ! */) elements++;
    if (resume < 0) break;
    at = text.indexOf('<', resume);
  }
  return elements;
}
