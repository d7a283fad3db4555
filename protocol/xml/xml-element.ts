/** The element tree UCWA decoding reads (built from fast-xml-parser's output by xml-tree.ts): just what it needs, namespaces resolved. */

export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

export interface XmlAttribute {
  readonly qname: string;
  /** Local name (after any prefix). */
  readonly name: string;
  /** Namespace of a prefixed attribute; unprefixed attributes have none. */
  readonly namespace: string | null;
  readonly value: string;
}

export interface XmlElement {
  readonly qname: string;
  readonly name: string;
  readonly namespace: string | null;
  /** In document order; namespace declarations (`xmlns`, `xmlns:p`) are not included. */
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  /**
   * The element's own character data, entity references and CDATA resolved, pieces joined.
   * In an element with child elements, white space alone between them is layout and is left out.
   */
  readonly text: string;
  /** Character offset of the element's `<`, for problem positions. */
  readonly offset: number;
}

export type XmlReadResult =
  | { readonly ok: true; readonly root: XmlElement }
  | { readonly ok: false; readonly problem: string; readonly offset: number; readonly line: number; readonly column: number };
