import { describe, expect, it } from 'vitest';
import { decodeJson } from '../../protocol/decode-json.ts';
import { runDecoderCases } from './decoder.cases.ts';

runDecoderCases('JSON', (c) => decodeJson(c.json, c.context));

function problemOf(text: string): string {
  const result = decodeJson(text);
  if (result.ok) throw new Error('expected a problem');
  return result.problem;
}

describe('decodeJson on bad input', () => {
  it('names the expected token with offset, line and column', () => {
    const text = '{\n  "rel": "conversation",\n  "state": "Connected"\n  "subject": "x"\n}';
    expect(problemOf(text)).toBe(`JSON: expected ',' or '}' after a property value, found '"' at offset 52 (line 4, column 3)`);
    const result = decodeJson(text);
    expect(result.ok ? null : [result.offset, result.line, result.column]).toEqual([52, 4, 3]);
  });

  it('points at trailing commas, single quotes, raw line breaks and truncation', () => {
    expect(problemOf('{"a":1,}')).toMatch(/a property name in double quotes, found "}" \(a trailing comma\?\) at offset 7/);
    expect(problemOf("{'a':1}")).toMatch(/single quotes are not JSON/);
    expect(problemOf('{"a":"x\ny"}')).toMatch(/raw control character U\+000A .* at offset 7 \(line 1, column 8\)/);
    expect(problemOf('{"rel":"conversation","_links":{"self":{"href":"/x"')).toMatch(/expected ',' or '}' after a property value, found the end of the body at offset 51/);
    expect(problemOf('{"a":01}')).toMatch(/a well-formed number, found "01"/);
    expect(problemOf('{"a":1} {"b":2}')).toMatch(/the end of the body after the JSON value, found "\{" at offset 8/);
  });

  it('names the docs\' HTML escaping and says what un-escaping would leave', () => {
    expect(problemOf('{\n  &quot;location&quot; : &quot;Bythebeach...&quot;\n}')).toBe(
      `JSON: the body is HTML-escaped: "&quot;" at offset 4 (line 2, column 3) stands where '"' belongs (the UCWA docs print request bodies this way; un-escaped, it is valid JSON). Un-escape &quot; &lt; &gt; &amp; to read it`,
    );
    expect(problemOf('{ &quot;href&quot; : &quot;data : text/plain,\n a&quot; }')).toMatch(/even un-escaped it is not JSON: expected the string to continue, found raw control character U\+000A.*spaces the docs inserted, e.g. "data : text\/plain,/s);
  });

  it('does not blame HTML escaping for an unrelated error in a body that mentions &quot;', () => {
    expect(problemOf('{"text":"say &quot;hi&quot;" "b":1}')).toBe(`JSON: expected ',' or '}' after a property value, found '"' at offset 29 (line 1, column 30)`);
  });

  it('refuses a top level that is not an object, and broken shapes, by name and path', () => {
    expect(problemOf('[1,2]')).toBe('not a UCWA body: the JSON top level is an array, expected an object');
    expect(problemOf('{"_links":"x"}')).toBe('JSON: $._links is a string, expected an object of links by rel');
    expect(problemOf('{"_embedded":{"from":[{"rel":"participant"},3]}}')).toBe('JSON: $._embedded.from[1] is a number, expected an embedded resource object');
    expect(problemOf('{"sender":[{"rel":"x","href":"y","events":{}}]}')).toBe('JSON: $.sender[0].events is an object, expected an array of events');
    expect(problemOf('{"sender":[{"rel":"x","href":"y","events":[{"type":"added"}]}]}')).toBe('JSON: $.sender[0].events[0].link is missing, expected the link of the resource the event is about');
  });

  it('refuses pathological nesting without overflowing the stack', () => {
    const deepArray = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(problemOf(deepArray)).toBe(`JSON: values nest deeper than 64 levels at $.a${'[0]'.repeat(32)}[…(192 characters)`);
    let deepEmbedded = '{"rel":"x"}';
    for (let i = 0; i < 200; i++) deepEmbedded = `{"_embedded":{"child":${deepEmbedded}}}`;
    expect(problemOf(deepEmbedded)).toMatch(/^JSON: embedded resources nest deeper than 64 levels/);
    expect(problemOf('['.repeat(200_000))).toMatch(/found the end of the body at offset 200000/);
  });
});

describe('decodeJson keeps what it does not know', () => {
  it('turns nested objects into records and keeps link fields it does not know', () => {
    const result = decodeJson('{"rel":"x","metadata":{"a":1,"b":{"c":"/Date(0)/"}},"_links":{"self":{"href":"/x"},"y":{"href":"/y","rel":"other","weight":2}}}');
    if (!result.ok) throw new Error(result.problem);
    const resource = result.body.kind === 'resource' ? result.body.resource : null;
    expect(resource?.properties['metadata']).toEqual({ kind: 'record', fields: { a: 1, b: { kind: 'record', fields: { c: { kind: 'date', epochMs: 0, text: '/Date(0)/' } } } } });
    expect(resource?.links['y']).toEqual([{ rel: 'y', href: '/y', extra: { rel: 'other', weight: '2' } }]);
  });

  it('keeps a property named __proto__ as data', () => {
    const result = decodeJson('{"rel":"x","__proto__":{"polluted":true},"constructor":"c"}');
    if (!result.ok) throw new Error(result.problem);
    const resource = result.body.kind === 'resource' ? result.body.resource : null;
    expect(Object.keys(resource?.properties ?? {})).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('warns about a link without an href instead of dropping it', () => {
    const result = decodeJson('{"rel":"x","_links":{"self":{"href":"/x"},"odd":{"title":"T"}}}');
    expect(result.ok && result.warnings).toEqual(['link at $._links.odd has no string href; kept with an empty one']);
  });
});

describe('decodeJson chooses the body kind', () => {
  it('reads error bodies, OAuth tokens and OAuth errors on responses', () => {
    const error = decodeJson('{"code":"Conflict","subcode":"PGetReplaced","message":"Replaced."}', { direction: 'response', status: 409, url: '/x/events?ack=3' });
    expect(error.ok && error.body).toEqual({ kind: 'error', error: { code: 'Conflict', subcode: 'PGetReplaced', message: 'Replaced.' } });
    const token = decodeJson('{"access_token":"cwt=AAEB","expires_in":28799,"ms_rtc_identityscope":"local","token_type":"Bearer"}', { direction: 'response', status: 200 });
    expect(token.ok && token.body).toEqual({
      kind: 'token',
      token: { accessToken: 'cwt=AAEB', tokenType: 'Bearer', expiresInSeconds: 28799, fields: { access_token: 'cwt=AAEB', expires_in: 28799, ms_rtc_identityscope: 'local', token_type: 'Bearer' } },
    });
    const oauth = decodeJson('{"error":"invalid_grant","error_description":"Bad password","ms_rtc_passiveauthuri":"https://x"}', { direction: 'response', status: 400 });
    expect(oauth.ok && oauth.body).toEqual({
      kind: 'oauth-error',
      error: 'invalid_grant',
      description: 'Bad password',
      fields: { error: 'invalid_grant', error_description: 'Bad password', ms_rtc_passiveauthuri: 'https://x' },
    });
  });

  it('reads an empty event batch when the URL is the event channel', () => {
    const result = decodeJson('{"_links":{"self":{"href":"/a/events?ack=4"},"next":{"href":"/a/events?ack=5"}}}', { direction: 'response', status: 200, url: 'https://h/a/events?ack=4&timeout=180' });
    expect(result.ok && result.body.kind).toBe('events');
    const elsewhere = decodeJson('{"_links":{"self":{"href":"/a/me"}}}', { direction: 'response', status: 200, url: 'https://h/a/me' });
    expect(elsewhere.ok && elsewhere.body.kind).toBe('resource');
  });

  it('reads request bodies as inputs, even when they carry a code field', () => {
    const result = decodeJson('{"code":"1234"}', { direction: 'request', method: 'POST' });
    expect(result.ok && result.body.kind === 'resource' && result.body.resource.root).toBe('input');
  });
});
