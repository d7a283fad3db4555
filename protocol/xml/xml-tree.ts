/**
 * Builds the element tree UCWA decoding reads (xml-element.ts) from fast-xml-parser's
 * document-order output: namespaces resolved, references read, layout white space dropped, and
 * the XML 1.0 rules the library's validator leaves unchecked enforced with their positions. The
 * markup the parser reads leniently is shape-checked on the way, so the validator runs only on doubt.
 */
import { XMLParser, type XMLMetaData } from 'fast-xml-parser';
import type { XmlAttribute, XmlElement } from './xml-element.ts';
import { cdataOpeningsPlain, closesAs, miscEnd, startTagShape } from './xml-markup-shape.ts';
import { resolveReferences, type ReferenceFail } from './xml-references.ts';
import { XmlSyntaxError } from './xml-syntax-error.ts';

/** Deeper than any UCWA body by far; keeps every later walk of the tree shallow. */
export const MAX_XML_DEPTH = 256;
/** fast-xml-parser is told to write element names after this mark, so no name collides with its own keys. */
export const ELEMENT_MARK = '<';

/** One entry of fast-xml-parser's `preserveOrder` output: an element, text, CDATA, a comment or a processing instruction. */
export interface OrderedNode {
  readonly [key: string]: readonly OrderedNode[] | string | Readonly<Record<string, string>>;
  readonly [meta: symbol]: XMLMetaData | undefined;
}

/** Where fast-xml-parser puts an element's start and end offsets (`captureMetaData`). */
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

interface Scope {
  readonly defaultNamespace: string | null;
  readonly prefixes: Readonly<Record<string, string>>;
}

/** Prefix tables chain through prototypes (rooted in null), so a declaration costs O(1), not a copy. */
const ROOT_SCOPE: Scope = { defaultNamespace: null, prefixes: Object.assign(Object.create(null) as Record<string, string>, { xml: XML_NAMESPACE }) };

/** The tree, and whether some markup was not plainly well-formed (then only the validator can tell). */
export interface BuiltXmlTree {
  readonly root: XmlElement;
  readonly doubtful: boolean;
}

export function buildXmlTree(nodes: readonly OrderedNode[], text: string, at: (offset: number) => string): BuiltXmlTree {
  const builder = new TreeBuilder(text, at);
  const root = builder.document(nodes);
  return { root, doubtful: builder.doubtful };
}

/** The innermost element the body never closes, from a lenient parse (the validator only lists their names). */
export function innermostUnclosed(nodes: readonly OrderedNode[]): { qname: string; offset: number } | null {
  let found: { qname: string; offset: number } | null = null;
  let level: readonly OrderedNode[] = nodes;
  for (;;) {
    const last = lastElement(level);
    const meta = last?.[META];
    if (!last || !meta || meta.endIndex !== undefined) return found;
    const key = elementKey(last) as string;
    found = { qname: key.slice(1), offset: meta.startIndex ?? 0 };
    level = last[key] as OrderedNode[];
  }
}

function lastElement(nodes: readonly OrderedNode[]): OrderedNode | undefined {
  for (let i = nodes.length - 1; i >= 0; i--) if (elementKey(nodes[i] as OrderedNode) !== undefined) return nodes[i];
  return undefined;
}

/** The key holding an element's children; text, CDATA, comments and processing instructions have none. */
function elementKey(node: OrderedNode): string | undefined {
  for (const key in node) return key.startsWith(ELEMENT_MARK) ? key : undefined;
  return undefined;
}

function isSpace(piece: string): boolean {
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** A loop, not a regex: attribute values are short and many, and a regex call costs more than the scan. */
function hasTabOrLineEnd(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d) return true;
  }
  return false;
}

class TreeBuilder {
  /** Set when markup the parser read leniently does not have the plain well-formed shape. */
  doubtful = false;
  private cdataChecked = false;

  constructor(
    private readonly text: string,
    private readonly at: (offset: number) => string,
  ) {}

  private fail(sentence: string, offset: number): never {
    throw new XmlSyntaxError(sentence, offset);
  }

  /** The offset of `needle` at or after `from`, for problems the library gives no position for. */
  private find(needle: string, from: number): number {
    const found = this.text.indexOf(needle, from);
    return found < 0 ? from : found;
  }

  document(nodes: readonly OrderedNode[]): XmlElement {
    let root: XmlElement | null = null;
    const bom = this.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let end = bom;
    for (const node of nodes) {
      const key = elementKey(node);
      if (key !== undefined) {
        const offset = node[META]?.startIndex ?? 0;
        if (root) this.fail(`element after the root element </${root.qname}> at ${this.at(offset)} (only one element may hold the document)`, offset);
        // The parser drops text and stray closing tags before the root.
        if (miscEnd(this.text, bom) !== offset) this.doubtful = true;
        root = this.element(node, key, ROOT_SCOPE, 1);
        end = node[META]?.endIndex ?? offset;
      } else if ('#text' in node) {
        const piece = (node['#text'] as string).replace(/^\uFEFF/, '');
        if (isSpace(piece)) continue;
        const snippet = piece.trim().slice(0, 12).split('\n')[0] as string;
        const offset = this.find(snippet, end);
        const where = root ? `after the root element </${root.qname}>` : 'before the root element';
        this.fail(`text "${snippet}" ${where} at ${this.at(offset)} (only one element may hold the document)`, offset);
      } else if ('#cdata' in node) {
        const offset = this.find('<![CDATA[', end);
        this.fail(`CDATA section outside the root element at ${this.at(offset)}`, offset);
      } else if ('#comment' in node) this.comment(node, end);
      else if ('?xml' in node) this.declaration(node, node[META]?.startIndex === bom);
    }
    if (!root) this.fail('no root element (the body holds no XML element)', this.text.length);
    this.trailer(end, root);
    return root;
  }

  /** The parser drops text that ends the body after a self-closing root, so the end is read here. */
  private trailer(from: number, root: XmlElement): void {
    const stop = miscEnd(this.text, from);
    if (stop >= this.text.length) return;
    const snippet = this.text.slice(stop, stop + 12).split('\n')[0] as string;
    this.fail(`text "${snippet}" after the root element </${root.qname}> at ${this.at(stop)} (only one element may hold the document)`, stop);
  }

  private declaration(node: OrderedNode, atStart: boolean): void {
    const offset = node[META]?.startIndex ?? 0;
    if (!atStart) this.fail(`XML declaration at ${this.at(offset)} is not at the very start of the body`, offset);
    const version = (node[':@'] as Record<string, string> | undefined)?.['@version'];
    if (version === undefined || !/^1\.\d+$/.test(version)) this.fail(`XML declaration at ${this.at(offset)} has no version="1.x"`, offset);
  }

  private comment(node: OrderedNode, from: number): void {
    const body = ((node['#comment'] as OrderedNode[])[0]?.['#text'] as string | undefined) ?? '';
    if (!body.includes('--') && !body.endsWith('-')) return;
    const offset = this.find(`<!--${body.split('\n')[0] as string}`, from);
    this.fail(`"--" inside the comment starting at ${this.at(offset)}`, offset);
  }

  private element(node: OrderedNode, key: string, parentScope: Scope, depth: number): XmlElement {
    const meta = node[META];
    const offset = meta?.startIndex ?? 0;
    const qname = key.slice(1);
    if (depth > MAX_XML_DEPTH) this.fail(`elements nest deeper than ${MAX_XML_DEPTH} levels at ${this.at(offset)}`, offset);
    if (qname.startsWith('!')) this.markupDeclaration(qname, offset);
    let scope = parentScope;
    let attributes = NO_ATTRIBUTES as XmlAttribute[];
    let prefixed = false;
    let attributeCount = 0;
    const written = node[':@'] as Record<string, string> | undefined;
    if (written !== undefined) {
      let ownPrefixes: Record<string, string> | null = null;
      for (const prefixedName in written) {
        attributeCount++;
        const name = prefixedName.slice(1);
        const value = this.attributeValue(written[prefixedName] as string, name, qname, offset);
        if (name === 'xmlns') scope = { defaultNamespace: value === '' ? null : value, prefixes: scope.prefixes };
        else if (name.startsWith('xmlns:')) {
          if (value === '') this.fail(`namespace prefix ${name.slice(6)} is bound to an empty name in <${qname}> at ${this.at(this.find(name, offset))}`, this.find(name, offset));
          if (ownPrefixes === null) {
            ownPrefixes = Object.create(scope.prefixes) as Record<string, string>;
            scope = { defaultNamespace: scope.defaultNamespace, prefixes: ownPrefixes };
          }
          ownPrefixes[name.slice(6)] = value;
        } else {
          if (attributes === NO_ATTRIBUTES) attributes = [];
          attributes.push({ qname: name, name, namespace: null, value });
          if (name.indexOf(':') >= 0) prefixed = true;
        }
      }
    }
    // The parser keeps the last of repeated attributes, drops unquoted or valueless ones, and pops any closing tag.
    const shape = startTagShape(this.text, offset, qname);
    if (shape === null || shape.attributes !== attributeCount || (!shape.selfClosing && (meta?.endIndex === undefined || !closesAs(this.text, meta.endIndex, qname))))
      this.doubtful = true;
    // Prefixes resolve against every declaration in the tag, wherever it stands, so this waits for the tag's end.
    if (prefixed) attributes = attributes.map((a) => this.resolveAttribute(a, scope, offset));
    const colon = qname.indexOf(':');
    const namespace = colon < 0 ? scope.defaultNamespace : this.resolve(scope, qname.slice(0, colon), qname, offset);
    const { children, text } = this.content(node[key] as OrderedNode[], scope, depth, offset);
    return { qname, name: colon < 0 ? qname : qname.slice(colon + 1), namespace, attributes, children, text, offset };
  }

  /** Character data and child elements; white space alone between children is layout, as xml-element.ts says. */
  private content(nodes: readonly OrderedNode[], scope: Scope, depth: number, offset: number): { children: readonly XmlElement[]; text: string } {
    let children = NO_CHILDREN as XmlElement[];
    let text = '';
    let textIsSpace = false;
    for (const node of nodes) {
      const key = elementKey(node);
      if (key !== undefined) {
        const child = this.element(node, key, scope, depth + 1);
        if (children === NO_CHILDREN) {
          children = [child];
          if (textIsSpace) text = '';
        } else children.push(child);
      } else if ('#text' in node) {
        let piece = node['#text'] as string;
        if (isSpace(piece)) {
          if (children !== NO_CHILDREN) continue;
          if (text === '') {
            text = piece;
            textIsSpace = true;
            continue;
          }
        } else textIsSpace = false;
        const close = piece.indexOf(']]>');
        if (close >= 0) {
          const at = this.find(']]>', offset);
          this.fail(`"]]>" in text at ${this.at(at)} (write ]]&gt;)`, at);
        }
        if (piece.indexOf('&') >= 0) piece = resolveReferences(piece, this.referenceFail(offset));
        text += piece;
      } else if ('#cdata' in node) {
        if (!this.cdataChecked) {
          this.cdataChecked = true;
          if (!cdataOpeningsPlain(this.text)) this.doubtful = true;
        }
        text += ((node['#cdata'] as OrderedNode[])[0]?.['#text'] as string | undefined) ?? '';
        textIsSpace = false;
      } else if ('#comment' in node) this.comment(node, offset);
      else if ('?xml' in node) this.declaration(node, false);
    }
    return { children, text };
  }

  private attributeValue(raw: string, name: string, element: string, offset: number): string {
    const lt = raw.indexOf('<');
    if (lt >= 0) {
      const at = this.find('<', offset + 1);
      this.fail(`"<" inside the value of attribute ${name} of <${element}> at ${this.at(at)} (is a quote missing?)`, at);
    }
    // Attribute-value normalisation (XML 1.0 §3.3.3): literal line ends and tabs read as spaces, before references.
    let value = hasTabOrLineEnd(raw) ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw;
    if (value.indexOf('&') >= 0) value = resolveReferences(value, this.referenceFail(offset));
    return value;
  }

  private referenceFail(from: number): ReferenceFail {
    return (sentence, written) => {
      const at = this.find(written, from);
      this.fail(sentence(this.at(at)), at);
    };
  }

  private markupDeclaration(qname: string, offset: number): never {
    const keyword = qname.slice(1).toUpperCase();
    if (keyword === 'DOCTYPE' || keyword === 'ENTITY')
      this.fail(`${keyword} declaration at ${this.at(offset)} refused: UCWA bodies never carry one, and entity expansion is not allowed`, offset);
    this.fail(`unexpected "<!" markup at ${this.at(offset)} (only comments and CDATA sections may start with "<!")`, offset);
  }

  private resolveAttribute(attribute: XmlAttribute, scope: Scope, offset: number): XmlAttribute {
    const colon = attribute.qname.indexOf(':');
    if (colon < 0) return attribute;
    const namespace = this.resolve(scope, attribute.qname.slice(0, colon), attribute.qname, this.find(attribute.qname, offset));
    return { qname: attribute.qname, name: attribute.qname.slice(colon + 1), namespace, value: attribute.value };
  }

  private resolve(scope: Scope, prefix: string, qname: string, at: number): string {
    const namespace = scope.prefixes[prefix];
    if (namespace === undefined) this.fail(`namespace prefix "${prefix}" of ${qname} is not declared (at ${this.at(at)})`, at);
    return namespace;
  }
}
