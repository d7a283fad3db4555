import { describe, expect, it } from 'vitest';
import { XSI_NAMESPACE } from '../../../protocol/xml/xml-element.ts';
import { readXml } from '../../../protocol/xml/xml-reader.ts';

function problemOf(text: string): string {
  const result = readXml(text);
  if (result.ok) throw new Error(`expected a problem for ${text}`);
  return result.problem;
}

describe('readXml', () => {
  it('builds elements with resolved namespaces, attributes, text, CDATA and references', () => {
    const result = readXml(
      '\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><r xmlns="urn:a" xmlns:x="urn:b" x:k="1&amp;2" t=\'q\'>t&#x41;&#66;&lt;<![CDATA[<c>]]><x:e/></r>\n<?pi ok?>',
    );
    if (!result.ok) throw new Error(result.problem);
    const { root } = result;
    expect([root.qname, root.name, root.namespace, root.text]).toEqual(['r', 'r', 'urn:a', 'tAB<<c>']);
    expect(root.attributes).toEqual([
      { qname: 'x:k', name: 'k', namespace: 'urn:b', value: '1&2' },
      { qname: 't', name: 't', namespace: null, value: 'q' },
    ]);
    expect(root.children.map((c) => [c.qname, c.name, c.namespace])).toEqual([['x:e', 'e', 'urn:b']]);
  });

  it('normalises line ends in text and white space in attribute values', () => {
    const result = readXml('<a b="x\r\n\ty">1\r\n2\r3</a>');
    expect(result.ok && [result.root.attributes[0]?.value, result.root.text]).toEqual(['x  y', '1\n2\n3']);
  });

  it('keeps white space that is a leaf\'s text and drops indentation between children', () => {
    const result = readXml('<r>\n  <p> </p>\n  <q>\r\n</q>\n  <s> x <t/> y </s>\n</r>');
    if (!result.ok) throw new Error(result.problem);
    expect(result.root.text).toBe('');
    expect(result.root.children.map((c) => c.text)).toEqual([' ', '\n', ' x  y ']);
  });

  it('resolves xsi:nil through its declared prefix', () => {
    const result = readXml(`<a xmlns:i="${XSI_NAMESPACE}"><b i:nil="true"/></a>`);
    expect(result.ok && result.root.children[0]?.attributes[0]).toEqual({ qname: 'i:nil', name: 'nil', namespace: XSI_NAMESPACE, value: 'true' });
  });

  it('reports well-formedness errors with the place they happen', () => {
    const cases: [string, string][] = [
      ['<a><b></a>', 'XML: closing tag </a> at line 1, column 7 does not match <b> opened at line 1, column 4'],
      ['<a>\n<b>', 'XML: unclosed <b> at line 2, column 1 (the body ends before its </b>)'],
      ['<a x="1" x="2"/>', 'XML: attribute x repeated in <a> at line 1, column 10'],
      ['<a x=1/>', 'XML: value of attribute x of <a> is not quoted at line 1, column 6'],
      ['<a x="1/>', 'XML: unclosed value of attribute x of <a> at line 1, column 6 (no closing ")'],
      ['<a x="<"/>', 'XML: "<" inside the value of attribute x of <a> at line 1, column 7 (is a quote missing?)'],
      ['<a x="1"y="2"/>', 'XML: unclosed <a> at line 1, column 1: found "y" at line 1, column 9 where an attribute, ">" or "/>" was expected'],
      ['<a>x & y</a>', 'XML: "&" that starts no entity reference at line 1, column 6 (write &amp; for a literal "&")'],
      ['<a>&#0;</a>', 'XML: character reference &#0; at line 1, column 4 names a character XML does not allow'],
      ['<a>]]></a>', 'XML: "]]>" in text at line 1, column 4 (write ]]&gt;)'],
      ['<a/><b/>', 'XML: element after the root element </a> at line 1, column 5 (only one element may hold the document)'],
      ['<a/>tail', 'XML: text "tail" after the root element </a> at line 1, column 5 (only one element may hold the document)'],
      ['', 'XML: no root element (the body holds no XML element)'],
      ['</a>', 'XML: closing tag </a> at line 1, column 1 has no opening tag'],
      ['<a><!-- x -- y --></a>', 'XML: "--" inside the comment starting at line 1, column 4'],
      ['<a><!-- x', 'XML: unclosed comment starting at line 1, column 4'],
      ['<![CDATA[x]]><a/>', 'XML: CDATA section outside the root element at line 1, column 1'],
      ['<a/><?xml version="1.0"?>', 'XML: XML declaration at line 1, column 5 is not at the very start of the body'],
      ['<?xml encoding="utf-8"?><a/>', 'XML: XML declaration at line 1, column 1 has no version="1.x"'],
      ['<a p:x="1"/>', 'XML: namespace prefix "p" of p:x is not declared (at line 1, column 4)'],
      ['<p:a/>', 'XML: namespace prefix "p" of p:a is not declared (at line 1, column 1)'],
      ['<a>\u0001</a>', 'XML: control character U+0001 is not allowed in XML at line 1, column 4'],
      ['<a><1/></a>', 'XML: expected a tag name after "<" at line 1, column 5 but found "1"'],
      ['<a><!ELEMENT a ANY></a>', 'XML: unexpected "<!" markup at line 1, column 4 (only comments and CDATA sections may start with "<!")'],
      ['<a></a', 'XML: closing tag </a> at line 1, column 4 is not closed with ">"'],
      ['<a b', 'XML: unclosed <a> at line 1, column 1 (the body ends inside its start tag)'],
    ];
    for (const [text, problem] of cases) expect(problemOf(text), text).toBe(problem);
  });

  it('refuses DOCTYPE and ENTITY declarations before reading any entity', () => {
    const billionLaughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    expect(problemOf(billionLaughs)).toBe('XML: DOCTYPE declaration at line 1, column 22 refused: UCWA bodies never carry one, and entity expansion is not allowed');
    expect(problemOf('<a><!ENTITY x "y"></a>')).toMatch(/^XML: ENTITY declaration at line 1, column 4 refused/);
    expect(problemOf('<a>&lol;</a>')).toMatch(/undefined entity &lol;/);
    expect(problemOf('<a>&constructor;</a>')).toMatch(/undefined entity &constructor;/);
  });

  it('reads a long flat body without deep recursion', () => {
    const text = `<r>${'<link rel="x" href="/y"/>'.repeat(50_000)}</r>`;
    const result = readXml(text);
    expect(result.ok && result.root.children.length).toBe(50_000);
  });
});
