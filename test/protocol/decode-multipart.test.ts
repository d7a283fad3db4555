import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../protocol/decode-body.ts';
import type { BatchPart, DecodeResult } from '../../protocol/decoded-body.ts';
import { ucwaCorpusDir } from '../support/corpus-path.ts';

const samples = join(ucwaCorpusDir, 'samples');
const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(join(samples, name)));

function partsOf(result: DecodeResult): readonly BatchPart[] {
  if (!result.ok) throw new Error(result.problem);
  if (result.body.kind !== 'batch') throw new Error(`expected a batch, got ${result.body.kind}`);
  return result.body.parts;
}

const CRLF_BATCH = [
  '--b1',
  'Content-Type: application/http; msgtype=request',
  '',
  'POST /ucwa/oauth/v1/applications/103/me/makeMeAvailable HTTP/1.1',
  'Content-Type: application/json',
  '',
  '{"SupportedModalities":["Messaging"]}',
  '--b1',
  'Content-Type: application/http; msgtype=response',
  '',
  'HTTP/1.1 409 Conflict',
  'Content-Type: application/json',
  '',
  '{"code":"Conflict","subcode":"AlreadyExists"}',
  '--b1',
  'Content-Type: application/http; msgtype=response',
  '',
  'HTTP/1.1 200 OK',
  'Content-Type: application/json',
  '',
  '{"rel":"policies"',
  '--b1--',
  '',
].join('\r\n');

describe('multipart/batching bodies', () => {
  it('decode the XML batch samples part by part', () => {
    const request = partsOf(decodeBody(sample('batch.post.request.xml-section.multipart.txt'), { direction: 'request', method: 'POST', contentType: 'multipart/batching;boundary="EA370946"' }));
    expect(request.map((p) => [p.kind, p.method, p.target, p.body.ok && p.body.body.kind])).toEqual([
      ['request', 'GET', '/ucwa/v1/applications/11540713861/policies', 'empty'],
      ['request', 'GET', '/ucwa/v1/applications/11540713861/me/phones', 'empty'],
    ]);
    const response = partsOf(decodeBody(sample('batch.post.response.xml-section.multipart.txt'), { direction: 'response', status: 200, contentType: 'multipart/batching; boundary="0cac9abd"' }));
    expect(response.map((p) => [p.kind, p.status, p.statusText])).toEqual([
      ['response', 200, 'OK'],
      ['response', 200, 'OK'],
    ]);
    const phones = response[1]?.body;
    expect(phones?.ok && phones.body.kind === 'resource' && phones.body.resource.embedded['phone']?.map((p) => [p.rel, p.properties['type'], p.properties['number']])).toEqual([
      ['phone', 'work', 'tel:+14255554321;ext=54321'],
      ['phone', 'mobile', '4255551212'],
      ['phone', 'home', ''],
      ['phone', 'other', ''],
    ]);
  });

  it('names the docs\' <BR> rendering of the JSON batch samples', () => {
    const result = decodeBody(sample('batch.post.response.json-section.multipart.txt'), { direction: 'response', contentType: 'multipart/batching; boundary="0cac9abd"' });
    expect(result.ok ? null : result.problem).toBe('multipart: lines are separated by "<BR>" tags, not line breaks (how the UCWA docs render batch bodies); replace each <BR> with CRLF to read it');
  });

  it('reads the JSON batch sample once <BR> is a line break, warning about each artefact', () => {
    const repaired = new TextDecoder().decode(sample('batch.post.response.json-section.multipart.txt')).replaceAll('<BR>', '\r\n');
    const result = decodeBody(repaired, { direction: 'response', contentType: 'multipart/batching; boundary="0cac9abd"' });
    const parts = partsOf(result);
    expect(parts.map((p) => [p.status, p.body.ok && p.body.body.kind === 'resource' && p.body.body.resource.rel])).toEqual([
      [200, 'policies'],
      [200, 'phones'],
    ]);
    expect(result.ok && result.warnings).toEqual(
      expect.arrayContaining([
        'multipart: part 1 header "Content-Type :" has white space before the colon (a documentation artefact); read as Content-Type',
        'multipart: part 1: status line "HTTP/1.1200OK" has no spaces (a documentation artefact); read as HTTP/1.1 200 OK',
        'multipart: part 2 inner header "Cache-Control :" has white space before the colon (a documentation artefact); read as Cache-Control',
      ]),
    );
    const request = new TextDecoder().decode(sample('batch.post.request.json-section.multipart.txt')).replaceAll('<BR>', '\r\n');
    const requestResult = decodeBody(request, { direction: 'request', contentType: 'multipart/batching;boundary="EA370946"' });
    expect(partsOf(requestResult).map((p) => [p.method, p.target])).toEqual([
      ['GET', '/ucwa/v1/applications/11540713861/policies'],
      ['GET', '/ucwa/v1/applications/11540713861/me/phones'],
    ]);
    expect(requestResult.ok && requestResult.warnings).toContain(
      'multipart: part 1: request line "GET/ucwa/v1/applications/11540713861/policiesHTTP/1.1" has no spaces (a documentation artefact); read as GET /ucwa/v1/applications/11540713861/policies HTTP/1.1',
    );
  });

  it('decodes each inner body in its own context, keeping a bad one without failing the batch', () => {
    const result = decodeBody(CRLF_BATCH, { direction: 'response', contentType: 'multipart/batching; boundary=b1' });
    const [input, conflict, broken] = partsOf(result);
    expect(input?.body.ok && input.body.body.kind === 'resource' && input.body.body.resource.root).toBe('input');
    expect(conflict?.body.ok && conflict.body.body).toEqual({ kind: 'error', error: { code: 'Conflict', subcode: 'AlreadyExists' } });
    const brokenBody = broken?.body;
    expect(brokenBody && !brokenBody.ok ? brokenBody.problem : null).toMatch(/^JSON: expected ',' or '}' after a property value, found the end of the body/);
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('warns about a missing closing boundary and reads the last part to the end', () => {
    const unclosed = CRLF_BATCH.replace('\r\n--b1--\r\n', '\r\n');
    const result = decodeBody(unclosed, { direction: 'response', contentType: 'multipart/batching; boundary=b1' });
    expect(partsOf(result)).toHaveLength(3);
    expect(result.ok && result.warnings).toEqual(['multipart: no closing "--b1--" line (the body may be truncated); the last part runs to the end of the body']);
  });

  it('takes the boundary from the first line when the Content-Type has none', () => {
    const result = decodeBody(CRLF_BATCH, { direction: 'response', contentType: 'multipart/batching' });
    expect(partsOf(result)).toHaveLength(3);
    expect(result.ok && result.warnings[0]).toBe('multipart: no boundary parameter in the Content-Type; used "b1" from the first line');
  });

  it('names parts that hold no HTTP message and boundaries that never appear', () => {
    const garbled = CRLF_BATCH.replace('HTTP/1.1 409 Conflict', 'hello there');
    expect(decodeBody(garbled, { direction: 'response', contentType: 'multipart/batching; boundary=b1' })).toMatchObject({
      ok: false,
      problem: 'multipart: part 2: "hello there" is neither an HTTP request line (GET /path HTTP/1.1) nor a status line (HTTP/1.1 200 OK)',
    });
    expect(decodeBody(CRLF_BATCH, { direction: 'response', contentType: 'multipart/batching; boundary=zz' })).toMatchObject({
      ok: false,
      problem: 'multipart: no "--zz" boundary line found (boundary "zz" from the Content-Type)',
    });
  });
});
