/**
 * A strict, single-pass XML 1.0 reader for UCWA bodies: builds a small element tree with
 * namespaces resolved, or names the first well-formedness error and where it is. DOCTYPE and
 * entity declarations are refused, so no entity is ever expanded beyond the five predefined ones.
 */
import { describePosition, positionAt } from '../text/text-position.ts';
import { isNameChar, isNameStart, resolveReferences, type Fail } from './xml-characters.ts';
import type { XmlAttribute, XmlElement, XmlReadResult } from './xml-element.ts';

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
/** Deeper than any UCWA body by far; keeps every later walk of the tree shallow. */
export const MAX_XML_DEPTH = 256;

interface Scope {
  readonly defaultNamespace: string | null;
  readonly prefixes: Readonly<Record<string, string>>;
}

interface OpenElement {
  qname: string;
  name: string;
  namespace: string | null;
  attributes: XmlAttribute[];
  children: XmlElement[];
  text: string;
  offset: number;
}

class XmlSyntaxError extends Error {
  constructor(
    readonly sentence: string,
    readonly at: number,
  ) {
    super(sentence);
  }
}

/** Prefix tables chain through prototypes (rooted in null), so a declaration costs O(1), not a copy. */
const ROOT_SCOPE: Scope = { defaultNamespace: null, prefixes: Object.assign(Object.create(null) as Record<string, string>, { xml: XML_NAMESPACE }) };
/** Past this many attributes on one element, duplicates are found with a Set instead of a scan. */
const LINEAR_ATTRIBUTE_CHECK = 16;
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const NO_ATTRIBUTES: XmlAttribute[] = Object.freeze([]) as unknown as XmlAttribute[];
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];
/** Names UCWA bodies repeat thousands of times, by length. */
const COMMON_NAMES: readonly (readonly string[] | undefined)[] = (() => {
  const byLength: string[][] = [];
  for (const name of ['property', 'propertyList', 'link', 'item', 'resource', 'rel', 'href', 'name', 'title', 'revision', 'sender', 'xmlns', 'input', 'events'])
    (byLength[name.length] ??= []).push(name);
  return byLength;
})();

export function readXml(text: string): XmlReadResult {
  try {
    return { ok: true, root: new Reader(text).read() };
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    const position = positionAt(text, error.at);
    return { ok: false, problem: `XML: ${error.sentence}`, ...position };
  }
}

class Reader {
  private i = 0;
  private readonly stack: OpenElement[] = [];
  /** The namespace scope of each open element, parallel to `stack`. */
  private readonly scopes: Scope[] = [];
  /** Whether each open element's text so far is white space alone, parallel to `stack`. */
  private readonly textIsSpace: boolean[] = [];
  private root: XmlElement | null = null;

  constructor(private readonly text: string) {}

  read(): XmlElement {
    const { text } = this;
    const bad = text.search(FORBIDDEN_CHARACTER);
    if (bad >= 0) this.fail(`control character U+${text.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML at ${this.at(bad)}`, bad);
    if (text.charCodeAt(0) === 0xfeff) this.i = 1;
    const declarationAt = this.i;
    const n = text.length;
    while (this.i < n) {
      if (this.stack.length > 0) {
        const lt = text.indexOf('<', this.i);
        if (lt < 0) break;
        if (lt > this.i) this.characterData(this.i, lt);
        this.i = lt;
      } else {
        this.skipSpaces();
        if (this.i >= n) break;
        if (text.charCodeAt(this.i) !== 0x3c) this.outsideRoot();
      }
      const next = text.charCodeAt(this.i + 1);
      if (next === 0x2f /* / */) this.endTag();
      else if (next === 0x21 /* ! */) this.markupDeclaration();
      else if (next === 0x3f /* ? */) this.processingInstruction(declarationAt);
      else this.startTag();
    }
    const open = this.stack[this.stack.length - 1];
    if (open) this.fail(`unclosed <${open.qname}> at ${this.at(open.offset)} (the body ends before its </${open.qname}>)`, open.offset);
    if (!this.root) this.fail('no root element (the body holds no XML element)', this.i);
    return this.root as XmlElement;
  }

  private readonly at = (offset: number): string => describePosition(positionAt(this.text, offset));

  private readonly failure: Fail = (sentence, offset) => {
    throw new XmlSyntaxError(sentence, offset);
  };

  private fail(sentence: string, offset: number): never {
    return this.failure(sentence, offset);
  }

  private skipSpaces(): boolean {
    const start = this.i;
    const { text } = this;
    for (let c = text.charCodeAt(this.i); c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d; c = text.charCodeAt(++this.i));
    return this.i > start;
  }

  private outsideRoot(): never {
    const where = this.root ? `after the root element </${this.root.qname}>` : 'before the root element';
    const snippet = this.text.slice(this.i, this.i + 12).split('\n')[0];
    this.fail(`text "${snippet}" ${where} at ${this.at(this.i)} (only one element may hold the document)`, this.i);
  }

  private characterData(start: number, end: number): void {
    const element = this.stack[this.stack.length - 1] as OpenElement;
    const { text } = this;
    let j = start;
    for (let c = text.charCodeAt(j); j < end && (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d); c = text.charCodeAt(++j));
    if (j === end) {
      // Indentation between children: skip it without building strings, the common case in pretty XML.
      if (element.children !== NO_CHILDREN) return;
      if (element.text === '') {
        element.text = text.slice(start, end).replace(/\r\n?/g, '\n');
        this.textIsSpace[this.textIsSpace.length - 1] = true;
        return;
      }
    }
    if (j < end) this.textIsSpace[this.textIsSpace.length - 1] = false;
    let piece = text.slice(start, end);
    if (piece.indexOf(']]>') >= 0) this.fail(`"]]>" in text at ${this.at(start + piece.indexOf(']]>'))} (write ]]&gt;)`, start + piece.indexOf(']]>'));
    if (piece.indexOf('&') >= 0) piece = resolveReferences(piece, start, this.failure, this.at);
    if (piece.indexOf('\r') >= 0) piece = piece.replace(/\r\n?/g, '\n');
    element.text += piece;
  }

  private name(start: number, what: string): number {
    const { text } = this;
    let j = start;
    let c = text.charCodeAt(j);
    if (!isNameStart(c)) {
      const found = j >= text.length ? 'the end of the body' : `"${text[j]}"`;
      this.fail(`expected ${what} at ${this.at(j)} but found ${found}`, j);
    }
    for (c = text.charCodeAt(++j); isNameChar(c); c = text.charCodeAt(++j));
    return j;
  }

  private startTag(): void {
    const { text } = this;
    const tagStart = this.i;
    if (this.root) this.fail(`element after the root element </${this.root.qname}> at ${this.at(tagStart)} (only one element may hold the document)`, tagStart);
    const nameEnd = this.name(tagStart + 1, 'a tag name after "<"');
    const qname = this.nameText(tagStart + 1, nameEnd);
    this.i = nameEnd;
    let scope = this.scopes[this.scopes.length - 1] ?? ROOT_SCOPE;
    let attributes = NO_ATTRIBUTES;
    let prefixed = false;
    let selfClosing = false;
    let ownPrefixes: Record<string, string> | null = null;
    let seenNames: Set<string> | null = null;
    for (;;) {
      const spaced = this.skipSpaces();
      const c = text.charCodeAt(this.i);
      if (c === 0x3e /* > */) {
        this.i++;
        break;
      }
      if (c === 0x2f /* / */ && text.charCodeAt(this.i + 1) === 0x3e) {
        this.i += 2;
        selfClosing = true;
        break;
      }
      if (this.i >= text.length) this.fail(`unclosed <${qname}> at ${this.at(tagStart)} (the body ends inside its start tag)`, tagStart);
      if (!spaced || !isNameStart(c))
        this.fail(`unclosed <${qname}> at ${this.at(tagStart)}: found "${text[this.i]}" at ${this.at(this.i)} where an attribute, ">" or "/>" was expected`, this.i);
      const at = this.i;
      const value = this.attribute(qname, tagStart);
      const name = this.attributeName;
      if (name === 'xmlns') scope = { defaultNamespace: value === '' ? null : value, prefixes: scope.prefixes };
      else if (name.startsWith('xmlns:')) {
        if (value === '') this.fail(`namespace prefix ${name.slice(6)} is bound to an empty name in <${qname}> at ${this.at(at)}`, at);
        if (ownPrefixes === null) {
          ownPrefixes = Object.create(scope.prefixes) as Record<string, string>;
          scope = { defaultNamespace: scope.defaultNamespace, prefixes: ownPrefixes };
        }
        ownPrefixes[name.slice(6)] = value;
      } else {
        if (attributes.length < LINEAR_ATTRIBUTE_CHECK) {
          for (const seen of attributes) if (seen.qname === name) this.fail(`attribute ${name} repeated in <${qname}> at ${this.at(at)}`, at);
        } else {
          seenNames ??= new Set(attributes.map((a) => a.qname));
          if (seenNames.has(name)) this.fail(`attribute ${name} repeated in <${qname}> at ${this.at(at)}`, at);
          seenNames.add(name);
        }
        if (attributes === NO_ATTRIBUTES) attributes = [];
        attributes.push({ qname: name, name, namespace: null, value });
        if (name.indexOf(':') >= 0) prefixed = true;
      }
    }
    // Prefixes resolve against every declaration in the tag, wherever it stands, so this waits for the tag's end.
    if (prefixed) attributes = attributes.map((a) => this.resolveAttribute(a, scope, nameEnd));
    const colon = qname.indexOf(':');
    const element: OpenElement = {
      qname,
      name: colon < 0 ? qname : qname.slice(colon + 1),
      namespace: colon < 0 ? scope.defaultNamespace : this.resolve(scope, qname.slice(0, colon), qname, tagStart),
      attributes,
      children: NO_CHILDREN,
      text: '',
      offset: tagStart,
    };
    if (this.stack.length >= MAX_XML_DEPTH) this.fail(`elements nest deeper than ${MAX_XML_DEPTH} levels at ${this.at(tagStart)}`, tagStart);
    if (selfClosing) this.close(element);
    else {
      this.stack.push(element);
      this.scopes.push(scope);
      this.textIsSpace.push(false);
    }
  }

  /** Name of the attribute `attribute()` read last (kept in a field to spare an allocation per attribute). */
  private attributeName = '';

  private attribute(element: string, tagStart: number): string {
    const { text } = this;
    const start = this.i;
    const end = this.name(start, 'an attribute name');
    const qname = this.nameText(start, end);
    this.attributeName = qname;
    this.i = end;
    this.skipSpaces();
    if (this.i >= text.length) this.fail(`unclosed <${element}> at ${this.at(tagStart)} (the body ends inside its start tag)`, tagStart);
    if (text.charCodeAt(this.i) !== 0x3d /* = */) this.fail(`attribute ${qname} of <${element}> has no value at ${this.at(start)} (expected "=")`, start);
    this.i++;
    this.skipSpaces();
    const quote = text[this.i];
    if (quote !== '"' && quote !== "'") this.fail(`value of attribute ${qname} of <${element}> is not quoted at ${this.at(this.i)}`, this.i);
    const close = text.indexOf(quote, this.i + 1);
    if (close < 0) this.fail(`unclosed value of attribute ${qname} of <${element}> at ${this.at(this.i)} (no closing ${quote})`, this.i);
    let value = text.slice(this.i + 1, close);
    const lt = value.indexOf('<');
    if (lt >= 0) this.fail(`"<" inside the value of attribute ${qname} of <${element}> at ${this.at(this.i + 1 + lt)} (is a quote missing?)`, this.i + 1 + lt);
    if (value.indexOf('&') >= 0) value = resolveReferences(value, this.i + 1, this.failure, this.at);
    // Attribute-value normalisation (XML 1.0 §3.3.3): literal line ends and tabs read as spaces.
    if (/[\t\n\r]/.test(value)) value = value.replace(/\r\n|[\t\n\r]/g, ' ');
    this.i = close + 1;
    return value;
  }

  /** The name at [start, end); UCWA's few common names come from a table instead of a new string each time. */
  private nameText(start: number, end: number): string {
    const candidates = COMMON_NAMES[end - start];
    if (candidates) for (const name of candidates) if (this.text.startsWith(name, start)) return name;
    return this.text.slice(start, end);
  }

  private resolveAttribute(attribute: XmlAttribute, scope: Scope, nameEnd: number): XmlAttribute {
    const colon = attribute.qname.indexOf(':');
    if (colon < 0) return attribute;
    // Positions are only needed on failure, so find the attribute again rather than carry its offset.
    const namespace = this.resolve(scope, attribute.qname.slice(0, colon), attribute.qname, this.text.indexOf(attribute.qname, nameEnd));
    return { qname: attribute.qname, name: attribute.qname.slice(colon + 1), namespace, value: attribute.value };
  }

  private resolve(scope: Scope, prefix: string, qname: string, at: number): string {
    const namespace = scope.prefixes[prefix];
    if (namespace === undefined) this.fail(`namespace prefix "${prefix}" of ${qname} is not declared (at ${this.at(at)})`, at);
    return namespace;
  }

  private close(element: OpenElement): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) this.root = element;
    else if (parent.children === NO_CHILDREN) {
      parent.children = [element];
      if (this.textIsSpace[this.textIsSpace.length - 1]) parent.text = '';
    } else parent.children.push(element);

  }

  private endTag(): void {
    const { text } = this;
    const tagStart = this.i;
    const nameEnd = this.name(tagStart + 2, 'a tag name after "</"');
    const open = this.stack.pop();
    this.scopes.pop();
    this.textIsSpace.pop();
    // Compare in place: the common case (names match) allocates nothing.
    const matches = open !== undefined && nameEnd - tagStart - 2 === open.qname.length && text.startsWith(open.qname, tagStart + 2);
    const qname = matches ? (open as OpenElement).qname : text.slice(tagStart + 2, nameEnd);
    this.i = nameEnd;
    this.skipSpaces();
    if (text.charCodeAt(this.i) !== 0x3e) this.fail(`closing tag </${qname}> at ${this.at(tagStart)} is not closed with ">"`, tagStart);
    this.i++;
    if (!open) this.fail(`closing tag </${qname}> at ${this.at(tagStart)} has no opening tag`, tagStart);
    if (!matches) this.fail(`closing tag </${qname}> at ${this.at(tagStart)} does not match <${open.qname}> opened at ${this.at(open.offset)}`, tagStart);
    this.close(open);
  }

  private markupDeclaration(): void {
    const { text } = this;
    const start = this.i;
    if (text.startsWith('<!--', start)) {
      const end = text.indexOf('-->', start + 4);
      if (end < 0) this.fail(`unclosed comment starting at ${this.at(start)}`, start);
      const body = text.slice(start + 4, end);
      if (body.includes('--') || body.endsWith('-')) this.fail(`"--" inside the comment starting at ${this.at(start)}`, start);
      this.i = end + 3;
      return;
    }
    if (text.startsWith('<![CDATA[', start)) {
      if (this.stack.length === 0) this.fail(`CDATA section outside the root element at ${this.at(start)}`, start);
      const end = text.indexOf(']]>', start + 9);
      if (end < 0) this.fail(`unclosed CDATA section starting at ${this.at(start)}`, start);
      (this.stack[this.stack.length - 1] as OpenElement).text += text.slice(start + 9, end);
      this.i = end + 3;
      return;
    }
    if (/^<!(?:DOCTYPE|ENTITY)/i.test(text.slice(start, start + 9)))
      this.fail(`${text.slice(start + 2, start + 9).toUpperCase().startsWith('DOCTYPE') ? 'DOCTYPE' : 'ENTITY'} declaration at ${this.at(start)} refused: UCWA bodies never carry one, and entity expansion is not allowed`, start);
    this.fail(`unexpected "<!" markup at ${this.at(start)} (only comments and CDATA sections may start with "<!")`, start);
  }

  private processingInstruction(declarationAt: number): void {
    const { text } = this;
    const start = this.i;
    const nameEnd = this.name(start + 2, 'a processing-instruction target after "<?"');
    const target = text.slice(start + 2, nameEnd);
    const end = text.indexOf('?>', nameEnd);
    if (end < 0) this.fail(`unclosed <?${target} starting at ${this.at(start)} (no "?>")`, start);
    if (target.toLowerCase() === 'xml') {
      if (start !== declarationAt) this.fail(`XML declaration at ${this.at(start)} is not at the very start of the body`, start);
      if (!/^\s+version\s*=\s*(["'])1\.\d+\1/.test(text.slice(nameEnd, end))) this.fail(`XML declaration at ${this.at(start)} has no version="1.x"`, start);
    }
    this.i = end + 2;
  }
}
