/**
 * Cheap shape checks of the markup fast-xml-parser reads leniently (it drops malformed attributes,
 * pops any closing tag and skips text outside the root). Each answers "could be well-formed" or
 * not; a "not" only sends the body to the library's validator, which names the problem.
 */

/** The XML name rule fast-xml-parser's validator applies to tag and attribute names (its util.js), so no name it accepts is flagged. */
const NAME_START = ':A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME = `[${NAME_START}][${NAME_START}\\-.\\d\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`;
/** XML's white space; the parser also splits on other Unicode spaces, which the validator refuses. */
const S = '[ \\t\\n\\r]';

const TAG_NAME = new RegExp(`<${NAME}`, 'y');
const ATTRIBUTE = new RegExp(`${S}+${NAME}${S}*=${S}*(?:"[^"]*"|'[^']*')`, 'y');
const TAG_END = new RegExp(`${S}*(/?)>`, 'y');
/** fast-xml-parser reads any `<![` as a CDATA section's `<![CDATA[`. */
const BAD_CDATA_OPENING = /<!\[(?!CDATA\[)/;
/** What may stand outside the root element: white space, comments, and processing instructions with a name. */
const MISC = new RegExp(`(?:${S}+|<!--[\\s\\S]*?-->|<\\?${NAME}(?:${S}[\\s\\S]*?)?\\?>)*`, 'y');

export interface StartTagShape {
  readonly attributes: number;
  readonly selfClosing: boolean;
}

/** The start tag at `offset` when it is `<qname`, quoted attributes each after white space, then `>` or `/>`; else null. */
export function startTagShape(text: string, offset: number, qname: string): StartTagShape | null {
  TAG_NAME.lastIndex = offset;
  if (!TAG_NAME.test(text) || TAG_NAME.lastIndex !== offset + 1 + qname.length) return null;
  let at = TAG_NAME.lastIndex;
  let attributes = 0;
  for (;;) {
    ATTRIBUTE.lastIndex = at;
    if (!ATTRIBUTE.test(text)) break;
    at = ATTRIBUTE.lastIndex;
    attributes++;
  }
  TAG_END.lastIndex = at;
  const end = TAG_END.exec(text);
  return end === null ? null : { attributes, selfClosing: end[1] === '/' };
}

/**
 * Whether the markup ending just before `end` is exactly `</qname>` (white space allowed before its
 * ">"), begun after the markup before it ended: the parser takes a closing tag from any "</" to the
 * next ">", so `</x</qname>` would read as one.
 */
export function closesAs(text: string, end: number, qname: string): boolean {
  const start = text.lastIndexOf('<', end - 1);
  if (start < 0 || text.charCodeAt(end - 1) !== 0x3e /* > */ || text.charCodeAt(start + 1) !== 0x2f /* / */ || !text.startsWith(qname, start + 2)) return false;
  for (let at = start + 2 + qname.length; at < end - 1; at++) {
    const c = text.charCodeAt(at);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return text.lastIndexOf('<', start - 1) < text.lastIndexOf('>', start - 1);
}

/** Where the run of white space, comments and processing instructions starting at `from` ends. */
export function miscEnd(text: string, from: number): number {
  MISC.lastIndex = from;
  MISC.test(text);
  return MISC.lastIndex;
}

/** Whether every `<![` in the body opens a CDATA section as written (one inside a comment or section makes a false alarm, which only costs a validation). */
export function cdataOpeningsPlain(text: string): boolean {
  return !BAD_CDATA_OPENING.test(text);
}
