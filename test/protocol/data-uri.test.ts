import { describe, expect, it } from 'vitest';
import { decodeDataUri, encodeDataUri } from '../../protocol/data-uri.ts';

function text(uri: string): string {
  const result = decodeDataUri(uri);
  if (!result.ok) throw new Error(result.problem);
  return result.text;
}

describe('decodeDataUri', () => {
  it('decodes the URL-encoded form UCWA sends, with + for space and a CRLF', () => {
    expect(text('data:text/plain;charset=utf-8,Hi+Tosh%0d%0a')).toBe('Hi Tosh\r\n');
  });

  it('decodes base64 with the charset spelled utf8 or missing', () => {
    const b64 = btoa('<b>Hello</b>');
    expect(text(`data:text/html;charset=utf8;base64,${b64}`)).toBe('<b>Hello</b>');
    expect(text(`data:text/html;base64,${b64}`)).toBe('<b>Hello</b>');
    const result = decodeDataUri(`data:text/html;base64,${b64}`);
    expect(result.ok && result.mediaType).toBe('text/html');
    expect(result.ok && result.charset).toBeNull();
  });

  it('keeps multi-byte UTF-8 and characters outside the BMP', () => {
    expect(text('data:text/plain;charset=utf-8,caf%C3%A9+%F0%9F%98%80')).toBe('café 😀');
    expect(text('data:text/plain;charset=utf-8,😀é')).toBe('😀é');
  });

  it('decodes other charsets by their label', () => {
    expect(text('data:text/plain;charset=iso-8859-1,caf%E9')).toBe('café');
  });

  it('decodes a long unescaped run without overflowing the call stack', () => {
    expect(text(`data:text/plain,${'a'.repeat(1_000_000)}`)).toHaveLength(1_000_000);
  });

  it('round-trips what encodeDataUri writes', () => {
    const message = 'What\'s up? 100% + more & <tags>\r\n';
    expect(text(encodeDataUri(message))).toBe(message);
    expect(text(encodeDataUri('<p>hi</p>', 'text/html'))).toBe('<p>hi</p>');
  });

  it('names the problem in malformed URIs instead of guessing', () => {
    const cases: [string, RegExp][] = [
      ['https://example.com/x', /not a data: URI/],
      ['data : text/plain;base64,abcd', /white space around "data:"/],
      ['data:text/plain;charset=utf-8', /no ","/],
      ['data:text/plain,100%', /bad percent escape "%"/],
      ['data:text/plain,%zz', /bad percent escape "%zz"/],
      ['data:text/plain;base64,not*base64', /not base64/],
      ['data:text/plain;charset=klingon,x', /charset "klingon"/],
      ['data:text/plain;charset=utf-8,%FF%FE', /not valid utf-8/],
    ];
    for (const [uri, problem] of cases) {
      const result = decodeDataUri(uri);
      expect(result.ok, uri).toBe(false);
      if (!result.ok) expect(result.problem).toMatch(problem);
    }
  });
});
