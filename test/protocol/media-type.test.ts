import { describe, expect, it } from 'vitest';
import { parseMediaType } from '../../protocol/media-type.ts';
import { sniffFormat } from '../../protocol/sniff-format.ts';

function formatOf(header: string): string {
  const result = parseMediaType(header);
  return result.ok ? result.mediaType.format : result.problem;
}

describe('parseMediaType', () => {
  it('recognises the UCWA JSON and XML types and their misspellings, with any charset', () => {
    expect(formatOf('application/json')).toBe('json');
    expect(formatOf('application/vnd.microsoft.com.ucwa+json; charset=utf-8')).toBe('json');
    expect(formatOf('Application/XML;charset=UTF-8')).toBe('xml');
    expect(formatOf('application/vnd.microsoft.com.ucwa+xml')).toBe('xml');
    expect(formatOf('application/vnd.microsoft.ucwa+xml')).toBe('xml');
    expect(formatOf('text/xml')).toBe('xml');
  });

  it('recognises form, text, html and multipart bodies and keeps others opaque', () => {
    expect(formatOf('application/x-www-form-urlencoded;charset=UTF-8')).toBe('form');
    expect(formatOf('text/plain; charset=utf-8')).toBe('text-plain');
    expect(formatOf('text/html')).toBe('text-html');
    expect(formatOf('multipart/batching;boundary="EA370946"')).toBe('multipart-batching');
    expect(formatOf('image/jpeg')).toBe('opaque');
    expect(formatOf('application/sdp')).toBe('opaque');
  });

  it('reads parameters, unquoting the boundary', () => {
    const result = parseMediaType('multipart/batching; boundary="a;b"; charset=utf-8');
    expect(result.ok && [result.mediaType.boundary, result.mediaType.charset, result.mediaType.essence]).toEqual(['a;b', 'utf-8', 'multipart/batching']);
  });

  it("takes single quotes off a parameter as IIS does, so charset='utf-8' is utf-8", () => {
    const result = parseMediaType("application/x-www-form-urlencoded;charset='utf-8'");
    expect(result.ok && [result.mediaType.format, result.mediaType.charset]).toEqual(['form', 'utf-8']);
    const both = parseMediaType(`text/plain; charset="UTF-8"; note='it''s'`);
    expect(both.ok && both.mediaType.parameters).toEqual({ charset: 'UTF-8', note: "it''s" });
  });

  it('names a header that is not a media type', () => {
    expect(formatOf('json')).toBe('Content-Type "json" is not a media type (expected type/subtype, e.g. application/json)');
    expect(formatOf('')).toMatch(/is not a media type/);
  });
});

describe('sniffFormat', () => {
  it('tells the formats apart by their first characters', () => {
    expect(sniffFormat('\uFEFF  {"a":1}')).toBe('json');
    expect(sniffFormat('[1]')).toBe('json');
    expect(sniffFormat('<?xml version="1.0"?><resource/>')).toBe('xml');
    expect(sniffFormat('&lt;input&gt;')).toBe('xml');
    expect(sniffFormat('<!DOCTYPE html><html></html>')).toBe('html');
    expect(sniffFormat('<HTML><body>x</body></HTML>')).toBe('html');
    expect(sniffFormat('--EA370946\r\nContent-Type: application/http\r\n')).toBe('multipart');
    expect(sniffFormat('grant_type=password&username=a%40b&password=x')).toBe('form');
    expect(sniffFormat("What's up?")).toBe('text');
    expect(sniffFormat('a\u0000b')).toBe('binary');
  });
});
