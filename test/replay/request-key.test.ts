import { describe, expect, it } from 'vitest';
import { differences, ignoreSet, requestKey, requestKeyAt, type BodyFieldMemo } from '../../replay/request-key.ts';

const options = { ignore: ignoreSet(['clientNonce']) };
const bytes = (text: string) => new TextEncoder().encode(text);

describe('request keys', () => {
  it('sort query parameters and leave out the values a client picks anew each run', () => {
    const a = requestKey('get', 'http://a/x/events?low=600&ack=3&operationId=1', new Uint8Array(), undefined, options);
    const b = requestKey('GET', '/x/events?ack=3&low=600&operationId=2', new Uint8Array(), undefined, options);
    expect(a.text).toBe(b.text);
    expect(a.query).toEqual([['ack', '3'], ['low', '600']]);
  });

  it('compare JSON bodies by meaning, not by key order or spacing, ignoring operationId and user-named fields', () => {
    const a = requestKey('POST', '/c/startMessaging', bytes('{"to":"sip:bob@contoso.com","subject":"Hi","operationId":"a1","clientNonce":"x"}'), 'application/json', options);
    const b = requestKey('POST', '/c/startMessaging', bytes('{ "subject" : "Hi", "operationId": "zz9", "to": "sip:bob@contoso.com" }'), 'application/json', options);
    expect(a.text).toBe(b.text);
    const c = requestKey('POST', '/c/startMessaging', bytes('{"to":"sip:carol@contoso.com","subject":"Hi"}'), 'application/json', options);
    expect(differences(c, a)).toEqual(['body field to: "sip:carol@contoso.com" (recorded "sip:bob@contoso.com")']);
  });

  it('read XML input and form bodies by field', () => {
    const xml = requestKey('POST', '/c/startMessaging', bytes('<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><property name="operationId">9</property><property name="to">sip:bob@contoso.com</property></input>'), 'application/xml', options);
    expect(xml.body).toEqual([['to', '"sip:bob@contoso.com"']]);
    const form1 = requestKey('POST', '/WebTicket/oauthtoken', bytes('grant_type=password&username=alice%40contoso.com&password=REDACTED-1'), 'application/x-www-form-urlencoded', options);
    const form2 = requestKey('POST', '/WebTicket/oauthtoken', bytes('username=alice%40contoso.com&grant_type=password&password=Passw0rd!'), 'application/x-www-form-urlencoded', options);
    expect(form1.text).toBe(form2.text);
  });

  it('say what differs: method, path, query parameter', () => {
    const live = requestKey('DELETE', '/a/conversations/2?x=1', new Uint8Array(), undefined, options);
    const recorded = requestKey('GET', '/a/conversations/1', new Uint8Array(), undefined, options);
    expect(differences(live, recorded)).toEqual(['method DELETE (recorded GET)', 'path /a/conversations/2 (recorded /a/conversations/1)', 'query parameter x: 1 (recorded (absent))']);
  });

  it('key a recording the same with a shared body memo as without: same bodies at other paths, and bodies that differ by one byte or by Content-Type', () => {
    const memo: BodyFieldMemo = new Map();
    const requests: [string, string, string, string | undefined][] = [
      ['POST', '/a/1/conversations/1/messaging/sendMessage', '{"message":"hi","operationId":"1"}', 'application/json'],
      ['POST', '/a/2/conversations/9/messaging/sendMessage', '{"message":"hi","operationId":"2"}', 'application/json'],
      ['POST', '/a/2/conversations/9/messaging/sendMessage', '{"message":"hj","operationId":"2"}', 'application/json'],
      ['POST', '/a/2/conversations/9/messaging/sendMessage', '{"message":"hj","operationId":"2"}', 'text/plain'],
      ['PUT', '/a/2/me/note', '{"message":"hj","operationId":"2"}', 'application/json'],
      ['POST', '/WebTicket/oauthtoken', 'grant_type=password&username=alice%40contoso.com', 'application/x-www-form-urlencoded'],
      ['POST', '/WebTicket/oauthtoken', 'grant_type=password&username=alice%40contoso.com', 'application/x-www-form-urlencoded'],
    ];
    for (const [method, path, body, contentType] of requests)
      expect(requestKeyAt(method, path, '', bytes(body), contentType, options, memo)).toEqual(requestKey(method, path, bytes(body), contentType, options));
    expect(memo.size).toBe(6);
  });
});
