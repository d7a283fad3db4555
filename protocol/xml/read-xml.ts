/**
 * Reads an XML body with fast-xml-parser: a document-order parse built into our element tree,
 * and the library's validator for well-formedness and positions whenever the parse, the tree or
 * its shape checks find anything amiss. DOCTYPE and entity declarations are refused before either
 * runs, so no entity is ever expanded beyond the five predefined ones.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describePosition, positionAt } from '../text/text-position.ts';
import type { XmlElement, XmlReadResult } from './xml-element.ts';
import { buildXmlTree, ELEMENT_MARK, innermostUnclosed, type BuiltXmlTree, type OrderedNode } from './xml-tree.ts';
import { XmlSyntaxError } from './xml-syntax-error.ts';
import { validatorProblem } from './xml-validator-problem.ts';

/** Characters XML forbids, refused before any parsing. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
/** After "<!", what fast-xml-parser would read as a document type (it looks at "<!D" only) or an entity declaration. */
const DECLARATION = /^(?:D|ENTITY)/i;

/** How the markup the parser reports unclosed opens. */
const OPENINGS: Readonly<Record<string, string>> = { Comment: '<!--', CDATA: '<![CDATA[', 'Pi Tag': '<?' };

/**
 * Text stays as written (references are read by xml-tree.ts, which can tell text from attributes
 * and name a bad reference), CDATA and comments stay apart from text, and every element carries
 * its offsets. Depth is checked while the tree is built, where the offending element is known.
 */
const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  captureMetaData: true,
  maxNestedTags: Number.MAX_SAFE_INTEGER,
  jPath: false,
  // Marked names never equal `__proto__`, `constructor` or the library's own keys, so every name survives as written.
  // The library transforms a self-closing tag's name twice, hence the check.
  transformTagName: (name) => (name.startsWith(ELEMENT_MARK) ? name : ELEMENT_MARK + name),
});

export function readXml(text: string): XmlReadResult {
  try {
    return { ok: true, root: read(text) };
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    return { ok: false, problem: `XML: ${error.sentence}`, ...positionAt(text, error.at) };
  }
}

/**
 * The validator runs only when something is amiss, yet a body gets the same answer as if it ran
 * first: its problem when it finds one, otherwise the parse's or the tree's. The shape checks flag
 * every malformation the lenient parser lets through (test/protocol/xml/read-xml.test.ts).
 */
function read(text: string): XmlElement {
  const at = (offset: number): string => describePosition(positionAt(text, offset));
  const refused = firstRefused(text);
  if (refused >= 0) throw refusal(text, refused, at);
  let built: BuiltXmlTree;
  try {
    built = buildXmlTree(parse(text), text, at);
  } catch (error) {
    throw validatorVerdict(text) ?? error;
  }
  if (built.doubtful) {
    const problem = validatorVerdict(text);
    if (problem) throw problem;
  }
  return built.root;
}

/** What fast-xml-parser's validator finds wrong with the body, in our words; null when it finds nothing. */
export function validatorVerdict(text: string): XmlSyntaxError | null {
  const verdict = XMLValidator.validate(text);
  if (verdict === true) return null;
  return validatorProblem(text, verdict.err, (offset) => describePosition(positionAt(text, offset)), () => innermostUnclosed(parse(text)));
}

/** The first forbidden character or declaration; two plain scans are cheaper than one regex with alternatives. */
function firstRefused(text: string): number {
  let declaration = -1;
  for (let at = text.indexOf('<!'); at >= 0; at = text.indexOf('<!', at + 2)) {
    if (DECLARATION.test(text.slice(at + 2, at + 8))) {
      declaration = at;
      break;
    }
  }
  const forbidden = (declaration < 0 ? text : text.slice(0, declaration)).search(FORBIDDEN);
  return forbidden >= 0 ? forbidden : declaration;
}

function refusal(text: string, offset: number, at: (offset: number) => string): XmlSyntaxError {
  if (text.charCodeAt(offset) !== 0x3c /* < */)
    return new XmlSyntaxError(`control character U+${text.charCodeAt(offset).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML at ${at(offset)}`, offset);
  const keyword = /^<!ENTITY/i.test(text.slice(offset, offset + 8)) ? 'ENTITY' : 'DOCTYPE';
  return new XmlSyntaxError(`${keyword} declaration at ${at(offset)} refused: UCWA bodies never carry one, and entity expansion is not allowed`, offset);
}

function parse(text: string): OrderedNode[] {
  try {
    return PARSER.parse(text) as OrderedNode[];
  } catch (error) {
    // When the validator passes too, this is one of the few things only the parser notices (an unclosed comment or CDATA section).
    const message = error instanceof Error ? error.message : String(error);
    const opening = OPENINGS[/^(.+) is not closed\.$/.exec(message)?.[1] ?? ''];
    const offset = opening === undefined ? 0 : Math.max(0, text.lastIndexOf(opening));
    throw new XmlSyntaxError(`${message.replace(/\.$/, '')} at ${describePosition(positionAt(text, offset))}`, offset);
  }
}
