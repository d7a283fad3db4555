import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../protocol/decode-body.ts';
import type { DecodeResult, DecodedBody } from '../../protocol/decoded-body.ts';
import { MAX_DECODE_BYTES } from '../../protocol/text/body-text.ts';
import { MAX_XML_DECODE_CHARS, MAX_XML_ELEMENTS } from '../../protocol/xml/xml-limits.ts';

const NS = 'xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"';
const conversationJson = '{"rel":"conversation","state":"Connected","_links":{"self":{"href":"/c/1"}}}';
const conversationXml = `<resource rel="conversation" href="/c/1" ${NS}><property name="state">Connected</property></resource>`;

function ok(result: DecodeResult): { body: DecodedBody; warnings: readonly string[]; format: string } {
  if (!result.ok) throw new Error(result.problem);
  return result;
}

describe('decodeBody chooses a decoder', () => {
  it('by Content-Type, whatever the UCWA spelling and charset', () => {
    for (const contentType of ['application/json', 'application/vnd.microsoft.com.ucwa+json; charset=utf-8', 'application/vnd.microsoft.ucwa+json'])
      expect(ok(decodeBody(conversationJson, { direction: 'response', contentType })).format, contentType).toBe('json');
    for (const contentType of ['application/xml;charset=utf-8', 'application/vnd.microsoft.com.ucwa+xml', 'application/vnd.microsoft.ucwa+xml'])
      expect(ok(decodeBody(conversationXml, { direction: 'response', contentType })).format, contentType).toBe('xml');
  });

  it('by sniffing when the type is missing, and says so', () => {
    const json = ok(decodeBody(new TextEncoder().encode(conversationJson), { direction: 'response' }));
    expect([json.format, json.warnings]).toEqual(['json', ['no Content-Type; the body reads as JSON by its first characters']]);
    const xml = ok(decodeBody(conversationXml, { direction: 'response', contentType: '' }));
    expect(xml.format).toBe('xml');
  });

  it('by sniffing when the type contradicts the body, and says so', () => {
    const result = ok(decodeBody(conversationXml, { direction: 'response', contentType: 'application/json' }));
    expect(result.format).toBe('xml');
    expect(result.warnings).toEqual(['Content-Type says application/json, but the body starts like XML; read as XML']);
  });

  it('keeps a malformed Content-Type in a warning and sniffs instead', () => {
    const result = ok(decodeBody(conversationJson, { direction: 'response', contentType: 'json' }));
    expect(result.warnings[0]).toBe('Content-Type "json" is not a media type (expected type/subtype, e.g. application/json); the body is read by its first characters instead');
  });

  it('says an HTML error page is not a UCWA body', () => {
    const result = decodeBody('<!DOCTYPE html><html><body>Service Unavailable</body></html>', { direction: 'response', status: 503, contentType: 'application/json' });
    expect(result.ok ? null : result.problem).toBe('not a UCWA body: root element <html> (an HTML page, though Content-Type says application/json)');
  });

  it('reads event batches by their root or by the events URL', () => {
    const xml = ok(decodeBody(`<events href="/a/events?ack=2" ${NS}><link rel="next" href="/a/events?ack=3"/></events>`, { direction: 'response', contentType: 'application/xml' }));
    expect(xml.body.kind).toBe('events');
    const empty = ok(decodeBody('{"_links":{"self":{"href":"/a/events?ack=2"},"next":{"href":"/a/events?ack=3"}}}', { direction: 'response', status: 200, contentType: 'application/json', url: 'https://h/a/events?ack=2' }));
    expect(empty.body.kind === 'events' && empty.body.batch.next?.ack).toBe(3);
  });
});

describe('decodeBody on bodies that are not resources', () => {
  it('reads empty bodies as empty', () => {
    expect(ok(decodeBody(new Uint8Array(0), { direction: 'response', status: 204 })).body).toEqual({ kind: 'empty' });
    expect(ok(decodeBody('', { direction: 'request', method: 'POST', contentType: 'application/json' })).body).toEqual({ kind: 'empty' });
  });

  it('warns about a body on a 204', () => {
    expect(ok(decodeBody('{}', { direction: 'response', status: 204, contentType: 'application/json' })).warnings[0]).toBe('a 204 response should have no body, but this one has 2 bytes');
  });

  it('keeps images and SDP opaque with their size', () => {
    expect(ok(decodeBody(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), { direction: 'response', contentType: 'image/jpeg' })).body).toEqual({ kind: 'opaque', mediaType: 'image/jpeg', sizeBytes: 4 });
    expect(ok(decodeBody('v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\n', { direction: 'request', contentType: 'application/sdp' })).body).toMatchObject({ kind: 'opaque', mediaType: 'application/sdp' });
    expect(ok(decodeBody(new Uint8Array([0, 1, 2, 0xff]), { direction: 'response' })).body).toEqual({ kind: 'opaque', mediaType: 'application/octet-stream', sizeBytes: 4 });
  });

  it('reads IM text POSTed to sendMessage in its charset', () => {
    expect(ok(decodeBody("What's up?", { direction: 'request', method: 'POST', contentType: 'text/plain' })).body).toEqual({ kind: 'message-text', mediaType: 'text/plain', text: "What's up?" });
    expect(ok(decodeBody(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), { direction: 'request', contentType: 'text/plain; charset=iso-8859-1' })).body).toMatchObject({ text: 'café' });
    expect(ok(decodeBody('<b>Hi</b>', { direction: 'request', contentType: 'text/html; charset=utf-8' })).body).toEqual({ kind: 'message-text', mediaType: 'text/html', text: '<b>Hi</b>' });
  });

  it('reads token requests and responses', () => {
    const form = ok(decodeBody('grant_type=password&username=toshio%40contoso.com&password=p%2Bw+d&scope=a&scope=b', { direction: 'request', method: 'POST', contentType: 'application/x-www-form-urlencoded;charset=UTF-8' }));
    expect(form.body).toEqual({ kind: 'form', fields: [['grant_type', 'password'], ['username', 'toshio@contoso.com'], ['password', 'p+w d'], ['scope', 'a'], ['scope', 'b']] });
    const token = ok(decodeBody('{"access_token":"cwt=AAEB","expires_in":28799,"token_type":"Bearer"}', { direction: 'response', status: 200, contentType: 'application/json' }));
    expect(token.body.kind === 'token' && token.body.token.expiresInSeconds).toBe(28799);
  });

  it('names invalid UTF-8 by its byte', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"a":"'), 0xc3, 0x28, 0x22, 0x7d]);
    const result = decodeBody(bytes, { direction: 'response', contentType: 'application/json' });
    expect(result.ok ? null : [result.problem, result.offset]).toEqual(['the body is not valid UTF-8: bad byte 0xc3 at byte 6', 6]);
  });

  it('warns about data: links that do not decode, and keeps them', () => {
    const result = ok(decodeBody('{"rel":"message","_links":{"self":{"href":"/m"},"plainMessage":{"href":"data:text/plain,100%"},"htmlMessage":{"href":"data:text/html;base64,PGI+SGk8L2I+"}}}', { direction: 'response', contentType: 'application/json' }));
    expect(result.warnings).toEqual(['link plainMessage of message: data: URI has a bad percent escape "%"']);
    expect(result.body.kind === 'resource' && result.body.resource.links['plainMessage']?.[0]?.href).toBe('data:text/plain,100%');
  });
});

describe('decodeBody limits', () => {
  it('refuses a body over 50 MB with a size message', () => {
    const result = decodeBody(new Uint8Array(MAX_DECODE_BYTES + 1), { direction: 'response', contentType: 'application/json' });
    expect(result.ok ? null : [result.format, result.problem]).toEqual(['json', 'body is 50.0 MB, over the 50 MB decoding limit; it is kept as raw bytes but not decoded']);
  });

  it('decodes JSON and XML bodies just under their limits', { timeout: 60_000 }, () => {
    const filler = 'x'.repeat(MAX_DECODE_BYTES - 200);
    const json = ok(decodeBody(`{"rel":"note","message":"${filler}","_links":{"self":{"href":"/n"}}}`, { direction: 'response', contentType: 'application/json' }));
    expect(json.body.kind === 'resource' && (json.body.resource.properties['message'] as string).length).toBe(filler.length);
    const text = 'x'.repeat(MAX_XML_DECODE_CHARS - 200);
    const xml = ok(decodeBody(`<resource rel="note" href="/n" ${NS}><property name="message">${text}</property></resource>`, { direction: 'response', contentType: 'application/xml' }));
    expect(xml.body.kind === 'resource' && (xml.body.resource.properties['message'] as string).length).toBe(text.length);
  });

  it('refuses XML over its own size limit, lower than JSON\'s, before parsing it', () => {
    const text = 'x'.repeat(MAX_XML_DECODE_CHARS);
    const result = decodeBody(`<resource rel="note" href="/n" ${NS}><property name="message">${text}</property></resource>`, { direction: 'response', contentType: 'application/xml' });
    expect(result.ok ? null : [result.format, result.problem]).toEqual([
      'xml',
      'XML: body is 10.0 MB, over the 10 MB decoding limit for XML bodies (XML costs the decoder far more memory than JSON); it is kept as raw bytes but not decoded',
    ]);
  });

  it('refuses XML with more elements than the limit, naming the count; markup in comments and CDATA is not counted', () => {
    const properties = (n: number) => '<property name="n">1</property>'.repeat(n);
    const over = decodeBody(`<resource rel="x" href="/x" ${NS}>${properties(MAX_XML_ELEMENTS)}</resource>`, { direction: 'response', contentType: 'application/xml' });
    expect(over.ok ? null : over.problem).toBe(`XML: body has 200,001 elements, over the 200,000-element decoding limit for XML bodies; it is kept as raw bytes but not decoded`);
    const quoted = `<!-- ${'<a/>'.repeat(10)} --><![CDATA[${'<b>'.repeat(10)}]]><?pi <c/> ?>`;
    const at = ok(decodeBody(`<resource rel="x" href="/x" ${NS}>${quoted}${properties(MAX_XML_ELEMENTS - 1)}</resource>`, { direction: 'response', contentType: 'application/xml' }));
    expect(at.body.kind).toBe('resource');
  });

  it('decodes a collection of 20,000 embedded resources in both formats', () => {
    const count = 20_000;
    const contacts = Array.from({ length: count }, (_, i) => ({ rel: 'contact', name: `Contact ${i}`, uri: `sip:c${i}@contoso.com`, _links: { self: { href: `/people/c${i}` } } }));
    const json = ok(decodeBody(JSON.stringify({ rel: 'myContacts', _links: { self: { href: '/people/contacts' } }, _embedded: { contact: contacts } }), { direction: 'response', contentType: 'application/json' }));
    expect(json.body.kind === 'resource' && json.body.resource.embedded['contact']?.length).toBe(count);
    const items = contacts.map((c) => `<resource rel="contact" href="${c._links.self.href}"><property name="name">${c.name}</property><property name="uri">${c.uri}</property></resource>`).join('');
    const xml = ok(decodeBody(`<resource rel="myContacts" href="/people/contacts" ${NS}>${items}</resource>`, { direction: 'response', contentType: 'application/xml' }));
    expect(xml.body.kind === 'resource' && xml.body.resource.embedded['contact']?.length).toBe(count);
  });

  it('stays linear on hostile shapes: many attributes, namespace declarations and warnings', () => {
    const attributes = Array.from({ length: 100_000 }, (_, i) => ` a${i}="v"`).join('');
    const wide = ok(decodeBody(`<resource rel="x" href="/x"${attributes} ${NS}/>`, { direction: 'response', contentType: 'application/xml' }));
    expect(wide.body.kind === 'resource' && Object.keys(wide.body.resource.links['self']?.[0]?.extra ?? {}).length).toBe(100_000);
    const repeated = decodeBody(`<resource rel="x" href="/x"${attributes} a5="again" ${NS}/>`, { direction: 'response', contentType: 'application/xml' });
    expect(repeated.ok ? null : repeated.problem).toMatch(/^XML: attribute a5 repeated in <resource> at line 1, column \d+$/);

    const declarations = Array.from({ length: 50_000 }, (_, i) => ` xmlns:p${i}="urn:p${i}"`).join('');
    const children = Array.from({ length: 50_000 }, (_, i) => `<property name="n${i}" xmlns:q${i}="urn:q${i}">v</property>`).join('');
    const scoped = ok(decodeBody(`<resource rel="x" href="/x" ${NS}${declarations}>${children}</resource>`, { direction: 'response', contentType: 'application/xml' }));
    expect(scoped.body.kind === 'resource' && Object.keys(scoped.body.resource.properties).length).toBe(50_000);

    const strange = ok(decodeBody(`<resource rel="x" href="/x" ${NS}>${'\n<odd/>'.repeat(90_000)}${'\n<link rel="r"/>'.repeat(90_000)}</resource>`, { direction: 'response', contentType: 'application/xml' }));
    expect(strange.body.kind === 'resource' && (strange.body.resource.properties['odd'] as unknown[]).length).toBe(90_000);
    expect(strange.body.kind === 'resource' && strange.body.resource.links['r']?.length).toBe(90_000);
    expect(strange.warnings).toHaveLength(101);
    expect(strange.warnings[0]).toBe('<link> at line 90002, column 1 has no href; kept with an empty one');
    expect(strange.warnings[100]).toBe('…and 89901 more warnings like these');
  });

  it('keeps problem sentences short when the body quotes a huge name', () => {
    const name = 'n'.repeat(1_000_000);
    const result = decodeBody(`<resource ${NS}><${name}>`, { direction: 'response', contentType: 'application/xml' });
    expect(result.ok ? null : result.problem).toBe(`XML: unclosed <${'n'.repeat(100)}…(1000000 characters)> at line 1, column 65 (the body ends before its </${'n'.repeat(100)}…(1000000 characters)>)`);
  });

  it('checks a long data: link without overflowing the stack', () => {
    const text = 'a'.repeat(2_000_000);
    const result = ok(decodeBody(`{"rel":"message","_links":{"self":{"href":"/m"},"plainMessage":{"href":"data:text/plain,${text}"}}}`, { direction: 'response', contentType: 'application/json' }));
    expect(result.warnings).toEqual([]);
  });

  it('never throws on mangled bodies', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const sources = [conversationJson, conversationXml, `<events href="/e?ack=1" ${NS}><sender rel="c" href="/c"><added rel="p" href="/p"><status>x</status></added></sender></events>`];
    let problems = 0;
    for (let round = 0; round < 600; round++) {
      const chars = [...(sources[round % sources.length] as string)];
      for (let edits = 1 + random(4); edits > 0; edits--) {
        const at = random(chars.length);
        if (random(2)) chars.splice(at, 1);
        else chars.splice(at, 0, '<>&"{}[],:/ \n'.charAt(random(13)));
      }
      const result = decodeBody(chars.join(''), { direction: 'response', contentType: round % 2 ? 'application/json' : 'application/xml' });
      if (!result.ok) {
        problems++;
        expect(result.problem).not.toMatch(/decoder failed unexpectedly/);
        expect(result.problem.length).toBeGreaterThan(10);
      }
    }
    expect(problems).toBeGreaterThan(100);
  });
});
