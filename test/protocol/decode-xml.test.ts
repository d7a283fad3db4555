import { describe, expect, it } from 'vitest';
import { decodeXml } from '../../protocol/decode-xml.ts';
import type { UcwaResource } from '../../protocol/resource.ts';
import { runDecoderCases } from './decoder.cases.ts';

runDecoderCases('XML', (c) => decodeXml(c.xml, c.context));

const NS = 'xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"';
const UCWA = 'http://schemas.microsoft.com/rtc/2012/03/ucwa';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function resourceOf(text: string): UcwaResource {
  const result = decodeXml(text);
  if (!result.ok) throw new Error(result.problem);
  if (result.body.kind !== 'resource') throw new Error(`expected a resource, got ${result.body.kind}`);
  return result.body.resource;
}

function problemOf(text: string): string {
  const result = decodeXml(text);
  if (result.ok) throw new Error('expected a problem');
  return result.problem;
}

describe('decodeXml on bad input', () => {
  it('names an unclosed link with its line and column', () => {
    const text = `<resource rel="conversation" href="/c" ${NS}>\n  <property name="state">Connected</property>\n  <link rel="messaging" href="/c/m"\n</resource>`;
    const result = decodeXml(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toBe('XML: unclosed <link> at line 3, column 3: found "<" at line 4, column 1 where an attribute, ">" or "/>" was expected');
    expect([result.line, result.column]).toEqual([4, 1]);
  });

  it('names mismatched and missing closing tags', () => {
    expect(problemOf(`<resource ${NS}><property name="a">x</resource>`)).toMatch(/closing tag <\/resource> at line 1, column \d+ does not match <property> opened at line 1, column \d+/);
    expect(problemOf(`<resource ${NS}>\n<property name="a">x</property>`)).toBe('XML: unclosed <resource> at line 1, column 1 (the body ends before its </resource>)');
  });

  it('refuses DOCTYPE and entity declarations and undefined entities', () => {
    expect(problemOf('<!DOCTYPE resource [<!ENTITY boom "boom">]><resource>&boom;</resource>')).toMatch(/^XML: DOCTYPE declaration at line 1, column 1 refused/);
    expect(problemOf(`<resource ${NS}><property name="a">&nbsp;</property></resource>`)).toMatch(/undefined entity &nbsp;/);
  });

  it('names the docs\' HTML escaping', () => {
    expect(problemOf('&lt;?xml version=&quot;1.0&quot;?&gt;\n&lt;input&gt;&lt;/input&gt;')).toBe(
      'XML: the body is HTML-escaped: it starts with "&lt;" where "<" belongs (the UCWA docs print request bodies this way; un-escaped, it is well-formed XML). Un-escape &lt; &gt; &quot; &amp; to read it',
    );
  });

  it('says an HTML page is not a UCWA body', () => {
    expect(problemOf('<html><body>401</body></html>')).toBe('not a UCWA body: root element <html>');
    expect(problemOf(`<conversation ${NS}/>`)).toMatch(/root element <conversation> is in the UCWA namespace but is none of/);
  });

  it('refuses pathological nesting at a fixed depth, with a position', () => {
    const text = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expect(problemOf(text)).toMatch(/^XML: elements nest deeper than 256 levels at line 1, column 769$/);
  });

  it('names an event batch with a stray child', () => {
    expect(problemOf(`<events href="/e?ack=1" ${NS}><resource rel="x" href="/x"/></events>`)).toMatch(/<resource> at line 1, column \d+ is neither a <link> nor a <sender>/);
  });
});

describe('decodeXml typing', () => {
  it('types known names by the hint table and leaves unknown numeric text a string', () => {
    const result = decodeXml(`<resource rel="x" href="/x" ${NS}><property name="participantCount">4</property><property name="conferenceId">0042</property><property name="mystery">12</property><property name="flag">true</property><property name="subject">True</property></resource>`);
    if (!result.ok) throw new Error(result.problem);
    expect(result.body.kind === 'resource' && result.body.resource.properties).toEqual({ participantCount: 4, conferenceId: '0042', mystery: '12', flag: true, subject: 'True' });
  });

  it('keeps unknown elements as properties, and says so', () => {
    const result = decodeXml(`<resource rel="x" href="/x" ${NS}><custom><a>1</a></custom></resource>`);
    if (!result.ok) throw new Error(result.problem);
    expect(result.body.kind === 'resource' && result.body.resource.properties).toEqual({ custom: { kind: 'record', fields: { a: '1' } } });
    expect(result.warnings).toEqual(['unexpected element <custom> in <resource> at line 1, column 83; kept as property custom']);
  });

  it('accepts the https namespace and warns about a missing one', () => {
    const https = decodeXml('<resource rel="x" href="/x" xmlns="https://schemas.microsoft.com/rtc/2012/03/ucwa"/>');
    expect(https.ok && https.warnings).toEqual([]);
    const bare = decodeXml('<resource rel="x" href="/x"/>');
    expect(bare.ok && bare.warnings[0]).toMatch(/has no UCWA namespace/);
  });
});

describe('decodeXml reading XML', () => {
  it('reads prefixed UCWA names, references, CDATA, a byte-order mark, a declaration, comments and processing instructions', () => {
    const resource = resourceOf(
      `\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><u:resource xmlns:u="${UCWA}" rel="note" href="/n?a=1&amp;b=2"><u:property name="text">t&#x41;&#66;&lt;<![CDATA[<c> & ]]></u:property></u:resource>\n<?pi ok?>`,
    );
    expect([resource.rel, resource.href, resource.properties]).toEqual(['note', '/n?a=1&b=2', { text: 'tAB<<c> & ' }]);
  });

  it('normalises line ends in text and white space in attribute values', () => {
    const resource = resourceOf(`<resource rel="x" href="/x" ${NS}><link rel="y" href="/y" title="a\r\n\tb"/><property name="text">1\r\n2\r3</property></resource>`);
    expect([resource.links['y']?.[0]?.title, resource.properties['text']]).toEqual(['a  b', '1\n2\n3']);
  });

  it("keeps white space that is a leaf's text and drops indentation between children", () => {
    const resource = resourceOf(`<resource rel="x" href="/x" ${NS}>\n  <property name="space"> </property>\n  <property name="newline">\r\n</property>\n</resource>`);
    expect(resource.properties).toEqual({ space: ' ', newline: '\n' });
  });

  it('resolves xsi:nil through its declared prefix', () => {
    expect(resourceOf(`<resource rel="x" href="/x" ${NS} xmlns:i="${XSI}"><property name="subject" i:nil="true"/></resource>`).properties).toEqual({ subject: null });
  });

  it('keeps element names that are JavaScript property names as written', () => {
    const resource = resourceOf('<data><constructor>1</constructor><__proto__>2</__proto__><toString>3</toString><hasOwnProperty>4</hasOwnProperty></data>');
    expect(Object.entries(resource.properties)).toEqual([
      ['constructor', '1'],
      ['__proto__', '2'],
      ['toString', '3'],
      ['hasOwnProperty', '4'],
    ]);
  });

  it('reads a long flat body', () => {
    const links = Array.from({ length: 50_000 }, (_, i) => `<link rel="l${i}" href="/y"/>`).join('');
    expect(Object.keys(resourceOf(`<resource rel="x" href="/x" ${NS}>${links}</resource>`).links)).toHaveLength(50_000);
  });
});

describe('decodeXml on malformed XML', () => {
  it('names each well-formedness error and the place it happens', () => {
    const cases: [string, string][] = [
      ['<a><b></a>', 'XML: closing tag </a> at line 1, column 7 does not match <b> opened at line 1, column 4'],
      ['\uFEFF<a>\r\n<b></a>', 'XML: closing tag </a> at line 2, column 4 does not match <b> opened at line 2, column 1'],
      ['\uFEFF<a><b></a>', 'XML: closing tag </a> at line 1, column 8 does not match <b> opened at line 1, column 5'],
      ['<a>\n<b>', 'XML: unclosed <b> at line 2, column 1 (the body ends before its </b>)'],
      ['<a>\n<b/>', 'XML: unclosed <a> at line 1, column 1 (the body ends before its </a>)'],
      ['<a x="1" x="2"/>', 'XML: attribute x repeated in <a> at line 1, column 10'],
      ['<a x=1/>', 'XML: value of attribute x of <a> is not quoted at line 1, column 4'],
      ['<a x="1/>', 'XML: unclosed value of attribute x of <a> at line 1, column 6 (no closing ")'],
      ['<a x="<"/>', 'XML: "<" inside the value of attribute x of <a> at line 1, column 7 (is a quote missing?)'],
      ['<a x="1"y="2"/>', 'XML: unclosed <a> at line 1, column 1: found "y" at line 1, column 9 where an attribute, ">" or "/>" was expected'],
      ['<a b/>', 'XML: attribute b of <a> has no value at line 1, column 4 (expected "=")'],
      ['<a>x & y</a>', 'XML: "&" that starts no entity reference at line 1, column 6 (write &amp; for a literal "&")'],
      ['<a x="x & y"/>', 'XML: "&" that starts no entity reference at line 1, column 9 (write &amp; for a literal "&")'],
      ['<a>&#0;</a>', 'XML: character reference &#0; at line 1, column 4 names a character XML does not allow'],
      ['<a>]]></a>', 'XML: "]]>" in text at line 1, column 4 (write ]]&gt;)'],
      ['<a/><b/>', 'XML: element after the root element </a> at line 1, column 5 (only one element may hold the document)'],
      ['<a/>tail', 'XML: text "tail" after the root element </a> at line 1, column 5 (only one element may hold the document)'],
      ['<a></a>tail', 'XML: text "tail" after the root element </a> at line 1, column 8 (only one element may hold the document)'],
      ['lead<a/>', 'XML: text "lead<a/>" before the root element at line 1, column 1 (only one element may hold the document)'],
      ['', 'XML: no root element (the body holds no XML element)'],
      ['</a>', 'XML: closing tag </a> at line 1, column 1 has no opening tag'],
      ['<a><!-- x -- y --></a>', 'XML: "--" inside the comment starting at line 1, column 4'],
      ['<a><!-- x', 'XML: unclosed comment starting at line 1, column 4'],
      ['<a><![CDATA[x', 'XML: unclosed CDATA section starting at line 1, column 4'],
      ['<![CDATA[x]]><a/>', 'XML: CDATA section outside the root element at line 1, column 1'],
      ['<a/><?xml version="1.0"?>', 'XML: XML declaration at line 1, column 5 is not at the very start of the body'],
      ['<?xml encoding="utf-8"?><a/>', 'XML: XML declaration at line 1, column 1 has no version="1.x"'],
      ['<a p:x="1"/>', 'XML: namespace prefix "p" of p:x is not declared (at line 1, column 4)'],
      ['<p:a/>', 'XML: namespace prefix "p" of p:a is not declared (at line 1, column 1)'],
      ['<a>\u0001</a>', 'XML: control character U+0001 is not allowed in XML at line 1, column 4'],
      ['<a><1/></a>', 'XML: expected a tag name after "<" at line 1, column 5 but found "1"'],
      ['<a>< b/></a>', 'XML: expected a tag name after "<" at line 1, column 5 but found " "'],
      ['<a><!ELEMENT a ANY></a>', 'XML: unexpected "<!" markup at line 1, column 4 (only comments and CDATA sections may start with "<!")'],
      ['<a></a', 'XML: closing tag </a> at line 1, column 4 is not closed with ">"'],
    ];
    for (const [text, problem] of cases) expect(problemOf(text), JSON.stringify(text)).toBe(problem);
  });

  it('gives the line and column of the problem with the sentence', () => {
    const result = decodeXml('<a>\n  <b x="1" x="2"/>\n</a>');
    expect(result.ok ? null : [result.line, result.column, result.offset]).toEqual([2, 12, 15]);
  });

  it('refuses DOCTYPE and ENTITY declarations before reading any entity', () => {
    const billionLaughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    expect(problemOf(billionLaughs)).toBe('XML: DOCTYPE declaration at line 1, column 22 refused: UCWA bodies never carry one, and entity expansion is not allowed');
    expect(problemOf('<a><!ENTITY x "y"></a>')).toMatch(/^XML: ENTITY declaration at line 1, column 4 refused/);
    expect(problemOf('<!doctype a><a/>')).toMatch(/^XML: DOCTYPE declaration at line 1, column 1 refused/);
    expect(problemOf('<a>&lol;</a>')).toBe('XML: undefined entity &lol; at line 1, column 4 (only &lt; &gt; &amp; &quot; &apos; and character references are read; DTD entities are refused)');
    expect(problemOf('<a x="&constructor;"/>')).toMatch(/^XML: undefined entity &constructor; at line 1, column 7/);
  });
});
