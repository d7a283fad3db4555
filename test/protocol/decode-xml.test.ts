import { describe, expect, it } from 'vitest';
import { decodeXml } from '../../protocol/decode-xml.ts';
import { runDecoderCases } from './decoder.cases.ts';

runDecoderCases('XML', (c) => decodeXml(c.xml, c.context));

const NS = 'xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"';

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
